/**
 * The ledger service: the store, the registry and the core put together: who owns which task,
 * the consolidated master, each unit's sheet, submissions and the units' states.
 */
import { randomUUID } from 'node:crypto';
import { consolidateFollowUp, reportingUnits, type FollowUp } from '../core/consolidate.ts';
import { ownsTask, type Actor, type Submission, type TaskRef } from '../core/merge.ts';
import { taskRef } from '../core/ownership.ts';
import { parsePlan } from '../core/plan.ts';
import type { Registry } from '../core/registry.ts';
import { emptyTask, TEXT_FIELDS, type Task } from '../core/task.ts';
import type { Store, SubmissionOutcome } from './store/store.ts';

export type UnitState = '未下载' | '已下载' | '已提交' | '有冲突' | '逾期';

export interface UnitStatus {
  name: string;
  kind: string;
  state: UnitState;
  tasks: number;
  downloadedAt: string | null;
  lastSubmissionAt: string | null;
  openConflicts: number;
}

/** A task as the API shows it: its fields (follow-up combined), and each unit's own values. */
export interface TaskView extends Task {
  leadUnitNames: string[];
  responsibleUnitNames: string[];
  byUnit: Record<string, FollowUp>;
}

const EMPTY: FollowUp = { progress: '', status: '', remarks: '' };

export class Ledger {
  private refs?: { revision: number; list: TaskRef[] };

  constructor(
    readonly store: Store,
    readonly registry: Registry,
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

  /** Imports the plan into an empty master; returns false when the master already exists. */
  seedFromPlan(planText: string): boolean {
    if (this.store.isSeeded) return false;
    const plan = parsePlan(planText);
    const owning = new Set(plan.tasks.flatMap((t) => reportingUnits(taskRef(t, this.registry))));
    this.store.seed({
      ledgerId: randomUUID(),
      title: plan.title || '整改任务清单及责任分工',
      tasks: plan.tasks,
      units: this.registry.data.units.filter((u) => owning.has(u.name)).map((u) => ({ name: u.name, kind: u.kind })),
    });
    return true;
  }

  /** Which units own each task, groups expanded; recomputed when the master changes. */
  taskRefs(): TaskRef[] {
    const revision = this.revision;
    if (this.refs?.revision !== revision) this.refs = { revision, list: this.store.tasks().map((t) => taskRef(t, this.registry)) };
    return this.refs.list;
  }

  /** Every task with its units' values; a unit sees only its own tasks. */
  taskViews(actor: Actor): TaskView[] {
    const refs = new Map(this.taskRefs().map((r) => [r.id, r]));
    const followUps = this.store.followUps();
    const views: TaskView[] = [];
    for (const task of this.store.tasks()) {
      const ref = refs.get(task.id)!;
      if (actor.kind === 'unit' && !ownsTask(ref, actor.unit)) continue;
      const values = followUps.get(task.id);
      const valueOf = (unit: string): FollowUp => ({ ...EMPTY, ...(values?.get(unit) as Partial<FollowUp> | undefined) });
      const combined = consolidateFollowUp(ref, valueOf, valueOf(''));
      const byUnit: Record<string, FollowUp> = {};
      for (const unit of reportingUnits(ref)) {
        if (actor.kind === 'unit' && unit !== actor.unit) continue;
        byUnit[unit] = valueOf(unit);
      }
      views.push({ ...task, ...combined, leadUnitNames: ref.leadUnits, responsibleUnitNames: ref.units, byUnit });
    }
    return views;
  }

  /** The consolidated master's tasks, as the table shows them. */
  masterTasks(): Task[] {
    return this.taskViews({ kind: 'office' }).map(plainTask);
  }

  /** A unit's own sheet: its tasks, with its own follow-up values in the follow-up columns. */
  unitTasks(unit: string): Task[] {
    return this.taskViews({ kind: 'unit', unit }).map((view) => ({ ...plainTask(view), ...view.byUnit[unit] }));
  }

  submit(submission: Submission, source: string): SubmissionOutcome {
    return this.store.submit(submission, this.taskRefs(), source);
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
    const last = this.store.lastSubmissions();
    const open = new Map<string, number>();
    for (const c of this.store.conflicts({ open: true })) open.set(c.incomingBy, (open.get(c.incomingBy) ?? 0) + 1);
    return this.store.units().map((u) => {
      const submitted = last.get(u.name) ?? null;
      const conflicts = open.get(u.name) ?? 0;
      const state: UnitState =
        conflicts > 0 ? '有冲突'
        : submitted && submitted >= roundStart ? '已提交'
        : deadline && today > deadline ? '逾期'
        : u.downloaded_at && u.downloaded_at >= roundStart ? '已下载'
        : '未下载';
      return {
        name: u.name,
        kind: u.kind,
        state,
        tasks: refs.filter((r) => ownsTask(r, u.name)).length,
        downloadedAt: u.downloaded_at,
        lastSubmissionAt: submitted,
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
