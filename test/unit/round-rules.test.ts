/** The round's rules that a one-line change could break unnoticed: lateness by the county's calendar. */
import { afterEach, describe, expect, it } from 'vitest';
import { owes, ROUND_STATES, unitInRound } from '../../core/round.ts';
import { countyDate, countyTime, countyToday, DEFAULT_ZONE, setCountyZone } from '../../core/zone.ts';

afterEach(() => setCountyZone(DEFAULT_ZONE));

const reportAt = (at: string) => unitInRound([{ at, applied: 1, conflicts: 0 }], 0, '2019-11-05');

describe('the county calendar', () => {
  it('counts a report at 23:59 China time on the deadline day on time, and one at 00:00 the day after late', () => {
    expect(reportAt('2019-11-05T15:59:00Z').state).toBe('已报');
    expect(reportAt('2019-11-05T16:00:00Z').state).toBe('迟报');
  });

  it("takes today and every time shown in the county's zone, whatever the server's", () => {
    expect(countyToday(new Date('2019-11-05T17:00:00Z'))).toBe('2019-11-06');
    expect(countyTime('2019-11-05T17:03:00Z')).toBe('2019-11-06 01:03');
    setCountyZone('UTC');
    expect(countyDate('2019-11-05T17:00:00Z')).toBe('2019-11-05');
    expect(reportAt('2019-11-05T17:00:00Z').state).toBe('已报');
  });

  it('refuses a zone name it does not know, in words', () => {
    expect(() => setCountyZone('China/Beijing')).toThrow('不是时区名称');
  });
});

describe("a unit's state in the round", () => {
  const deadline = '2019-11-05';
  it('is 未报 with nothing sent, and owes the report', () => {
    expect(unitInRound([], 0, deadline)).toEqual({ state: '未报', reportedAt: null, lastReportAt: null });
    expect(owes('未报')).toBe(true);
    for (const state of ROUND_STATES.filter((s) => s !== '未报')) expect(owes(state)).toBe(false);
    expect(ROUND_STATES).toEqual(['未报', '已报', '迟报', '有冲突', '已报无采用']);
  });

  it('is decided by the first report that changed the master, whatever order they come in', () => {
    const reports = [
      { at: '2019-11-07T02:00:00Z', applied: 3, conflicts: 0 },
      { at: '2019-11-03T02:00:00Z', applied: 0, conflicts: 0 },
      { at: '2019-11-04T02:00:00Z', applied: 2, conflicts: 0 },
    ];
    expect(unitInRound(reports, 0, deadline)).toEqual({
      state: '已报',
      reportedAt: '2019-11-04T02:00:00Z',
      lastReportAt: '2019-11-07T02:00:00Z',
    });
  });

  it('is 迟报 when the first taken report came after the deadline, and 已报 with no deadline at all', () => {
    const late = [{ at: '2019-11-07T02:00:00Z', applied: 1, conflicts: 0 }];
    expect(unitInRound(late, 0, deadline).state).toBe('迟报');
    expect(unitInRound(late, 0, null).state).toBe('已报');
  });

  it('is 有冲突 when what it sent waits on the office, and 已报无采用 when nothing it sent was taken', () => {
    const nothingTaken = [{ at: '2019-11-03T02:00:00Z', applied: 0, conflicts: 0 }];
    expect(unitInRound(nothingTaken, 0, deadline)).toEqual({
      state: '已报无采用',
      reportedAt: null,
      lastReportAt: '2019-11-03T02:00:00Z',
    });
    expect(unitInRound(nothingTaken, 1, deadline).state).toBe('有冲突');
    expect(unitInRound([{ at: '2019-11-03T02:00:00Z', applied: 0, conflicts: 2 }], 0, deadline).state).toBe('有冲突');
  });
});
