/**
 * Writes the familiar table as clerks know it: merged title, legend with the judging date,
 * 填报单位 row on a unit's copy, header repeated on every printed page, official fonts, thin
 * borders, wrapped text with rows tall enough for it, colours by status and deadline, errors
 * marked on their cells, a status dropdown, A3 landscape fitted to the page width. Uses the
 * streaming writer, so a large master is written in bounded memory.
 */
import { randomUUID } from 'node:crypto';
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  COLOUR_STYLE,
  colourOf,
  DEFAULT_COLOUR_SETTINGS,
  ERROR_MARK,
  type ColourSettings,
  type RowColour,
} from '../../../core/colour.ts';
import { isFollowUp, LONG_TEXT_FIELDS, SYSTEM_HEADERS, type Field } from '../../../core/fields.ts';
import { xmlSafe } from '../../../core/limits.ts';
import { parseDeadline, type IsoDate } from '../../../core/deadline.ts';
import { memo } from '../../../core/memo.ts';
import type { Finding } from '../../../core/rules.ts';
import { STATUSES } from '../../../core/status.ts';
import { fieldText, type Task } from '../../../core/task.ts';
import { columnLetter } from '../../../core/text.ts';
import {
  BODY_FONT,
  COLUMN_WIDTH,
  FILL_IN,
  fitCell,
  FRAME_HEIGHT,
  GUIDE_COLOR,
  headerHeight,
  ID_COLUMN_WIDTH,
  guideText,
  HEADER_FILL,
  HEADING_FONT,
  headerText,
  LEDGER_SHEET,
  legendCells,
  REASON_COLUMN_WIDTH,
  reasonHeader,
  REASON_COLOR,
  reportingCells,
  rowHeight,
  sheetShape,
  TITLE_FONT,
  UNIT_SHEET_ALLOWS,
} from '../../../core/layout.ts';
import { STAMP_SHEET, stampRows, type Stamp } from '../../../core/stamp.ts';

export interface WriteOptions {
  title: string;
  /** The date colours are judged against. */
  today: IsoDate;
  ledgerId: string;
  revision: number;
  /** A unit's copy carries its name, 填报说明 and a 填报单位 row; the master has none. */
  unit?: string;
  /** This round's reporting deadline, said in a unit's 填报说明. */
  reportingDeadline?: string;
  /** The unit's last 填报人 and 联系电话, filled in ahead on its copy. */
  reporter?: { name: string; phone: string };
  /** This copy's id (see Stamp.copy); a new one by default. */
  copy?: string;
  /** Findings to mark on their cells (fill and note). */
  findings?: Finding[];
  colourSettings?: ColourSettings;
  sheetName?: string;
  /** Sheets after the table, such as the master's 汇总 and 冲突. */
  addSheets?: (workbook: ExcelJS.stream.xlsx.WorkbookWriter) => void | Promise<void>;
}

/** 第 N 页 共 M 页, centred at the foot of every printed page. */
export const PAGE_FOOTER = '&C第 &P 页 共 &N 页';
/** How a master cell too long for its row ends. */
export const DETAIL_POINTER = '……（全文见“进展明细”）';

const thin = { style: 'thin', color: { argb: 'FF000000' } } as const;
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };
const argb = (hex: string) => `FF${hex}`;
const solid = (hex: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb: argb(hex) } });

type Style = Partial<ExcelJS.Style>;

/**
 * The style of cells that need none: the hidden ids and stamp. A cell left without one gets a new
 * empty style object, which exceljs's writer cannot tell it has seen and renders again, cell by cell.
 */
const PLAIN: Style = {};

/**
 * One style object per (colour, field kind, error), shared by every cell that uses it. On a unit's
 * copy the cells it fills are the only unlocked ones.
 */
function styleBook(unitCopy: boolean) {
  const cache = new Map<string, Style>();
  return (colour: RowColour, field: Field, error: boolean): Style => {
    const key = `${colour}|${field}|${error}`;
    let style = cache.get(key);
    if (!style) {
      const long = LONG_TEXT_FIELDS.includes(field);
      const look = error ? ERROR_MARK : COLOUR_STYLE[colour];
      style = {
        font: { ...BODY_FONT, color: { argb: argb(look.font) } },
        alignment: { wrapText: true, vertical: long ? 'top' : 'middle', horizontal: long ? 'left' : 'center' },
        border: BORDER,
        ...(error || colour !== 'pending' ? { fill: solid(look.fill) } : {}),
        ...(unitCopy && isFollowUp(field) ? { protection: { locked: false } } : {}),
      };
      cache.set(key, style);
    }
    return style;
  };
}

