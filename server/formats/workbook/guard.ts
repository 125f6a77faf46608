/**
 * exceljs has no guard against hostile workbooks: a small file can expand to hundreds of
 * megabytes, and a data validation or merge over a million cells makes it build a million
 * objects. This module opens the zip under a byte budget and bounds what exceljs would expand,
 * before exceljs sees the file, and says clearly why it refused.
 */
import { zipSync } from 'fflate';
import { columnLetter } from '../../../core/text.ts';
import { WorkbookError } from './errors.ts';
import { detectFormat, FORMAT_NAME } from './format.ts';
import { unzipEntries, type ZipEntryInfo } from './zip.ts';

export interface WorkbookLimits {
  /** Bytes all entries may expand to, together. */
  maxExpandedBytes: number;
  /** Zip entries. */
  maxEntries: number;
  /** Cells written in all sheets, together. */
  maxCells: number;
  /** Cells all merged ranges may cover, together, after clipping to the used range. */
  maxMergedCells: number;
  /** Cells a sheet's data validations may cover before they are taken out (exceljs expands them cell by cell). */
  maxValidatedCells: number;
  /** How many times its stored size a part of over a megabyte may expand to: a zip bomb's is in the thousands. */
  maxRatio: number;
}

export const DEFAULT_LIMITS: WorkbookLimits = {
  maxExpandedBytes: 128 * 1024 * 1024,
  maxEntries: 2000,
  maxCells: 2_000_000,
  maxMergedCells: 1_000_000,
  maxValidatedCells: 100_000,
  maxRatio: 200,
};

const MB = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

/**
 * Every entry of the zip, inflated within the byte budget. Sizes come from the central
 * directory and are checked before anything is inflated; no entry inflates past its declared
 * size, so a lying size cannot make it grow either.
 */
export function unzipBounded(bytes: Uint8Array, limits: WorkbookLimits): Map<string, Uint8Array> {
  let total = 0;
  let count = 0;
  const accept = (file: ZipEntryInfo) => {
    if (++count > limits.maxEntries) {
      throw new WorkbookError(
        'too-large',
        `文件包含的部件超过${limits.maxEntries}个，不像正常的工作簿，已拒绝。The workbook has more than ${limits.maxEntries} parts; refused.`,
      );
    }
    total += file.originalSize;
    if (total > limits.maxExpandedBytes) throw tooLarge(limits);
    if (file.originalSize > 1024 * 1024 && file.originalSize > limits.maxRatio * Math.max(file.size, 1)) {
      throw new WorkbookError(
        'too-large',
        `文件中的“${file.name.slice(0, 60)}”解压后是压缩时的${Math.round(file.originalSize / Math.max(file.size, 1))}倍，不像正常的文档（可能是“压缩炸弹”），已拒绝。A part expands ${Math.round(file.originalSize / Math.max(file.size, 1))} times; refused.`,
      );
    }
    return true;
  };
  try {
    return unzipEntries(bytes, accept);
  } catch (error) {
    if (error instanceof WorkbookError) throw error;
    throw hasEndOfDirectory(bytes) ? corrupt() : truncated();
  }
}

function hasEndOfDirectory(bytes: Uint8Array): boolean {
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(
    Math.max(0, bytes.length - 65_557),
  );
  return tail.includes(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
}

const tooLarge = (limits: WorkbookLimits) =>
  new WorkbookError(
    'too-large',
    `工作簿解压后超过${MB(limits.maxExpandedBytes)}，已拒绝（可能是“压缩炸弹”）。请删除多余的工作表和空行后再提交。The workbook expands past ${MB(limits.maxExpandedBytes)}; refused.`,
  );
const corrupt = () =>
  new WorkbookError(
    'corrupt',
    '文件已损坏，无法读取。请在 Excel 中打开后另存为 .xlsx 再提交。The file is corrupted and cannot be read.',
    FORMAT_NAME.xlsx,
  );
const truncated = () =>
  new WorkbookError(
    'truncated',
    '文件不完整（可能下载或复制时中断了）。请重新保存或重新下载后再提交。The file is truncated.',
    FORMAT_NAME.xlsx,
  );

/** Refuse anything that is not an .xlsx, naming what it is. */
export function assertXlsx(bytes: Uint8Array): void {
  const format = detectFormat(bytes);
  if (format === 'xlsx') return;
  const name = FORMAT_NAME[format];
  const advice: Partial<Record<typeof format, string>> = {
    'encrypted-office':
      '请在 Excel 中取消打开密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后再提交。Remove the password and submit again.',
    xls: '请在 Excel 中“另存为” Excel 工作簿（.xlsx）后再提交。Save it as .xlsx and submit again.',
    ods: '请“另存为” Excel 工作簿（.xlsx）后再提交。Save it as .xlsx and submit again.',
    text: '请在 Excel 中打开，“另存为” Excel 工作簿（.xlsx）后再提交。Open it in Excel and save it as .xlsx.',
    html: '这是网页格式，只是扩展名像 Excel。请在 Excel 中打开，“另存为” Excel 工作簿（.xlsx）。It is HTML saved with an Excel name; save it as .xlsx.',
  };
  if (format === 'zip' && !hasEndOfDirectory(bytes)) throw truncated();
  throw new WorkbookError(
    format === 'encrypted-office' ? 'encrypted' : 'not-xlsx',
    `这不是 .xlsx 工作簿，而是${name}。${advice[format] ?? '请提交 Excel 工作簿（.xlsx）。Please submit an .xlsx workbook.'}`,
    name,
  );
}

interface Range {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function decodeCell(ref: string): { row: number; column: number } | undefined {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref);
  if (!m) return undefined;
  let column = 0;
  for (const ch of m[1]!) column = column * 26 + ch.charCodeAt(0) - 64;
  return { row: Number(m[2]), column };
}

function decodeRange(ref: string): Range | undefined {
  const [a = '', b = a] = ref.split(':');
  const start = decodeCell(a);
  const end = decodeCell(b);
  if (!start || !end) return undefined;
  return { top: start.row, left: start.column, bottom: end.row, right: end.column };
}

/** The last row and column that hold a cell in this sheet's XML. */
function usedExtent(xml: string): { rows: number; columns: number } {
  let rows = 0;
  let columns = 0;
  for (const m of xml.matchAll(/<c r="([A-Z]{1,3})(\d+)"/g)) {
    const cell = decodeCell(`${m[1]}${m[2]}`)!;
    if (cell.row > rows) rows = cell.row;
    if (cell.column > columns) columns = cell.column;
  }
  return { rows, columns };
}

/** Ranges smaller than this cost exceljs nothing worth bounding. */
const BIG_RANGE = 100_000;

const area = (r: Range) => (r.bottom - r.top + 1) * (r.right - r.left + 1);

/** Cells the sheet's XML writes (`<c ` with any white space, `<c>`, `<c/>`), counted on its bytes. */
function countCells(xml: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < xml.length - 2; i++) {
    if (xml[i] !== 0x3c || xml[i + 1] !== 0x63) continue;
    const next = xml[i + 2];
    if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x0a || next === 0x0d || next === 0x09) n++;
  }
  return n;
}

