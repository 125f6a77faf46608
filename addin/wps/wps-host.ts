/**
 * The spreadsheet host on WPS 表格: addin/host.ts carried out on ET's object model (et.ts), whose
 * calls are synchronous: no batching, no payload limit, a read is its answer. Fills are ET's BGR
 * colour numbers, notes are 批注 (comments), the stamp sheet is very hidden as in Excel, and the
 * marks record is kept in the workbook's custom document properties (wps-marks.ts).
 */
import { readStamps, stampOf, STAMP_SHEET, withStamp, type Stamp } from '../../core/stamp.ts';
import { findTable, type CellValue } from '../../core/table.ts';
import { columnLetter } from '../../core/text.ts';
import { NoTableError, type Area, type MarkStore, type Protection, type SpreadsheetHost } from '../host.ts';
import type { Fill, WriteOp } from '../marking.ts';
import type { Look, SheetPlan } from '../sheet-plan.ts';
import {
  bgr,
  hexOf,
  read,
  rowsOf,
  XL,
  type EtApiEvent,
  type EtApplication,
  type EtRange,
  type EtWorkbook,
  type EtWorksheet,
} from './et.ts';

const HEAD_COLUMNS = 60;

/** What a unit's sheet allows while protected (core/layout.ts names), by Protect's argument position. */
const ALLOW_ARGUMENT: Record<string, number> = {
  formatCells: 5,
  formatColumns: 6,
  formatRows: 7,
  insertColumns: 8,
  insertRows: 9,
  insertHyperlinks: 10,
  deleteColumns: 11,
  deleteRows: 12,
  sort: 13,
  autoFilter: 14,
  pivotTables: 15,
};
const ALLOW_PROPERTY: Record<string, string> = {
  formatCells: 'AllowFormattingCells',
  formatColumns: 'AllowFormattingColumns',
  formatRows: 'AllowFormattingRows',
  sort: 'AllowSorting',
  autoFilter: 'AllowFiltering',
};

const nameOf = (sheet: EtWorksheet | string) => (typeof sheet === 'string' ? sheet : read<string>(sheet, 'Name'));
const plain = (address: string) => address.replace(/^.*!/, '').replace(/\$/g, '');

