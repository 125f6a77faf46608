/**
 * The familiar table's layout, described once for every writer (the service's workbooks, the
 * add-in's pulled sheet, the CLI): its rows (title, legend, 填报说明, 填报单位, header), its
 * columns in order with their widths, the official fonts, the cells a unit fills, and rows tall
 * enough for their text.
 */
import { COLOUR_STYLE, COLOURS, ERROR_MARK, type ColourSettings } from './colour.ts';
import { FIELDS, HEADER, isFollowUp, SYSTEM_HEADERS, UNIT_SHEET_FIELDS, type Field } from './fields.ts';
import { displayWidth } from './text.ts';

export const TITLE_FONT = { name: '方正小标宋简体', size: 18, bold: true } as const;
export const HEADING_FONT = { name: '黑体', size: 11, bold: true } as const;
export const BODY_FONT = { name: '仿宋', size: 11 } as const;

/**
 * Column widths in Excel character units. With the 状态提示 column they add up to what an A3
 * landscape page prints at 80 % or more, so that 10-point text prints at 8 points at least.
 */
export const COLUMN_WIDTH: Record<Field, number> = {
  no: 6,
  problem: 36,
  goal: 26,
  measures: 44,
  leaders: 11,
  leadUnits: 16,
  units: 16,
  person: 12,
  deadline: 14,
  progress: 34,
  status: 12,
  remarks: 12,
};

export const REASON_COLUMN_WIDTH = 22;

/**
 * Points per wrapped line of 11-point body text: Excel's 仿宋 takes 14.3, LibreOffice's CJK
 * fallback (Noto Sans CJK, as Linux desktops have it) 15.9; rows are made for the taller, so that
 * nothing is cut off when printed from either.
 */
const LINE_HEIGHT = 16;
const MAX_ROW_HEIGHT = 409;

/** Lines a text takes in a column of this width when wrapped. */
export function wrappedLines(text: string, width: number): number {
  // A CJK character at 11 points is 14.7 px, 2.1 width units of a 7-px digit (displayWidth counts it as 2).
  const usable = Math.max(1, (width - 1) * (2 / 2.1));
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

/** The ledger sheet's name, in the download and in the pane's pull. */
export const LEDGER_SHEET = '整改台账';

/** Where things are on a sheet: a unit's copy has 填报说明 and 填报单位 rows, and its columns to fill up front. */
export interface SheetShape {
  fields: readonly Field[];
  guideRow: number;
  reportingRow: number;
  headerRow: number;
  /** 状态提示: why the row has its colour. */
  reasonColumn: number;
  /** 任务标识, hidden. */
  idColumn: number;
  /** Columns kept in view when scrolling right. */
  frozenColumns: number;
}

export function sheetShape(unitCopy: boolean): SheetShape {
  const fields = unitCopy ? UNIT_SHEET_FIELDS : FIELDS;
  return {
    fields,
    guideRow: unitCopy ? 3 : 0,
    reportingRow: unitCopy ? 4 : 0,
    headerRow: unitCopy ? 5 : 3,
    reasonColumn: fields.length + 1,
    idColumn: fields.length + 2,
    frozenColumns: unitCopy ? 2 : 1,
  };
}

/** The fill of the header band and the cells a unit's clerk fills in. */
export const FILL_IN = 'FFF2CC';
export const HEADER_FILL = 'D9D9D9';

/** A column's header; on a unit's copy the columns it fills say so. */
export function headerText(field: Field, unitCopy: boolean): string {
  return unitCopy && isFollowUp(field) ? `${HEADER[field]}\n（本单位填写）` : HEADER[field];
}

export const reasonHeader = (today: string) => `${SYSTEM_HEADERS.reason}（按${today}判定）`;

/** Row 2: the legend's title over A:B, then one colour a cell. */
export function legendCells(
  today: string,
  settings: ColourSettings,
): { column: number; text: string; look?: { fill: string; font: string } }[] {
  return [
    { column: 1, text: `颜色图例（按${today}判定）` },
    ...COLOURS.map((colour, i) => ({
      column: i + 3,
      text: COLOUR_STYLE[colour].label.replace('临近时限', `${settings.dueSoonDays}天内到期`),
      look: COLOUR_STYLE[colour],
    })),
    { column: COLOURS.length + 3, text: ERROR_MARK.label, look: ERROR_MARK },
  ];
}

/** What to fill, what not to touch, how to submit, and by when: the first thing a clerk reads. */
export function guideText(deadline?: string): string {
  return (
    '填报说明：只填写黄色的“整改进展、完成状态、备注”三列（紧随反馈问题和整改时限）和本表的填报人、联系电话、填报时间；' +
    '其他列由办公室维护，已设保护（无密码，仅作提醒），改动不会被采用。请不要增删行、改动序号或删除隐藏的列和工作表。' +
    '完成状态请从下拉列表选择，“已销号”由办公室审核后设定。' +
    `填好后在单位填报页上传本表，或发回办公室。${deadline ? `本轮报送截止：${deadline}。` : ''}`
  );
}

/**
 * 填报单位, then the cells the clerk fills (填报人, 联系电话, 填报时间), read back with the sheet.
 * A cell with a `span` is merged with the columns after it.
 */
export function reportingCells(
  unit: string,
  /** The unit's last 填报人 and 联系电话, filled in ahead. */
  reporter: { name: string; phone: string } = { name: '', phone: '' },
): { column: number; span?: number; text: string; kind: 'unit' | 'label' | 'fill-in' }[] {
  return [
    { column: 1, span: 2, text: `填报单位：${unit}`, kind: 'unit' },
    { column: 3, text: '填报人：', kind: 'label' },
    { column: 4, text: reporter.name, kind: 'fill-in' },
    { column: 5, span: 2, text: '联系电话：', kind: 'label' },
    { column: 7, span: 2, text: reporter.phone, kind: 'fill-in' },
    { column: 9, text: '填报时间：', kind: 'label' },
    { column: 10, text: '', kind: 'fill-in' },
  ];
}

/** Row heights of the sheet's frame, in points. */
export const FRAME_HEIGHT = { title: 40, legend: 46, guide: 44, reporting: 24 } as const;
export const headerHeight = (unitCopy: boolean) => (unitCopy ? 40 : 30);
/** The 填报说明's blue and the 状态提示's grey. */
export const GUIDE_COLOR = '1F4E79';
export const REASON_COLOR = '7F7F7F';
export const ID_COLUMN_WIDTH = 12;

/** What a clerk may still do on a unit's copy, protected without a password: a guide, not a lock. */
export const UNIT_SHEET_ALLOWS = ['formatCells', 'formatColumns', 'formatRows', 'autoFilter', 'sort'] as const;
