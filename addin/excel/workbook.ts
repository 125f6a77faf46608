/**
 * The add-in's few conversations with Excel, each in a handful of batched round trips: load
 * what is needed, one context.sync() per step, never one per cell. Requests and responses are
 * kept under Excel on the web's payload limit (about 5 MB) by reading and writing in chunks.
 */
import { colourOf, DEFAULT_COLOUR_SETTINGS } from '../../core/colour.ts';
import { LONG_TEXT_FIELDS, SYSTEM_HEADERS } from '../../core/fields.ts';
import {
  BODY_FONT,
  COLUMN_WIDTH,
  FILL_IN,
  guideText,
  HEADER_FILL,
  HEADING_FONT,
  headerText,
  isFollowUp,
  legendCells,
  REASON_COLUMN_WIDTH,
  reasonHeader,
  reportingCells,
  rowHeight,
  sheetShape,
  TITLE_FONT,
} from '../../core/layout.ts';
import { STATUSES } from '../../core/status.ts';
import { readStamps, stampOf, STAMP_SHEET, withStamp, type Stamp } from '../../core/stamp.ts';
import { findTable, type CellValue, type LedgerTable } from '../../core/table.ts';
import { columnLetter } from '../../core/text.ts';
import { fieldText, type Task } from '../../core/task.ts';
import { batches, type Fill, type WriteOp } from '../marking.ts';
import { report, step } from '../progress.ts';
import { host } from '../requirements.ts';

/** Bytes a response may carry before we split it; the limit is 5 MB. */
export const PAYLOAD_BUDGET = 4 * 1024 * 1024;
const HEAD_ROWS = 30;
const HEAD_COLUMNS = 60;
const NO_FILL = '#FFFFFF';

export interface SheetRead {
  sheet: string;
  table: LedgerTable;
  /** Every note on the sheet now: address → content. */
  notes: Map<string, string>;
  stamp?: Stamp;
  /** The sheet's protection as read: a unit's downloaded copy is protected without a password. */
  protection: Protection;
}

export interface Protection {
  protected: boolean;
  options?: Excel.WorksheetProtectionOptions;
}

/** Queues loading a sheet's protection; read it after the caller's next sync. */
export function protectionOf(context: Excel.RequestContext, sheetName: string): () => Protection {
  const protection = context.workbook.worksheets.getItem(sheetName).protection;
  protection.load('protected,options');
  return () => ({ protected: protection.protected, options: protection.options });
}

export class NoTableError extends Error {
  name = 'NoTableError';
}

const utf8 = new TextEncoder();

/** The JSON size of a block of values, as it travels (UTF-8). */
function payloadOf(values: unknown[][]): number {
  return utf8.encode(JSON.stringify(values)).length;
}

/**
 * The ledger table on the active sheet, its notes and the workbook's stamp: one round trip for
 * the head of the sheet, then as many as the rest of the values need to stay under the payload
 * limit. The notes' locations take a round trip of their own: a batch Excel refuses for its size
 * loses everything queued in it.
 */
export function readActiveTable(context: Excel.RequestContext): Promise<SheetRead> {
  return readTable(context, context.workbook.worksheets.getActiveWorksheet());
}

/** The ledger table on a named sheet, as readActiveTable reads it. */
export function readTableOf(context: Excel.RequestContext, sheetName: string): Promise<SheetRead> {
  return readTable(context, context.workbook.worksheets.getItem(sheetName));
}

