/**
 * Reads any workbook in the ledger table's shape the way a clerk would leave it. The file goes
 * through the guard first; the table is found by the core, from the sheet's cell values. A cell
 * whose value the file does not hold (a formula saved without its result, the hidden part of a
 * merged range) is marked unknown, never read as empty.
 */
import ExcelJS from 'exceljs';
import { FOREIGN_STAMP, readStamps, stampFits, stampOf, STAMP_SHEET, type Stamp } from '../../../core/stamp.ts';
import { findTable, markMerged, tasksFromTable, type CellValue, type LedgerTable } from '../../../core/table.ts';
import type { Task } from '../../../core/task.ts';
import { WorkbookError } from './errors.ts';
import { guardWorkbook, DEFAULT_LIMITS, type WorkbookLimits } from './guard.ts';

export interface LedgerWorkbook {
  table: LedgerTable;
  tasks: Task[];
  /** The stamp of the sheet that was read, when it has one. */
  stamp?: Stamp;
  /** What the reader noticed about the workbook as a whole (which sheet it read, and why). */
  notes: string[];
  /** When the file was last saved (its 修改时间); null when it does not say, or was never saved after it was written. */
  savedAt: string | null;
}

/** A file never saved since it was written has its creation time as its modification time. */
function savedAt(workbook: ExcelJS.Workbook): string | null {
  const valid = (d: unknown): d is Date => d instanceof Date && !Number.isNaN(d.getTime());
  const { created, modified } = workbook;
  if (!valid(modified)) return null;
  if (valid(created) && Math.abs(modified.getTime() - created.getTime()) < 1000) return null;
  return modified.toISOString();
}

/** An exceljs cell value as a plain value: rich text joined, formulas as their result. */
export function plainValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || value instanceof Date) return value as CellValue;
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue | undefined;
    if (result === undefined || result === null) return { unknown: '公式没有保存计算结果' };
    return plainValue(result);
  }
  if ('text' in value) return plainValue((value as ExcelJS.CellHyperlinkValue).text as ExcelJS.CellValue);
  if ('error' in value) return { unknown: `错误值${String((value as ExcelJS.CellErrorValue).error)}` };
  return String(value);
}

/** The sheet's values as a 0-based grid; the hidden parts of merged ranges marked unknown. */
function gridOf(sheet: ExcelJS.Worksheet): CellValue[][] {
  const values = sheet.getSheetValues();
  const grid: CellValue[][] = [];
  for (let r = 1; r < values.length; r++) {
    const row = values[r] as ExcelJS.CellValue[] | undefined;
    grid.push(row ? row.slice(1).map(plainValue) : []);
  }
  markMerged(grid, mergesOf(sheet));
  return grid;
}

/**
 * The sheet's merged ranges, 0-based. exceljs keeps them in `_merges`, 1-based; its public
 * `model` would build every row's model to list them (a tenth of the reading on 10,000 rows).
 */
function mergesOf(sheet: ExcelJS.Worksheet) {
  const merges = (
    sheet as unknown as { _merges: Record<string, { top: number; left: number; bottom: number; right: number }> }
  )._merges;
  return Object.values(merges).map((m) => ({
    top: m.top - 1,
    left: m.left - 1,
    bottom: m.bottom - 1,
    right: m.right - 1,
  }));
}

const sameRows = (a: LedgerTable, b: LedgerTable) =>
  a.rows.length === b.rows.length &&
  a.rows.every((row, i) => JSON.stringify(row.values) === JSON.stringify(b.rows[i]?.values));

export async function readLedgerWorkbook(
  bytes: Uint8Array,
  limits: WorkbookLimits = DEFAULT_LIMITS,
): Promise<LedgerWorkbook> {
  const safe = guardWorkbook(bytes, limits);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(safe.buffer, safe.byteOffset, safe.byteLength) as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new WorkbookError(
      'corrupt',
      `文件无法作为 Excel 工作簿读取（${(error as Error).message}）。请在 Excel 中打开后另存为 .xlsx 再提交。The workbook could not be read.`,
    );
  }

  const stampSheet = workbook.getWorksheet(STAMP_SHEET);
  const stamps = stampSheet ? readStamps(gridOf(stampSheet) as (string | number | null)[][]) : [];
  const candidates = workbook.worksheets.filter((s) => s.name !== STAMP_SHEET && s.state === 'visible');
  // The stamped sheet first: it is the one the service handed out.
  candidates.sort((a, b) => Number(Boolean(stampOf(stamps, b.name))) - Number(Boolean(stampOf(stamps, a.name))));

  const failures: string[] = [];
  const tables: LedgerTable[] = [];
  for (const sheet of candidates) {
    const found = findTable(gridOf(sheet), sheet.name);
    if (found.ok) tables.push(found.table);
    else if (found.code === 'ambiguous') throw new WorkbookError('ambiguous', found.message);
    else failures.push(found.message);
  }
  const [table, ...others] = tables;
  if (!table)
    throw new WorkbookError(
      'no-table',
      failures.length ? failures.join('\n') : '工作簿中没有可见的工作表。The workbook has no visible sheet.',
    );

  const differing = others.filter((other) => !sameRows(table, other));
  if (differing.length > 0) {
    const names = differing.map((t) => `“${t.sheet}”`).join('、');
    throw new WorkbookError(
      'sheets-differ',
      `工作簿中有多张台账表：读取的是“${table.sheet}”，但${names}的内容与它不同，无法判断哪一张是要提交的。请只保留要提交的那一张（删除其他台账表）后再提交。The workbook holds several differing ledger sheets.`,
    );
  }
  const notes =
    others.length > 0
      ? [
          `工作簿中有${tables.length}张内容相同的台账表，读取的是“${table.sheet}”。Read sheet "${table.sheet}" of ${tables.length} identical ones.`,
        ]
      : [];
  const stamp = stampOf(stamps, table.sheet);
  if (stamp && !stampFits(stamp, table)) throw new WorkbookError('foreign-stamp', FOREIGN_STAMP);
  return { table, tasks: tasksFromTable(table), stamp, notes, savedAt: savedAt(workbook) };
}
