/**
 * 整改情况报告: what the round's report says, as data: the summary figures, each unit's
 * reporting, the overdue tasks with their reasons, and the tasks by status. A document writer
 * lays it out.
 */
import { colourOf } from './colour.ts';
import type { IsoDate } from './deadline.ts';
import type { RoundState } from './round.ts';
import { STATUSES } from './status.ts';

export interface ReportTask {
  no: number;
  problem: string;
  deadline: string;
  status: string;
  progress: string;
  leadUnits: string[];
  units: string[];
  unreported?: boolean;
}

export interface ReportInput {
  title: string;
  period: string;
  deadline: string;
  judgedOn: IsoDate;
  tasks: ReportTask[];
  /** Every round up to this one, this one last: each unit's state in it. */
  rounds: { period: string; units: { name: string; state: RoundState }[] }[];
  /** Tasks the office closed off during this round. */
  closedThisRound: number[];
  /** Conflicts waiting on the office when the report is judged: each a cell two sides wrote. */
  openConflicts: number;
}

export interface Report {
  title: string;
  subtitle: string;
  summary: string[];
  units: { unit: string; state: RoundState; onTime: number; rounds: number; rate: string }[];
  overdue: { no: number; problem: string; units: string; reason: string }[];
  byStatus: { status: string; tasks: ReportTask[] }[];
}

const percent = (part: number, whole: number) => (whole ? `${Math.round((1000 * part) / whole) / 10}%` : '—');

/** The first words of a long text, for a table cell. */
export const brief = (text: string, length: number) =>
  text.length > length ? `${text.slice(0, length).trimEnd()}……` : text;

export function roundReport(input: ReportInput): Report {
  const statusOf = (t: ReportTask) => ((STATUSES as readonly string[]).includes(t.status) ? t.status : '未填报');
  const order = [...STATUSES, '未填报'];
  const byStatus = order
    .map((status) => ({ status, tasks: input.tasks.filter((t) => statusOf(t) === status) }))
    .filter((g) => g.tasks.length > 0);
  const overdue = input.tasks.flatMap((t) => {
    const c = colourOf(t, input.judgedOn);
    return c.colour === 'overdue'
      ? [
          {
            no: t.no,
            problem: t.problem,
            units: (t.leadUnits.length ? t.leadUnits : t.units).join('、'),
            reason: c.reason,
          },
        ]
      : [];
  });
  const current = input.rounds.at(-1)?.units ?? [];
  const units = current.map((u) => {
    const states = input.rounds.flatMap((r) => r.units.filter((x) => x.name === u.name).map((x) => x.state));
    const onTime = states.filter((s) => s === '已报').length;
    return { unit: u.name, state: u.state, onTime, rounds: states.length, rate: percent(onTime, states.length) };
  });
  const count = (state: RoundState) => current.filter((u) => u.state === state).length;
  const counts = byStatus.map((g) => `${g.status}${g.tasks.length}项`).join('，');
  return {
    title: `${input.title}${input.period}整改情况报告`,
    subtitle: `（报送截止${input.deadline}，按${input.judgedOn}判定）`,
    summary: [
      `共有整改任务${input.tasks.length}项，其中${counts}。`,
      `已逾期未完成${overdue.length}项；本轮审核销号${input.closedThisRound.length}项` +
        `${input.closedThisRound.length ? `（序号${input.closedThisRound.join('、')}）` : ''}。`,
      `本轮应报送单位${current.length}个，按时报送${count('已报')}个，迟报${count('迟报')}个，` +
        `未报${count('未报')}个，只有待裁定内容${count('有冲突')}个，报送无采用${count('已报无采用')}个；` +
        `按时报送率${percent(count('已报'), current.length)}。`,
      `有冲突待裁定${input.openConflicts}处。`,
    ],
    units,
    overdue,
    byStatus,
  };
}
