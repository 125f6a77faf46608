/**
 * The merge: a submission into the master ledger, cell by cell, three-way against what the
 * submitter started from. Composes the row's identity, the policy (who may write what) and the
 * per-cell decision; returns decisions and writes nothing. The master is seen through
 * MasterView, which the service backs with its database.
 */
import { FIELDS, HEADER, isFollowUp, type Field } from './fields.ts';
import { identifyRow } from './identity.ts';
import { echoes, sameWords, splitDerived } from './echo.ts';
import {
  cellId,
  olderVersion,
  tiedCell,
  tiedOlder,
  tiedVersion,
  type CopyVersion,
  type SentFile,
} from './copy-version.ts';
import { actorName, OFFICE, refusal, roleOn, type Actor, type Role } from './policy.ts';
import { cellProblem } from './rules.ts';
import { decideCell } from './three-way.ts';

export { actorName, IMPORTER, OFFICE, type Actor } from './policy.ts';

/**
 * A cell of the master. Follow-up fields are kept per unit (`unit` is its canonical name);
 * the task's own fields, and the office's task-level follow-up values, have unit ''.
 */
export interface CellKey {
  taskId: string;
  unit: string;
  field: Field;
}

export interface CellState {
  value: string;
  /** Who set it: a unit's name, OFFICE, or IMPORTER. */
  by: string;
  revision: number;
}

export interface TaskRef {
  id: string;
  no: number;
  /** Canonical unit names, groups expanded: lead units, then responsible units not already lead. */
  leadUnits: string[];
  units: string[];
}

export interface MasterView {
  revision: number;
  taskById(id: string): TaskRef | undefined;
  taskByNo(no: number): TaskRef | undefined;
  /** The task whose 反馈问题 is this text (blanks aside), if exactly one is. */
  taskByProblem(text: string): TaskRef | undefined;
  /** The cell now; undefined when it was never set. */
  current(key: CellKey): CellState | undefined;
  /** The cell as it was at a revision. */
  at(key: CellKey, revision: number): CellState | undefined;
  /** The last value a submission from this copy wrote into the cell. */
  fromCopy(key: CellKey, copy: string): CellState | undefined;
  /** This submitter's value was received after the revision: applied, or in a settled conflict. */
  sentSince(key: CellKey, value: string, by: string, revision: number): boolean;
  /** The id of an open conflict with this very incoming value from this submitter, if any. */
  openConflict(key: CellKey, incoming: string, by: string): number | undefined;
  /** The files of this copy taken so far, in the order received. */
  copyVersions(copy: string): CopyVersion[];
}

export interface IncomingRow {
  /** The task's id from the sheet (its 任务标识 column or stamp); else 序号 and the fixed text identify it. */
  taskId?: string;
  no?: number;
  /** For the office: whose follow-up values these are. */
  unit?: string;
  /** The sheet row it came from, for messages. */
  row?: number;
  values: Partial<Record<Field, string>>;
}

export interface Submission {
  actor: Actor;
  baseRevision: number;
  rows: IncomingRow[];
  /** The copy the rows come from (a downloaded sheet, a pulled sheet, a page): see Stamp.copy. */
  copy?: string;
  /**
   * For an uploaded file: when it was last saved (its 修改时间), or null when the file does not
   * say or was never saved after its download. Absent for rows from the pane or the unit page.
   */
  savedAt?: string | null;
  /** Who filled it in at the unit (填报人, 联系电话), kept with the submission for the office. */
  reporter?: { name: string; phone: string };
  /**
   * A whole sheet (an uploaded workbook) rather than a list of edits: tasks of the submitter
   * missing from it were deleted there, and are reported.
   */
  wholeSheet?: boolean;
}

export interface AppliedChange extends CellKey {
  no: number;
  old: string;
  value: string;
}

export interface ConflictFound extends CellKey {
  /** Set when the same conflict is already open: nothing new is recorded. */
  existingId?: number;
  no: number;
  base: string;
  master: string;
  masterBy: string;
  incoming: string;
  incomingBy: string;
}