/** WPS on `app` (window.Application), with its events from `events` (wps.ApiEvent) and the marks record in `marks`. */
export function wpsHost(app: EtApplication, marks: MarkStore, events?: EtApiEvent): SpreadsheetHost {
  const book = (): EtWorkbook => {
    const workbook = app.ActiveWorkbook;
    if (!workbook) throw new NoTableError('WPS 中没有打开的工作簿。No workbook is open in WPS.');
    return workbook;
  };
  const sheetNames = () => {
    const sheets = book().Sheets;
    return Array.from({ length: read<number>(sheets, 'Count') }, (_, i) => nameOf(sheets.Item(i + 1)));
  };
  const sheetOf = (name: string) => book().Sheets.Item(name);
  const valuesOf = (sheet: EtWorksheet, address: string, rows: number, columns: number) =>
    rowsOf(sheet.Range(address).Value2, rows, columns).map((row) =>
      Array.from({ length: columns }, (_, c) => (row[c] ?? '') as CellValue),
    );

  function protectionOf(sheet: EtWorksheet): Protection {
    if (!read<boolean>(sheet, 'ProtectContents')) return { protected: false };
    const allows = Object.entries(ALLOW_PROPERTY)
      .filter(([, property]) => read<boolean>(sheet.Protection, property))
      .map(([allow]) => allow);
    return { protected: true, options: allows };
  }

  function protect(sheet: EtWorksheet, allows: readonly string[]) {
    const args: (string | boolean | undefined)[] = ['', true, true, true];
    for (const allow of allows) if (ALLOW_ARGUMENT[allow] !== undefined) args[ALLOW_ARGUMENT[allow]] = true;
    sheet.Protect(...Array.from(args, (a) => a ?? false));
  }

  function stamps(): Stamp[] {
    if (!sheetNames().includes(STAMP_SHEET)) return [];
    const sheet = sheetOf(STAMP_SHEET);
    const used = sheet.UsedRange;
    const rows = read<number>(used, 'Row') + read<number>(used.Rows, 'Count') - 1;
    const columns = read<number>(used, 'Column') + read<number>(used.Columns, 'Count') - 1;
    return readStamps(valuesOf(sheet, `A1:${columnLetter(columns)}${rows}`, rows, columns) as (string | number)[][]);
  }

  /** A fill as the pane records it: '' for none. A block of one fill is read at once; a mixed one row by row, then cell by cell. */
  function fillsOf(sheet: EtWorksheet, area: Area, into: Map<string, Fill>) {
    const uniform = (range: EtRange): Fill | undefined => {
      const index = range.Interior.ColorIndex;
      if (index === XL.none) return '';
      const color = range.Interior.Color;
      return index === null || color === null ? undefined : hexOf(color);
    };
    const whole = uniform(sheet.Range(`${columnLetter(area.left)}${area.from}:${columnLetter(area.right)}${area.to}`));
    for (let row = area.from; row <= area.to; row++) {
      const line = whole ?? uniform(sheet.Range(`${columnLetter(area.left)}${row}:${columnLetter(area.right)}${row}`));
      for (let c = area.left; c <= area.right; c++)
        into.set(`${row}:${c}`, line ?? uniform(sheet.Range(`${columnLetter(c)}${row}`)) ?? '');
    }
  }

  function carryOut(sheet: EtWorksheet, op: WriteOp) {
    const range = sheet.Range(op.address);
    switch (op.kind) {
      case 'fill':
        range.Interior.Color = bgr(op.color);
        break;
      case 'clearFill':
        range.Interior.ColorIndex = XL.none;
        break;
      case 'addNote':
        range.AddComment(op.text);
        break;
      // A comment's text is a method in some builds and a property in others: a new comment is the same in all.
      case 'setNote':
        range.ClearComments();
        range.AddComment(op.text);
        break;
      case 'deleteNote':
        range.ClearComments();
        break;
    }
  }

  function applyLook(range: EtRange, look: Look) {
    if (look.merge) range.Merge();
    if (look.font) {
      range.Font.Name = look.font.name;
      range.Font.Size = look.font.size;
      range.Font.Bold = Boolean(look.font.bold);
      if (look.font.color) range.Font.Color = bgr(look.font.color);
    }
    if (look.fill) range.Interior.Color = bgr(look.fill);
    if (look.wrap) range.WrapText = true;
    if (look.align) range.HorizontalAlignment = { Left: XL.left, Center: XL.center, Right: XL.right }[look.align];
    if (look.valign) range.VerticalAlignment = look.valign === 'Top' ? XL.top : XL.center;
    if (look.unlocked) range.Locked = false;
    if (look.borders)
      for (const edge of XL.edges) {
        const border = range.Borders.Item(edge);
        border.LineStyle = XL.continuous;
        border.Weight = XL.thin;
      }
  }

  /** Work WPS would stop to ask the clerk about (deleting a sheet, merging cells), done without asking. */
  function quietly<T>(work: () => T): T {
    const alerts = app.DisplayAlerts;
    app.DisplayAlerts = false;
    try {
      return work();
    } finally {
      app.DisplayAlerts = alerts;
    }
  }
  const remove = (sheet: EtWorksheet) => quietly(() => sheet.Delete());

  function writeSheet(plan: SheetPlan, replacing?: string): string {
    const taken = new Set(sheetNames());
    let name = replacing ?? plan.name;
    if (!replacing) for (let i = 2; taken.has(name); i++) name = `${plan.name}${i}`;
    let draft = replacing ? `${replacing}~` : name;
    for (let i = 2; replacing && taken.has(draft); i++) draft = `${replacing}~${i}`;

    const sheets = book().Sheets;
    const sheet = sheets.Add(null, sheets.Item(read<number>(sheets, 'Count')));
    sheet.Name = draft;
    for (const c of plan.cells)
      sheet.Range(c.address).Value2 = c.values.length === 1 && c.values[0]!.length === 1 ? c.values[0]![0] : c.values;
    for (const w of plan.columnWidths)
      sheet.Range(`${columnLetter(w.column)}:${columnLetter(w.column)}`).ColumnWidth = w.characters;
    for (const c of plan.hiddenColumns) sheet.Range(`${columnLetter(c)}:${columnLetter(c)}`).EntireColumn.Hidden = true;
    for (const h of plan.rowHeights) sheet.Range(`${h.row}:${h.row}`).RowHeight = h.points;

    const { body } = plan;
    if (body.values.length > 0) {
      const last = body.firstRow + body.values.length - 1;
      // Number formats before values: text that starts with = + - @ stays text.
      for (const [i, format] of body.numberFormats.entries())
        sheet.Range(`${columnLetter(i + 1)}${body.firstRow}:${columnLetter(i + 1)}${last}`).NumberFormat = format;
      sheet.Range(`A${body.firstRow}:${columnLetter(body.numberFormats.length)}${last}`).Value2 = body.values;
    }
    for (const { address, look } of plan.looks) applyLook(sheet.Range(address), look);
    for (const list of plan.lists) {
      const validation = sheet.Range(list.address).Validation;
      validation.Delete();
      validation.Add(XL.validateList, XL.validAlertStop, XL.between, list.values.join(','));
      validation.InCellDropdown = true;
    }
    sheet.Activate();
    const { rows, columns } = plan.frozen;
    if (rows > 0 || columns > 0) {
      const window = app.ActiveWindow;
      window.FreezePanes = false;
      window.SplitRow = rows;
      window.SplitColumn = columns;
      window.FreezePanes = true;
    }
    if (plan.protection) protect(sheet, plan.protection);
    if (replacing) {
      remove(sheetOf(replacing));
      sheet.Name = name;
    }
    sheet.Activate();
    return name;
  }

  return {
    marks,
    async readTable(name) {
      const sheet = name === undefined ? app.ActiveSheet : sheetOf(name);
      const sheetName = nameOf(sheet);
      const used = sheet.UsedRange;
      const lastRow = read<number>(used, 'Row') + read<number>(used.Rows, 'Count') - 1;
      const width = Math.min(read<number>(used, 'Column') + read<number>(used.Columns, 'Count') - 1, HEAD_COLUMNS);
      const grid = valuesOf(sheet, `A1:${columnLetter(width)}${lastRow}`, lastRow, width);
      if (grid.every((row) => row.every((v) => v === '' || v === null)))
        throw new NoTableError(`工作表“${sheetName}”是空的。The sheet is empty.`);
      const found = findTable(grid, sheetName);
      if (!found.ok) throw new NoTableError(found.message);
      const notes = new Map<string, string>();
      for (let i = 1; i <= read<number>(sheet.Comments, 'Count'); i++) {
        const comment = sheet.Comments.Item(i);
        notes.set(plain(read<string>(comment.Parent, 'Address')), read<string>(comment, 'Text'));
      }
      return {
        sheet: sheetName,
        table: found.table,
        notes,
        stamp: stampOf(stamps(), sheetName),
        protection: protectionOf(sheet),
      };
    },
    async readRows(name, rows, lastColumn) {
      const sheet = sheetOf(name);
      const values = new Map(
        rows.map((row) => [row, valuesOf(sheet, `A${row}:${columnLetter(lastColumn)}${row}`, 1, lastColumn)[0]!]),
      );
      return { values, protection: protectionOf(sheet) };
    },
    async notesAt(name, addresses) {
      const sheet = sheetOf(name);
      const found = new Map<string, string>();
      for (const address of addresses) {
        const comment = sheet.Range(address).Comment;
        if (comment) found.set(address, read<string>(comment, 'Text'));
      }
      return found;
    },
    async protection(name) {
      return protectionOf(sheetOf(name));
    },
    async mark(name, ops, readFills, protection) {
      const sheet = sheetOf(name);
      const fills = new Map<string, Fill>();
      for (const area of readFills) fillsOf(sheet, area, fills);
      // Marks go on a protected sheet (a unit's copy) with its protection lifted and put back as it was.
      const guarded = protection.protected && ops.length > 0;
      if (guarded) sheet.Unprotect('');
      try {
        for (const op of ops) carryOut(sheet, op);
      } finally {
        if (guarded) protect(sheet, (protection.options as string[] | undefined) ?? []);
      }
      return (row, column) => fills.get(`${row}:${column}`) ?? '';
    },
    async writeSheet(plan, replacing) {
      return quietly(() => writeSheet(plan, replacing));
    },
    async stamps() {
      return stamps();
    },
    async saveStamp(stamp) {
      const active = app.ActiveSheet;
      const values = withStamp(stamps(), stamp);
      if (sheetNames().includes(STAMP_SHEET)) {
        const old = sheetOf(STAMP_SHEET);
        old.Visible = XL.sheetVisible;
        remove(old);
      }
      const sheets = book().Sheets;
      const sheet = sheets.Add(null, sheets.Item(read<number>(sheets, 'Count')));
      sheet.Name = STAMP_SHEET;
      const width = Math.max(...values.map((r) => r.length));
      sheet.Range(`A1:${columnLetter(width)}${values.length}`).Value2 = values.map((r) =>
        Array.from({ length: width }, (_, c) => r[c] ?? ''),
      );
      sheet.Visible = XL.sheetVeryHidden;
      active.Activate();
    },
    async activeSheet() {
      return nameOf(app.ActiveSheet);
    },
    async selectedRow() {
      const cell = app.ActiveCell;
      return { sheet: nameOf(cell.Worksheet), row: read<number>(cell, 'Row') };
    },
    async select(name, address) {
      const sheet = sheetOf(name);
      sheet.Activate();
      sheet.Range(address).Select();
    },
    async onEdit(name, changed) {
      const source = events ?? app.ApiEvent;
      source?.AddApiEventListener('SheetChange', (sheet, target) => {
        if (nameOf(sheet) !== name) return;
        const from = read<number>(target, 'Row');
        changed(from, from + read<number>(target.Rows, 'Count') - 1);
      });
    },
  };
}
