/**
 * The ledger service: the only writer of the master. Every change (a unit's or the office's
 * submission, a settlement, the import) goes through `write`: the core merge authorises it and
 * decides each cell, and the store records it with its log entries in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { consolidateFollowUp, reportingUnits, type FollowUp } from '../core/consolidate.ts';
import {
  actorName,
  missingTasks,
  mergeSubmission,
  ownsTask,
  OFFICE,
  type Actor,
  type MergeResult,
  type Submission,
  type TaskRef,
} from '../core/merge.ts';
import { taskRef } from '../core/ownership.ts';
import { parsePlan } from '../core/plan.ts';
import { readableReporters } from '../core/policy.ts';
import type { Registry } from '../core/registry.ts';
import { emptyTask, TEXT_FIELDS, type Task } from '../core/task.ts';
import { LedgerError } from './errors.ts';
import type { ChangeRecord, StoredConflict, Store } from './store/store.ts';

export type UnitState = '未下载' | '已下载' | '已提交' | '有冲突' | '逾期';

export interface UnitStatus {
  name: string;
  kind: string;
  state: UnitState;
  tasks: number;
  downloadedAt: string | null;
  lastSubmissionAt: string | null;
  /** Who filled in the last report (填报人 联系电话), when the unit said. */
  reporter: string | null;
  openConflicts: number;
}

/** A task as the API shows it: its fields (follow-up combined), and each unit's own values. */
export interface TaskView extends Task {
  leadUnitNames: string[];
  responsibleUnitNames: string[];
  byUnit: Record<string, FollowUp>;
}

export interface SubmissionOutcome {
  submission: number;
  revision: number;
  result: MergeResult;
  /** Conflict ids, in the order of result.conflicts. */
  conflictIds: number[];
}

const EMPTY: FollowUp = { progress: '', status: '', remarks: '' };

export class Ledger {
  private refs?: { revision: number; list: TaskRef[] };

  constructor(
    readonly store: Store,
    public registry: Registry,
  ) {}

  get revision(): number {
    return this.store.revision;
  }

  get title(): string {
    return this.store.meta('title') ?? '整改任务清单及责任分工';
  }

  get ledgerId(): string {
    return this.store.meta('ledger_id') ?? '';
  }

  /** Imports the plan's text into an empty master as revision 1; returns false when the master already exists. */
  seedFromPlan(planText: string, ledgerId: string = randomUUID()): boolean {
    const plan = parsePlan(planText);
    return this.seed({ title: plan.title, tasks: plan.tasks }, ledgerId);
  }

