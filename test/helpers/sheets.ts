/** Workbooks as clerks edit them: download a sheet, change cells in exceljs, upload it. */
import ExcelJS from 'exceljs';
import { answerOf, uploadTo } from '../../server/http/client.ts';
import type { testService } from './service.ts';

type Service = Awaited<ReturnType<typeof testService>>;

export async function loadWorkbook(bytes: ArrayBuffer | Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return workbook;
}

/** A download's bytes; a refused one fails the test with the service's message. */
async function bytesOfDownload(res: {
  ok: boolean;
  status: number;
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
}) {
  if (!res.ok) throw new Error(`download ${res.status}: ${await res.text()}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** The unit's own sheet (本单位报表) as the unit downloads it. */
export async function unitSheetBytes(s: Service, unit: string): Promise<Uint8Array> {
  return bytesOfDownload(await (await s.unit(unit)).units[':unit']['sheet.xlsx'].$get({ param: { unit }, query: {} }));
}

/** The consolidated workbook as the office downloads it. */
export async function masterBytesOf(s: Service): Promise<Uint8Array> {
  return bytesOfDownload(await s.office['master.xlsx'].$get({ query: {} }));
}

export const unitWorkbook = async (s: Service, unit: string) => loadWorkbook(await unitSheetBytes(s, unit));
export const masterWorkbookOf = async (s: Service) => loadWorkbook(await masterBytesOf(s));

export const bytesOf = async (workbook: ExcelJS.Workbook) => new Uint8Array(await workbook.xlsx.writeBuffer());

/** The sheet row holding task `no` in column A. */
export function rowOfTask(sheet: ExcelJS.Worksheet, no: number): number {
  let found = 0;
  sheet.eachRow((row, n) => {
    if (row.getCell(1).value === no) found = n;
  });
  if (!found) throw new Error(`no row for task ${no}`);
  return found;
}

/** The column (1-based) whose header row cell says `header`. */
export function columnOf(sheet: ExcelJS.Worksheet, headerRow: number, header: string): number {
  let found = 0;
  sheet.getRow(headerRow).eachCell((cell, c) => {
    if (String(cell.value).startsWith(header)) found = c;
  });
  if (!found) throw new Error(`no column ${header}`);
  return found;
}

/** A workbook (or a file's bytes) sent by a unit (or 办公室) as a clerk uploads it: the call, its answer typed by the route. */
export async function uploadOf(s: Service, who: string, workbook: ExcelJS.Workbook | Uint8Array, name = 'sheet.xlsx') {
  const client = who === '办公室' ? s.office : await s.unit(who);
  const bytes = workbook instanceof Uint8Array ? new Uint8Array(workbook) : await bytesOf(workbook);
  return uploadTo(client, s.ledger.ledgerId, new File([bytes], name));
}

/** The answer to an upload that the service takes (one it refuses fails the test: see refusalOf). */
export const uploadAs = async (s: Service, who: string, workbook: ExcelJS.Workbook | Uint8Array, name?: string) =>
  answerOf(uploadOf(s, who, workbook, name));

/** A task as the office reads it. */
export async function taskOf(s: Service, no: number) {
  const task = (await answerOf(s.office.tasks.$get())).tasks.find((t) => t.no === no);
  if (!task) throw new Error(`no task ${no}`);
  return task;
}

/** Where a unit's copy has the columns it fills: D, E and F, right after 反馈问题 and 整改时限. */
export const UNIT_COLUMN = { progress: 4, status: 5, remarks: 6 } as const;
