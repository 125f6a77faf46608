/**
 * The ledger service: the only writer of the master. Every change (a unit's or the office's
 * submission, a settlement, the import) goes through `write`: the core merge authorises it and
 * decides each cell, and the store records it with its log entries in one transaction.
 */
import { consolidateFollowUp, reportingUnits, type FollowUp } from '../../core/consolidate.ts';
import {
  actorName,
  missingTasks,
  mergeSubmission,
  ownsTask,
  OFFICE,
  type Actor,
  type Submission,
  type TaskRef,
} from '../../core/merge.ts';
import { taskRef } from '../../core/ownership.ts';
import { parsePlan } from '../../core/plan.ts';
import { mayOnTask, readableReporters } from '../../core/policy.ts';
import type { Registry } from '../../core/registry.ts';
import { TEXT_FIELDS, type Task } from '../../core/task.ts';
import { Closing } from './closing.ts';
import { LedgerError } from '../errors.ts';
import { Evidence } from './evidence.ts';
import type { EvidenceStore } from '../store/evidence-store.ts';
import { unitInRound } from '../../core/round.ts';
import { now, type ChangeRecord, type Store, type StoredConflict } from '../store/store.ts';
import {
  type ClosedRound,
  everyUnitsProgress,
  latestConflicts,
  type LedgerState,
  plainTask,
  type RoundInfo,
  roundInfo,
  type SubmissionOutcome,
  type TaskView,
  type UnitStatus,
} from './ledger-shapes.ts';

export {
  type ClosedRound,
  everyUnitsProgress,
  type LedgerState,
  plainTask,
  type RoundInfo,
  type SubmissionOutcome,
  type TaskView,
  type UnitConflict,
  type UnitStatus,
} from './ledger-shapes.ts';

const EMPTY: FollowUp = { progress: '', status: '', remarks: '' };

/** Refused cells kept with a submission; the answer itself lists them all. */
const KEPT_REJECTIONS = 50;

export class Ledger {
  private refs?: { mark: string; list: TaskRef[]; bySource: Map<string, TaskRef> };
  private officeViews?: { key: string; views: TaskView[] };
  /** 销号: requests, confirmations, the office's decision. */
  readonly closing: Closing;
  /** 佐证材料 attached to tasks. */
  readonly evidence: Evidence;

  /** The plan's title, as the import kept it: it does not change afterwards. */
  private named = '';

  private constructor(
    /** The id the county knows it by, which its sheets are stamped with. */
    readonly ledgerId: string,
    private readonly store: Store,
    public registry: Registry,
    files: EvidenceStore,
  ) {
    this.closing = new Closing(this, store);
    this.evidence = new Evidence(this, store, files);
  }

  static async open(id: string, store: Store, registry: Registry, files: EvidenceStore): Promise<Ledger> {
    const ledger = new Ledger(id, store, registry, files);
    ledger.named = (await store.meta('title')) ?? '';
    await ledger.takeOverOldRound();
    return ledger;
  }

  close(): Promise<void> {
    return this.store.close();
  }

  /** A data folder from before rounds kept one deadline in its meta: it becomes the open round, nothing lost. */
  private async takeOverOldRound(): Promise<void> {
    const deadline = await this.store.meta('reporting_deadline');
    if (!deadline || (await this.store.rounds()).length > 0) return;
    await this.store.addRound({
      id: 'earlier',
      period: `截止${deadline}的一轮`,
      deadline,
      by: OFFICE,
      at: (await this.store.meta('round_started_at')) ?? now(),
    });
  }

  revision(): Promise<number> {
    return this.store.revision();
  }

  get title(): string {
    return this.named || '整改任务清单及责任分工';
  }

  /** The id, title and revision: what every answer about the ledger starts with. */
  async heading(): Promise<{ ledgerId: string; title: string; revision: number }> {
    return { ledgerId: this.ledgerId, title: this.title, revision: await this.revision() };
  }

  /** Imports the plan's text into an empty master as revision 1; returns false when the master already exists. */
  seedFromPlan(planText: string): Promise<boolean> {
    const plan = parsePlan(planText);
    return this.seed({ title: plan.title, tasks: plan.tasks });
  }

