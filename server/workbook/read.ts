/**
 * Reads any workbook in the ledger table's shape the way a clerk would leave it. The file goes
 * through the guard first; the table is found by the core, from the sheet's cell values.
 */
import ExcelJS from 'exceljs';
import { findTable, tasksFromTable, type CellValue, type LedgerTable } from '../../core/table.ts';
import type { Task } from '../../core/task.ts';
import { WorkbookError } from './errors.ts';
import { guardWorkbook, DEFAULT_LIMITS, type WorkbookLimits } from './guard.ts';
import { readStamp, STAMP_SHEET, taskIdResolver, type Stamp } from '../../core/stamp.ts';

export interface LedgerWorkbook {
  table: LedgerTable;
  tasks: Task[];
  stamp?: Stamp;
}

/** An exceljs cell value as a plain value: rich text joined, formulas as their result. */
export function plainValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || value instanceof Date) return value as CellValue;
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return plainValue((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('text' in value) return plainValue((value as ExcelJS.CellHyperlinkValue).text as ExcelJS.CellValue);
  if ('error' in value) return String((value as ExcelJS.CellErrorValue).error);
  return String(value);
}

/** The sheet's values as a 0-based grid; merged cells already carry their top-left value. */
function gridOf(sheet: ExcelJS.Worksheet): CellValue[][] {
  const values = sheet.getSheetValues();
  const grid: CellValue[][] = [];
  for (let r = 1; r < values.length; r++) {
    const row = values[r] as ExcelJS.CellValue[] | undefined;
    grid.push(row ? row.slice(1).map(plainValue) : []);
  }
  return grid;
}

export async function readLedgerWorkbook(bytes: Uint8Array, limits: WorkbookLimits = DEFAULT_LIMITS): Promise<LedgerWorkbook> {
  const safe = guardWorkbook(bytes, limits);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(safe.buffer, safe.byteOffset, safe.byteLength) as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new WorkbookError('corrupt', `文件无法作为 Excel 工作簿读取（${(error as Error).message}）。请在 Excel 中打开后另存为 .xlsx 再提交。The workbook could not be read.`);
  }

  const stampSheet = workbook.getWorksheet(STAMP_SHEET);
  const stamp = stampSheet ? readStamp(gridOf(stampSheet) as (string | number | null)[][]) : undefined;
  const candidates = workbook.worksheets.filter((s) => s.name !== STAMP_SHEET && s.state === 'visible');
  if (stamp?.sheet) candidates.sort((a, b) => Number(b.name === stamp.sheet) - Number(a.name === stamp.sheet));

  const failures: string[] = [];
  for (const sheet of candidates) {
    const found = findTable(gridOf(sheet), sheet.name);
    if (!found.ok) {
      failures.push(found.message);
      continue;
    }
    const idOf = taskIdResolver(stamp?.sheet === sheet.name ? stamp : undefined);
    const tasks = tasksFromTable(found.table, idOf && ((row, no) => idOf(row.row, no)));
    return { table: found.table, tasks, stamp };
  }
  throw new WorkbookError('no-table', failures.length ? failures.join('\n') : '工作簿中没有可见的工作表。The workbook has no visible sheet.');
}