async function readTable(context: Excel.RequestContext, sheet: Excel.Worksheet): Promise<SheetRead> {
  sheet.load('name');
  const used = sheet.getUsedRangeOrNullObject(true);
  used.load('isNullObject,rowIndex,columnIndex,rowCount,columnCount');
  const head = sheet.getRange(`A1:${columnLetter(HEAD_COLUMNS)}${HEAD_ROWS}`);
  head.load('values');
  // Notes need ExcelApi 1.18; without them the sheet is read as having none.
  const notes = host.notes ? sheet.notes : undefined;
  notes?.load('items/content');
  const stampRange = context.workbook.worksheets.getItemOrNullObject(STAMP_SHEET).getUsedRangeOrNullObject(true);
  stampRange.load('values');
  const protection = sheet.protection;
  protection.load('protected,options');
  await context.sync();

  if (used.isNullObject) throw new NoTableError(`工作表“${sheet.name}”是空的。The sheet is empty.`);
  const lastRow = used.rowIndex + used.rowCount; // 1-based
  const width = Math.min(Math.max(used.columnIndex + used.columnCount, 1), HEAD_COLUMNS);
  const grid: CellValue[][] = head.values
    .slice(0, Math.min(HEAD_ROWS, lastRow))
    .map((row) => row.slice(0, width) as CellValue[]);
  const items = notes?.items ?? [];
  const locations = items.map((note) => note.getLocation().load('address'));
  if (locations.length > 0) await context.sync();

  // The rest of the rows, in chunks sized from what the head's rows weigh on average.
  const weighed = grid.filter((row) => row.some((v) => v !== ''));
  let perChunk = Math.floor(PAYLOAD_BUDGET / Math.max(64, (payloadOf(weighed) / Math.max(1, weighed.length)) * 1.1));
  for (let from = HEAD_ROWS + 1; from <= lastRow; ) {
    const rows = Math.max(1, Math.min(lastRow - from + 1, perChunk));
    step('读取行', from - 1, lastRow);
    const chunk = sheet.getRange(`A${from}:${columnLetter(width)}${from + rows - 1}`);
    chunk.load('values');
    try {
      await context.sync();
    } catch (error) {
      // Rows heavier than the head's: halve the chunk and read it again.
      if (rows > 1 && /payload|size/i.test(String((error as OfficeExtension.Error).code ?? error))) {
        perChunk = Math.ceil(rows / 2);
        continue;
      }
      throw error;
    }
    grid.push(...(chunk.values as CellValue[][]));
    from += rows;
  }

  const found = findTable(grid, sheet.name);
  if (!found.ok) throw new NoTableError(found.message);
  const stamp = stampRange.isNullObject
    ? undefined
    : stampOf(readStamps(stampRange.values as (string | number | null)[][]), sheet.name);
  const noteMap = new Map(
    items.map((note, i) => [locations[i]!.address.replace(/^.*!/, '').replace(/\$/g, ''), note.content]),
  );
  return {
    sheet: sheet.name,
    table: found.table,
    notes: noteMap,
    stamp,
    protection: { protected: protection.protected, options: protection.options },
  };
}

function fillOf(color: string | undefined): Fill {
  return !color || color.toUpperCase() === NO_FILL ? '' : color.toUpperCase();
}

/** Which of these cells hold a note, and what it says. One round trip. */
export async function notesAt(
  context: Excel.RequestContext,
  sheetName: string,
  addresses: string[],
): Promise<Map<string, string>> {
  if (addresses.length === 0 || !host.notes) return new Map();
  const notes = context.workbook.worksheets.getItem(sheetName).notes;
  const found = addresses.map((address) => ({ address, note: notes.getItemOrNullObject(address) }));
  for (const f of found) f.note.load('isNullObject,content');
  await context.sync();
  return new Map(found.filter((f) => !f.note.isNullObject).map((f) => [f.address, f.note.content]));
}

/** Cells per getCellProperties answer that stay under the payload limit. */
const FILL_CELLS_PER_SYNC = Math.floor(PAYLOAD_BUDGET / 60);

/**
 * Carries out write operations on a sheet, one round trip per batch that fits the payload
 * limit. The fills of `readFills` are read first, in the same round trip as the first writes
 * (Excel runs a batch in order), and returned: what the cells looked like before.
 */
