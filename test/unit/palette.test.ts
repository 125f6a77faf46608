import { describe, expect, it } from 'vitest';
import { COLOURS } from '../../core/colour.ts';
import { COLOUR_CHART, contrast, STATUS_CHART } from '../../server/pages/dashboard/palette.ts';

describe("the dashboard's chart colours", () => {
  it('keep neighbours apart by at least 3:1, stacked statuses and the 督办 colours in legend order', () => {
    for (let i = 1; i < STATUS_CHART.length; i++)
      expect(contrast(STATUS_CHART[i - 1]![1], STATUS_CHART[i]![1]), STATUS_CHART[i]![0]).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < COLOURS.length; i++)
      expect(contrast(COLOUR_CHART[COLOURS[i - 1]!], COLOUR_CHART[COLOURS[i]!]), COLOURS[i]).toBeGreaterThanOrEqual(3);
  });
  it('measure contrast as WCAG does', () => {
    expect(contrast('FFFFFF', '000000')).toBeCloseTo(21, 5);
    expect(contrast('777777', 'FFFFFF')).toBeCloseTo(4.48, 1);
  });
});
