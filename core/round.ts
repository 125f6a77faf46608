/**
 * A unit in the monthly round (月报): whether it reported, on time or late, and what became of
 * it. Times are instants (ISO); the deadline is a day in the county's calendar (LEDGER_TZ),
 * counted to its end.
 */
import type { IsoDate } from './deadline.ts';
import { countyDate } from './zone.ts';

export type RoundState = '未报' | '已报' | '迟报' | '有冲突' | '已报无采用';
export const ROUND_STATES: readonly RoundState[] = ['未报', '已报', '迟报', '有冲突', '已报无采用'];

/** One submission of the unit in the round: what the merge did with it. */
export interface RoundReport {
  at: string;
  applied: number;
  conflicts: number;
}

export interface UnitInRound {
  state: RoundState;
  /** The first report that changed the master, which decides on time or late. */
  reportedAt: string | null;
  lastReportAt: string | null;
}

/**
 * 已报 / 迟报 when something the unit sent was taken (on time or after the deadline); 有冲突 when
 * what it sent waits on the office; 已报无采用 when it sent only what the ledger already had or
 * what it may not change; else 未报.
 */
export function unitInRound(reports: RoundReport[], openConflicts: number, deadline: IsoDate | null): UnitInRound {
  const sorted = [...reports].sort((a, b) => a.at.localeCompare(b.at));
  const taken = sorted.find((r) => r.applied > 0);
  const lastReportAt = sorted.at(-1)?.at ?? null;
  if (taken) {
    const late = deadline !== null && countyDate(taken.at) > deadline;
    return { state: late ? '迟报' : '已报', reportedAt: taken.at, lastReportAt };
  }
  if (openConflicts > 0 || sorted.some((r) => r.conflicts > 0))
    return { state: '有冲突', reportedAt: null, lastReportAt };
  if (sorted.length > 0) return { state: '已报无采用', reportedAt: null, lastReportAt };
  return { state: '未报', reportedAt: null, lastReportAt: null };
}

/** Units still owing this round's report: the 催报 list. A unit waiting on a conflict is the office's to do, not on it. */
export const owes = (state: RoundState) => state === '未报';
