/**
 * The office above the counties compares them by rates, not counts: 按时报送率, 销号率 and 逾期率
 * weighted into one score out of 100, less points for each 督办单 not answered in time; ranked
 * with ties. The same idea as a county's 通报 rule table, one level up.
 */

export interface CountyFigures {
  county: string;
  tasks: number;
  overdue: number;
  closedOff: number;
  units: number;
  onTime: number;
  lateSupervisions: number;
}

export interface CountyRates {
  /** Overdue tasks over tasks, 0 to 1. */
  overdueRate: number;
  /** Tasks closed off over tasks. */
  closedRate: number;
  /** Units that reported on time over units owing the latest round. */
  onTimeRate: number;
}

export const COUNTY_WEIGHTS = { onTime: 40, closed: 30, notOverdue: 30, lateSupervision: 2 } as const;

export const COUNTY_FORMULA =
  `得分 = 按时报送率×${COUNTY_WEIGHTS.onTime} + 销号率×${COUNTY_WEIGHTS.closed} + （1 − 逾期率）×${COUNTY_WEIGHTS.notOverdue}` +
  ` − 未按时签收或回复的督办单数×${COUNTY_WEIGHTS.lateSupervision}（满分100）`;

const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((1000 * part) / whole) / 1000 : 0);

export function ratesOf(f: CountyFigures): CountyRates {
  return {
    overdueRate: ratio(f.overdue, f.tasks),
    closedRate: ratio(f.closedOff, f.tasks),
    onTimeRate: ratio(f.onTime, f.units),
  };
}

export const percentText = (rate: number) => `${Math.round(rate * 1000) / 10}%`;

/** Each county's score and rank, best first; ties share a rank (1, 1, 3). */
export function rankCounties<T extends CountyFigures>(
  counties: T[],
): (T & CountyRates & { score: number; rank: number })[] {
  const scored = counties.map((c) => {
    const rates = ratesOf(c);
    const score =
      Math.round(
        10 *
          (rates.onTimeRate * COUNTY_WEIGHTS.onTime +
            rates.closedRate * COUNTY_WEIGHTS.closed +
            (1 - rates.overdueRate) * COUNTY_WEIGHTS.notOverdue -
            c.lateSupervisions * COUNTY_WEIGHTS.lateSupervision),
      ) / 10;
    return { ...c, ...rates, score, rank: 0 };
  });
  scored.sort((a, b) => b.score - a.score || a.county.localeCompare(b.county));
  scored.forEach((c, i) => {
    c.rank = i > 0 && scored[i - 1]!.score === c.score ? scored[i - 1]!.rank : i + 1;
  });
  return scored;
}