export interface Rejection {
  no: number | string;
  field: Field | '*';
  reason: string;
}

export interface MergeResult {
  applied: AppliedChange[];
  conflicts: ConflictFound[];
  rejected: Rejection[];
  warnings: string[];
  /** The file as a new version of its copy, to be kept with the submission. */
  version?: SentFile;
}

export function ownsTask(task: TaskRef, unit: string): boolean {
  return task.leadUnits.includes(unit) || task.units.includes(unit);
}

/**
 * A submission merged into the master in passes, as daff goes align → diff → merge: its rows
 * aligned with the master's tasks and checked against who may write them (alignRows); the file
 * placed among its copy's versions (placeInCopy); then each cell decided on its own (decideCell
 * through cellOutcome), the outcomes gathered into the result.
 */
export function mergeSubmission(submission: Submission, master: MasterView): MergeResult {
  const result: MergeResult = { applied: [], conflicts: [], rejected: [], warnings: [] };
  const base = Math.min(submission.baseRevision, master.revision);
  if (submission.baseRevision > master.revision) {
    result.warnings.push(
      `提交的基准版本${submission.baseRevision}比台账当前版本${master.revision}还新，按当前版本处理。Base revision is newer than the master.`,
    );
  }
  const items = alignRows(submission, master, base);
  const placed = placeInCopy(submission, master, base, items);
  if (placed.older) {
    result.warnings.push(placed.older);
    for (const item of items)
      if (!('key' in item)) result.rejected.push(item);
      else if (item.incoming !== (master.current(item.key)?.value ?? ''))
        result.rejected.push({ no: item.task.no, field: item.key.field, reason: OLDER_FILE });
    return result;
  }
  if (placed.file) result.version = placed.file;

  const renumbered: number[] = [];
  for (const item of items) {
    if (!('key' in item)) {
      result.rejected.push(item);
      continue;
    }
    const outcome = cellOutcome(item, submission, master, base, placed.tied);
    if (outcome.kind === 'applied') result.applied.push(outcome.change);
    else if (outcome.kind === 'conflict') result.conflicts.push(outcome.conflict);
    else if (outcome.kind === 'rejected') result.rejected.push(outcome.rejection);
    else if (outcome.kind === 'renumbered') renumbered.push(item.task.no);
  }
  if (renumbered.length > 0)
    result.warnings.push(
      `表中${renumbered.length}行的序号与台账不同（如序号${renumbered[0]}的任务）：序号只能由办公室修改，已按隐藏的任务标识对应到原任务，其他内容照常处理。` +
        `${renumbered.length} rows carry another No.; matched by their hidden task id, the No. itself is not changed.`,
    );
  return result;
}

/**
 * Row by row, in the sheet's order: each row matched to its task and checked against who may
 * write it, refused whole, or broken into the cells it sends.
 */
function alignRows(submission: Submission, master: MasterView, base: number): (IncomingCell | Rejection)[] {
  const { actor } = submission;
  const by = actorName(actor);
  const seen = new Set<string>();
  const items: (IncomingCell | Rejection)[] = [];
  for (const row of submission.rows) {
    const found = identifyRow(row, master, base);
    const label = row.no ?? row.taskId ?? '?';
    if ('reason' in found) {
      items.push({ no: label, field: '*', reason: found.reason });
      continue;
    }
    const { task } = found;
    if (seen.has(task.id)) {
      items.push({
        no: task.no,
        field: '*',
        reason: `任务${task.no}在提交中出现了两次，只采用第一次。The task appears twice; only the first row is used.`,
      });
      continue;
    }
    seen.add(task.id);

    const role = roleOn(task, actor);
    if (role === 'none') {
      items.push({
        no: task.no,
        field: '*',
        reason: `任务${task.no}不是${by}牵头或负责的任务，不能填报。The task is not this unit's.`,
      });
      continue;
    }
    const owner = actor.kind === 'unit' ? actor.unit : (row.unit ?? '');
    if (actor.kind !== 'unit' && owner && !ownsTask(task, owner)) {
      items.push({
        no: task.no,
        field: '*',
        reason: `${owner}不是任务${task.no}的牵头或责任单位。The unit is not on this task.`,
      });
      continue;
    }
    for (const field of FIELDS) {
      const incoming = row.values[field];
      if (incoming === undefined) continue;
      if (field === 'no' && row.taskId === undefined) continue; // 序号 identified the row
      const key: CellKey = { taskId: task.id, unit: isFollowUp(field) ? owner : '', field };
      items.push({ key, incoming, task, role, row });
    }
  }
  return items;
}

