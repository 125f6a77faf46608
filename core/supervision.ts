/** 督办单 as the office and the units speak of them: its levels, and the states it passes through. */
export const SUPERVISION_LEVELS = ['红', '橙', '黄', '挂牌', '重点', '一般'] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];
export type SupervisionState = '待签收' | '待回复' | '已回复' | '已办结';

export const isSupervisionLevel = (text: string): text is SupervisionLevel =>
  (SUPERVISION_LEVELS as readonly string[]).includes(text);
