/**
 * 整改情况报告: what the round's report says, as data: the summary figures, each unit's
 * reporting, the overdue tasks with their reasons, the tasks by status with every unit's words,
 * the problems and the next steps drafted from the same figures, and the signature. A document
 * writer lays it out.
 */
import { colourOf } from './colour.ts';
import { chineseDate, type IsoDate } from './deadline.ts';
import { owes, type RoundState } from './round.ts';
import { STATUSES } from './status.ts';

/** One unit's words on a task this round. */
export interface ReportWords {
  unit: string;
  progress: string;
  /** The unit's cell waits on the office's ruling: what it holds is not the unit's word. */
  inConflict: boolean;
}

export interface ReportTask {
  no: number;
  problem: string;
  deadline: string;
  status: string;
  /** Who answers for the task in the plan's own words: its lead units, else its responsible units. */
  responsible: string;
  /** The office's task-level note first, then lead units, then the other responsible units; only those who wrote. */
  words: ReportWords[];
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
  /** Tasks whose 销号 waits on the office's review. */
  awaitingClosure: number[];
  /** Conflicts waiting on the office when the report is judged: the task of each. */
  openConflicts: { no: number }[];
  /** The office that sends the report (落款); empty when not set. */
  office: string;
  /** 督办单 issued and leaders' 批示 recorded by the report's round. */
  notices?: { title: string; no: number; level: string; state: string; late: string }[];
  instructions?: { no: number; leader: string; date: string; text: string }[];
  interviews?: { no: number; unit: string; person: string; date: string; outcome: string }[];
}

export interface Report {
  title: string;
  subtitle: string;
  summary: string[];
  units: { unit: string; state: RoundState; onTime: number; rounds: number; rate: string }[];
  overdue: { no: number; problem: string; units: string; reason: string }[];
  byStatus: { status: string; tasks: ReportTask[] }[];
  problems: string[];
  nextSteps: string[];
  /** 领导批示, 督办单 and 约谈, a paragraph each; none when there are none. */
  supervision: string[];
  signature: { office: string; date: string };
}

const percent = (part: number, whole: number) => (whole ? `${Math.round((1000 * part) / whole) / 10}%` : '—');

/** The first words of a long text, for a table cell. */
export const brief = (text: string, length: number) =>
  text.length > length ? `${text.slice(0, length).trimEnd()}……` : text;

/** 序号3、5、8 — at most `shown` of them, then 等N项. */
const numbers = (nos: number[], shown = 10) =>
  `序号${nos.slice(0, shown).join('、')}${nos.length > shown ? `等${nos.length}项` : ''}`;

/** The words a task's progress cell of the report prints: each unit's, named, a conflict marked. */
export function wordsText(words: ReportWords[], length: number): string {
  return words
    .map((w) => `${w.unit}：${w.inConflict ? '（有冲突，待办公室裁定）' : brief(w.progress.trim(), length)}`)
    .join('\n');
}

