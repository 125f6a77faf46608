/**
 * Supervision that runs itself, on the ledger's own judgement of deadlines: 预警 per task and
 * milestone (core/alerts.ts) shown where each reader looks and sent once a day to the group bot;
 * 督办单 issued by the office, signed for and answered by the task's units, closed or returned;
 * 领导批示 recorded on a task. Each record is the county's (SupervisionStore), in every process.
 */
import { type Alert, type AlertTask, alertsOn, alertWords, type WorkCalendar } from '../../core/alerts.ts';
import { parseDeadline } from '../../core/deadline.ts';
import type { SupervisionState } from '../../core/supervision.ts';
import { actorName, type Actor, mayOnTask, type TaskUnits } from '../../core/policy.ts';
import { now } from '../clock.ts';
import { LedgerError } from '../errors.ts';
import { CHINA_CALENDAR } from '../integrations/work-calendar.ts';
import { SupervisionStore, type SupervisionEntry } from '../store/supervision-store.ts';
import type { County } from './county.ts';
import type { Ledger, LedgerState, TaskView } from './ledger.ts';
import { readSettings } from './settings.ts';

export interface TrailStep {
  action: '下发' | '签收' | '回复' | '退回' | '办结';
  by: string;
  at: string;
  text?: string;
}

export interface Supervision {
  id: number;
  /** 督办〔2026〕第3号 */
  title: string;
  no: number;
  level: string;
  problem: string;
  demand: string;
  replyDays: number;
  replyBy: string;
  signBy: string;
  state: SupervisionState;
  issuedBy: string;
  issuedAt: string;
  trail: TrailStep[];
  /** Not signed for by its day, or not answered by its deadline, as of the judging date. */
  late: '' | '未按时签收' | '未按时回复';
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The date `count` working days after `from`. */
export function workdaysAfter(from: string, count: number, calendar: WorkCalendar): string {
  let day = from;
  for (let left = count; left > 0; ) {
    day = addDays(day, 1);
    if (calendar.isWorkday(day)) left--;
  }
  return day;
}

/** Each step of a 督办单: who takes it, from which states, and the state it leaves. */
const MOVES: Record<
  Exclude<TrailStep['action'], '下发'>,
  { from: SupervisionState[]; to: SupervisionState; by: 'unit' | 'office' }
> = {
  签收: { from: ['待签收'], to: '待回复', by: 'unit' },
  回复: { from: ['待回复'], to: '已回复', by: 'unit' },
  退回: { from: ['已回复'], to: '待回复', by: 'office' },
  办结: { from: ['已回复', '待回复'], to: '已办结', by: 'office' },
};

export class SupervisionDesk {
  readonly store: SupervisionStore;

  constructor(
    private readonly county: County,
    private readonly calendar: WorkCalendar = CHINA_CALENDAR,
  ) {
    this.store = new SupervisionStore(county.store.db);
  }

  private alertTasks(views: TaskView[]): AlertTask[] {
    return views.map((v) => ({
      id: v.id,
      no: v.no,
      problem: v.problem,
      deadline: parseDeadline(v.deadline),
      status: v.status,
      leadUnits: v.leadUnitNames,
      units: v.responsibleUnitNames,
      leaders: this.county.registry.splitLeaders(v.leaders),
    }));
  }

  private async rules() {
    const settings = await readSettings(this.county.store);
    return {
      warnBefore: [settings.alertFirst, settings.alertSecond],
      overdueEvery: settings.alertOverdueEvery,
      digestHour: settings.alertDigestHour,
    };
  }

  /** What `today` raises and what stands, on a ledger; a unit sees its own tasks only. */
  async alerts(ledger: Ledger, today: string, reader: Actor) {
    const rules = await this.rules();
    const on = alertsOn(this.alertTasks(await ledger.taskViews({ kind: 'office' })), today, rules, this.calendar);
    const mine = (a: Alert) => reader.kind !== 'unit' || [...a.leadUnits, ...a.units].includes(reader.unit);
    const supervisions = (await this.list(ledger, today, reader)).filter((s) => s.late);
    return {
      raised: on.raised.filter(mine),
      standing: on.standing.filter(mine),
      supervisions,
      rules,
    };
  }