export async function applyOps(
  context: Excel.RequestContext,
  sheetName: string,
  ops: WriteOp[],
  readFills: { from: number; to: number; left: number; right: number }[] = [],
  protection: Protection = { protected: false },
): Promise<(row: number, column: number) => Fill> {
  const sheet = context.workbook.worksheets.getItem(sheetName);
  const fills = new Map<string, Fill>();
  const reads: { area: (typeof readFills)[number]; result: OfficeExtension.ClientResult<Excel.CellProperties[][]> }[] =
    [];
  let cells = 0;
  for (const area of readFills) {
    const size = (area.to - area.from + 1) * (area.right - area.left + 1);
    if (cells + size > FILL_CELLS_PER_SYNC && reads.length > 0) {
      await context.sync(); // a read-only round trip: nothing is written yet
      cells = 0;
    }
    const range = sheet.getRange(`${columnLetter(area.left)}${area.from}:${columnLetter(area.right)}${area.to}`);
    reads.push({ area, result: range.getCellProperties({ format: { fill: { color: true } } }) });
    cells += size;
  }
  // Without notes (ExcelApi 1.18) the cells keep their fills; the reasons are in the pane.
  const batchList = batches(host.notes ? ops : ops.filter((op) => !op.kind.endsWith('Note')));
  if (batchList.length === 0 && reads.length > 0) batchList.push([]);
  // Marks go on a protected sheet (a unit's copy is a guide, protected without a password) with
  // its protection lifted for the batches and put back as it was in the last one.
  const guarded = protection.protected && batchList.some((batch) => batch.length > 0);
  if (guarded) sheet.protection.unprotect();
  for (const [i, batch] of batchList.entries()) {
    // Marks are recorded once all are on, so this work is not stopped halfway.
    report('标记', i, batchList.length);
    for (const op of batch) {
      switch (op.kind) {
        case 'fill':
          sheet.getRange(op.address).format.fill.color = op.color;
          break;
        case 'clearFill':
          sheet.getRange(op.address).format.fill.clear();
          break;
        case 'addNote':
          sheet.notes.add(op.address, op.text);
          break;
        case 'setNote':
          sheet.notes.getItem(op.address).content = op.text;
          break;
        case 'deleteNote':
          sheet.notes.getItem(op.address).delete();
          break;
      }
    }
    if (guarded && i === batchList.length - 1) sheet.protection.protect(protection.options);
    await context.sync();
  }
  for (const { area, result } of reads) {
    for (const [i, row] of result.value.entries()) {
      for (const [j, p] of row.entries()) fills.set(`${area.from + i}:${area.left + j}`, fillOf(p.format?.fill?.color));
    }
  }
  return (row, column) => fills.get(`${row}:${column}`) ?? '';
}

/** Values of some sheet rows, for re-checking the rows a clerk just changed. One round trip. */
export async function readRows(
  context: Excel.RequestContext,
  sheetName: string,
  rows: number[],
  lastColumn: number,
): Promise<Map<number, CellValue[]>> {
  const sheet = context.workbook.worksheets.getItem(sheetName);
  const ranges = rows.map((row) => ({ row, range: sheet.getRange(`A${row}:${columnLetter(lastColumn)}${row}`) }));
  for (const r of ranges) r.range.load('values');
  await context.sync();
  return new Map(ranges.map((r) => [r.row, r.range.values[0] as CellValue[]]));
}

export async function selectCell(context: Excel.RequestContext, sheetName: string, address: string): Promise<void> {
  const sheet = context.workbook.worksheets.getItem(sheetName);
  sheet.activate();
  sheet.getRange(address).select();
  await context.sync();
}

/** The sheet and row of the selected cell. One round trip. */
export async function selectedRow(context: Excel.RequestContext): Promise<{ sheet: string; row: number }> {
  const cell = context.workbook.getActiveCell();
  cell.load('address,rowIndex');
  await context.sync();
  const sheet = cell.address.slice(0, cell.address.lastIndexOf('!')).replace(/^'(.*)'$/, '$1');
  return { sheet, row: cell.rowIndex + 1 };
}

/** Excel's column width (characters of the default font) in points, as Range.format.columnWidth takes it. */
const points = (characters: number) => Math.round((characters * 7 + 5) * 0.75);

/** Every stamp on the workbook's stamp sheet. One round trip. */
export async function workbookStamps(context: Excel.RequestContext): Promise<Stamp[]> {
  const range = context.workbook.worksheets.getItemOrNullObject(STAMP_SHEET).getUsedRangeOrNullObject(true);
  range.load('values');
  await context.sync();
  return range.isNullObject ? [] : readStamps(range.values as (string | number | null)[][]);
}

/** Rewrites the stamp sheet with one sheet's stamp replaced or added; queued, synced by the caller. */
async function saveStamps(context: Excel.RequestContext, stamps: Stamp[], stamp: Stamp): Promise<void> {
  const sheets = context.workbook.worksheets;
  const old = sheets.getItemOrNullObject(STAMP_SHEET);
  old.load('isNullObject');
  await context.sync();
  if (!old.isNullObject) {
    old.visibility = 'Visible';
    old.delete();
  }
  const stampSheet = sheets.add(STAMP_SHEET);
  const values = withStamp(stamps, stamp);
  const widthOf = Math.max(...values.map((r) => r.length));
  stampSheet.getRange(`A1:${columnLetter(widthOf)}${values.length}`).values = values.map((r) => [
    ...r.map((v) => v ?? ''),
    ...Array(widthOf - r.length).fill(''),
  ]);
  stampSheet.visibility = 'VeryHidden';
}