export function roundReport(input: ReportInput): Report {
  const statusOf = (t: ReportTask) => ((STATUSES as readonly string[]).includes(t.status) ? t.status : '未填报');
  const order = [...STATUSES, '未填报'];
  const byStatus = order
    .map((status) => ({ status, tasks: input.tasks.filter((t) => statusOf(t) === status) }))
    .filter((g) => g.tasks.length > 0);
  const overdue = input.tasks.flatMap((t) => {
    const c = colourOf(t, input.judgedOn);
    return c.colour === 'overdue' ? [{ no: t.no, problem: t.problem, units: t.responsible, reason: c.reason }] : [];
  });
  const current = input.rounds.at(-1)?.units ?? [];
  const units = current.map((u) => {
    const states = input.rounds.flatMap((r) => r.units.filter((x) => x.name === u.name).map((x) => x.state));
    const onTime = states.filter((s) => s === '已报').length;
    return { unit: u.name, state: u.state, onTime, rounds: states.length, rate: percent(onTime, states.length) };
  });
  const count = (state: RoundState) => current.filter((u) => u.state === state).length;
  const counts = byStatus.map((g) => `${g.status}${g.tasks.length}项`).join('，');
  const owing = current.filter((u) => owes(u.state)).map((u) => u.name);
  const conflictTasks = [...new Set(input.openConflicts.map((c) => c.no))].sort((a, b) => a - b);
  return {
    title: `${input.title}${input.period}整改情况报告`,
    subtitle: `（报送截止${input.deadline}，按${input.judgedOn}判定）`,
    summary: [
      `共有整改任务${input.tasks.length}项，其中${counts}。`,
      `已逾期未完成${overdue.length}项；本轮审核销号${input.closedThisRound.length}项` +
        `${input.closedThisRound.length ? `（${numbers(input.closedThisRound)}）` : ''}。`,
      `本轮应报送单位${current.length}个，按时报送${count('已报')}个，迟报${count('迟报')}个，` +
        `未报${count('未报')}个，只有待裁定内容${count('有冲突')}个，报送无采用${count('已报无采用')}个；` +
        `按时报送率${percent(count('已报'), current.length)}。`,
      `有冲突待裁定${input.openConflicts.length}处。`,
    ],
    units,
    overdue,
    byStatus,
    ...problemsAndSteps(
      overdue.map((o) => o.no),
      owing,
      conflictTasks,
      input,
    ),
    supervision: [
      ...(input.instructions ?? []).map((i) => `序号${i.no}：${i.leader}同志${chineseDate(i.date)}批示：“${i.text}”`),
      ...(input.notices ?? []).map(
        (n) => `${n.title}（${n.level}，序号${n.no}）：${n.state}${n.late ? `，${n.late}` : ''}。`,
      ),
      ...(input.interviews ?? []).map(
        (i) => `序号${i.no}：${chineseDate(i.date)}约谈${i.unit}${i.person}，${i.outcome}`,
      ),
    ],
    signature: { office: input.office.trim(), date: chineseDate(input.judgedOn) },
  };
}

/** 存在问题 and 下一步工作, drafted from what the figures show; the office edits the document as it sees fit. */
function problemsAndSteps(
  overdue: number[],
  owing: string[],
  conflicts: number[],
  input: ReportInput,
): { problems: string[]; nextSteps: string[] } {
  const problems: string[] = [];
  const nextSteps: string[] = [];
  if (overdue.length) {
    problems.push(`部分任务推进滞后。已过整改时限仍未完成的任务${overdue.length}项（${numbers(overdue)}）。`);
    nextSteps.push(`对逾期的${overdue.length}项任务，督促牵头单位说明原因、提出补救措施和完成时限，逐项跟踪到位。`);
  }
  if (owing.length) {
    const names = owing.slice(0, 10).join('、') + (owing.length > 10 ? `等${owing.length}个单位` : '');
    problems.push(`报送不够及时。本轮有${owing.length}个单位未报送进展：${names}。`);
    nextSteps.push(`对未报单位逐一催报，请其在下一轮报送时一并补报本轮进展。`);
  }
  if (conflicts.length) {
    problems.push(`有${input.openConflicts.length}处填报内容与台账现值不一致，待办公室裁定（${numbers(conflicts)}）。`);
    nextSteps.push('办公室尽快裁定待定内容，并告知相关单位。');
  }
  if (input.awaitingClosure.length) {
    nextSteps.push(
      `对申请销号的${input.awaitingClosure.length}项任务（${numbers(input.awaitingClosure)}）审核佐证材料，符合条件的予以销号。`,
    );
  }
  if (!problems.length) problems.push('本轮各单位均已报送，没有逾期未完成的任务，也没有待裁定的内容。');
  nextSteps.push('继续按月调度整改进展，对已完成的任务巩固成效，防止问题反弹。');
  return { problems, nextSteps };
}