  /**
   * What the consolidated workbook prints of supervision, for the ledger as `state` holds it
   * (now, or as a round closed): the 预警 standing on its judging date, the 督办单 and the 批示
   * recorded by then.
   */
  async summaryOf(ledger: Ledger, state: LedgerState) {
    const until = state.round?.closedAt ?? '9999';
    const standing = alertsOn(this.alertTasks(state.views), state.judgedOn, await this.rules(), this.calendar).standing;
    return {
      alerts: standing,
      supervisions: (await this.list(ledger, state.judgedOn, { kind: 'office' })).filter((s) => s.issuedAt <= until),
      instructions: (await this.instructions(ledger, { kind: 'office' })).filter((i) => i.at <= until),
      interviews: (await this.interviews(ledger, { kind: 'office' })).filter((i) => i.at <= until),
    };
  }

  /**
   * Today's digest: each alert claimed for the day (once, across every process), then the new
   * ones sent in one message, @-mentioning the units' contacts and the leaders by phone.
   */
  async sendDigest(ledgers: Ledger[], today: string, post: (text: string, mobiles: string[]) => Promise<string>) {
    const sentAt = now();
    const raised: { alert: Alert; ledger: Ledger }[] = [];
    const late: { notice: Supervision; units: string[]; ledger: Ledger }[] = [];
    for (const ledger of ledgers) {
      const on = await this.alerts(ledger, today, { kind: 'office' });
      for (const alert of on.raised) raised.push({ alert, ledger });
      const refs = await ledger.taskRefs();
      for (const notice of on.supervisions) {
        const task = refs.find((t) => t.no === notice.no);
        late.push({ notice, units: task ? [...task.leadUnits, ...task.units] : [], ledger });
      }
    }
    // Claimed in one transaction: a second process sending the same day waits on the first's
    // rows, then finds them claimed, so the day goes out as one message. A late 督办单 is its
    // own alert, keyed by its number.
    const claim = (ledger: Ledger, taskId: string, no: number, key: string, level: number, told: object) =>
      this.store.claimAlert({
        ledger_id: ledger.ledgerId,
        task_id: taskId,
        no,
        milestone: key,
        level,
        day: today,
        told: JSON.stringify(told),
        sent_at: sentAt,
      });
    const [fresh, freshLate] = await this.store.transaction(async () => {
      const alerts: typeof raised = [];
      for (const item of raised) {
        const { alert, ledger } = item;
        const told = { units: [...alert.leadUnits, ...alert.units], office: alert.office, leaders: alert.leaders };
        if (await claim(ledger, alert.taskId, alert.no, alert.milestone, alert.level, told)) alerts.push(item);
      }
      const notices: typeof late = [];
      for (const item of late) {
        const { notice, units, ledger } = item;
        const taskId = (await this.store.supervision(notice.id))?.task_id ?? '';
        if (await claim(ledger, taskId, notice.no, notice.title, 3, { units, office: true, leaders: [] }))
          notices.push(item);
      }
      return [alerts, notices] as const;
    });
    const count = fresh.length + freshLate.length;
    if (count === 0) return { sent: 0, outcome: '今天的预警已发送过，或今天没有新的预警。' };
    const mobiles = new Set<string>();
    const reporters = new Map<Ledger, Map<string, { phone: string }>>();
    const tell = async (ledger: Ledger, units: string[]) => {
      if (!reporters.has(ledger)) reporters.set(ledger, await ledger.lastReporters());
      for (const unit of units) {
        const phone = reporters.get(ledger)!.get(unit)?.phone;
        if (phone) mobiles.add(phone);
      }
    };
    const lines = [`【整改预警】${today}，共${count}条：`];
    for (const { alert, ledger } of fresh) {
      await tell(ledger, [...alert.leadUnits, ...alert.units]);
      const leaders = alert.leaders.map((name) => {
        const phone = this.county.registry.data.leaders.find((l) => l.name === name)?.phone;
        if (phone) mobiles.add(phone);
        return phone ? `${name}（@${phone}）` : name;
      });
      lines.push(
        `${alertWords(alert)} ${alert.problem.slice(0, 30)}；牵头：${alert.leadUnits.join('、') || '—'}` +
          (alert.office ? '；请办公室跟进' : '') +
          (leaders.length ? `；责任领导：${leaders.join('、')}` : ''),
      );
    }
    for (const { notice, units, ledger } of freshLate) {
      await tell(ledger, units);
      lines.push(`【督办${notice.late}】${notice.title}（序号${notice.no}，${notice.state}）：${units.join('、')}`);
    }
    const outcome = await post(lines.join('\n'), [...mobiles]);
    await this.store.setAlertOutcome(today, sentAt, outcome);
    return { sent: count, outcome };
  }

