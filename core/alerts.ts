/**
 * 预警: three levels around each milestone of a task not yet done, judged in working days on
 * the county's calendar (调休 included: the calendar is handed in). Level 1 临期 on the days
 * `warnBefore` working days ahead; level 2 到期 on the day; level 3 逾期 on the first working day
 * after, and again every `overdueEvery` working days while it stays so. Who is told grows with
 * the level: the task's units, then the office, then its 责任领导. Ongoing and finished tasks
 * raise none, as the overdue judgement (overdue.ts) says.
 */
import type { Deadline, IsoDate } from './deadline.ts';
import { memo } from './memo.ts';
import { isFinished } from './status.ts';

export type AlertLevel = 1 | 2 | 3;
export const LEVEL_NAMES: Record<AlertLevel, string> = { 1: '临期', 2: '到期', 3: '逾期' };

export interface AlertRules {
  /** Working days before a milestone on which level 1 is raised (7 and 3 by default). */
  warnBefore: number[];
  /** Level 3 again every this many working days (5 by default). */
  overdueEvery: number;
}

export interface WorkCalendar {
  isWorkday(date: IsoDate): boolean;
}

export interface AlertTask {
  id: string;
  no: number;
  problem: string;
  deadline: Deadline;
  status: string;
  leadUnits: string[];
  units: string[];
  leaders: string[];
}

export interface Alert {
  taskId: string;
  no: number;
  problem: string;
  /** The milestone's date and its words. */
  milestone: IsoDate;
  wording: string;
  level: AlertLevel;
  /** Working days to the milestone (level 1), or past it (level 3); 0 on the day. */
  workdays: number;
  leadUnits: string[];
  units: string[];
  /** Told at level 2 and 3. */
  office: boolean;
  /** Told at level 3. */
  leaders: string[];
}

const addDays = (date: IsoDate, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Counts working days between the dates it is asked about (from < to). */
type Between = (from: IsoDate, to: IsoDate) => number;

/**
 * Working days after `from` up to and including `to`, for the dates of one pass: the calendar is
 * walked once, from the earliest date to the latest, keeping a running count at each date asked
 * about (a year's overdue tasks would otherwise walk the same years once each).
 */
function workdayCounter(dates: IsoDate[], calendar: WorkCalendar): Between {
  const wanted = [...new Set(dates)].sort();
  const running = new Map<IsoDate, number>();
  let count = 0;
  let day = wanted[0];
  for (const date of wanted) {
    for (; day !== undefined && day < date; ) {
      day = addDays(day, 1);
      if (calendar.isWorkday(day)) count++;
    }
    running.set(date, count);
  }
  return (from, to) => running.get(to)! - running.get(from)!;
}

/**
 * The level a milestone stands at on `today`, raised or not: what the dashboard and the unit's
 * page show. Level 1 covers the days up to the furthest warning.
 */
function standing(
  milestone: IsoDate,
  today: IsoDate,
  rules: AlertRules,
  between: Between,
): { level: AlertLevel; workdays: number } | undefined {
  if (today === milestone) return { level: 2, workdays: 0 };
  if (today > milestone) return { level: 3, workdays: between(milestone, today) };
  // Far-off milestones are not counted day by day: a year's plan has most of them months away.
  const furthest = Math.max(0, ...rules.warnBefore);
  if (Date.parse(milestone) - Date.parse(today) > (furthest * 2 + 30) * 86_400_000) return undefined;
  const ahead = between(today, milestone);
  return ahead <= furthest ? { level: 1, workdays: ahead } : undefined;
}

/** Whether a standing level is raised (told) on `today`, rather than only shown. */
function raisedToday(level: AlertLevel, workdays: number, today: IsoDate, rules: AlertRules, cal: WorkCalendar) {
  if (level === 2) return true;
  if (!cal.isWorkday(today)) return false;
  if (level === 1) return rules.warnBefore.includes(workdays);
  return workdays >= 1 && (workdays - 1) % Math.max(1, rules.overdueEvery) === 0;
}

export interface AlertsOn {
  /** Raised on the day: what the digest tells. */
  raised: Alert[];
  /** Every milestone at a level on the day, raised or not: what pages show. */
  standing: Alert[];
}

export function alertsOn(tasks: AlertTask[], today: IsoDate, rules: AlertRules, calendar: WorkCalendar): AlertsOn {
  const out: AlertsOn = { raised: [], standing: [] };
  const judged = tasks.filter((t) => t.deadline.kind === 'dated' && !isFinished(t.status.trim()));
  const dates = judged.flatMap((t) => (t.deadline.kind === 'dated' ? t.deadline.milestones.map((m) => m.date) : []));
  const between = workdayCounter([today, ...dates], calendar);
  // Tasks share deadlines: each milestone date is judged once in a pass.
  const judge = memo((date) => standing(date, today, rules, between));
  for (const task of judged) {
    if (task.deadline.kind !== 'dated') continue;
    for (const m of task.deadline.milestones) {
      const at = judge(m.date);
      if (!at) continue;
      const alert: Alert = {
        taskId: task.id,
        no: task.no,
        problem: task.problem,
        milestone: m.date,
        wording: m.wording,
        level: at.level,
        workdays: at.workdays,
        leadUnits: task.leadUnits,
        units: task.units,
        office: at.level >= 2,
        leaders: at.level === 3 ? task.leaders : [],
      };
      out.standing.push(alert);
      if (raisedToday(at.level, at.workdays, today, rules, calendar)) out.raised.push(alert);
    }
  }
  const order = (a: Alert, b: Alert) => b.level - a.level || a.no - b.no || a.milestone.localeCompare(b.milestone);
  out.raised.sort(order);
  out.standing.sort(order);
  return out;
}

/** An alert in words: 【逾期】序号7（时限2019-08-31，已逾期3个工作日）. */
export function alertWords(alert: Alert): string {
  const when =
    alert.level === 1
      ? `还有${alert.workdays}个工作日`
      : alert.level === 2
        ? '今天到期'
        : `已逾期${alert.workdays}个工作日`;
  return `【${LEVEL_NAMES[alert.level]}】序号${alert.no}（时限${alert.milestone}，${when}）`;
}
