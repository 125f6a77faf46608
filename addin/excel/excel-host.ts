/**
 * The spreadsheet host on Excel (Office.js): each method one piece of work in a handful of
 * batched round trips: load what is needed, one context.sync() per step, never one per cell.
 * Requests and responses are kept under Excel on the web's payload limit (about 5 MB) by reading
 * and writing in chunks. Proxies live inside one `run` (Excel.run) and never leave it.
 */
import { readStamps, stampOf, STAMP_SHEET, withStamp, type Stamp } from '../../core/stamp.ts';
import { findTable, type CellValue } from '../../core/table.ts';
import { columnLetter } from '../../core/text.ts';
import {
  NoTableError,
  type Area,
  type MarkStore,
  type Protection,
  type RowsRead,
  type SheetRead,
  type SpreadsheetHost,
} from '../host.ts';
import { batches, type Fill, type WriteOp } from '../marking.ts';
import { report, step } from '../progress.ts';
import { features } from '../requirements.ts';
import type { Look, SheetPlan } from '../sheet-plan.ts';

export type Run = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** Bytes a request or response may carry before we split it; the limit is 5 MB. */
const PAYLOAD_BUDGET = 4 * 1024 * 1024;
const HEAD_ROWS = 30;
const HEAD_COLUMNS = 60;
const NO_FILL = '#FFFFFF';

const utf8 = new TextEncoder();

/** The JSON size of a block of values, as it travels (UTF-8). */
function payloadOf(values: unknown[][]): number {
  return utf8.encode(JSON.stringify(values)).length;
}

/** Excel on `run` (Excel.run, or a stand-in in tests), with the marks record kept in `marks`. */
export function excelHost(run: Run, marks: MarkStore): SpreadsheetHost {
  return {
    marks,
    readTable: (sheet) =>
      run((context) => {
        const sheets = context.workbook.worksheets;
        return readTable(context, sheet === undefined ? sheets.getActiveWorksheet() : sheets.getItem(sheet));
      }),
    readRows: (sheet, rows, lastColumn) => run((context) => readRows(context, sheet, rows, lastColumn)),
    notesAt: (sheet, addresses) => run((context) => notesAt(context, sheet, addresses)),
    protection: (sheet) =>
      run(async (context) => {
        const protection = queueProtection(context.workbook.worksheets.getItem(sheet));
        await context.sync();
        return protection();
      }),
    mark: (sheet, ops, readFills, protection) => run((context) => applyOps(context, sheet, ops, readFills, protection)),
    writeSheet: (plan, replacing) => run((context) => writeSheet(context, plan, replacing)),
    stamps: () => run(workbookStamps),
    saveStamp: (stamp) =>
      run(async (context) => {
        await saveStamps(context, await workbookStamps(context), stamp);
        await context.sync();
      }),
    activeSheet: () =>
      run(async (context) => {
        const active = context.workbook.worksheets.getActiveWorksheet();
        active.load('name');
        await context.sync();
        return active.name;
      }),
    selectedRow: () =>
      run(async (context) => {
        const cell = context.workbook.getActiveCell();
        cell.load('address,rowIndex');
        await context.sync();
        const sheet = cell.address.slice(0, cell.address.lastIndexOf('!')).replace(/^'(.*)'$/, '$1');
        return { sheet, row: cell.rowIndex + 1 };
      }),
    select: (sheetName, address) =>
      run(async (context) => {
        const sheet = context.workbook.worksheets.getItem(sheetName);
        sheet.activate();
        sheet.getRange(address).select();
        await context.sync();
      }),
    onEdit: (sheetName, changed) =>
      run(async (context) => {
        context.workbook.worksheets.getItem(sheetName).onChanged.add(async (event) => {
          const match = /^(?:.*!)?\$?[A-Z]+\$?(\d+)(?::\$?[A-Z]+\$?(\d+))?$/.exec(event.address);
          if (match) changed(Number(match[1]), Number(match[2] ?? match[1]));
        });
        await context.sync();
      }),
  };
}

/**
 * The ledger table on a sheet, its notes and the workbook's stamp: one round trip for the head of
 * the sheet, then as many as the rest of the values need to stay under the payload limit. The
 * notes' locations take a round trip of their own: a batch Excel refuses for its size loses
 * everything queued in it.
 */