  private async taskOf(ledger: Ledger, no: number) {
    const task = (await ledger.taskRefs()).find((t) => t.no === no);
    if (!task) throw new LedgerError('not-found', `没有序号为${no}的任务。No such task.`);
    return task;
  }

  /** The office issues a 督办通知单 on a task not yet closed off. */
  async issue(
    ledger: Ledger,
    no: number,
    input: { level: string; demand: string; replyDays: number },
    today: string,
    by: Actor,
  ): Promise<Supervision> {
    const task = await this.taskOf(ledger, no);
    const view = (await ledger.taskViews({ kind: 'office' })).find((v) => v.id === task.id)!;
    if (view.status.trim() === '已销号')
      throw new LedgerError('task-closed', `任务${no}已销号，不再督办。Task ${no} is closed off.`);
    const year = Number(today.slice(0, 4));
    const id = await this.store.transaction(async () =>
      this.store.addSupervision({
        year,
        number: await this.store.nextSupervisionNumber(year),
        ledger_id: ledger.ledgerId,
        task_id: task.id,
        level: input.level,
        problem: view.problem,
        demand: input.demand,
        reply_days: input.replyDays,
        sign_by: workdaysAfter(today, 1, this.calendar),
        reply_by: workdaysAfter(today, input.replyDays, this.calendar),
        issued_by: actorName(by),
        issued_at: now(),
        state: '待签收',
        trail: JSON.stringify([{ action: '下发', by: actorName(by), at: now(), text: input.demand }]),
      }),
    );
    return (await this.one(ledger, id, today, by)).supervision;
  }

  private shape(row: SupervisionEntry, task: { no: number }, today: string): Supervision {
    const trail = JSON.parse(row.trail) as TrailStep[];
    const signBy = row.sign_by;
    const state = row.state as SupervisionState;
    const late =
      state === '待签收' && today > signBy
        ? '未按时签收'
        : (state === '待签收' || state === '待回复') && today > row.reply_by
          ? '未按时回复'
          : '';
    return {
      id: row.id,
      title: `督办〔${row.year}〕第${row.number}号`,
      no: task.no,
      level: row.level,
      problem: row.problem,
      demand: row.demand,
      replyDays: row.reply_days,
      replyBy: row.reply_by,
      signBy,
      state,
      issuedBy: row.issued_by,
      issuedAt: row.issued_at,
      trail,
      late,
    };
  }

  /** The ledger's 督办单; a unit sees those on its own tasks. */
  async list(ledger: Ledger, today: string, reader: Actor): Promise<Supervision[]> {
    const refs = await ledger.taskRefs();
    return (await this.store.supervisions(ledger.ledgerId)).flatMap((row) => {
      const task = refs.find((t) => t.id === row.task_id);
      if (!task || (reader.kind === 'unit' && !mayOnTask('answerSupervision', task, reader))) return [];
      return [this.shape(row, task, today)];
    });
  }

  private async one(ledger: Ledger, id: number, today: string, reader: Actor) {
    const row = await this.store.supervision(id);
    const task =
      row && row.ledger_id === ledger.ledgerId && (await ledger.taskRefs()).find((t) => t.id === row.task_id);
    if (!row || !task) throw new LedgerError('not-found', `没有编号为${id}的督办单。No such supervision notice.`);
    if (reader.kind === 'unit' && !mayOnTask('answerSupervision', task, reader))
      throw new LedgerError('forbidden', '只能签收和回复本单位任务的督办单。Not a notice to this unit.');
    return { row, task: task as TaskUnits & { no: number }, supervision: this.shape(row, task, today) };
  }

