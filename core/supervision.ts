/** 督办单 as the office and the units speak of them: its levels, and the states it passes through. */
export const SUPERVISION_LEVELS = ['红', '橙', '黄', '挂牌', '重点', '一般'] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];
export type SupervisionState = '待签收' | '待回复' | '已回复' | '已办结';

export const isSupervisionLevel = (text: string): text is SupervisionLevel =>
  (SUPERVISION_LEVELS as readonly string[]).includes(text);

/**
 * The deadline a 督办单 missed, if it did, as of `today`: 签收 after its day (or not yet, the day
 * past), else 回复 after its deadline (or not yet). A step the office closed the notice in stops
 * the clock as an answer would. `dayOf` turns a step's instant into the county's date.
 */
export function missedDeadline(
  notice: { signBy: string; replyBy: string; trail: { action: string; at: string }[] },
  today: string,
  dayOf: (at: string) => string,
): string | undefined {
  const first = (...actions: string[]) => notice.trail.find((s) => actions.includes(s.action));
  const dayDone = (...actions: string[]) => {
    const step = first(...actions);
    return step ? dayOf(step.at) : today;
  };
  if (dayDone('签收', '办结') > notice.signBy) return notice.signBy;
  if (dayDone('回复', '办结') > notice.replyBy) return notice.replyBy;
  return undefined;
}