  /** Imports a plan's tasks into an empty master as revision 1; returns false when the master already exists. */
  seed(plan: { title: string; tasks: Task[] }, ledgerId: string = randomUUID()): boolean {
    if (this.ledgerId) return false;
    const refs = plan.tasks.map((t) => taskRef(t, this.registry));
    this.store.transaction(() => {
      this.store.setMeta('ledger_id', ledgerId);
      this.store.setMeta('title', plan.title || '整改任务清单及责任分工');
      this.store.setMeta('round_started_at', new Date().toISOString());
      this.addOwningUnits(refs);
      this.store.addTasks(plan.tasks.map((t) => t.id));
      const rows = plan.tasks.map((t) => ({
        taskId: t.id,
        values: { no: String(t.no), ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, t[f]])) },
      }));
      this.write({ actor: { kind: 'import' }, baseRevision: 0, rows }, 'import', refs);
    });
    return true;
  }

  /** The roster changed: task ownership is worked out again, and units new to this ledger join it. */
  useRegistry(registry: Registry): void {
    this.registry = registry;
    this.refs = undefined;
    this.addOwningUnits(this.taskRefs());
  }

  private addOwningUnits(refs: TaskRef[]): void {
    const owning = new Set(refs.flatMap(reportingUnits));
    this.store.addUnits(
      this.registry.data.units.filter((u) => owning.has(u.name)).map((u) => ({ name: u.name, kind: u.kind })),
    );
  }

  /** Which units own each task, groups expanded; recomputed when the master changes. */
  taskRefs(): TaskRef[] {
    const revision = this.revision;
    if (this.refs?.revision !== revision)
      this.refs = { revision, list: this.store.tasks().map((t) => taskRef(t, this.registry)) };
    return this.refs.list;
  }

  /**
   * The one write path: merges a submission and records it, all in one transaction: the
   * change log, the cells, the new revision, the conflicts and the submission itself, or nothing.
   */
  write(submission: Submission, source: string, refs = this.taskRefs()): SubmissionOutcome {
    return this.store.transaction(() => {
      const view = this.store.masterView(refs);
      const result = mergeSubmission(submission, view);
      const { actor } = submission;
      if (actor.kind === 'unit')
        result.rejected.push(
          ...missingTasks(
            submission,
            refs.filter((t) => ownsTask(t, actor.unit)),
            view,
          ),
        );
      const by = actorName(actor);
      const revision = result.applied.length > 0 ? view.revision + 1 : view.revision;
      const id = this.store.insertSubmission({
        actor: by,
        baseRevision: submission.baseRevision,
        revision,
        source,
        copy: submission.copy ?? '',
        ...(submission.reporter ? { reporter: submission.reporter } : {}),
        counted: result.applied.length + result.conflicts.length > 0,
        result: {},
      });
      if (result.applied.length > 0) this.store.writeChanges(result.applied, revision, id, by);
      const conflictIds = result.conflicts.map((c) => c.existingId ?? this.store.insertConflict(id, revision, c));
      this.store.setSubmissionResult(id, { ...result, conflictIds });
      return { submission: id, revision, result, conflictIds };
    });
  }

  /**
   * The office settles a conflict: the value goes through the same write as everything else
   * (so the cell's rules hold), and every open conflict on that cell closes with it.
   */
  settle(id: number, value: string, by: Actor = { kind: 'office' }): { revision: number; conflict: StoredConflict } {
    return this.store.transaction(() => {
      const [conflict] = this.store.conflicts({ id });
      if (!conflict) throw new LedgerError('not-found', `没有编号为${id}的冲突。No such conflict.`);
      if (conflict.resolvedAt) {
        throw new LedgerError(
          'already-settled',
          `冲突${id}已于${conflict.resolvedAt}由${conflict.resolvedBy ?? OFFICE}裁定为“${conflict.resolvedValue}”，不能再次裁定。The conflict is already settled.`,
        );
      }
      const row = {
        taskId: conflict.taskId,
        ...(conflict.unit ? { unit: conflict.unit } : {}),
        values: { [conflict.field]: value },
      };
      const outcome = this.write({ actor: by, baseRevision: this.revision, rows: [row] }, 'settlement');
      const refused = outcome.result.rejected[0];
      if (refused) throw new LedgerError('value-refused', refused.reason);
      this.store.settleConflicts(conflict, value, actorName(by));
      return { revision: outcome.revision, conflict: this.store.conflicts({ id })[0]! };
    });
  }

  /** Every task with its units' values; a unit sees only its own tasks, and of other units' reports only what the policy lets it read. */
  taskViews(actor: Actor): TaskView[] {
    const refs = new Map(this.taskRefs().map((r) => [r.id, r]));
    const followUps = this.store.followUps();
    const views: TaskView[] = [];
    for (const task of this.store.tasks()) {
      const ref = refs.get(task.id)!;
      if (actor.kind === 'unit' && !ownsTask(ref, actor.unit)) continue;
      const values = followUps.get(task.id);
      const valueFor = (unit: string): FollowUp => ({
        ...EMPTY,
        ...(values?.get(unit) as Partial<FollowUp> | undefined),
      });
      const readable = new Set(readableReporters(ref, reportingUnits(ref), actor));
      const visible = { ...ref, units: ref.units.filter((u) => readable.has(u)) };
      const combined = consolidateFollowUp(visible, valueFor, valueFor(''));
      // The task's status is the task's, not a report: derived from every unit.
      const status = consolidateFollowUp(ref, valueFor, valueFor('')).status;
      const byUnit: Record<string, FollowUp> = {};
      for (const unit of reportingUnits(visible)) byUnit[unit] = valueFor(unit);
      views.push({
        ...task,
        ...combined,
        status,
        leadUnitNames: ref.leadUnits,
        responsibleUnitNames: ref.units,
        byUnit,
      });
    }
    return views;
  }

  /** A task's change log as this actor may read it. */
  history(task: TaskRef, actor: Actor): ChangeRecord[] {
    const readable = new Set(readableReporters(task, reportingUnits(task), actor));
    return this.store.changes({ taskId: task.id }).filter((c) => c.unit === '' || readable.has(c.unit));
  }

  /** The consolidated master's tasks, as the table shows them. */
  masterTasks(): Task[] {
    return this.taskViews({ kind: 'office' }).map(plainTask);
  }

  /** A unit's own sheet: its tasks, with its own follow-up values in the follow-up columns. */
  unitTasks(unit: string): Task[] {
    return this.taskViews({ kind: 'unit', unit }).map((view) => ({ ...plainTask(view), ...view.byUnit[unit] }));
  }

  /** Canonical unit name for a name or alias, if it is a unit of this ledger. */
  unitNamed(name: string): string | undefined {
    const resolved = this.registry.resolve(name);
    if (resolved.kind !== 'unit') return undefined;
    return this.store.units().some((u) => u.name === resolved.canonical) ? resolved.canonical : undefined;
  }

  unitStatuses(today: string): UnitStatus[] {
    const refs = this.taskRefs();
    const roundStart = this.store.meta('round_started_at') ?? '';
    const deadline = this.store.meta('reporting_deadline');
    const last = this.store.lastReports();
    const open = new Map<string, number>();
    for (const c of this.store.conflicts({ open: true })) open.set(c.incomingBy, (open.get(c.incomingBy) ?? 0) + 1);
    return this.store.units().map((u) => {
      const report = last.get(u.name);
      const submitted = report?.at ?? null;
      const conflicts = open.get(u.name) ?? 0;
      const state: UnitState =
        conflicts > 0
          ? '有冲突'
          : submitted && submitted >= roundStart
            ? '已提交'
            : deadline && today > deadline
              ? '逾期'
              : u.downloaded_at && u.downloaded_at >= roundStart
                ? '已下载'
                : '未下载';
      return {
        name: u.name,
        kind: u.kind,
        state,
        tasks: refs.filter((r) => ownsTask(r, u.name)).length,
        downloadedAt: u.downloaded_at,
        lastSubmissionAt: submitted,
        reporter: report && (report.reporter || report.phone) ? `${report.reporter} ${report.phone}`.trim() : null,
        openConflicts: conflicts,
      };
    });
  }

  /** The office opens a reporting round with its deadline: states count from now. */
  startRound(deadline: string): void {
    this.store.setMeta('reporting_deadline', deadline);
    this.store.setMeta('round_started_at', new Date().toISOString());
  }

  get reportingDeadline(): string | null {
    return this.store.meta('reporting_deadline') ?? null;
  }
}

function plainTask(view: TaskView): Task {
  const task = emptyTask(view.no, view.id);
  for (const field of TEXT_FIELDS) task[field] = view[field];
  return task;
}
