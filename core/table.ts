/**
 * The ledger table found in a grid of cell values, the way a clerk leaves it: header anywhere
 * near the top, spelled their way, columns in any order, extra columns, title and 填报单位 rows
 * above, blank rows between. Both the workbook reader and the add-in hand their cells here.
 */
import { FIELDS, HEADER, HEADER_ALIASES, type Field } from './fields.ts';
import { chineseDate, type IsoDate } from './deadline.ts';
import { normalizeLabel, toHalfWidth } from './text.ts';
import { emptyTask, TEXT_FIELDS, type Task } from './task.ts';

export type CellValue = string | number | boolean | Date | null | undefined;

export interface TableRow {
  /** Sheet row number, 1-based. */
  row: number;
  values: Record<Field, string>;
  /** Values of columns that are not the table's, by their header: kept, never lost. */
  extras: Record<string, string>;
}

export interface LedgerTable {
  sheet: string;
  title: string;
  /** From the 填报单位 / 填报时间 / 联系人 row of a unit's copy, when there is one. */
  reportingUnit: string;
  reportDate: string;
  contact: string;
  headerRow: number;
  /** Sheet column (1-based) of each field found. */
  columns: Partial<Record<Field, number>>;
  /** The header text as written, for each field found. */
  headers: Partial<Record<Field, string>>;
  extraColumns: { column: number; header: string }[];
  rows: TableRow[];
}

export type FindTableResult =
  | { ok: true; table: LedgerTable }
  | { ok: false; missing: Field[]; message: string };

/** The columns a sheet must have to be a ledger. */
export const REQUIRED_HEADERS: readonly Field[] = ['no', 'problem', 'deadline'];

/** Our own columns outside the table (the colour reason): derived, never read back. */
export const DERIVED_HEADERS = ['状态提示'];

const HEADER_SCAN_ROWS = 30;
/** Serial numbers that are plausibly dates (1954 to 2119). */
const SERIAL_DATE = { min: 20000, max: 80000 };

interface Origin {
  /** Sheet row and column of grid[0][0], 1-based. */
  row: number;
  column: number;
}

const aliasList = FIELDS.flatMap((field) => HEADER_ALIASES[field].map((alias) => ({ field, alias })))
  .sort((a, b) => b.alias.length - a.alias.length);

/** Which field a header cell names, if any: exact spelling first, then the longest prefix. */
export function fieldOfHeader(text: string): Field | undefined {
  const key = normalizeLabel(text);
  if (!key) return undefined;
  const exact = aliasList.find((a) => a.alias === key);
  if (exact) return exact.field;
  return aliasList.find((a) => a.alias.length >= 2 && key.startsWith(a.alias))?.field;
}

export function excelSerialToIso(serial: number): IsoDate {
  const date = new Date(Math.round((serial - 25569) * 86_400_000));
  return date.toISOString().slice(0, 10);
}

