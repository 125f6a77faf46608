/**
 * The ledger table found in a grid of cell values, the way a clerk leaves it: header anywhere
 * near the top, spelled their way, columns in any order, extra columns, title and 填报单位 rows
 * above, blank rows between. Both the workbook reader and the add-in hand their cells here.
 */
import { DATED_HEADER, FIELDS, HEADER, HEADER_ALIASES, SYSTEM_HEADERS, type Field } from './fields.ts';
import { chineseDate, type IsoDate } from './deadline.ts';
import { columnLetter, normalizeLabel, toHalfWidth } from './text.ts';
import { emptyTask, TEXT_FIELDS, type Task } from './task.ts';

/**
 * A cell whose value cannot be known from the file: a formula saved without its result, or the
 * hidden part of a merged range. Its field is absent from the row, never read as empty.
 */
export interface UnknownCell {
  unknown: string;
}

export type CellValue = string | number | boolean | Date | null | undefined | UnknownCell;

export const isUnknown = (value: CellValue): value is UnknownCell =>
  typeof value === 'object' && value !== null && !(value instanceof Date) && 'unknown' in value;

export interface TableRow {
  /** Sheet row number, 1-based. */
  row: number;
  values: Record<Field, string>;
  /** Values of columns that are not the table's, by their header: kept, never lost. */
  extras: Record<string, string>;
  /** The task id in the hidden 任务标识 column the service writes, when the sheet has it. */
  taskId?: string;
  /** Fields whose cell on this row cannot be read, with why: absent, never empty. */
  unknown?: Partial<Record<Field, string>>;
}

export interface LedgerTable {
  sheet: string;
  title: string;
  /** From the 填报单位 / 填报时间 / 联系人 row of a unit's copy, when there is one. */
  reportingUnit: string;
  reportDate: string;
  contact: string;
  /** 填报人 and 联系电话 from their own cells on a unit's sheet. */
  reporter: string;
  phone: string;
  headerRow: number;
  /** Sheet column (1-based) of each field found. */
  columns: Partial<Record<Field, number>>;
  /** The header text as written, for each field found. */
  headers: Partial<Record<Field, string>>;
  extraColumns: { column: number; header: string }[];
  /** Sheet column of the hidden 任务标识 column, when there is one. */
  idColumn?: number;
  rows: TableRow[];
}

export type FindTableResult =
  | { ok: true; table: LedgerTable }
  | { ok: false; code: 'no-table' | 'ambiguous'; missing: Field[]; message: string };

/** The columns a sheet must have to be a ledger. */
export const REQUIRED_HEADERS: readonly Field[] = ['no', 'problem', 'deadline'];

const HEADER_SCAN_ROWS = 30;
/** Serial numbers that are plausibly dates (1954 to 2119). */
const SERIAL_DATE = { min: 20000, max: 80000 };

interface Origin {
  /** Sheet row and column of grid[0][0], 1-based. */
  row: number;
  column: number;
}

const aliasList = FIELDS.flatMap((field) => HEADER_ALIASES[field].map((alias) => ({ field, alias }))).sort(
  (a, b) => b.alias.length - a.alias.length,
);

export type HeaderKind = Field | 'reason' | 'taskId';

/**
 * What a header cell names: one of our own columns first (状态提示, 任务标识), then a field by
 * its exact spelling, then by the longest spelling it starts with; a dated header (截至10月底整改
 * 进展) is read without its date.
 */
