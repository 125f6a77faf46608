/**
 * 通报: what the month's notice says, as data, from a round's scores: the figures, the units
 * praised (the best, with points to their credit), the units named (未报, 迟报, overdue tasks,
 * late 督办单), the ranking with each unit's points explained, and the rule table beneath.
 */
import {
  itemName,
  SCORE_ITEM_KEYS,
  SCORE_ITEMS,
  type ScoreItem,
  type ScoringRules,
  signed,
  type UnitScore,
} from './scoring.ts';

export interface ScoreNotice {
  title: string;
  subtitle: string;
  summary: string;
  praised: string;
  named: string[];
  ranking: { rank: number; unit: string; kind: string; score: number; reasons: string }[];
  rules: { item: string; points: string }[];
  formula: string;
}

/** How many units a 通报 praises, at most, in each ranking. */
const PRAISED = 3;

const has = (u: UnitScore, item: ScoreItem) => u.reasons.find((r) => r.item === item);

/** 逾期未完成任务2项−4（序号8、11）；…: a unit's points explained in one line. */
export const reasonsText = (u: UnitScore) =>
  u.reasons
    .map((r) => {
      const times = r.item !== 'adjustment' && r.count > 1 ? `${r.count}${SCORE_ITEMS[r.item].unit}` : '';
      return `${r.label}${times}${signed(r.points)}${r.detail ? `（${r.detail}）` : ''}`;
    })
    .join('；');

export function scoreNotice(input: {
  ledgerTitle: string;
  period: string;
  judgedOn: string;
  rules: ScoringRules;
  formula: string;
  units: UnitScore[];
}): ScoreNotice {
  const { units } = input;
  const count = (item: ScoreItem) => units.filter((u) => has(u, item)).length;
  const total = (item: ScoreItem) => units.reduce((n, u) => n + (has(u, item)?.count ?? 0), 0);
  const names = (list: UnitScore[]) => list.map((u) => u.unit).join('、');
  const praised = units.filter((u) => u.rank <= PRAISED && u.score > 0 && !has(u, 'missing') && !has(u, 'late'));
  const withItem = (item: ScoreItem) => units.filter((u) => has(u, item));
  const named = [
    withItem('missing').length ? `本轮未报送进展的单位：${names(withItem('missing'))}。` : '',
    withItem('late').length ? `本轮迟报的单位：${names(withItem('late'))}。` : '',
    withItem('overdue').length
      ? `有逾期未完成任务的单位：${withItem('overdue')
          .map((u) => `${u.unit}（${has(u, 'overdue')!.count}项）`)
          .join('、')}。`
      : '',
    withItem('supervisionLate').length ? `督办单未按时签收或回复的单位：${names(withItem('supervisionLate'))}。` : '',
  ].filter(Boolean);
  return {
    title: `关于${input.period}整改任务推进情况的通报`,
    subtitle: `（${input.ledgerTitle}，按${input.judgedOn}判定）`,
    summary:
      `本轮应报送单位${units.length}个，按时报送${count('onTime')}个，迟报${count('late')}个，未报${count('missing')}个；` +
      `逾期未完成任务${total('overdue')}项次，审核销号${total('closed')}项次，` +
      `督办单未按时签收或回复${total('supervisionLate')}份次，销号申请被退回${total('closureReturned')}次。`,
    praised: praised.length ? `对按时报送、推进有力的${names(praised)}予以通报表扬。` : '本轮没有予以通报表扬的单位。',
    named: named.length ? named : ['本轮各单位均按时报送，没有逾期未完成的任务。'],
    ranking: units.map((u) => ({ rank: u.rank, unit: u.unit, kind: u.kind, score: u.score, reasons: reasonsText(u) })),
    rules: SCORE_ITEM_KEYS.map((k) => ({ item: itemName(k), points: signed(input.rules.points[k]) })),
    formula: input.formula,
  };
}
