/**
 * A spreadsheet host in memory: a second implementation of addin/host.ts beside Excel's, as a
 * WPS one would be, so the pane's actions are tested on the interface alone. Like Excel, it
 * refuses fills and notes on a protected sheet.
 */
import type { Area, MarkStore, Protection, SpreadsheetHost } from '../../addin/host.ts';
import { NoTableError } from '../../addin/host.ts';
import type { MarkRecord, WriteOp } from '../../addin/marking.ts';
import type { SheetPlan } from '../../addin/sheet-plan.ts';
import type { Stamp } from '../../core/stamp.ts';
import { findTable, type CellValue } from '../../core/table.ts';
import { columnLetter } from '../../core/text.ts';

export interface MemorySheet {
  values: CellValue[][];
  fills: Map<string, string>;
  notes: Map<string, string>;
  protected: boolean;
}

export type MemoryHost = SpreadsheetHost & { sheets: Map<string, MemorySheet>; active: string; selected: string };

function* cellsOf(address: string): Generator<[string, number, number]> {
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(address.replace(/\$/g, ''));
  if (!m) throw new Error(`memory host: bad address ${address}`);
  const col = (l: string) => [...l].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  for (let row = Number(m[2]); row <= Number(m[4] ?? m[2]); row++)
    for (let c = col(m[1]!); c <= col(m[3] ?? m[1]!); c++) yield [`${columnLetter(c)}${row}`, row, c];
}

export function memoryHost(sheets: Record<string, CellValue[][]>): MemoryHost {
  const records = new Map<string, MarkRecord>();
  const marks: MarkStore = {
    get: (sheet) => structuredClone(records.get(sheet)),
    set: async (record) => void records.set(record.sheet, structuredClone(record)),
    remove: async (sheet) => void records.delete(sheet),
  };
  let stamps: Stamp[] = [];
  const host: MemoryHost = {
    sheets: new Map(
      Object.entries(sheets).map(([name, values]) => [
        name,
        { values: structuredClone(values), fills: new Map(), notes: new Map(), protected: false },
      ]),
    ),
    active: Object.keys(sheets)[0]!,
    selected: 'A1',
    marks,
    async readTable(name = host.active) {
      const sheet = sheetOf(name);
      const found = findTable(sheet.values, name);
      if (!found.ok) throw new NoTableError(found.message);
      return {
        sheet: name,
        table: found.table,
        notes: new Map(sheet.notes),
        stamp: stamps.find((s) => s.sheet === name),
        protection: { protected: sheet.protected },
      };
    },
    async readRows(name, rows, lastColumn) {
      const sheet = sheetOf(name);
      return {
        values: new Map(
          rows.map((r) => [r, Array.from({ length: lastColumn }, (_, c) => sheet.values[r - 1]?.[c] ?? '')]),
        ),
        protection: { protected: sheet.protected },
      };
    },
    async notesAt(name, addresses) {
      const { notes } = sheetOf(name);
      return new Map(addresses.filter((a) => notes.has(a)).map((a) => [a, notes.get(a)!]));
    },
    async protection(name) {
      return { protected: sheetOf(name).protected };
    },
    async mark(name: string, ops: WriteOp[], readFills: Area[], protection: Protection) {
      const sheet = sheetOf(name);
      const before = new Map<string, string>();
      for (const area of readFills)
        for (let row = area.from; row <= area.to; row++)
          for (let c = area.left; c <= area.right; c++)
            before.set(`${row}:${c}`, sheet.fills.get(`${columnLetter(c)}${row}`) ?? '');
      if (protection.protected) sheet.protected = false;
      for (const op of ops) {
        if (sheet.protected) throw new Error(`memory host: ${name} is protected`);
        if (op.kind === 'fill') for (const [a] of cellsOf(op.address)) sheet.fills.set(a, op.color);
        if (op.kind === 'clearFill') for (const [a] of cellsOf(op.address)) sheet.fills.delete(a);
        if (op.kind === 'addNote' || op.kind === 'setNote') sheet.notes.set(op.address, op.text);
        if (op.kind === 'deleteNote') sheet.notes.delete(op.address);
      }
      sheet.protected = protection.protected;
      return (row, column) => before.get(`${row}:${column}`) ?? '';
    },
    async writeSheet(plan: SheetPlan, replacing?: string) {
      let name = replacing ?? plan.name;
      for (let i = 2; !replacing && host.sheets.has(name); i++) name = `${plan.name}${i}`;
      const sheet: MemorySheet = { values: [], fills: new Map(), notes: new Map(), protected: false };
      const put = (row: number, column: number, value: CellValue) => {
        sheet.values[row - 1] ??= [];
        sheet.values[row - 1]![column - 1] = value;
      };
      for (const { address, values } of plan.cells) {
        const [, top, left] = cellsOf(address).next().value!;
        for (const [, row, c] of cellsOf(address)) put(row, c, values[row - top]?.[c - left] ?? '');
      }
      for (const [i, row] of plan.body.values.entries())
        for (const [j, v] of row.entries()) put(plan.body.firstRow + i, j + 1, v);
      for (const { address, look } of plan.looks)
        if (look.fill) for (const [a] of cellsOf(address)) sheet.fills.set(a, look.fill);
      sheet.protected = Boolean(plan.protection);
      host.sheets.set(name, sheet);
      host.active = name;
      return name;
    },
    async stamps() {
      return structuredClone(stamps);
    },
    async saveStamp(stamp) {
      stamps = [...stamps.filter((s) => s.sheet !== stamp.sheet), structuredClone(stamp)];
    },
    async activeSheet() {
      return host.active;
    },
    async selectedRow() {
      return { sheet: host.active, row: cellsOf(host.selected).next().value![1] };
    },
    async select(name, address) {
      host.active = name;
      host.selected = address;
    },
    async onEdit() {},
  };
  function sheetOf(name: string): MemorySheet {
    const sheet = host.sheets.get(name);
    if (!sheet) throw new Error(`memory host: no sheet ${name}`);
    return sheet;
  }
  return host;
}
