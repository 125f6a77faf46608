/**
 * One judgement of a deadline as of a date, for every caller (the colour, the overdue finding,
 * the report, the dashboard): a task not yet done is judged on its first milestone in date order,
 * since none is met while the task is not done.
 */
import { daysBetween, type Deadline, type IsoDate, type Milestone } from './deadline.ts';
import { isFinished } from './status.ts';

export interface Judged {
  milestone: Milestone;
  /** The milestone in words: 时限2019-12-31, or 第1个节点“…”（…，共2个节点）. */
  which: string;
  /** Days from `today` to the milestone: negative once it has passed. */
  days: number;
}

/** The milestone a dated deadline is judged on as of `today`. */
export function judgedMilestone(deadline: Extract<Deadline, { kind: 'dated' }>, today: IsoDate): Judged {
  const milestone = [...deadline.milestones].sort((a, b) => a.date.localeCompare(b.date))[0]!;
  const which =
    deadline.milestones.length > 1
      ? `第1个节点“${milestone.wording}”（${milestone.date}，共${deadline.milestones.length}个节点）`
      : `时限${milestone.date}`;
  return { milestone, which, days: daysBetween(today, milestone.date) };
}

/** The milestone a task not done has passed as of `today`; undefined when it is done or not overdue. */
export function overdueAsOf(deadline: Deadline, status: string, today: IsoDate): Judged | undefined {
  if (deadline.kind !== 'dated' || isFinished(status.trim())) return undefined;
  const judged = judgedMilestone(deadline, today);
  return judged.days < 0 ? judged : undefined;
}