export function fieldOfHeader(text: string): HeaderKind | undefined {
  const key = normalizeLabel(text);
  if (!key) return undefined;
  if (key.startsWith(SYSTEM_HEADERS.reason)) return 'reason';
  if (key === SYSTEM_HEADERS.taskId) return 'taskId';
  const undated = key.replace(DATED_HEADER, '') || key;
  const exact = aliasList.find((a) => a.alias === undated);
  if (exact) return exact.field;
  return aliasList.find((a) => a.alias.length >= 2 && undated.startsWith(a.alias))?.field;
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
  if (value === null || value === undefined || isUnknown(value)) return '';
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
  // A label followed straight by another label's colon was left empty.
  const pick = (label: RegExp) => {
    const m = label.exec(text);
    if (!m) return '';
    return /^\s*[:：]/.test(text.slice(m.index + m[0].length)) ? '' : (m[1] ?? '').trim();
  };
  return {
    reportingUnit: pick(/填报单位\s*[:：]\s*([^\s：:]*)/),
    reportDate: pick(/填报(?:时间|日期)\s*[:：]\s*([^\s：:]*)/),
    contact: pick(/联系人(?:\s*[/／及、]?\s*电话)?\s*[:：]\s*(.*?)\s*$/),
    reporter: pick(/填报人\s*[:：]\s*([^\s：:]*)/),
    // 电话 not after 填报人/联系人 (their own labels): no lookbehind, which older WPS browsers lack.
    phone: pick(/(?:^|[^人/／])(?:联系)?电话\s*[:：]\s*([^\s：:]*)/),
  };
}

interface HeaderScan {
  index: number;
  /** Every column naming each field: more than one is ambiguous. */
  columns: Partial<Record<Field, number[]>>;
  system: Partial<Record<'reason' | 'taskId', number>>;
}

function scanHeader(cells: CellValue[], index: number): HeaderScan {
  const scan: HeaderScan = { index, columns: {}, system: {} };
  cells.forEach((value, c) => {
    if (typeof value !== 'string') return;
    const kind = fieldOfHeader(value);
    if (kind === 'reason' || kind === 'taskId') scan.system[kind] ??= c;
    else if (kind) {
      scan.columns[kind] ??= [];
      scan.columns[kind].push(c);
    }
  });
  return scan;
}

const fieldCount = (scan: HeaderScan) => Object.keys(scan.columns).length;

export function findTable(grid: CellValue[][], sheet: string, origin: Origin = { row: 1, column: 1 }): FindTableResult {
  let best: HeaderScan | undefined;
  for (let r = 0; r < Math.min(grid.length, HEADER_SCAN_ROWS); r++) {
    const scan = scanHeader(grid[r] ?? [], r);
    if (!best || fieldCount(scan) > fieldCount(best)) best = scan;
  }
  const found = best && fieldCount(best) >= 3 ? best : undefined;
  const missing = REQUIRED_HEADERS.filter((f) => found?.columns[f] === undefined);
  if (!found || missing.length > 0) {
    const names = (found ? missing : REQUIRED_HEADERS).map((f) => HEADER[f]).join('、');
    return {
      ok: false,
      code: 'no-table',
      missing: found ? missing : [...REQUIRED_HEADERS],
      message: found
        ? `工作表“${sheet}”第${origin.row + found.index}行像是表头，但缺少这些列：${names}。Missing columns: ${names}.`
        : `工作表“${sheet}”里没有找到台账表头（需要 ${names} 等列）。No ledger header found on sheet "${sheet}".`,
    };
  }

  const headerCells = grid[found.index] ?? [];
  const headerRow = origin.row + found.index;
  const address = (c: number) => `${columnLetter(origin.column + c)}${headerRow}`;
  for (const [field, list] of Object.entries(found.columns) as [Field, number[]][]) {
    if (list.length < 2) continue;
    const named = list.map((c) => `${address(c)}“${cellText(headerCells[c]).replace(/\s+/g, '')}”`).join('和');
    return {
      ok: false,
      code: 'ambiguous',
      missing: [],
      message: `工作表“${sheet}”中${named}都像是“${HEADER[field]}”列，无法确定读哪一列：请删去或改名其中一列后再提交。Ambiguous header: several columns look like ${HEADER[field]}.`,
    };
  }
  const columnOf = Object.fromEntries(
    Object.entries(found.columns).map(([field, list]) => [field, list[0]]),
  ) as Partial<Record<Field, number>>;

  const taken = new Set([...Object.values(columnOf), ...Object.values(found.system)]);
  const extraColumns = headerCells
    .map((value, c) => ({ c, header: cellText(value).trim() }))
    .filter(({ c, header }) => header && !taken.has(c));
  const idColumn = found.system.taskId;

  let title = '';
  let reporting = { reportingUnit: '', reportDate: '', contact: '', reporter: '', phone: '' };
  for (let r = 0; r < found.index; r++) {
    const text = rowText(grid[r] ?? []);
    if (!text) continue;
    if (/填报单位|填报时间|联系人|填报人/.test(text)) reporting = readReportingRow(text);
    else if (!title) title = cellText((grid[r] ?? []).find((c) => cellText(c).trim())).trim();
  }

  const rows: TableRow[] = [];
  for (let r = found.index + 1; r < grid.length; r++) {
    const row = tableRow(grid[r] ?? [], origin.row + r, columnOf, extraColumns, idColumn);
    if (row) rows.push(row);
  }

  const columns: Partial<Record<Field, number>> = {};
  const headers: Partial<Record<Field, string>> = {};
  for (const [field, c] of Object.entries(columnOf) as [Field, number][]) {
    columns[field] = origin.column + c;
    headers[field] = cellText(headerCells[c]);
  }
  return {
    ok: true,
    table: {
      sheet,
      title,
      ...reporting,
      headerRow,
      columns,
      headers,
      extraColumns: extraColumns.map(({ c, header }) => ({ column: origin.column + c, header })),
      ...(idColumn === undefined ? {} : { idColumn: origin.column + idColumn }),
      rows,
    },
  };
}

