/**
 * The spreadsheet as the pane sees it: the few things it asks of Excel, or of any other host
 * that would run it (WPS, say). Each method is one piece of work, batched by the host as it
 * needs; the pane's logic (addin/actions.ts) knows nothing else of the host. Excel (Office.js)
 * is the first implementation: addin/excel/excel-host.ts.
 */
import type { Stamp } from '../core/stamp.ts';
import type { CellValue, LedgerTable } from '../core/table.ts';
import type { Fill, MarkRecord, WriteOp } from './marking.ts';
import type { SheetPlan } from './sheet-plan.ts';

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
  /** What the protection allows, as the host gives it; handed back unchanged when it is put on again. */
  options?: unknown;
}

export interface RowsRead {
  values: Map<number, CellValue[]>;
  protection: Protection;
}

/** A block of cells: rows `from`–`to`, columns `left`–`right` (1-based). */
export interface Area {
  from: number;
  to: number;
  left: number;
  right: number;
}

/** The per-sheet record of what the pane's marks covered, kept in the workbook. */
export interface MarkStore {
  get(sheet: string): MarkRecord | undefined;
  set(record: MarkRecord): Promise<void>;
  remove(sheet: string): Promise<void>;
}

export interface SpreadsheetHost {
  /** The ledger table on a sheet (the active one by default), with its notes, stamp and protection. */
  readTable(sheet?: string): Promise<SheetRead>;
  /**
   * Values of some rows, columns 1 to `lastColumn` (the rows a clerk just changed), with the
   * sheet's protection now: the clerk may have lifted it since the table was read.
   */
  readRows(sheet: string, rows: number[], lastColumn: number): Promise<RowsRead>;
  /** Which of these cells hold a note (or comment), and what it says. */
  notesAt(sheet: string, addresses: string[]): Promise<Map<string, string>>;
  protection(sheet: string): Promise<Protection>;
  /**
   * Carries out fills and notes, in order, on a sheet whose protection is lifted for the work and
   * put back as it was. The fills of `readFills` are read before anything is written, and returned.
   */
  mark(
    sheet: string,
    ops: WriteOp[],
    readFills: Area[],
    protection: Protection,
  ): Promise<(row: number, column: number) => Fill>;
  /** Writes a new sheet (values, looks, validation lists); `replacing` names the sheet it takes the place of. Returns its name. */
  writeSheet(plan: SheetPlan, replacing?: string): Promise<string>;
  /** The stamps of the workbook's ledger sheets: which ledger, unit and revision each came from. */
  stamps(): Promise<Stamp[]>;
  /** Records one sheet's stamp, replacing its earlier one. */
  saveStamp(stamp: Stamp): Promise<void>;
  /** The pane's marks record, per sheet. */
  marks: MarkStore;
  activeSheet(): Promise<string>;
  /** The sheet and row of the selected cell. */
  selectedRow(): Promise<{ sheet: string; row: number }>;
  select(sheet: string, address: string): Promise<void>;
  /** Calls `changed` with the rows an edit touched on a sheet. */
  onEdit(sheet: string, changed: (from: number, to: number) => void): Promise<void>;
}

export class NoTableError extends Error {
  override name = 'NoTableError';
}
