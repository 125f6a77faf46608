/**
 * Closing tasks off (销号): a lead unit whose own status is 已完成 requests it with evidence
 * attached, the task's other lead units confirm, the office approves (the task becomes 已销号,
 * written like any other change) or returns it with a reason the units see. A task without lead
 * units is requested by one of its responsible units and goes straight to the office. Every
 * request keeps its steps.
 */
import { actorName, mayOnTask, mayTakePart, type Actor, type TaskAction } from '../../core/policy.ts';
import type { TaskRef } from '../../core/merge.ts';
import { LedgerError } from '../errors.ts';
import type { Ledger } from './ledger.ts';
import type { ClosureRow } from '../store/rows.ts';
import type { Store } from '../store/store.ts';

/** A 销号 request as its readers see it: who asked, who confirmed, what the office decided. */
export interface Closure {
  id: number;
  no: number;
  requestedBy: string;
  requestedAt: string;
  note: string;
  confirmations: { unit: string; at: string }[];
  /** Lead units still to confirm. */
  waitingFor: string[];
  state: ClosureRow['state'];
  decidedBy: string | null;
  decidedAt: string | null;
  /** Why the office returned it. */
  reason: string | null;
}

const ACTIVE: ClosureRow['state'][] = ['待确认', '待审核'];

/** The units that answer for a task: its lead units, or its responsible units when it has none. */
const closers = (task: TaskRef) => (task.leadUnits.length > 0 ? task.leadUnits : task.units);

/** Who may take this step: a task without lead units is closed by its responsible units, as lead units. */
function allowed(step: TaskAction, task: TaskRef, actor: Actor, words: string): void {
  const answering = task.leadUnits.length > 0 ? task : { leadUnits: task.units, units: [] };
  if (!mayOnTask(step, answering, actor)) throw new LedgerError('forbidden', words);
}

const DECIDES = '销号由办公室审核。The office decides.';

/** 销号 in one ledger: the use cases of closing a task off, each in its own transaction. */
export class Closing {
  constructor(
    private readonly ledger: Ledger,
    private readonly store: Store,
  ) {}

  private async taskNumbered(no: number): Promise<TaskRef> {
    const task = (await this.ledger.taskRefs()).find((t) => t.no === no);
    if (!task) throw new LedgerError('not-found', `没有序号为${no}的任务。No such task.`);
    return task;
  }

  private async view(row: ClosureRow, refs?: TaskRef[]): Promise<Closure> {
    const task = (refs ?? (await this.ledger.taskRefs())).find((t) => t.id === row.task_id);
    const confirmations = JSON.parse(row.confirmations) as { unit: string; at: string }[];
    return {
      id: row.id,
      no: task?.no ?? 0,
      requestedBy: row.requested_by,
      requestedAt: row.requested_at,
      note: row.note,
      confirmations,
      // Lead units confirm; a task without lead units has nobody to wait for.
      waitingFor: (task?.leadUnits ?? []).filter((u) => !confirmations.some((c) => c.unit === u)),
      state: row.state,
      decidedBy: row.decided_by,
      decidedAt: row.decided_at,
      reason: row.reason,
    };
  }

  /** The requests a reader may see: all for the office, for a unit those on its tasks. */
  async list(actor: Actor): Promise<Closure[]> {
    const refs = await this.ledger.taskRefs();
    const visible = new Set(refs.filter((t) => mayOnTask('readClosures', t, actor)).map((t) => t.id));
    const rows = (await this.store.closures.list()).filter((c) => visible.has(c.task_id));
    return Promise.all(rows.map((c) => this.view(c, refs)));
  }

