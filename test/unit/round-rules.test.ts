/** The round's rules that a one-line change could break unnoticed: lateness by the county's calendar. */
import { afterEach, describe, expect, it } from 'vitest';
import { unitInRound } from '../../core/round.ts';
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