/**
 * The file among the versions of its copy (copy-version.ts): older than one taken (then it changes
 * nothing), or saved at the very time of one (then its cells are judged against that one).
 */
function placeInCopy(
  submission: Submission,
  master: MasterView,
  base: number,
  items: (IncomingCell | Rejection)[],
): { file?: SentFile; older?: string; tied?: SentFile } {
  if (!submission.copy || submission.savedAt === undefined) return {};
  const cells = items.filter((item): item is IncomingCell => 'key' in item);
  const file = sentFile(submission.savedAt, cells);
  const keys = new Map(cells.map((c) => [cellId(c.key), c.key]));
  const versions = master.copyVersions(submission.copy);
  const older = olderVersion(file, versions, (id) => master.at(keys.get(id)!, base)?.value ?? '');
  if (older) return { file, older };
  const tied = tiedVersion(file, versions);
  return tied ? { file, tied } : { file };
}

type CellOutcome =
  | { kind: 'unchanged' }
  | { kind: 'renumbered' }
  | { kind: 'applied'; change: AppliedChange }
  | { kind: 'conflict'; conflict: ConflictFound }
  | { kind: 'rejected'; rejection: Rejection };

/** One cell: unchanged (it says what the master or its base says), refused, or decided three-way. */
function cellOutcome(
  item: IncomingCell,
  submission: Submission,
  master: MasterView,
  base: number,
  tied: SentFile | undefined,
): CellOutcome {
  const { actor } = submission;
  const by = actorName(actor);
  const { key, incoming, task, role, row } = item;
  const { field } = key;
  const refuse = (reason: string): CellOutcome => ({ kind: 'rejected', rejection: { no: task.no, field, reason } });
  const now = master.current(key);
  const current = now?.value ?? '';
  // Most cells of a sheet say what the ledger says: nothing to look up for them.
  if (incoming === current) return { kind: 'unchanged' };
  const mine = submission.copy ? master.fromCopy(key, submission.copy) : undefined;
  const baseValue = (mine && mine.revision > base ? mine : master.at(key, base))?.value ?? '';
  if (incoming === baseValue || echoes(incoming, current, key.unit)) return { kind: 'unchanged' };
  const derived = isFollowUp(field) && actor.kind !== 'import' ? derivedRefusal(item, current, actor) : undefined;
  if (derived) return refuse(derived);
  const tie = tied ? tiedCell(incoming, tied.cells[cellId(key)], master.at(key, base)?.value ?? '') : 'take';
  if (tie === 'older') return refuse(tiedOlder(tied!.savedAt!));

  const refused = cellRefusal(role, field, incoming, row, actor, task, master);
  // A sorted or renumbered sheet: said once for the submission, not per row.
  if (refused && field === 'no' && role !== 'office') return { kind: 'renumbered' };
  if (refused) return refuse(refused);
  const existingId = master.openConflict(key, incoming, by);
  const decision =
    existingId !== undefined || tie === 'office'
      ? 'conflict'
      : decideCell({ base: baseValue, current, incoming, alreadySent: master.sentSince(key, incoming, by, base) });
  if (decision === 'apply')
    // Spelled out: spreading `key` into each result cost more than the rest of the merge (V8, Node 20).
    return {
      kind: 'applied',
      change: { taskId: key.taskId, unit: key.unit, field, no: task.no, old: current, value: incoming },
    };
  if (decision === 'conflict')
    return {
      kind: 'conflict',
      conflict: {
        taskId: key.taskId,
        unit: key.unit,
        field,
        existingId,
        no: task.no,
        base: baseValue,
        master: current,
        masterBy: now?.by ?? '',
        incoming,
        incomingBy: by,
      },
    };
  if (decision === 'superseded')
    return refuse(
      `${HEADER[field]}的这个值此前已经提交过，之后已被更新为${now?.by ?? ''}填写的新值：旧文件不会覆盖新值。The value was sent before and has been replaced since.`,
    );
  return { kind: 'unchanged' };
}