  async request(no: number, actor: Actor, note: string): Promise<Closure> {
    const task = await this.taskNumbered(no);
    allowed('requestClosure', task, actor, '只有任务的牵头单位可以申请销号。Only a lead unit requests closing.');
    const unit = actorName(actor);
    return this.store.transaction(async () => {
      const current = await this.store.closures.list({ taskId: task.id });
      if (current.some((c) => ACTIVE.includes(c.state)))
        throw new LedgerError('closure-state', `序号${no}已有销号申请在办理中。A request is already open.`);
      const followUps = (await this.store.followUps()).get(task.id);
      if (followUps?.get('')?.status === '已销号')
        throw new LedgerError('closure-state', `序号${no}已销号，不能再次申请。The task is already closed off.`);
      const own = followUps?.get(unit)?.status ?? '';
      if (own !== '已完成')
        throw new LedgerError(
          'not-finished',
          `申请销号前，请先把本单位的完成状态填为“已完成”并提交（现为“${own || '未填写'}”）。Report the task 已完成 first.`,
        );
      const evidence = (await this.store.evidence({ taskId: task.id })).filter((e) => closers(task).includes(e.unit));
      if (evidence.length === 0)
        throw new LedgerError(
          'evidence-required',
          `申请销号前请先上传佐证材料（文件、会议纪要、整改前后照片、验收报告等）。Attach evidence before requesting closure.`,
        );
      const everyone = task.leadUnits.every((u) => u === unit);
      const id = await this.store.closures.add({
        taskId: task.id,
        by: unit,
        note,
        confirmations: [unit],
        state: everyone ? '待审核' : '待确认',
      });
      return this.view((await this.store.closures.list({ id }))[0]!);
    });
  }

  private async active(id: number): Promise<{ row: ClosureRow; task: TaskRef }> {
    const row = (await this.store.closures.list({ id }))[0];
    const task = row && (await this.ledger.taskRefs()).find((t) => t.id === row.task_id);
    if (!row || !task) throw new LedgerError('not-found', `没有编号为${id}的销号申请。No such request.`);
    if (!ACTIVE.includes(row.state))
      throw new LedgerError('closure-state', `这份销号申请已${row.state}，不能再办理。The request is settled.`);
    return { row, task };
  }

  async confirm(id: number, actor: Actor): Promise<Closure> {
    return this.store.transaction(async () => {
      const { row, task } = await this.active(id);
      allowed('confirmClosure', task, actor, '只有任务的牵头单位可以确认销号申请。Only a lead unit confirms.');
      const unit = actorName(actor);
      const waiting = (await this.view(row)).waitingFor;
      if (!waiting.includes(unit)) throw new LedgerError('closure-state', `${unit}已确认过。Already confirmed.`);
      await this.store.closures.confirm(id, unit, waiting.length === 1 ? '待审核' : '待确认');
      return this.view((await this.store.closures.list({ id }))[0]!);
    });
  }

  /** The office approves: the task's status becomes 已销号 through the one write path, with who and when. */
  async approve(id: number, actor: Actor): Promise<Closure> {
    if (!mayTakePart('decideClosure', actor)) throw new LedgerError('forbidden', DECIDES);
    return this.store.transaction(async () => {
      const { row, task } = await this.active(id);
      allowed('decideClosure', task, actor, DECIDES);
      if (row.state !== '待审核')
        throw new LedgerError(
          'closure-state',
          `还有牵头单位没有确认：${(await this.view(row)).waitingFor.join('、')}。Lead units have yet to confirm.`,
        );
      const outcome = await this.ledger.write(
        {
          actor,
          baseRevision: await this.ledger.revision(),
          rows: [{ taskId: task.id, values: { status: '已销号' } }],
        },
        'closure',
      );
      const refused = outcome.result.rejected[0];
      if (refused) throw new LedgerError('value-refused', refused.reason);
      await this.store.closures.decide(id, '已销号', actorName(actor), '');
      return this.view((await this.store.closures.list({ id }))[0]!);
    });
  }

  async giveBack(id: number, actor: Actor, reason: string): Promise<Closure> {
    if (!mayTakePart('decideClosure', actor)) throw new LedgerError('forbidden', DECIDES);
    return this.store.transaction(async () => {
      const { task } = await this.active(id);
      allowed('decideClosure', task, actor, DECIDES);
      await this.store.closures.decide(id, '已退回', actorName(actor), reason);
      return this.view((await this.store.closures.list({ id }))[0]!);
    });
  }
}