  /** Imports a plan's tasks into an empty master as revision 1; returns false when the master already exists. */
  async seed(plan: { title: string; tasks: Task[] }): Promise<boolean> {
    const refs = plan.tasks.map((t) => taskRef(t, this.registry));
    return this.store.transaction(async () => {
      if (await this.store.meta('ledger_id')) return false;
      this.named = plan.title || '整改任务清单及责任分工';
      await this.store.setMeta('ledger_id', this.ledgerId);
      await this.store.setMeta('title', this.named);
      await this.addOwningUnits(refs);
      await this.store.addTasks(plan.tasks.map((t) => t.id));
      const rows = plan.tasks.map((t) => ({
        taskId: t.id,
        values: { no: String(t.no), ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, t[f]])) },
      }));
      await this.write({ actor: { kind: 'import' }, baseRevision: 0, rows }, 'import', refs);
      return true;
    });
  }

  /** The roster changed: task ownership is worked out again, and units new to this ledger join it. */
  async useRegistry(registry: Registry, addUnits = true): Promise<void> {
    this.registry = registry;
    this.refs = undefined;
    this.officeViews = undefined;
    if (addUnits) await this.addOwningUnits(await this.taskRefs());
  }

  /**
   * The groups of the roster (各乡镇党委、政府 …) this ledger's tasks name, by the name written in
   * the tasks, each with its group and the tasks' 序号.
   */
  async groupsUsed(): Promise<Map<string, { group: string; nos: number[] }>> {
    const used = new Map<string, { group: string; nos: number[] }>();
    for (const task of await this.store.tasks())
      for (const written of this.registry.splitUnits(`${task.leadUnits}、${task.units}`)) {
        const found = this.registry.resolve(written);
        if (found.kind !== 'group') continue;
        const use = used.get(written) ?? used.set(written, { group: found.canonical, nos: [] }).get(written)!;
        if (!use.nos.includes(task.no)) use.nos.push(task.no);
      }
    return used;
  }

  private addOwningUnits(refs: TaskRef[]): Promise<void> {
    const owning = new Set(refs.flatMap(reportingUnits));
    return this.store.addUnits(
      this.registry.data.units.filter((u) => owning.has(u.name)).map((u) => ({ name: u.name, kind: u.kind })),
    );
  }

  /**
   * Which units own each task, groups expanded; read again when the tasks change (a unit's
   * report does not), each task's units resolved again only when its 序号 or unit columns did.
   */
  async taskRefs(): Promise<TaskRef[]> {
    const mark = await this.store.tasksChanged();
    if (this.refs?.mark === mark) return this.refs.list;
    const earlier = this.refs?.bySource;
    const bySource = new Map<string, TaskRef>();
    const list = (await this.store.tasks()).map((t) => {
      const source = [t.id, t.no, t.leadUnits, t.units].join('\u0000');
      const ref = earlier?.get(source) ?? taskRef(t, this.registry);
      bySource.set(source, ref);
      return ref;
    });
    this.refs = { mark, list, bySource };
    return list;
  }

  /**
   * The one write path: merges a submission and records it, all in one transaction: the
   * change log, the cells, the new revision, the conflicts and the submission itself, or nothing.
   * `loggedAs` names the writer in the change log when it is not the submitter itself (办公室代填).
   */
  async write(
    submission: Submission,
    source: string,
    known?: TaskRef[],
    loggedAs?: string,
  ): Promise<SubmissionOutcome> {
    return this.store.transaction(async () => {
      const refs = known ?? (await this.taskRefs());
      const { actor } = submission;
      const { result, current } = await this.store.withMaster(
        refs,
        (view) => {
          const result = mergeSubmission(submission, view);
          if (actor.kind === 'unit')
            result.rejected.push(
              ...missingTasks(
                submission,
                refs.filter((t) => ownsTask(t, actor.unit)),
                view,
              ),
            );
          return { result, current: view.revision };
        },
        submission.baseRevision,
      );
      const by = actorName(actor);
      const revision = result.applied.length > 0 ? current + 1 : current;
      const id = await this.store.insertSubmission({
        actor: by,
        baseRevision: submission.baseRevision,
        revision,
        source,
        copy: submission.copy ?? '',
        ...(submission.reporter ? { reporter: submission.reporter } : {}),
        ...(result.version ? { version: result.version } : {}),
        counted: result.applied.length + result.conflicts.length > 0,
        result: {},
      });
      if (result.applied.length > 0) await this.store.writeChanges(result.applied, revision, id, loggedAs ?? by);
      const fresh = await this.store.insertConflicts(
        id,
        revision,
        result.conflicts.filter((c) => c.existingId === undefined),
      );
      const conflictIds = result.conflicts.map((c) => c.existingId ?? fresh.shift()!);
      // What was refused is kept as a sample: a sheet of junk rows must not grow the database.
      const { version: _kept, rejected, ...answer } = result;
      await this.store.setSubmissionResult(id, {
        ...answer,
        rejected: rejected.slice(0, KEPT_REJECTIONS),
        rejectedCount: rejected.length,
        conflictIds,
      });
      return { submission: id, revision, result, conflictIds };
    });
  }

  /**
   * The office settles a conflict: the value goes through the same write as everything else
   * (so the cell's rules hold), and every open conflict on that cell closes with it.
   */
  async settle(
    id: number,
    value: string,
    by: Actor = { kind: 'office' },
  ): Promise<{ revision: number; conflict: StoredConflict }> {
    return this.store.transaction(async () => {
      const [conflict] = await this.store.conflicts({ id });
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
      const outcome = await this.write({ actor: by, baseRevision: await this.revision(), rows: [row] }, 'settlement');
      const refused = outcome.result.rejected[0];
      if (refused) throw new LedgerError('value-refused', refused.reason);
      await this.store.settleConflicts(conflict, value, actorName(by));
      return { revision: outcome.revision, conflict: (await this.store.conflicts({ id }))[0]! };
    });
  }

  /**
   * Every task with its units' values; a unit sees only its own tasks, and of other units' reports
   * only what the policy lets it read. The office's are kept while the master's revision and the
   * tasks stand: reading them is most of what the dashboard and the city's roll-up of a hundred
   * counties cost.
   */
  async taskViews(actor: Actor): Promise<TaskView[]> {
    if (actor.kind !== 'office') return this.viewsFor(actor);
    const key = `${await this.store.revision()}\n${await this.store.tasksChanged()}`;
    if (this.officeViews?.key !== key) this.officeViews = { key, views: await this.viewsFor(actor) };
    return [...this.officeViews.views];
  }

  private async viewsFor(actor: Actor): Promise<TaskView[]> {
    const refs = new Map((await this.taskRefs()).map((r) => [r.id, r]));
    const followUps = await this.store.followUps();
    const conflicts = actor.kind === 'unit' ? latestConflicts(await this.store.conflicts(), actor.unit) : undefined;
    const views: TaskView[] = [];
    for (const task of await this.store.tasks()) {
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
        office: valueFor(''),
        ...(conflicts && actor.kind === 'unit'
          ? {
              // A decision stays in view until the unit writes the cell again.
              conflicts: (conflicts.get(task.id) ?? []).filter(
                (c) => !c.decided || c.decided.value === valueFor(actor.unit)[c.field as keyof FollowUp],
              ),
            }
          : {}),
      });
    }
    return views;
  }

  /** A task's change log as this actor may read it. */
  async history(no: number, actor: Actor): Promise<ChangeRecord[]> {
    const task = (await this.taskRefs()).find((t) => t.no === no);
    if (!task) throw new LedgerError('not-found', `没有序号为${no}的任务。No such task.`);
    if (!mayOnTask('readHistory', task, actor))
      throw new LedgerError('forbidden', '只能查看本单位任务的记录。A unit sees only its own tasks.');
    const readable = new Set(readableReporters(task, reportingUnits(task), actor));
    return (await this.store.changes({ taskId: task.id })).filter((c) => c.unit === '' || readable.has(c.unit));
  }

  /**
   * The consolidated workbook's 变更记录, oldest first: the changes up to a revision since the
   * round before `round` closed (every one, the plan's import too, before the first round). Each
   * round's workbook so holds its month, and together they hold the whole log.
   */
  async roundChanges(upTo: number, round: { id: string } | null): Promise<ChangeRecord[]> {
    const rounds = await this.store.rounds();
    const at = round ? rounds.findIndex((r) => r.id === round.id) : rounds.length;
    const before = rounds.slice(0, at).findLast((r) => r.closed_at !== null);
    return this.store.changes({ upTo, after: before ? ((await this.closedRound(before.id))?.revision ?? 0) : 0 });
  }

  /** The conflicts waiting on the office, or every one with its decision. */
  conflicts(which: 'open' | 'all'): Promise<StoredConflict[]> {
    return this.store.conflicts({ open: which === 'open' });
  }

  /**
   * The tasks as this actor may read them, judged on `today`. A unit fetching them (the pane's
   * pull, the unit page) counts as its download of the round.
   */
  async tasksFor(actor: Actor, today: string) {
    const unit = actor.kind === 'unit' ? actor.unit : null;
    if (unit) await this.recordDownload(unit);
    return {
      ...(await this.heading()),
      unit,
      reporter: (unit && (await this.lastReporter(unit))) || null,
      tasks: await this.markUnreported(await this.taskViews(actor), today),
    };
  }

  /** A unit has fetched its tasks or its sheet at this revision. */
  async recordDownload(unit: string): Promise<void> {
    await this.store.recordDownload(unit, await this.revision());
  }

  /** How many times a unit has submitted since an instant: the write limit counts them. */
  async submissionsSince(unit: string, since: string): Promise<number> {
    return this.store.submissionCount(unit, since);
  }

  /** The units with tasks in this ledger. */
  async unitCount(): Promise<number> {
    return (await this.store.units()).length;
  }

  /** The last 填报人 and 联系电话 a unit gave, to fill in ahead on its next sheet. */
  async lastReporter(unit: string): Promise<{ name: string; phone: string } | undefined> {
    return (await this.lastReporters()).get(unit);
  }

  /** Every unit's last 填报人 and phone, read once: the 预警 digest @-mentions them. */
  async lastReporters(): Promise<Map<string, { name: string; phone: string }>> {
    const out = new Map<string, { name: string; phone: string }>();
    for (const [unit, last] of await this.store.lastReports())
      if (last.reporter || last.phone) out.set(unit, { name: last.reporter, phone: last.phone });
    return out;
  }

  /** A unit's own sheet: its tasks, with its own follow-up values in the follow-up columns. */
  async unitTasks(unit: string): Promise<Task[]> {
    const views = await this.taskViews({ kind: 'unit', unit });
    return views.map((view) => ({ ...plainTask(view), ...view.byUnit[unit] }));
  }

  /** Canonical unit name for a name or alias, if it is a unit of this ledger. */
  async unitNamed(name: string): Promise<string | undefined> {
    return (await this.unitNames())(name);
  }

  /** Canonical names for names and aliases of this ledger's units, as they are now. */
  async unitNames(): Promise<(name: string) => string | undefined> {
    const units = new Set((await this.store.units()).map((u) => u.name));
    return (name) => {
      const resolved = this.registry.resolve(name);
      return resolved.kind === 'unit' && units.has(resolved.canonical) ? resolved.canonical : undefined;
    };
  }

  /** The round open now, if any. */
  async currentRound(): Promise<RoundInfo | undefined> {
    const open = (await this.store.rounds()).findLast((r) => r.closed_at === null);
    return open && roundInfo(open);
  }

  /** The round open now, or else the last one closed: what the units' states count in. */
  async latestRound(): Promise<RoundInfo | undefined> {
    const rounds = await this.store.rounds();
    const last = rounds.findLast((r) => r.closed_at === null) ?? rounds.at(-1);
    return last && roundInfo(last);
  }

  async reportingDeadline(): Promise<string | null> {
    return (await this.currentRound())?.deadline ?? null;
  }

  /** Moves with anything a reader above the county shows of this ledger (Store.readerMark). */
  readerMark(): Promise<string> {
    return this.store.readerMark();
  }

  /** One round at a time: refuses while one is open here. */
  async refuseIfRoundOpen(): Promise<void> {
    const open = await this.currentRound();
    if (open)
      throw new LedgerError(
        'round-open',
        `“${this.title}”的${open.period}月报尚未结束（截止${open.deadline}），请先结束该轮再开启新一轮。Close the open round first.`,
      );
  }

  /** Opens a round here (the county checks its dates). */
  async openRound(round: { id: string; period: string; deadline: string }, by: Actor): Promise<void> {
    await this.store.transaction(async () => {
      await this.refuseIfRoundOpen();
      await this.store.addRound({ ...round, by: actorName(by) });
    });
  }

  /** Closes the open round, keeping the ledger as it stands: the master, every unit's state, the conflicts. */
  async closeRound(id: string, by: Actor, today: string): Promise<LedgerState> {
    return this.store.transaction(async () => {
      const open = await this.currentRound();
      if (open?.id !== id) throw new LedgerError('not-found', `没有正在进行的这一轮月报。No such open round.`);
      const state = await this.state(today);
      await this.store.closeRound(id, actorName(by), state);
      return state;
    });
  }

  async rounds(): Promise<RoundInfo[]> {
    return (await this.store.rounds()).map(roundInfo);
  }

  /** A round's state: as it closed, or the open round as it stands on `today`. */
  async roundState(id: string, today: string): Promise<LedgerState> {
    const snapshot = await this.roundSnapshot(id);
    if (snapshot) return snapshot;
    if ((await this.currentRound())?.id === id) return this.state(today);
    throw new LedgerError('not-found', '没有这一轮月报。No such round.');
  }

  /** The ledger as a closed round kept it; the round as closed (the snapshot was taken just before). */
  async roundSnapshot(id: string): Promise<LedgerState | undefined> {
    const snapshot = await this.store.roundSnapshot(id);
    if (!snapshot) return undefined;
    const state = JSON.parse(snapshot) as LedgerState;
    return { ...state, round: (await this.rounds()).find((r) => r.id === id) ?? state.round };
  }

  /** The ledger now, judged on `today`. */
  async state(today: string): Promise<LedgerState> {
    return {
      ...(await this.heading()),
      judgedOn: today,
      round: (await this.latestRound()) ?? null,
      views: await this.markUnreported(await this.taskViews({ kind: 'office' }), today),
      units: await this.unitStatuses(),
      conflicts: await this.store.conflicts(),
      previous: await this.lastClosedRound(),
    };
  }

  /** This round's progress beside the last closed round's, task by task (月度对比). */
  async comparison(): Promise<{ period: string | null; rows: { no: number; before: string; now: string }[] }> {
    const previous = await this.lastClosedRound();
    if (!previous) return { period: null, rows: [] };
    return {
      period: previous.period,
      rows: (await this.taskViews({ kind: 'office' })).map((v) => ({
        no: v.no,
        before: previous.progress[v.id] ?? '',
        now: everyUnitsProgress(v),
      })),
    };
  }

  /**
   * What a closed round kept, as the workbook, the report and 月度对比 read it: parsed from its
   * snapshot once, as a closed round does not change, so that month 12 costs what month 1 did.
   */
  async closedRound(id: string): Promise<ClosedRound | undefined> {
    const kept = this.closed.get(id);
    if (kept) return kept;
    const snapshot = await this.roundSnapshot(id);
    if (!snapshot) return undefined;
    const round: ClosedRound = {
      period: snapshot.round?.period ?? '',
      revision: snapshot.revision,
      units: snapshot.units,
      progress: Object.fromEntries(snapshot.views.map((v) => [v.id, everyUnitsProgress(v)])),
    };
    this.closed.set(id, round);
    return round;
  }
  private readonly closed = new Map<string, ClosedRound>();

  /**
   * The progress the last closed round kept: the one before the round open now, or, between
   * rounds, the one just closed.
   */
  private async lastClosedRound(): Promise<LedgerState['previous']> {
    const closed = (await this.store.rounds()).filter((r) => r.closed_at).at(-1);
    const round = closed && (await this.closedRound(closed.id));
    return round ? { period: round.period, progress: round.progress } : null;
  }

  /** Tasks nobody reported on in the open round once its deadline has passed. */
  async markUnreported(views: TaskView[], today: string): Promise<TaskView[]> {
    const round = await this.currentRound();
    if (!round || today <= round.deadline) return views;
    const reported = new Set(
      (await this.store.changes({ since: round.openedAt }))
        .filter((c) => c.field === 'progress' || c.field === 'status')
        .map((c) => c.taskId),
    );
    return views.map((v) => (reported.has(v.id) ? v : { ...v, unreported: true }));
  }

  /** Every unit's state in the latest round, with its times. */
  async unitStatuses(): Promise<UnitStatus[]> {
    const refs = await this.taskRefs();
    const round = await this.latestRound();
    const reports = new Map<string, { at: string; applied: number; conflicts: number }[]>();
    for (const r of await this.store.reports(round?.openedAt ?? '', round?.closedAt ?? undefined))
      reports.set(r.actor, [...(reports.get(r.actor) ?? []), r]);
    const last = await this.store.lastReports();
    const open = new Map<string, number>();
    for (const c of await this.store.conflicts({ open: true }))
      open.set(c.incomingBy, (open.get(c.incomingBy) ?? 0) + 1);
    return (await this.store.units()).map((u) => {
      const report = last.get(u.name);
      const inRound = unitInRound(reports.get(u.name) ?? [], open.get(u.name) ?? 0, round?.deadline ?? null);
      return {
        name: u.name,
        kind: u.kind,
        state: inRound.state,
        tasks: refs.filter((r) => ownsTask(r, u.name)).length,
        downloadedAt: u.downloaded_at && u.downloaded_at >= (round?.openedAt ?? '') ? u.downloaded_at : null,
        reportedAt: inRound.reportedAt,
        lastSubmissionAt: report?.at ?? null,
        reporter: report && (report.reporter || report.phone) ? `${report.reporter} ${report.phone}`.trim() : null,
        openConflicts: open.get(u.name) ?? 0,
      };
    });
  }
}
