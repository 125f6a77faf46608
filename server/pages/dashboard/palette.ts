/**
 * The dashboard's chart colours: the workbook's meanings (green done, grey closed, blue ongoing,
 * red overdue, amber due soon, orange unreported) in strengths that stay apart when stacked:
 * each colour differs from the next by a contrast ratio of at least 3:1.
 */
import type { RowColour } from '../../../core/colour.ts';

/** Statuses in the order they stack, dark and light in turn. */
export const STATUS_CHART: [string, string][] = [
  ['已销号', '595959'],
  ['已完成', 'A9D08E'],
  ['长期坚持', '1F4E79'],
  ['持续推进', '9DC3E6'],
  ['正在推进', '7F6000'],
  ['未填报', 'D9D9D9'],
  ['未启动', '833C0B'],
];

/** 督办 colours for bars, in the order of the workbook's legend. */
export const COLOUR_CHART: Record<RowColour, string> = {
  overdue: 'C00000',
  unreported: 'F4B183',
  'due-soon': '7F6000',
  ongoing: '9DC3E6',
  done: '375623',
  closed: 'BFBFBF',
  pending: '404040',
};

function luminance(hex: string): number {
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG contrast ratio of two colours (hex without #). */
export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}
