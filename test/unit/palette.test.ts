import { describe, expect, it } from 'vitest';
import { COLOURS } from '../../core/colour.ts';
import { COLOUR_CHART, contrast, STATUS_CHART } from '../../server/pages/dashboard/palette.ts';

describe("the dashboard's chart colours", () => {
  it('keep neighbours apart by at least 3:1, stacked statuses and the 督办 colours in legend order', () => {
    for (let i = 1; i < STATUS_CHART.length; i++)
      expect(
        contrast(STATUS_CHART[i - 1]!.colour, STATUS_CHART[i]!.colour),
        STATUS_CHART[i]!.label,
      ).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < COLOURS.length; i++)
      expect(contrast(COLOUR_CHART[COLOURS[i - 1]!], COLOUR_CHART[COLOURS[i]!]), COLOURS[i]).toBeGreaterThanOrEqual(3);
  });
  it('give one meaning one colour in both charts, and no colour two meanings', () => {
    const of = (status: string) => STATUS_CHART.find((s) => s.statuses.includes(status))!.colour;
    expect(of('已销号')).toBe(COLOUR_CHART.closed);
    expect(of('已完成')).toBe(COLOUR_CHART.done);
    expect(of('持续推进')).toBe(COLOUR_CHART.ongoing);
    expect(of('长期坚持')).toBe(COLOUR_CHART.ongoing);
    const shared = [COLOUR_CHART.closed, COLOUR_CHART.done, COLOUR_CHART.ongoing];
    const own = STATUS_CHART.map((s) => s.colour).filter((c) => !shared.includes(c));
    for (const colour of own) expect(Object.values(COLOUR_CHART)).not.toContain(colour);
    expect(new Set(STATUS_CHART.map((s) => s.colour)).size).toBe(STATUS_CHART.length);
    expect(new Set(Object.values(COLOUR_CHART)).size).toBe(COLOURS.length);
  });

  it('measure contrast as WCAG does', () => {
    expect(contrast('FFFFFF', '000000')).toBeCloseTo(21, 5);
    expect(contrast('777777', 'FFFFFF')).toBeCloseTo(4.48, 1);
  });
});
