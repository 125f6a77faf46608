/**
 * The merge: a submission into the master ledger, cell by cell, three-way against the revision
 * the submitter started from. Nothing is silently overwritten: a cell someone else changed since
 * that revision becomes a conflict for the office, and the master keeps its value meanwhile.
 * Pure: the master is seen through MasterView, which the service backs with its database.
 */
import { FIELDS, FOLLOW_UP_FIELDS, HEADER, type Field } from './fields.ts';
import { cellProblem } from './rules.ts';

/** Who submits: the office, or one unit. */
export type Actor = { kind: 'office' } | { kind: 'unit'; unit: string };

/** The office's name in the change log and in conflicts. */
export const OFFICE = '办公室';

export const actorName = (actor: Actor) => (actor.kind === 'office' ? OFFICE : actor.unit);

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
  /** Who set it: a unit's name, OFFICE, or '导入' for the import. */
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
  /** The cell now; undefined when it was never set. */
  current(key: CellKey): CellState | undefined;
  /** The cell as it was at a revision. */
  at(key: CellKey, revision: number): CellState | undefined;
  /** The id of an open conflict with this very incoming value from this submitter, if any. */
  openConflict(key: CellKey, incoming: string, by: string): number | undefined;
}

export interface IncomingRow {
  /** The task's id from the workbook's stamp; else `no` identifies the task. */
  taskId?: string;
  no?: number;
  /** For the office: whose follow-up values these are. */
  unit?: string;
  values: Partial<Record<Field, string>>;
}

export interface Submission {
  actor: Actor;
  baseRevision: number;
  rows: IncomingRow[];
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
}

const isFollowUp = (field: Field) => (FOLLOW_UP_FIELDS as readonly string[]).includes(field);

export function ownsTask(task: TaskRef, unit: string): boolean {
  return task.leadUnits.includes(unit) || task.units.includes(unit);
}

export function mergeSubmission(submission: Submission, master: MasterView): MergeResult {
  const result: MergeResult = { applied: [], conflicts: [], rejected: [], warnings: [] };
  const { actor } = submission;
  const by = actorName(actor);
  const seen = new Set<string>();
  const base = Math.min(submission.baseRevision, master.revision);
  if (submission.baseRevision > master.revision) {
    result.warnings.push(`提交的基准版本${submission.baseRevision}比台账当前版本${master.revision}还新，按当前版本处理。Base revision is newer than the master.`);
  }

  for (const row of submission.rows) {
    const task = row.taskId !== undefined ? master.taskById(row.taskId) : row.no !== undefined ? master.taskByNo(row.no) : undefined;
    const label = row.no ?? row.taskId ?? '?';
    if (!task) {
      result.rejected.push({ no: label, field: '*', reason: `台账中没有序号为${label}的任务：新增的行不会写入台账，如需新增任务请联系办公室。No such task; added rows are not applied.` });
      continue;
    }
    if (seen.has(task.id)) {
      result.rejected.push({ no: task.no, field: '*', reason: `序号${task.no}在提交中出现了两次，只采用第一次。The task appears twice; only the first row is used.` });
      continue;
    }
    seen.add(task.id);

    if (actor.kind === 'unit' && !ownsTask(task, actor.unit)) {
      result.rejected.push({ no: task.no, field: '*', reason: `任务${task.no}不是${actor.unit}牵头或负责的任务，不能填报。The task is not this unit's.` });
      continue;
    }
    const owner = actor.kind === 'unit' ? actor.unit : (row.unit ?? '');
    if (actor.kind === 'office' && owner && !ownsTask(task, owner)) {
      result.rejected.push({ no: task.no, field: '*', reason: `${owner}不是任务${task.no}的牵头或责任单位。The unit is not on this task.` });
      continue;
    }

    for (const field of FIELDS) {
      const incoming = row.values[field];
      if (incoming === undefined) continue;
      if (field === 'no' && row.taskId === undefined) continue; // 序号 identified the row
      const followUp = isFollowUp(field);
      const key: CellKey = { taskId: task.id, unit: followUp ? owner : '', field };
      const now = master.current(key);
      const current = now?.value ?? '';
      if (incoming === current) continue;
      const then = master.at(key, base);
      const baseValue = then?.value ?? '';
      if (incoming === baseValue) continue; // the submitter did not change it

      if (actor.kind === 'unit' && !followUp) {
        result.rejected.push({ no: task.no, field, reason: `${HEADER[field]}只能由办公室修改，单位只填写整改进展、完成状态和备注。Units change only progress, status and remarks.` });
        continue;
      }
      if (!followUp && row.unit) {
        result.rejected.push({ no: task.no, field, reason: `${HEADER[field]}属于任务本身，不按单位区分：请不要在这一行写明单位。Task fields are not per unit.` });
        continue;
      }
      const problem = cellProblem(field, incoming);
      if (problem) {
        result.rejected.push({ no: task.no, field, reason: problem.message });
        continue;
      }
      if (field === 'no' && !/^\d+$/.test(incoming.trim())) {
        result.rejected.push({ no: task.no, field, reason: `序号“${incoming}”不是数字。No. must be a number.` });
        continue;
      }

      const changedSince = (now?.revision ?? 0) > base;
      const ownEarlierValue = actor.kind === 'unit' && now?.by === actor.unit;
      if (!changedSince || ownEarlierValue) {
        result.applied.push({ ...key, no: task.no, old: current, value: incoming });
      } else {
        result.conflicts.push({
          ...key,
          existingId: master.openConflict(key, incoming, by),
          no: task.no,
          base: baseValue,
          master: current,
          masterBy: now?.by ?? '',
          incoming,
          incomingBy: by,
        });
      }
    }
  }
  return result;
}

/** Tasks a whole sheet from this unit should have held but did not: deleted there. */
export function missingTasks(submission: Submission, ownTasks: TaskRef[], master: MasterView): Rejection[] {
  if (!submission.wholeSheet) return [];
  const present = new Set(
    submission.rows.map((r) => (r.taskId !== undefined ? master.taskById(r.taskId) : r.no !== undefined ? master.taskByNo(r.no) : undefined)?.id),
  );
  return ownTasks
    .filter((t) => !present.has(t.id))
    .map((t) => ({ no: t.no, field: '*' as const, reason: `任务${t.no}在提交的表中被删除了：台账不会删除任务，其填报内容保持不变。Deleted rows are not applied.` }));
}
