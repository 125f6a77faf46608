/**
 * What a ledger answers with: a unit's state in the round, a round, the ledger's state as a
 * round keeps it, a task as its readers see it, a submission's outcome; and the small functions
 * that make them from the store's rows.
 */
import { combineByUnit, type FollowUp } from '../../core/consolidate.ts';
import { OFFICE, type MergeResult } from '../../core/merge.ts';
import type { RoundState } from '../../core/round.ts';
import { emptyTask, TEXT_FIELDS, type Task } from '../../core/task.ts';
import type { RoundRow } from '../store/rows.ts';
import type { StoredConflict } from '../store/store.ts';

export interface UnitStatus {
  name: string;
  kind: string;
  /** In the round now open, or in the last one when none is. */
  state: RoundState;
  tasks: number;
  downloadedAt: string | null;
  /** This round's first report that changed the master: on time or late by it. */
  reportedAt: string | null;
  lastSubmissionAt: string | null;
  /** Who filled in the last report (填报人 联系电话), when the unit said. */
  reporter: string | null;
  openConflicts: number;
}

/** A closed round as later rounds read it. */
export interface ClosedRound {
  period: string;
  /** The ledger's revision when it closed. */
  revision: number;
  units: UnitStatus[];
  /** Each task's progress, every unit's words together (月度对比). */
  progress: Record<string, string>;
}

export interface RoundInfo {
  id: string;
  period: string;
  deadline: string;
  openedAt: string;
  openedBy: string;
  closedAt: string | null;
  closedBy: string | null;
}

/** The ledger as it stands on a date: what a round keeps when it closes, and what the workbook shows. */
export interface LedgerState {
  ledgerId: string;
  title: string;
  revision: number;
  judgedOn: string;
  round: RoundInfo | null;
  views: TaskView[];
  units: UnitStatus[];
  conflicts: StoredConflict[];
  /** Each task's progress as the last closed round left it, for the month-over-month view. */
  previous: { period: string; progress: Record<string, string> } | null;
}

/** A task as the API shows it: its fields (follow-up combined), and each unit's own values. */
export interface TaskView extends Task {
  leadUnitNames: string[];
  responsibleUnitNames: string[];
  byUnit: Record<string, FollowUp>;
  /** The office's own task-level entries. */
  office: FollowUp;
  /** This round's reporting deadline has passed with no progress on the task. */
  unreported?: boolean;
  /** For a unit reading: its cells in conflict, open or settled since it last wrote them. */
  conflicts?: UnitConflict[];
}

/** A conflict on one of a unit's own cells, as the unit sees it on its task. */
export interface UnitConflict {
  field: StoredConflict['field'];
  mine: string;
  office: string;
  officeBy: string;
  openedAt: string;
  decided: { value: string; by: string; at: string } | null;
}

export interface SubmissionOutcome {
  submission: number;
  revision: number;
  result: MergeResult;
  /** Conflict ids, in the order of result.conflicts. */
  conflictIds: number[];
}

export const roundInfo = (r: RoundRow): RoundInfo => ({
  id: r.id,
  period: r.period,
  deadline: r.deadline,
  openedAt: r.opened_at,
  openedBy: r.opened_by,
  closedAt: r.closed_at,
  closedBy: r.closed_by,
});

/**
 * Every unit's progress on the task, the office's first, a named line each: what 月度对比 compares,
 * so that a township's new words count as much as the lead unit's.
 */
export const everyUnitsProgress = (view: TaskView): string =>
  combineByUnit([
    { unit: OFFICE, text: view.office?.progress ?? '' },
    ...Object.entries(view.byUnit).map(([unit, values]) => ({ unit, text: values.progress })),
  ]);

/** A task's own fields as the table shows them, without the per-unit detail. */
export function plainTask(view: TaskView): Task {
  const task = emptyTask(view.no, view.id);
  for (const field of TEXT_FIELDS) task[field] = view[field];
  return task;
}

/** The last conflict on each of a unit's cells, by task. */
export function latestConflicts(all: StoredConflict[], unit: string): Map<string, UnitConflict[]> {
  const last = new Map<string, StoredConflict>();
  for (const c of all) if (c.unit === unit) last.set(`${c.taskId}\u0000${c.field}`, c);
  const byTask = new Map<string, UnitConflict[]>();
  for (const c of last.values()) {
    const list = byTask.get(c.taskId) ?? byTask.set(c.taskId, []).get(c.taskId)!;
    list.push({
      field: c.field,
      mine: c.incoming,
      office: c.master,
      officeBy: c.masterBy,
      openedAt: c.openedAt,
      decided: c.resolvedAt ? { value: c.resolvedValue ?? '', by: c.resolvedBy ?? '', at: c.resolvedAt } : null,
    });
  }
  return byTask;
}