function dateToIso(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

/** A cell's value as the text the table holds for that field. */
export function cellText(value: CellValue, field?: Field): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return field === 'deadline' ? chineseDate(dateToIso(value)) : dateToIso(value);
  if (typeof value === 'number') {
    if (field === 'deadline' && value >= SERIAL_DATE.min && value <= SERIAL_DATE.max) {
      return chineseDate(excelSerialToIso(value));
    }
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return value.replace(/\r\n?/g, '\n');
}

/** A row's text, each merged value once. */
function rowText(cells: CellValue[]): string {
  const texts = cells.map((c) => cellText(c).trim()).filter(Boolean);
  return texts.filter((t, i) => t !== texts[i - 1]).join(' ');
}

/** 填报单位：县水利局   填报时间：…   联系人/电话：… */
function readReportingRow(text: string) {
  const pick = (label: RegExp) => {
    const m = label.exec(text);
    return m ? m[1].trim() : '';
  };
  return {
    reportingUnit: pick(/填报单位\s*[:：]\s*([^\s：:]*)/),
    reportDate: pick(/填报(?:时间|日期)\s*[:：]\s*([^\s：:]*)/),
    contact: pick(/联系人(?:\s*[/／及、]?\s*电话)?\s*[:：]\s*(.*?)\s*$/),
  };
}

export function findTable(grid: CellValue[][], sheet: string, origin: Origin = { row: 1, column: 1 }): FindTableResult {
  let best: { index: number; columns: Partial<Record<Field, number>> } | undefined;
  for (let r = 0; r < Math.min(grid.length, HEADER_SCAN_ROWS); r++) {
    const columns: Partial<Record<Field, number>> = {};
    (grid[r] ?? []).forEach((value, c) => {
      if (typeof value !== 'string') return;
      const field = fieldOfHeader(value);
      if (field && columns[field] === undefined) columns[field] = c;
    });
    if (!best || Object.keys(columns).length > Object.keys(best.columns).length) best = { index: r, columns };
  }
  const found = best && Object.keys(best.columns).length >= 3 ? best : undefined;
  const missing = REQUIRED_HEADERS.filter((f) => found?.columns[f] === undefined);
  if (!found || missing.length > 0) {
    const names = (found ? missing : REQUIRED_HEADERS).map((f) => HEADER[f]).join('、');
    return {
      ok: false,
      missing: found ? missing : [...REQUIRED_HEADERS],
      message: found
        ? `工作表“${sheet}”第${origin.row + found.index}行像是表头，但缺少这些列：${names}。Missing columns: ${names}.`
        : `工作表“${sheet}”里没有找到台账表头（需要 ${names} 等列）。No ledger header found on sheet "${sheet}".`,
    };
  }

  const headerCells = grid[found.index];
  const fieldColumns = new Set(Object.values(found.columns));
  const extraColumns = headerCells
    .map((value, c) => ({ c, header: cellText(value).trim() }))
    .filter(({ c, header }) => header && !fieldColumns.has(c) && !DERIVED_HEADERS.includes(normalizeLabel(header).replace(/\(.*$/, '')));

  let title = '';
  let reporting = { reportingUnit: '', reportDate: '', contact: '' };
  for (let r = 0; r < found.index; r++) {
    const text = rowText(grid[r] ?? []);
    if (!text) continue;
    if (/填报单位|填报时间|联系人/.test(text)) reporting = readReportingRow(text);
    else if (!title) title = cellText((grid[r] ?? []).find((c) => cellText(c).trim())).trim();
  }

  const rows: TableRow[] = [];
  for (let r = found.index + 1; r < grid.length; r++) {
    const cells = grid[r] ?? [];
    const values = {} as Record<Field, string>;
    let any = false;
    for (const field of FIELDS) {
      const c = found.columns[field];
      values[field] = c === undefined ? '' : cellText(cells[c], field);
      if (values[field].trim()) any = true;
    }
    const extras: Record<string, string> = {};
    for (const { c, header } of extraColumns) {
      const text = cellText(cells[c]);
      if (text) extras[header] = text;
    }
    if (!any && Object.keys(extras).length === 0) continue;
    rows.push({ row: origin.row + r, values, extras });
  }

  const columns: Partial<Record<Field, number>> = {};
  const headers: Partial<Record<Field, string>> = {};
  for (const [field, c] of Object.entries(found.columns) as [Field, number][]) {
    columns[field] = origin.column + c;
    headers[field] = cellText(headerCells[c]);
  }
  return {
    ok: true,
    table: {
      sheet,
      title,
      ...reporting,
      headerRow: origin.row + found.index,
      columns,
      headers,
      extraColumns: extraColumns.map(({ c, header }) => ({ column: origin.column + c, header })),
      rows,
    },
  };
}

/** 序号 as a whole number, accepting full-width digits and a trailing stop; undefined otherwise. */
export function parseTaskNo(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const plain = toHalfWidth(text).trim().replace(/[.、]$/, '');
  return /^\d+$/.test(plain) ? Number(plain) : undefined;
}

/**
 * The table's rows as tasks. Rows whose 序号 is not a number are not tasks; validation reports
 * them. `idOf` gives a row's task id from the workbook's stamp, when it has one.
 */
export function tasksFromTable(table: LedgerTable, idOf?: (row: TableRow, no: number) => string | undefined): Task[] {
  const tasks: Task[] = [];
  for (const row of table.rows) {
    const no = parseTaskNo(row.values.no);
    if (no === undefined) continue;
    const task = emptyTask(no, idOf?.(row, no) ?? String(no));
    for (const field of TEXT_FIELDS) task[field] = row.values[field];
    tasks.push(task);
  }
  return tasks;
}

/** Tasks laid out as the written table lays them out: header on `headerRow`, fields in order. */
export function tableOfTasks(tasks: Task[], sheet = '整改台账', headerRow = 2): LedgerTable {
  const columns = {} as Record<Field, number>;
  const headers = {} as Record<Field, string>;
  FIELDS.forEach((field, i) => {
    columns[field] = i + 1;
    headers[field] = HEADER[field];
  });
  return {
    sheet,
    title: '',
    reportingUnit: '',
    reportDate: '',
    contact: '',
    headerRow,
    columns,
    headers,
    extraColumns: [],
    rows: tasks.map((task, i) => {
      const values = { no: String(task.no) } as Record<Field, string>;
      for (const field of TEXT_FIELDS) values[field] = task[field];
      return { row: headerRow + 1 + i, values, extras: {} };
    }),
  };
}

/** Fill each merged range with its top-left value, as a clerk reads it. Ranges are 0-based, inclusive. */
export function fillMerged(
  grid: CellValue[][],
  merges: { top: number; left: number; bottom: number; right: number }[],
): void {
  for (const m of merges) {
    const value = grid[m.top]?.[m.left];
    if (value === null || value === undefined || value === '') continue;
    for (let r = m.top; r <= m.bottom && r < grid.length; r++) {
      const row = grid[r];
      if (!row) continue;
      for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) row[c] = value;
    }
  }
}