/** One data row, or undefined when it holds nothing. */
function tableRow(
  cells: CellValue[],
  row: number,
  columnOf: Partial<Record<Field, number>>,
  extraColumns: { c: number; header: string }[],
  idColumn: number | undefined,
): TableRow | undefined {
  const values = {} as Record<Field, string>;
  const unknown: Partial<Record<Field, string>> = {};
  let any = false;
  for (const field of FIELDS) {
    const c = columnOf[field];
    const value = c === undefined ? undefined : cells[c];
    if (isUnknown(value)) unknown[field] = value.unknown;
    values[field] = cellText(value, field);
    if (values[field].trim()) any = true;
  }
  const extras: Record<string, string> = {};
  for (const { c, header } of extraColumns) {
    const text = cellText(cells[c]);
    if (text) extras[header] = text;
  }
  const taskId = idColumn === undefined ? '' : cellText(cells[idColumn]).trim();
  if (!any && Object.keys(extras).length === 0) return undefined;
  return {
    row,
    values,
    extras,
    ...(taskId ? { taskId } : {}),
    ...(Object.keys(unknown).length ? { unknown } : {}),
  };
}

/** 序号 as a whole number, accepting full-width digits and a trailing stop; undefined otherwise. */
export function parseTaskNo(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const plain = toHalfWidth(text)
    .trim()
    .replace(/[.、]$/, '');
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
    const task = emptyTask(no, row.taskId ?? idOf?.(row, no) ?? String(no));
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
    reporter: '',
    phone: '',
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

/**
 * Marks the hidden part of each merged range as unknown, so that a merge over data rows is never
 * read as one value copied into several tasks. Ranges are 0-based, inclusive; the top-left cell
 * keeps its value.
 */
export function markMerged(
  grid: CellValue[][],
  merges: { top: number; left: number; bottom: number; right: number }[],
): void {
  for (const m of merges) {
    const range = `${columnLetter(m.left + 1)}${m.top + 1}:${columnLetter(m.right + 1)}${m.bottom + 1}`;
    for (let r = m.top; r <= m.bottom; r++) {
      grid[r] ??= [];
      const row = grid[r];
      for (let c = m.left; c <= m.right; c++) {
        if (r !== m.top || c !== m.left) row![c] = { unknown: `合并单元格${range}` };
      }
    }
  }
}
