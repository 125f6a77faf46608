/**
 * 通报 scoring: each unit's points in a round follow from the ledger's own records under a rule
 * table the office edits; the office may add or deduct points with a reason. A task's points go
 * to the units that answer for it (its lead units, else its responsible units). Ranked with ties
 * (1, 2, 2, 4), departments and townships apart when the office wants.
 */

export const SCORE_ITEMS = {
  onTime: { label: '按时报送', points: 2, unit: '' },
  late: { label: '迟报', points: -1, unit: '' },
  missing: { label: '未报', points: -3, unit: '' },
  overdue: { label: '逾期未完成任务', points: -2, unit: '项' },
  closed: { label: '审核销号', points: 3, unit: '项' },
  supervisionLate: { label: '督办单未按时签收或回复', points: -2, unit: '份' },
  closureReturned: { label: '销号申请被退回', points: -1, unit: '次' },
} as const;
export type ScoreItem = keyof typeof SCORE_ITEMS;
export const SCORE_ITEM_KEYS = Object.keys(SCORE_ITEMS) as ScoreItem[];

/** 逾期未完成任务（每项）: a rule as the rule table names it. */
export const itemName = (item: ScoreItem) =>
  `${SCORE_ITEMS[item].label}${SCORE_ITEMS[item].unit ? `（每${SCORE_ITEMS[item].unit}）` : ''}`;

/** The most points one rule may give or take. */
export const POINTS_LIMIT = 20;

export interface ScoringRules {
  points: Record<ScoreItem, number>;
  /** Departments and townships (the roster's kinds) ranked apart. */
  byKind: boolean;
}

export const DEFAULT_SCORING: ScoringRules = {
  points: Object.fromEntries(SCORE_ITEM_KEYS.map((k) => [k, SCORE_ITEMS[k].points])) as Record<ScoreItem, number>,
  byKind: false,
};

/** Stored rules over the defaults: a value that is not a whole number within the limit is the default. */
export function scoringFrom(saved: unknown): ScoringRules {
  const out: ScoringRules = { points: { ...DEFAULT_SCORING.points }, byKind: false };
  if (typeof saved !== 'object' || saved === null) return out;
  const { points, byKind } = saved as { points?: Record<string, unknown>; byKind?: unknown };
  for (const key of SCORE_ITEM_KEYS) {
    const value = points?.[key];
    if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= POINTS_LIMIT)
      out.points[key] = value;
  }
  out.byKind = byKind === true;
  return out;
}

export const signed = (points: number) => (points > 0 ? `+${points}` : points < 0 ? `−${-points}` : '0');

/** 按时报送+2；迟报−1；…: the rule table in one line, as the county's log and the 通报 say it. */
export const rulesText = (rules: ScoringRules) =>
  SCORE_ITEM_KEYS.map((k) => `${itemName(k)}${signed(rules.points[k])}`).join('；') +
  (rules.byKind ? '；部门和乡镇分别排名' : '');

const REPORTING: ScoreItem[] = ['onTime', 'late', 'missing'];
const COUNTED: ScoreItem[] = ['overdue', 'closed', 'supervisionLate', 'closureReturned'];

/** The formula beneath a ranking. */
export const formulaText = (rules: ScoringRules) =>
  `得分 = 报送情况（${REPORTING.map((k) => `${SCORE_ITEMS[k].label}${signed(rules.points[k])}`).join('，')}）` +
  ` + ${COUNTED.map((k) => `${SCORE_ITEMS[k].label}数×${signed(rules.points[k])}`).join(' + ')} + 办公室加减分。` +
  '任务的分值计入其牵头单位（无牵头单位的计入责任单位）。';

/** The two rankings a county keeps apart: townships, and departments (every other kind). */
export const scoreGroup = (kind: string) => (kind === 'township' ? '乡镇' : '部门');

/** What the ledger's records say of a unit in a round. */
export interface UnitFacts {
  unit: string;
  /** 部门 or 乡镇 (scoreGroup). */
  kind: string;
  reporting: 'onTime' | 'late' | 'missing';
  /** Task numbers overdue on the judging date. */
  overdue: number[];
  /** Task numbers closed off in the round. */
  closed: number[];
  /** 督办单 titles signed for or answered late in the round. */
  supervisionLate: string[];
  /** Task numbers whose 销号 request was returned in the round. */
  closureReturned: number[];
}

export interface ScoreAdjustment {
  unit: string;
  points: number;
  reason: string;
  by: string;
  at: string;
}

/** One line of a unit's points: the rule, how often it applied, the points it gave, and on what. */
export interface ScoreReason {
  item: ScoreItem | 'adjustment';
  label: string;
  count: number;
  points: number;
  detail: string;
}

export interface UnitScore {
  unit: string;
  kind: string;
  score: number;
  rank: number;
  reasons: ScoreReason[];
}

const numbers = (nos: number[]) => (nos.length ? `序号${nos.join('、')}` : '');

function reasonsOf(facts: UnitFacts, rules: ScoringRules, adjustments: ScoreAdjustment[]): ScoreReason[] {
  const line = (item: ScoreItem, count: number, detail: string): ScoreReason => ({
    item,
    label: SCORE_ITEMS[item].label,
    count,
    points: count * rules.points[item],
    detail,
  });
  return [
    line(facts.reporting, 1, ''),
    line('overdue', facts.overdue.length, numbers(facts.overdue)),
    line('closed', facts.closed.length, numbers(facts.closed)),
    line('supervisionLate', facts.supervisionLate.length, facts.supervisionLate.join('、')),
    line('closureReturned', facts.closureReturned.length, numbers(facts.closureReturned)),
    ...adjustments.map((a) => ({
      item: 'adjustment' as const,
      label: '办公室加减分',
      count: 1,
      points: a.points,
      detail: `${a.reason}（${a.by}，${a.at.slice(0, 10)}）`,
    })),
  ].filter((r) => r.count > 0);
}

/** Each unit's score and reasons, ranked best first (within its kind when the rules say so). */
export function scoreUnits(facts: UnitFacts[], rules: ScoringRules, adjustments: ScoreAdjustment[]): UnitScore[] {
  const scored = facts.map((f) => {
    const reasons = reasonsOf(
      f,
      rules,
      adjustments.filter((a) => a.unit === f.unit),
    );
    return { unit: f.unit, kind: f.kind, score: reasons.reduce((sum, r) => sum + r.points, 0), rank: 0, reasons };
  });
  const group = (s: UnitScore) => (rules.byKind ? s.kind : '');
  scored.sort(
    (a, b) => group(a).localeCompare(group(b), 'zh') || b.score - a.score || a.unit.localeCompare(b.unit, 'zh'),
  );
  scored.forEach((s, i) => {
    const before = scored[i - 1];
    s.rank = before && group(before) === group(s) ? (before.score === s.score ? before.rank : countIn(i) + 1) : 1;
  });
  return scored;

  function countIn(i: number) {
    return scored.slice(0, i).filter((s) => group(s) === group(scored[i]!)).length;
  }
}
