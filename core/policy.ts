/**
 * Who may do what, in tables: which fields of a task each role may change and which statuses
 * it may set (the merge asks), what each kind of actor may do in the county and a ledger (the
 * routes ask), what each role may do on a task (the use cases ask), and whose reports on a task
 * it may read. Nothing else decides it.
 */
import { FIELDS, FOLLOW_UP_FIELDS, HEADER, type Field } from './fields.ts';
import { isStatus, STATUSES, type Status } from './status.ts';

/** Who submits: the office (one of its staff, when signed in by name), one unit, or the plan's import. */
export type Actor = { kind: 'office'; person?: string } | { kind: 'unit'; unit: string } | { kind: 'import' };

/** The office's name in the change log and in conflicts. */
export const OFFICE = '办公室';
/** The import's name in the change log. */
export const IMPORTER = '导入';

export const actorName = (actor: Actor) =>
  actor.kind === 'office'
    ? actor.person
      ? `${OFFICE}·${actor.person}`
      : OFFICE
    : actor.kind === 'import'
      ? IMPORTER
      : actor.unit;

/** The units on a task, canonical names, groups expanded. */
export interface TaskUnits {
  leadUnits: string[];
  units: string[];
}

export type Role = 'office' | 'lead' | 'responsible' | 'none';

export function roleOn(task: TaskUnits, actor: Actor): Role {
  if (actor.kind !== 'unit') return 'office';
  if (task.leadUnits.includes(actor.unit)) return 'lead';
  if (task.units.includes(actor.unit)) return 'responsible';
  return 'none';
}

const UNIT_STATUSES: readonly Status[] = STATUSES.filter((s) => s !== '已销号');

/** The table: fields each role may write, and statuses it may set. */
export const POLICY: Record<Role, { fields: readonly Field[]; statuses: readonly Status[] }> = {
  office: { fields: FIELDS, statuses: STATUSES },
  lead: { fields: FOLLOW_UP_FIELDS, statuses: UNIT_STATUSES },
  responsible: { fields: FOLLOW_UP_FIELDS, statuses: UNIT_STATUSES },
  none: { fields: [], statuses: [] },
};

/**
 * What each kind of actor may do across the county and in a ledger, apart from writing cells and
 * acting on one task: the routes ask `permits`, and nothing else decides it.
 */
export const ACTIONS = {
  /** The county's ledgers (a unit sees those it has tasks in) and its roster. */
  readLedgers: ['office', 'unit'],
  readRoster: ['office', 'unit'],
  editRoster: ['office'],
  createLedger: ['office'],
  /** The county's settings (retention of removed evidence). */
  editSettings: ['office'],
  /** Sign-in links and office accounts. */
  manageAccess: ['office'],
  /** Opening and closing the monthly round. */
  runRounds: ['office'],
  /** A ledger's tasks (a unit sees its own) and submitting to it. */
  readTasks: ['office', 'unit'],
  submit: ['office', 'unit'],
  /** Every unit's state in the round, the consolidated workbook, the round's report and 月度对比. */
  readUnitStates: ['office'],
  readMaster: ['office'],
  /** 催报: who owes, the messages, the group bot. */
  chase: ['office'],
  /** Conflicts, and settling them. */
  settleConflicts: ['office'],
  /** Any unit's sheet; a unit fetches only its own. */
  fetchAnySheet: ['office'],
  /** A unit's words phoned in, entered by the office on its behalf (办公室代填), attributed so. */
  enterForUnit: ['office'],
  /** Every evidence file of a task or a round, as one archive. */
  archiveEvidence: ['office'],
  /** 预警: a unit sees those on its own tasks; the office sends the day's digest. */
  readAlerts: ['office', 'unit'],
  sendAlerts: ['office'],
  /** 督办单 issued, closed or returned, and 领导批示 recorded. */
  supervise: ['office'],
  /** 通报: the rule table, and points added or deducted for a unit with a reason. */
  score: ['office'],
  /** The WPS add-in's self-test: run by whoever installs it, read by the office. */
  reportHostCheck: ['office', 'unit'],
  readHostChecks: ['office'],
} as const satisfies Record<string, readonly Actor['kind'][]>;

export type Action = keyof typeof ACTIONS;

export const permits = (action: Action, actor: Actor): boolean =>
  (ACTIONS[action] as readonly Actor['kind'][]).includes(actor.kind);

/**
 * What each role may do on one task, apart from writing its cells (POLICY). Closing a task off
 * (对账销号): a lead unit asks, with evidence; every lead unit of the task confirms; the office
 * approves or returns it. Units never close a task themselves.
 */
export const ON_TASK = {
  /** A task's change log. */
  readHistory: ['office', 'lead', 'responsible'],
  /** 佐证材料: attach, and list those the reader may see (readableReporters). */
  attachEvidence: ['office', 'lead', 'responsible'],
  readEvidence: ['office', 'lead', 'responsible'],
  /** Remove anyone's evidence; a unit removes only its own, in the round it was attached in. */
  removeAnyEvidence: ['office'],
  removeOwnEvidence: ['lead', 'responsible'],
  /** 销号 requests on the task, and where they stand. */
  readClosures: ['office', 'lead', 'responsible'],
  requestClosure: ['lead'],
  confirmClosure: ['lead'],
  decideClosure: ['office'],
  /** 督办单 and 批示 on the task: read, signed for and answered by its units. */
  answerSupervision: ['office', 'lead', 'responsible'],
} as const satisfies Record<string, readonly Role[]>;

export type TaskAction = keyof typeof ON_TASK;

export const mayOnTask = (action: TaskAction, task: TaskUnits, actor: Actor): boolean =>
  (ON_TASK[action] as readonly Role[]).includes(roleOn(task, actor));

/** Whether this actor may take this step on any task at all: a unit's role depends on the task, the office's does not. */
export function mayTakePart(action: TaskAction, actor: Actor): boolean {
  const roles: readonly Role[] = ON_TASK[action];
  return actor.kind === 'unit' ? roles.some((role) => role !== 'office' && role !== 'none') : roles.includes('office');
}

/** Why this role may not write this value into this field; undefined when it may. */
export function refusal(role: Role, field: Field, value: string, closedOff = false): string | undefined {
  const rule = POLICY[role];
  if (role === 'none') return "这项任务不是本单位牵头或负责的任务，不能填报。The task is not this unit's.";
  // Reopening a closed task (反弹) is the office's decision, never a unit's edit.
  if (closedOff && role !== 'office')
    return '这项任务已由办公室销号，不再接受填报：如情况反弹需要重新整改，请联系办公室重新打开。The task is closed off; ask the office to reopen it.';
  if (!rule.fields.includes(field)) {
    return `${HEADER[field]}只能由办公室修改，单位只填写整改进展、完成状态和备注。Units change only progress, status and remarks.`;
  }
  const status = value.trim();
  if (field === 'status' && isStatus(status) && !rule.statuses.includes(status)) {
    return `“${status}”只能由办公室在审核佐证材料后设定（对账销号），单位不能自行销号；完成后请填“已完成”。Only the office closes a task off.`;
  }
  return undefined;
}

/**
 * Whose reports on a task a viewer may read: the office and the task's lead units read every
 * unit's; a responsible unit reads its own and the lead units'.
 */
export function readableReporters(task: TaskUnits, reporters: string[], viewer: Actor): string[] {
  const role = roleOn(task, viewer);
  if (role === 'office' || role === 'lead') return reporters;
  const self = viewer.kind === 'unit' ? viewer.unit : '';
  return reporters.filter((u) => u === self || task.leadUnits.includes(u));
}
