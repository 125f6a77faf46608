/**
 * Who may write what, in one table: which fields of a task each role may change, which
 * statuses it may set, and whose reports on a task it may read. The merge asks here; nothing
 * else decides it.
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
 * Closing a task off (对账销号): a lead unit asks, with evidence; every lead unit of the task
 * confirms; the office approves or returns it. Units never close a task themselves.
 */
export const CLOSING: Record<'request' | 'confirm' | 'decide', readonly Role[]> = {
  request: ['lead'],
  confirm: ['lead'],
  decide: ['office'],
};

/** Whether this actor may take this step on any task at all: a unit's role depends on the task, the office's does not. */
export function mayTakePart(step: keyof typeof CLOSING, actor: Actor): boolean {
  return actor.kind === 'unit'
    ? CLOSING[step].some((role) => role !== 'office' && role !== 'none')
    : CLOSING[step].includes('office');
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