export async function writeLedgerWorkbook(tasks: Task[], options: WriteOptions, stream: Writable): Promise<void> {
  const settings = options.colourSettings ?? DEFAULT_COLOUR_SETTINGS;
  const sheetName = options.sheetName ?? LEDGER_SHEET;
  const shape = sheetShape(Boolean(options.unit));
  const { fields, guideRow, headerRow, frozenColumns } = shape;
  const unitRow = shape.reportingRow;
  const lastRow = headerRow + tasks.length;
  const LAST_COLUMN = columnLetter(fields.length);
  const REASON_COLUMN = shape.reasonColumn;
  // Hidden: the task each row is, so that sorting or renumbering a sheet cannot move values to another task.
  const ID_COLUMN = shape.idColumn;

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: true });
  workbook.creator = '整改台账 rectification-ledger';
  workbook.title = options.title;
  const sheet = workbook.addWorksheet(sheetName, {
    // A unit's copy keeps 反馈问题 in view beside the columns it fills.
    views: [
      {
        state: 'frozen',
        xSplit: frozenColumns,
        ySplit: headerRow,
        topLeftCell: `${columnLetter(frozenColumns + 1)}${headerRow + 1}`,
      },
    ],
    pageSetup: {
      paperSize: 8 as ExcelJS.PaperSize, // A3
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      // exceljs prefixes only the columns with $; a relative row would move with the cursor.
      // The reason column is printed too: a row's colour says little on grey paper without it.
      printArea: `A$1:${columnLetter(REASON_COLUMN)}$${Math.max(lastRow, headerRow)}`,
      // The master repeats its legend and header on every page; a unit's copy only its header, as
      // the guide and 填报人 rows above it are said once.
      printTitlesRow: options.unit ? `${headerRow}:${headerRow}` : `2:${headerRow}`,
      margins: { left: 0.25, right: 0.25, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: PAGE_FOOTER },
  });
  sheet.columns = [
    ...fields.map((field) => ({ key: field, width: COLUMN_WIDTH[field] })),
    { key: 'reason', width: REASON_COLUMN_WIDTH },
    { key: 'taskId', width: ID_COLUMN_WIDTH, hidden: true },
  ];

  // Merge before anything is committed: the streaming writer cannot go back to a row.
  sheet.mergeCells(`A1:${LAST_COLUMN}1`);
  sheet.mergeCells('A2:B2');
  if (guideRow) sheet.mergeCells(`A${guideRow}:${LAST_COLUMN}${guideRow}`);
  if (unitRow)
    for (const { column, span } of reportingCells(options.unit!))
      if (span) sheet.mergeCells(`${columnLetter(column)}${unitRow}:${columnLetter(column + span - 1)}${unitRow}`);

  const title = sheet.getRow(1);
  title.getCell(1).value = xmlSafe(options.title);
  title.getCell(1).style = {
    font: TITLE_FONT,
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  };
  title.height = FRAME_HEIGHT.title;
  title.commit();

  writeLegend(sheet.getRow(2), options.today, settings);

  if (guideRow) writeGuide(sheet.getRow(guideRow), options.reportingDeadline);
  if (unitRow) writeReportingRow(sheet.getRow(unitRow), options.unit!, options.reporter);

  const header = sheet.getRow(headerRow);
  const headerStyle: Style = {
    font: HEADING_FONT,
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
    border: BORDER,
    fill: solid(HEADER_FILL),
  };
  const fillIn: Style = { ...headerStyle, fill: solid(FILL_IN) };
  fields.forEach((field, i) => {
    // On a unit's copy the columns it fills are unmistakable: their own fill and a word in the header.
    const ours = Boolean(options.unit) && isFollowUp(field);
    header.getCell(i + 1).value = headerText(field, Boolean(options.unit));
    header.getCell(i + 1).style = ours ? fillIn : headerStyle;
  });
  header.getCell(REASON_COLUMN).value = reasonHeader(options.today);
  // 状态提示 is part of the printed table: bordered like the rest.
  header.getCell(REASON_COLUMN).style = {
    ...headerStyle,
    font: { ...HEADING_FONT, color: { argb: argb(REASON_COLOR) } },
  };
  header.getCell(ID_COLUMN).value = SYSTEM_HEADERS.taskId;
  header.height = headerHeight(Boolean(options.unit));
  header.commit();

  const notesByCell = new Map<string, string[]>();
  for (const f of options.findings ?? []) {
    // Notes are for what a clerk must fix; the row colour already says a task is overdue.
    if (!f.cell || f.severity === 'info' || f.rule === 'overdue') continue;
    (notesByCell.get(f.cell) ?? notesByCell.set(f.cell, []).get(f.cell)!).push(f.message);
  }
  const letters = fields.map((_, c) => columnLetter(c + 1));
  const styleOf = styleBook(Boolean(options.unit));
  const deadlineOf = memo(parseDeadline);
  const reasonStyle: Style = {
    font: { ...BODY_FONT, size: 10, color: { argb: argb(REASON_COLOR) } },
    alignment: { vertical: 'middle', wrapText: true },
    border: BORDER,
  };
  const stamp: Stamp = {
    ledgerId: options.ledgerId,
    kind: options.unit ? 'unit' : 'master',
    copy: options.copy ?? randomUUID(),
    unit: options.unit ?? '',
    revision: options.revision,
    judgedOn: options.today,
    sheet: sheetName,
    headerRow,
    rows: [],
  };

  tasks.forEach((task, i) => {
    const r = headerRow + 1 + i;
    const row = sheet.getRow(r);
    const colouring = colourOf(task, options.today, settings, deadlineOf);
    const shown = (field: Field) =>
      // The master's follow-up cells show what fits; 进展明细 has every unit's full report.
      !options.unit && (field === 'progress' || field === 'remarks')
        ? fitCell(fieldText(task, field), COLUMN_WIDTH[field], DETAIL_POINTER)
        : fieldText(task, field);
    const texts = fields.map(shown);
    fields.forEach((field, c) => {
      const cell = row.getCell(c + 1);
      cell.value = field === 'no' ? task.no : xmlSafe(texts[c]!);
      const notes = notesByCell.size > 0 ? notesByCell.get(`${letters[c]}${r}`) : undefined;
      cell.style = styleOf(colouring.colour, field, notes !== undefined);
      if (notes) cell.note = notes.join('\n');
    });
    const reason = row.getCell(REASON_COLUMN);
    reason.value = colouring.reason;
    reason.style = reasonStyle;
    const id = row.getCell(ID_COLUMN);
    id.value = task.id;
    id.style = PLAIN;
    row.height = rowHeight(fields.map((field, c) => ({ text: texts[c]!, width: COLUMN_WIDTH[field] })));
    row.commit();
    stamp.rows.push({ row: r, taskId: task.id, no: task.no });
  });

  if (tasks.length > 0) {
    const statusColumn = columnLetter(fields.indexOf('status') + 1);
    // One validation over the whole column range; exceljs's typings omit the worksheet's model.
    (sheet as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model[
      `${statusColumn}${headerRow + 1}:${statusColumn}${lastRow}`
    ] = {
      type: 'list',
      allowBlank: true,
      formulae: [`"${STATUSES.join(',')}"`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: '完成状态',
      error: `请从下拉列表中选择：${STATUSES.join('、')}`,
    };
  }
  // A guide, not a lock: no password, and the merge still decides what is taken.
  if (options.unit) await sheet.protect('', Object.fromEntries(UNIT_SHEET_ALLOWS.map((a) => [a, true])));
  sheet.commit();

  await options.addSheets?.(workbook);

  const hidden = workbook.addWorksheet(STAMP_SHEET, { state: 'veryHidden' });
  for (const values of stampRows(stamp)) {
    const row = hidden.addRow(values);
    row.eachCell((cell) => (cell.style = PLAIN));
    row.commit();
  }
  hidden.commit();
  await workbook.commit();
}

/**
 * 填报单位, then the cells the clerk fills: 填报人, 联系电话, 填报时间 (read back with the sheet and
 * kept with the submission), each marked as a cell to fill.
 */
function writeReportingRow(row: ExcelJS.Row, unit: string, reporter?: { name: string; phone: string }): void {
  const label: Style = {
    font: { ...BODY_FONT, size: 12, bold: true },
    alignment: { horizontal: 'right', vertical: 'middle' },
  };
  const fillIn: Style = {
    font: { ...BODY_FONT, size: 12 },
    alignment: { vertical: 'middle' },
    border: BORDER,
    fill: solid(FILL_IN),
    protection: { locked: false },
  };
  const styleOf: Record<'unit' | 'label' | 'fill-in', Style> = {
    unit: { ...label, alignment: { horizontal: 'left', vertical: 'middle' } },
    label,
    'fill-in': fillIn,
  };
  const cells = reportingCells(unit, reporter).map((c) => [c.column, c.text, styleOf[c.kind]] as const);
  for (const [column, text, style] of cells) {
    row.getCell(column).value = xmlSafe(text);
    row.getCell(column).style = style;
  }
  row.height = FRAME_HEIGHT.reporting;
  row.commit();
}

/** What to fill, what not to touch, how to submit, and by when: the first thing a clerk reads. */
function writeGuide(row: ExcelJS.Row, deadline: string | undefined): void {
  row.getCell(1).value = guideText(deadline);
  row.getCell(1).style = {
    font: { ...BODY_FONT, size: 11, color: { argb: argb(GUIDE_COLOR) } },
    alignment: { wrapText: true, vertical: 'middle' },
  };
  row.height = FRAME_HEIGHT.guide;
  row.commit();
}

function writeLegend(row: ExcelJS.Row, today: IsoDate, settings: ColourSettings): void {
  for (const { column, text, look } of legendCells(today, settings)) {
    const cell = row.getCell(column);
    cell.value = text;
    cell.style = {
      font: { ...BODY_FONT, size: 10, bold: column === 1, color: { argb: argb(look?.font ?? '000000') } },
      alignment: { horizontal: column === 1 ? 'left' : 'center', vertical: 'middle', wrapText: true },
      ...(look ? { fill: solid(look.fill), border: BORDER } : {}),
    };
  }
  row.height = FRAME_HEIGHT.legend;
  row.commit();
}

/** The workbook as bytes, for HTTP answers and tests. */
export async function ledgerWorkbookBuffer(tasks: Task[], options: WriteOptions): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => stream.on('end', resolve));
  await writeLedgerWorkbook(tasks, options, stream);
  await ended;
  return Buffer.concat(chunks);
}