  async read(ledger: Ledger, id: number, today: string, reader: Actor) {
    return (await this.one(ledger, id, today, reader)).supervision;
  }

  /** One step of a 督办单 (MOVES), by a unit of the task or the office. */
  async step(
    ledger: Ledger,
    id: number,
    step: keyof typeof MOVES,
    text: string,
    today: string,
    by: Actor,
  ): Promise<Supervision> {
    const move = MOVES[step];
    if ((by.kind === 'unit') !== (move.by === 'unit'))
      throw new LedgerError(
        'forbidden',
        move.by === 'unit' ? `${step}由任务的单位办理。` : `${step}由办公室办理。Office only.`,
      );
    return this.store.transaction(async () => {
      const { row } = await this.one(ledger, id, today, by);
      const state = row.state as SupervisionState;
      if (!move.from.includes(state))
        throw new LedgerError(
          'supervision-state',
          `这份督办单现在是“${state}”，不能${step}${state === '待签收' ? '：请先签收' : ''}。Not in a state to ${step}.`,
        );
      const trail = [...(JSON.parse(row.trail) as TrailStep[]), { action: step, by: actorName(by), at: now(), text }];
      await this.store.updateSupervision(id, move.to, JSON.stringify(trail));
      return (await this.one(ledger, id, today, by)).supervision;
    });
  }

  async instruct(ledger: Ledger, no: number, input: { leader: string; date: string; text: string }, by: Actor) {
    const task = await this.taskOf(ledger, no);
    await this.store.addInstruction({
      ledger_id: ledger.ledgerId,
      task_id: task.id,
      leader: input.leader,
      date: input.date,
      text: input.text,
      recorded_by: actorName(by),
      recorded_at: now(),
    });
  }

  /** The ledger's 批示, each with its task's number; a unit sees those on its own tasks. */
  async instructions(ledger: Ledger, reader: Actor) {
    const refs = await ledger.taskRefs();
    return (await this.store.instructions(ledger.ledgerId)).flatMap((row) => {
      const task = refs.find((t) => t.id === row.task_id);
      if (!task || (reader.kind === 'unit' && !mayOnTask('answerSupervision', task, reader))) return [];
      return [
        {
          id: row.id,
          no: task.no,
          leader: row.leader,
          date: row.date,
          text: row.text,
          by: row.recorded_by,
          at: row.recorded_at,
        },
      ];
    });
  }

  /** 约谈: the office records that a unit's leader was summoned over a task it answers for. */
  async interview(
    ledger: Ledger,
    no: number,
    input: { unit: string; person: string; date: string; outcome: string },
    by: Actor,
  ) {
    const task = await this.taskOf(ledger, no);
    const unit = this.county.registry.resolve(input.unit.trim());
    const name = unit.kind === 'unit' ? unit.canonical : input.unit.trim();
    if (!mayOnTask('answerSupervision', task, { kind: 'unit', unit: name }))
      throw new LedgerError(
        'bad-request',
        `“${input.unit}”不是任务${no}的牵头或责任单位，不能就这项任务约谈。Not a unit of task ${no}.`,
      );
    await this.store.addInterview({
      ledger_id: ledger.ledgerId,
      task_id: task.id,
      unit: name,
      person: input.person,
      date: input.date,
      outcome: input.outcome,
      recorded_by: actorName(by),
      recorded_at: now(),
    });
  }

  /** The ledger's 约谈; a unit sees its own. */
  async interviews(ledger: Ledger, reader: Actor) {
    const refs = await ledger.taskRefs();
    return (await this.store.interviews(ledger.ledgerId)).flatMap((row) => {
      const task = refs.find((t) => t.id === row.task_id);
      if (!task || (reader.kind === 'unit' && reader.unit !== row.unit)) return [];
      const { unit, person, date, outcome } = row;
      return [{ id: row.id, no: task.no, unit, person, date, outcome, by: row.recorded_by, at: row.recorded_at }];
    });
  }
}