/**
 * A sheet's XML with what exceljs would expand cell by cell bounded: data validations over big
 * ranges taken out (the reader does not need them) and big merges clipped to the cells that
 * exist. Small ones are left as they are, so an ordinary file reaches exceljs untouched: the
 * same bytes. Only the XML from the first validation or merge on is decoded (after the cells,
 * where Excel writes them), as Latin-1: the markup looked at is ASCII, and the text between
 * passes through byte for byte.
 */
export function boundSheetXml(xml: Buffer, limits: WorkbookLimits, budget: { cells: number; merged: number }): Buffer {
  budget.cells += countCells(xml);
  if (budget.cells > limits.maxCells) {
    throw new WorkbookError(
      'too-large',
      `工作簿的单元格超过${limits.maxCells}个，已拒绝。请删除多余的行列后再提交。The workbook has more than ${limits.maxCells} cells; refused.`,
    );
  }
  const found = [xml.indexOf('<dataValidation'), xml.indexOf('<mergeCell ')].filter((i) => i >= 0);
  if (found.length === 0) return xml;
  const from = Math.min(...found);
  const tail = xml.toString('latin1', from);
  let out = tail;
  if (out.includes('<dataValidations')) {
    let validated = 0;
    for (const m of out.matchAll(/<dataValidation\b[^>]*\bsqref="([^"]+)"/g)) {
      for (const ref of m[1]!.split(/\s+/))
        validated += area(decodeRange(ref) ?? { top: 1, left: 1, bottom: 1, right: 1 });
    }
    if (validated > limits.maxValidatedCells) out = out.replace(/<dataValidations\b[\s\S]*?<\/dataValidations>/g, '');
  }
  if (out.includes('<mergeCell ')) {
    let extent: { rows: number; columns: number } | undefined;
    out = out.replace(/<mergeCell ref="([^"]+)"\s*\/>/g, (whole, ref: string) => {
      const range = decodeRange(ref);
      if (!range) return '';
      let merged = range;
      if (area(range) > BIG_RANGE) {
        extent ??= usedExtent(xml.toString('latin1'));
        merged = {
          top: range.top,
          left: range.left,
          bottom: Math.min(range.bottom, Math.max(extent.rows, range.top)),
          right: Math.min(range.right, Math.max(extent.columns, range.left)),
        };
      }
      budget.merged += area(merged);
      if (budget.merged > limits.maxMergedCells) {
        throw new WorkbookError(
          'too-large',
          `工作簿中合并的单元格超过${limits.maxMergedCells}个，已拒绝。请取消大范围的合并后再提交。Merged ranges cover more than ${limits.maxMergedCells} cells; refused.`,
        );
      }
      return merged === range
        ? whole
        : `<mergeCell ref="${columnLetter(merged.left)}${merged.top}:${columnLetter(merged.right)}${merged.bottom}"/>`;
    });
  }
  if (out === tail) return xml;
  return Buffer.concat([xml.subarray(0, from), Buffer.from(out, 'latin1')]);
}

/**
 * Bytes safe to hand to exceljs: the same file when nothing needed bounding, or the file with
 * its sheets bounded. Throws WorkbookError for anything that is not a readable .xlsx.
 */
export function guardWorkbook(bytes: Uint8Array, limits: WorkbookLimits = DEFAULT_LIMITS): Uint8Array {
  assertXlsx(bytes);
  const entries = unzipBounded(bytes, limits);
  if (!entries.has('xl/workbook.xml')) {
    throw new WorkbookError(
      'corrupt',
      '文件缺少工作簿部件（xl/workbook.xml），无法读取。请在 Excel 中另存为 .xlsx 后再提交。The workbook part is missing.',
      FORMAT_NAME.xlsx,
    );
  }
  const budget = { cells: 0, merged: 0 };
  let changed = false;
  for (const [name, data] of entries) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(name)) continue;
    const xml = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const bounded = boundSheetXml(xml, limits, budget);
    if (bounded !== xml) {
      entries.set(name, bounded);
      changed = true;
    }
  }
  if (!changed) return bytes;
  return zipSync(Object.fromEntries(entries), { level: 1 });
}
