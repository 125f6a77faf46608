/**
 * The dashboard's chart colours: the workbook's meanings (green done, grey closed, blue ongoing,
 * red overdue, amber due soon, orange unreported) in strengths that stay apart when stacked:
 * each colour differs from the next by a contrast ratio of at least 3:1. One meaning has one
 * colour in both charts, and no colour means two things.
 */
import type { RowColour } from '../../../core/colour.ts';

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

/**
 * Units' statuses in the order they stack, light and dark in turn: 已销号, 已完成 and the ongoing
 * ones in the 督办 chart's own colours; the others in colours that chart does not use.
 */
export const STATUS_CHART: { label: string; statuses: string[]; colour: string }[] = [
  { label: '已销号', statuses: ['已销号'], colour: COLOUR_CHART.closed },
  { label: '已完成', statuses: ['已完成'], colour: COLOUR_CHART.done },
  { label: '持续推进、长期坚持', statuses: ['持续推进', '长期坚持'], colour: COLOUR_CHART.ongoing },
  { label: '正在推进', statuses: ['正在推进'], colour: '0B5C5C' },
  { label: '未填报', statuses: [''], colour: 'FFF2CC' },
  { label: '未启动', statuses: ['未启动'], colour: '5B2C6F' },
];

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