const OLDER_FILE = '较早版本文件中的内容，未采用（见提示）。From an older version of the file; not taken.';

interface IncomingCell {
  key: CellKey;
  incoming: string;
  task: TaskRef;
  role: Role;
  row: IncomingRow;
}

/**
 * A follow-up cell holding what the consolidated master derives (other units' or the office's
 * words under their names, the pointer to 进展明细), as a sheet copied out of it carries: never
 * the sender's value, so the answer says why it was not taken; undefined when the cell derives
 * nothing.
 */
function derivedRefusal({ key, incoming, task }: IncomingCell, current: string, actor: Actor): string | undefined {
  const sender = key.unit || (actor.kind === 'office' ? OFFICE : '');
  const { own, derived } = splitDerived(incoming, sender, [OFFICE, ...task.leadUnits, ...task.units]);
  if (derived.length === 0) return undefined;
  const whose = derived.map((d) => (d.startsWith('（') ? '“见进展明细”的提示' : d)).join('、');
  if (!own || sameWords(own, current))
    return `${HEADER[key.field]}中是汇总台账的内容（${whose}），不是本单位的填报：未采用，本单位原有内容不变。Words the consolidated workbook derives (other units', the pointer) are not this unit's; ignored.`;
  return `${HEADER[key.field]}中夹有汇总台账的内容（${whose}）：未采用。请只填写本单位自己的内容后重新提交。The cell mixes this unit's words with others' from the consolidated workbook; not taken.`;
}

/** The cells a file holds, as a version of its copy. */
function sentFile(savedAt: string | null, cells: IncomingCell[]): SentFile {
  return { savedAt, cells: Object.fromEntries(cells.map((c) => [cellId(c.key), c.incoming])) };
}

/** Why this one cell may not be written, by policy or by its own content; undefined when it may. */
function cellRefusal(
  role: Role,
  field: Field,
  incoming: string,
  row: IncomingRow,
  actor: Actor,
  task: TaskRef,
  master: MasterView,
): string | undefined {
  const closed = master.current({ taskId: task.id, unit: '', field: 'status' })?.value === '已销号';
  const refused = refusal(role, field, incoming, closed);
  if (refused) return refused;
  if (!isFollowUp(field) && row.unit)
    return `${HEADER[field]}属于任务本身，不按单位区分：请不要在这一行写明单位。Task fields are not per unit.`;
  // The plan's own text is kept as written, whatever it starts with.
  const problem = actor.kind === 'import' ? undefined : cellProblem(field, incoming);
  if (problem) return problem.message;
  if (field === 'no') {
    const no = Number(incoming.trim());
    if (!/^\d+$/.test(incoming.trim())) return `序号“${incoming}”不是数字。No. must be a number.`;
    const holder = master.taskByNo(no);
    if (holder && holder.id !== task.id)
      return `序号${no}已经是另一项任务的序号：序号必须唯一。No. ${no} is already another task's.`;
  }
  return undefined;
}

/** Tasks a whole sheet from this unit should have held but did not: deleted there. */
export function missingTasks(submission: Submission, ownTasks: TaskRef[], master: MasterView): Rejection[] {
  if (!submission.wholeSheet) return [];
  const present = new Set(
    submission.rows
      .map((r) => identifyRow(r, master, submission.baseRevision))
      .flatMap((f) => ('task' in f ? [f.task.id] : [])),
  );
  return ownTasks
    .filter((t) => !present.has(t.id))
    .map((t) => ({
      no: t.no,
      field: '*' as const,
      reason: `任务${t.no}在提交的表中被删除了：台账不会删除任务，其填报内容保持不变。Deleted rows are not applied.`,
    }));
}