/** Records a sheet's stamp (after a submission, say) in the workbook. */
export async function updateStamp(context: Excel.RequestContext, stamp: Stamp): Promise<void> {
  await saveStamps(context, await workbookStamps(context), stamp);
  await context.sync();
}

/**
 * Writes the familiar table into a sheet, with its stamp on the hidden _ledger sheet beside
 * the stamps of the workbook's other ledger sheets. `replacing` names a sheet this one takes
 * the place of (the same ledger and unit, pulled again); it is written anew and keeps its name.
 * Text that starts with = + - @ stays text: the cells are formatted as text before the values go in.
 */
export async function writeLedgerSheet(
  context: Excel.RequestContext,
  input: {
    title: string;
    unit?: string;
    tasks: Task[];
    today: string;
    reportingDeadline?: string;
    stamp: Omit<Stamp, 'sheet' | 'headerRow' | 'rows'>;
  },
  replacing?: string,
): Promise<string> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name');
  await context.sync();
  const taken = new Set(sheets.items.map((s) => s.name));
  let name = replacing ?? '整改台账';
  if (!replacing) for (let i = 2; taken.has(name); i++) name = `整改台账${i}`;
  let draft = replacing ? `${replacing}~` : name;
  for (let i = 2; replacing && taken.has(draft); i++) draft = `${replacing}~${i}`;

  // The same layout as the sheet the service hands out (core/layout.ts).
  const unitCopy = Boolean(input.unit);
  const shape = sheetShape(unitCopy);
  const { fields, headerRow } = shape;
  const last = columnLetter(fields.length);
  const sheet = sheets.add(draft);
  const font = (range: Excel.Range, f: { name: string; size: number; bold?: boolean }) => {
    range.format.font.name = f.name;
    range.format.font.size = f.size;
    range.format.font.bold = Boolean(f.bold);
  };

  const title = sheet.getRange(`A1:${last}1`);
  title.merge();
  sheet.getRange('A1').values = [[input.title]];
  font(title, TITLE_FONT);
  title.format.horizontalAlignment = 'Center';
  title.format.rowHeight = 40;

  sheet.getRange('A2:B2').merge();
  for (const { column, text, look } of legendCells(input.today, DEFAULT_COLOUR_SETTINGS)) {
    const cell = sheet.getRange(`${columnLetter(column)}2`);
    cell.values = [[text]];
    font(cell, { ...BODY_FONT, size: 10, bold: column === 1 });
    cell.format.wrapText = true;
    if (look) {
      cell.format.fill.color = `#${look.fill}`;
      cell.format.font.color = `#${look.font}`;
      cell.format.horizontalAlignment = 'Center';
    }
  }
  sheet.getRange('A2').format.rowHeight = 32;

  if (unitCopy) {
    const guide = sheet.getRange(`A${shape.guideRow}:${last}${shape.guideRow}`);
    guide.merge();
    sheet.getRange(`A${shape.guideRow}`).values = [[guideText(input.reportingDeadline)]];
    font(guide, { ...BODY_FONT, size: 11 });
    guide.format.font.color = '#1F4E79';
    guide.format.wrapText = true;
    guide.format.rowHeight = 44;
    sheet.getRange(`A${shape.reportingRow}:B${shape.reportingRow}`).merge();
    for (const c of reportingCells(input.unit!)) {
      const cell = sheet.getRange(`${columnLetter(c.column)}${shape.reportingRow}`);
      cell.values = [[c.text]];
      font(cell, { ...BODY_FONT, size: 12, bold: c.kind !== 'fill-in' });
      if (c.kind === 'fill-in') cell.format.fill.color = `#${FILL_IN}`;
      if (c.kind === 'label') cell.format.horizontalAlignment = 'Right';
    }
  }

  const header = sheet.getRange(`A${headerRow}:${columnLetter(shape.idColumn)}${headerRow}`);
  header.values = [[...fields.map((f) => headerText(f, unitCopy)), reasonHeader(input.today), SYSTEM_HEADERS.taskId]];
  font(header, HEADING_FONT);
  header.format.wrapText = true;
  header.format.horizontalAlignment = 'Center';
  header.format.rowHeight = unitCopy ? 40 : 30;
  for (const [i, f] of fields.entries()) {
    sheet.getRange(`${columnLetter(i + 1)}${headerRow}`).format.fill.color =
      `#${unitCopy && isFollowUp(f) ? FILL_IN : HEADER_FILL}`;
    sheet.getRange(`${columnLetter(i + 1)}:${columnLetter(i + 1)}`).format.columnWidth = points(COLUMN_WIDTH[f]);
  }
  sheet.getRange(`${columnLetter(shape.reasonColumn)}:${columnLetter(shape.reasonColumn)}`).format.columnWidth =
    points(REASON_COLUMN_WIDTH);
  sheet.getRange(`${columnLetter(shape.idColumn)}:${columnLetter(shape.idColumn)}`).columnHidden = true;
  sheet.freezePanes.freezeAt(`A1:${columnLetter(shape.frozenColumns)}${headerRow}`);
  await context.sync();

  const width = shape.idColumn;
  const rows = input.tasks.map((t) => [
    ...fields.map((f) => (f === 'no' ? t.no : t[f])),
    colourOf(t, input.today).reason,
    t.id,
  ]);
  const perChunk = Math.max(
    1,
    Math.floor(PAYLOAD_BUDGET / Math.max(1, payloadOf(rows) / Math.max(1, rows.length) + width * 12)),
  );
  for (let i = 0; i < rows.length; i += perChunk) {
    step('写入任务', i, rows.length);
    const chunk = rows.slice(i, i + perChunk);
    const first = headerRow + 1 + i;
    const range = sheet.getRange(`A${first}:${columnLetter(width)}${first + chunk.length - 1}`);
    range.numberFormat = chunk.map((r) => r.map((_, c) => (c === 0 ? '0' : '@')));
    range.values = chunk;
    for (const [j, t] of input.tasks.slice(i, i + chunk.length).entries())
      sheet.getRange(`A${first + j}`).format.rowHeight = rowHeight(
        fields.map((f) => ({ text: fieldText(t, f), width: COLUMN_WIDTH[f] })),
      );
    await context.sync();
  }
  if (rows.length > 0) {
    const body = sheet.getRange(`A${headerRow}:${last}${headerRow + rows.length}`);
    body.format.wrapText = true;
    body.format.verticalAlignment = 'Top';
    font(sheet.getRange(`A${headerRow + 1}:${last}${headerRow + rows.length}`), BODY_FONT);
    for (const edge of [
      'EdgeTop',
      'EdgeBottom',
      'EdgeLeft',
      'EdgeRight',
      'InsideVertical',
      'InsideHorizontal',
    ] as const) {
      body.format.borders.getItem(edge).style = 'Continuous';
    }
    for (const f of fields.filter((field) => !LONG_TEXT_FIELDS.includes(field))) {
      const c = columnLetter(fields.indexOf(f) + 1);
      sheet.getRange(`${c}${headerRow + 1}:${c}${headerRow + rows.length}`).format.horizontalAlignment = 'Center';
    }
    // The status dropdown, as on the service's sheet.
    const status = columnLetter(fields.indexOf('status') + 1);
    sheet.getRange(`${status}${headerRow + 1}:${status}${headerRow + rows.length}`).dataValidation.rule = {
      list: { inCellDropDown: true, source: STATUSES.join(',') },
    };
    const reason = columnLetter(shape.reasonColumn);
    font(sheet.getRange(`${reason}${headerRow + 1}:${reason}${headerRow + rows.length}`), { ...BODY_FONT, size: 10 });
  }

  const stamps = await workbookStamps(context);
  if (replacing) {
    sheets.getItem(replacing).delete();
    sheet.name = name;
  }
  const rowsStamped = input.tasks.map((t, i) => ({ row: headerRow + 1 + i, taskId: t.id, no: t.no }));
  await saveStamps(context, stamps, { ...input.stamp, sheet: name, headerRow, rows: rowsStamped });
  sheet.activate();
  await context.sync();
  return name;
}
