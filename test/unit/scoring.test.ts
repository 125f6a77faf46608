/** 通报 scoring's rules: points from the facts, ties ranked alike, kinds ranked apart, a late 督办单 found from its trail. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORING, scoreUnits, scoringFrom, type UnitFacts } from '../../core/scoring.ts';
import { scoreNotice } from '../../core/score-notice.ts';
import { missedDeadline } from '../../core/supervision.ts';

const facts = (unit: string, more: Partial<UnitFacts> = {}): UnitFacts => ({
  unit,
  kind: '部门',
  reporting: 'onTime',
  overdue: [],
  closed: [],
  supervisionLate: [],
  closureReturned: [],
  ...more,
});

describe('scoring units', () => {
  it('adds each rule times how often it applied, and the office adjustments, with the reasons', () => {
    const [unit] = scoreUnits(
      [facts('县水利局', { reporting: 'late', overdue: [3, 5], closed: [7], supervisionLate: ['督办〔2026〕第1号'] })],
      DEFAULT_SCORING,
      [{ unit: '县水利局', points: 2, reason: '主动认领任务', by: '办公室', at: '2026-12-01T01:00:00Z' }],
    );
    // −1 late, 2 × −2 overdue, +3 closed, −2 late notice, +2 adjusted
    expect(unit!.score).toBe(-2);
    expect(unit!.reasons.map((r) => [r.item, r.count, r.points, r.detail])).toEqual([
      ['late', 1, -1, ''],
      ['overdue', 2, -4, '序号3、5'],
      ['closed', 1, 3, '序号7'],
      ['supervisionLate', 1, -2, '督办〔2026〕第1号'],
      ['adjustment', 1, 2, '主动认领任务（办公室，2026-12-01）'],
    ]);
  });

  it('ranks ties alike and the next after them by how many are above (1, 1, 3)', () => {
    const ranked = scoreUnits([facts('乙', { reporting: 'missing' }), facts('甲'), facts('丙')], DEFAULT_SCORING, []);
    expect(ranked.map((u) => [u.unit, u.score, u.rank])).toEqual([
      ['丙', 2, 1],
      ['甲', 2, 1],
      ['乙', -3, 3],
    ]);
  });

  it('ranks departments and townships apart when the rules say so', () => {
    const units = [
      facts('县水利局'),
      facts('城关镇', { kind: '乡镇', closed: [1] }),
      facts('县林业局', { reporting: 'late' }),
    ];
    const apart = scoreUnits(units, { ...DEFAULT_SCORING, byKind: true }, []);
    expect(apart.map((u) => [u.kind, u.unit, u.rank])).toEqual([
      ['部门', '县水利局', 1],
      ['部门', '县林业局', 2],
      ['乡镇', '城关镇', 1],
    ]);
    expect(scoreUnits(units, DEFAULT_SCORING, []).map((u) => u.rank)).toEqual([1, 2, 3]);
  });

  it('takes stored rules within the limit and the defaults for the rest', () => {
    const rules = scoringFrom({ points: { onTime: 5, late: 99, missing: 'x' }, byKind: true });
    expect(rules.points).toMatchObject({ onTime: 5, late: -1, missing: -3 });
    expect(rules.byKind).toBe(true);
  });

  it('praises the best units that reported on time and names the late and the overdue in the 通报', () => {
    const units = scoreUnits(
      [facts('县水利局', { closed: [2] }), facts('县林业局', { reporting: 'missing', overdue: [4] })],
      DEFAULT_SCORING,
      [],
    );
    const notice = scoreNotice({
      ledgerTitle: '整改台账',
      period: '2026年11月',
      judgedOn: '2026-12-06',
      rules: DEFAULT_SCORING,
      formula: '',
      units,
    });
    expect(notice.praised).toContain('县水利局');
    expect(notice.praised).not.toContain('县林业局');
    expect(notice.named.join()).toContain('本轮未报送进展的单位：县林业局');
    expect(notice.named.join()).toContain('县林业局（1项）');
    expect(notice.rules).toContainEqual({ item: '逾期未完成任务（每项）', points: '−2' });
  });
});

describe('a 督办单 late', () => {
  const notice = (trail: [string, string][]) => ({
    signBy: '2026-12-02',
    replyBy: '2026-12-08',
    trail: trail.map(([action, at]) => ({ action, at })),
  });
  const day = (at: string) => at.slice(0, 10);

  it('misses its signing day when signed after it, or not signed once the day has passed', () => {
    expect(missedDeadline(notice([['签收', '2026-12-03T01:00:00Z']]), '2026-12-03', day)).toBe('2026-12-02');
    expect(missedDeadline(notice([]), '2026-12-03', day)).toBe('2026-12-02');
    expect(missedDeadline(notice([]), '2026-12-02', day)).toBeUndefined();
  });

  it('misses its reply deadline when answered after it; an answer or a close in time stops the clock', () => {
    const signed: [string, string] = ['签收', '2026-12-01T01:00:00Z'];
    expect(missedDeadline(notice([signed, ['回复', '2026-12-09T01:00:00Z']]), '2026-12-20', day)).toBe('2026-12-08');
    expect(missedDeadline(notice([signed, ['回复', '2026-12-08T01:00:00Z']]), '2026-12-20', day)).toBeUndefined();
    expect(missedDeadline(notice([signed, ['办结', '2026-12-05T01:00:00Z']]), '2026-12-20', day)).toBeUndefined();
    expect(missedDeadline(notice([signed]), '2026-12-09', day)).toBe('2026-12-08');
  });
});