async function readTable(context: Excel.RequestContext, sheet: Excel.Worksheet): Promise<SheetRead> {
  sheet.load('name');
  const used = sheet.getUsedRangeOrNullObject(true);
  used.load('rowIndex,columnIndex,rowCount,columnCount');
  const head = sheet.getRange(`A1:${columnLetter(HEAD_COLUMNS)}${HEAD_ROWS}`);
  head.load('values');
  // Notes need ExcelApi 1.18; without them the sheet is read as having none.
  const notes = features.notes ? sheet.notes : undefined;
  notes?.load('items/content');
  const stamps = queueStamps(context);
  const protection = queueProtection(sheet);
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
      // eslint-disable-next-line office-addins/no-context-sync-in-loop -- rows are read in chunks under Excel's payload limit
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
  const noteMap = new Map(
    items.map((note, i) => [locations[i]!.address.replace(/^.*!/, '').replace(/\$/g, ''), note.content]),
  );
  return {
    sheet: sheet.name,
    table: found.table,
    notes: noteMap,
    stamp: stampOf(stamps(), sheet.name),
    protection: protection(),
  };
}

function fillOf(color: string | undefined): Fill {
  return !color || color.toUpperCase() === NO_FILL ? '' : color.toUpperCase();
}

/** Which of these cells hold a note, and what it says. One round trip. */
async function notesAt(
  context: Excel.RequestContext,
  sheetName: string,
  addresses: string[],
): Promise<Map<string, string>> {
  if (addresses.length === 0 || !features.notes) return new Map();
  const notes = context.workbook.worksheets.getItem(sheetName).notes;
  const found = addresses.map((address) => ({ address, note: notes.getItemOrNullObject(address) }));
  for (const f of found) f.note.load('content');
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
async function applyOps(
  context: Excel.RequestContext,
  sheetName: string,
  ops: WriteOp[],
  readFills: Area[],
  protection: Protection,
): Promise<(row: number, column: number) => Fill> {
  const sheet = context.workbook.worksheets.getItem(sheetName);
  const fills = new Map<string, Fill>();
  const reads: { area: Area; result: OfficeExtension.ClientResult<Excel.CellProperties[][]> }[] = [];
  let cells = 0;
  for (const area of readFills) {
    const size = (area.to - area.from + 1) * (area.right - area.left + 1);
    if (cells + size > FILL_CELLS_PER_SYNC && reads.length > 0) {
      // eslint-disable-next-line office-addins/no-context-sync-in-loop -- fills are read in chunks under Excel's payload limit
      await context.sync(); // a read-only round trip: nothing is written yet
      cells = 0;
    }
    const range = sheet.getRange(`${columnLetter(area.left)}${area.from}:${columnLetter(area.right)}${area.to}`);
    reads.push({ area, result: range.getCellProperties({ format: { fill: { color: true } } }) });
    cells += size;
  }
  // Without notes (ExcelApi 1.18) the cells keep their fills; the reasons are in the pane.
  const batchList = batches(features.notes ? ops : ops.filter((op) => !op.kind.endsWith('Note')));
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
    if (guarded && i === batchList.length - 1)
      sheet.protection.protect(protection.options as Excel.WorksheetProtectionOptions | undefined);
    // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one sync per batch of marks: a batch Excel refuses for its size loses everything queued in it
    await context.sync();
  }
  for (const { area, result } of reads) {
    for (const [i, row] of result.value.entries()) {
      for (const [j, p] of row.entries()) fills.set(`${area.from + i}:${area.left + j}`, fillOf(p.format?.fill?.color));
    }
  }
  return (row, column) => fills.get(`${row}:${column}`) ?? '';
}

/** Values of some sheet rows and the sheet's protection, for re-checking the rows a clerk just changed. One round trip. */
async function readRows(
  context: Excel.RequestContext,
  sheetName: string,
  rows: number[],
  lastColumn: number,
): Promise<RowsRead> {
  const sheet = context.workbook.worksheets.getItem(sheetName);
  const ranges = rows.map((row) => ({ row, range: sheet.getRange(`A${row}:${columnLetter(lastColumn)}${row}`) }));
  for (const { range } of ranges) range.load('values');
  const protection = queueProtection(sheet);
  await context.sync();
  const values = new Map<number, CellValue[]>();
  for (const { row, range } of ranges) values.set(row, range.values[0] as CellValue[]);
  return { values, protection: protection() };
}

/** Excel's column width (characters of the default font) in points, as Range.format.columnWidth takes it. */
const points = (characters: number) => Math.round((characters * 7 + 5) * 0.75);

/** Queues a read of a sheet's protection; what it returns is read after the next sync. */
function queueProtection(sheet: Excel.Worksheet): () => Protection {
  const protection = sheet.protection.load('protected,options');
  return () => ({ protected: protection.protected, options: protection.options });
}

/** Queues a read of every stamp on the workbook's stamp sheet; what it returns is read after the next sync. */
function queueStamps(context: Excel.RequestContext): () => Stamp[] {
  const range = context.workbook.worksheets.getItemOrNullObject(STAMP_SHEET).getUsedRangeOrNullObject(true);
  range.load('values');
  // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/call-sync-after-load -- read by the caller after its sync: one round trip for the stamps and the sheet
  return () => (range.isNullObject ? [] : readStamps(range.values as (string | number | null)[][]));
}

