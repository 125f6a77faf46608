/** The official look of the familiar table: fonts, widths, and rows tall enough for their text. */
import type { Field } from '../../core/fields.ts';
import { displayWidth } from '../../core/text.ts';

export const TITLE_FONT = { name: '方正小标宋简体', size: 18, bold: true } as const;
export const HEADING_FONT = { name: '黑体', size: 11, bold: true } as const;
export const BODY_FONT = { name: '仿宋', size: 11 } as const;

/** Column widths in Excel character units. */
export const COLUMN_WIDTH: Record<Field, number> = {
  no: 6,
  problem: 42,
  goal: 30,
  measures: 52,
  leaders: 11,
  leadUnits: 16,
  units: 16,
  person: 13,
  deadline: 15,
  progress: 36,
  status: 14,
  remarks: 12,
};

export const REASON_COLUMN_WIDTH = 28;

/** Points per wrapped line of 11-point body text, as Excel and LibreOffice lay it out. */
const LINE_HEIGHT = 14.3;
const MAX_ROW_HEIGHT = 409;

/** Lines a text takes in a column of this width when wrapped. */
export function wrappedLines(text: string, width: number): number {
  // A CJK character at 11 points is about 1.9 width units in Excel (displayWidth counts it as 2).
  const usable = Math.max(1, (width - 1) * (2 / 1.9));
  let lines = 0;
  for (const paragraph of text.split('\n')) lines += Math.max(1, Math.ceil(displayWidth(paragraph) / usable));
  return lines;
}

/** A row height (points) that shows all of its wrapped text; Excel caps rows at 409 points. */
export function rowHeight(cells: { text: string; width: number }[]): number {
  const lines = Math.max(1, ...cells.map((c) => (c.text ? wrappedLines(c.text, c.width) : 1)));
  return Math.min(MAX_ROW_HEIGHT, Math.ceil(lines * LINE_HEIGHT + 6));
}

/** Lines a 409-point row shows. */
export const MAX_LINES = Math.floor((MAX_ROW_HEIGHT - 6) / LINE_HEIGHT);

/**
 * The text as a cell of this width can show it in the tallest row Excel allows: whole when it
 * fits, else cut and ended with `pointer` (where the full text is), so nothing is hidden unsaid.
 */
export function fitCell(text: string, width: number, pointer: string): string {
  if (wrappedLines(text, width) <= MAX_LINES) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (wrappedLines(`${text.slice(0, mid)}${pointer}`, width) <= MAX_LINES) low = mid;
    else high = mid - 1;
  }
  return `${text.slice(0, low).trimEnd()}${pointer}`;
}