/** Every stamp on the workbook's stamp sheet. One round trip. */
async function workbookStamps(context: Excel.RequestContext): Promise<Stamp[]> {
  const stamps = queueStamps(context);
  await context.sync();
  return stamps();
}

/** Rewrites the stamp sheet with one sheet's stamp replaced or added; queued, synced by the caller. */
async function saveStamps(context: Excel.RequestContext, stamps: Stamp[], stamp: Stamp): Promise<void> {
  const sheets = context.workbook.worksheets;
  const old = sheets.getItemOrNullObject(STAMP_SHEET);
  await context.sync(); // isNullObject is known after a sync, with nothing loaded

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

function applyLook(range: Excel.Range, look: Look): void {
  if (look.merge) range.merge();
  if (look.font) {
    range.format.font.name = look.font.name;
    range.format.font.size = look.font.size;
    range.format.font.bold = Boolean(look.font.bold);
    if (look.font.color) range.format.font.color = look.font.color;
  }
  if (look.fill) range.format.fill.color = look.fill;
  if (look.wrap) range.format.wrapText = true;
  if (look.align) range.format.horizontalAlignment = look.align;
  if (look.valign) range.format.verticalAlignment = look.valign;
  if (look.unlocked) range.format.protection.locked = false;
  if (look.borders)
    for (const edge of [
      'EdgeTop',
      'EdgeBottom',
      'EdgeLeft',
      'EdgeRight',
      'InsideVertical',
      'InsideHorizontal',
    ] as const)
      range.format.borders.getItem(edge).style = 'Continuous';
}

/**
 * Writes a sheet plan into a new sheet: its frame first, then the body in chunks under the
 * payload limit (number formats before values, so text that starts with = + - @ stays text),
 * then the looks, dropdowns and protection over it. A sheet it replaces goes only once the new
 * one is whole.
 */
async function writeSheet(context: Excel.RequestContext, plan: SheetPlan, replacing?: string): Promise<string> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name');
  await context.sync();
  const taken = new Set(sheets.items.map((s) => s.name));
  let name = replacing ?? plan.name;
  if (!replacing) for (let i = 2; taken.has(name); i++) name = `${plan.name}${i}`;
  let draft = replacing ? `${replacing}~` : name;
  for (let i = 2; replacing && taken.has(draft); i++) draft = `${replacing}~${i}`;

  const sheet = sheets.add(draft);
  const { body } = plan;
  const heights = new Map(plan.rowHeights.map((h) => [h.row, h.points]));
  const height = (row: number) => {
    const p = heights.get(row);
    if (p !== undefined) sheet.getRange(`A${row}`).format.rowHeight = p;
  };
  for (const c of plan.cells) sheet.getRange(c.address).values = c.values;
  for (const w of plan.columnWidths)
    sheet.getRange(`${columnLetter(w.column)}:${columnLetter(w.column)}`).format.columnWidth = points(w.characters);
  for (const c of plan.hiddenColumns) sheet.getRange(`${columnLetter(c)}:${columnLetter(c)}`).columnHidden = true;
  for (let row = 1; row < body.firstRow; row++) height(row);
  const { rows, columns } = plan.frozen;
  if (rows > 0 && columns > 0) sheet.freezePanes.freezeAt(`A1:${columnLetter(columns)}${rows}`);
  await context.sync();

  const width = body.numberFormats.length;
  const perRow = payloadOf(body.values) / Math.max(1, body.values.length) + width * 12;
  const perChunk = Math.max(1, Math.floor(PAYLOAD_BUDGET / Math.max(1, perRow)));
  for (let i = 0; i < body.values.length; i += perChunk) {
    step('写入任务', i, body.values.length);
    const chunk = body.values.slice(i, i + perChunk);
    const first = body.firstRow + i;
    const range = sheet.getRange(`A${first}:${columnLetter(width)}${first + chunk.length - 1}`);
    range.numberFormat = chunk.map(() => body.numberFormats);
    range.values = chunk;
    for (let row = first; row < first + chunk.length; row++) height(row);
    // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one sync per chunk keeps each batch under Excel's payload limit
    await context.sync();
  }

  for (const { address, look } of plan.looks) applyLook(sheet.getRange(address), look);
  for (const list of plan.lists)
    sheet.getRange(list.address).dataValidation.rule = {
      list: { inCellDropDown: true, source: list.values.join(',') },
    };
  if (plan.protection) {
    const allow = (what: string) => `allow${what[0]!.toUpperCase()}${what.slice(1)}`;
    sheet.protection.protect(Object.fromEntries(plan.protection.map((what) => [allow(what), true])));
  }
  if (replacing) {
    sheets.getItem(replacing).delete();
    sheet.name = name;
  }
  sheet.activate();
  await context.sync();
  return name;
}
