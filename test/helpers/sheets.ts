/** Workbooks as clerks edit them: download a sheet, change cells in exceljs, upload it. */
import ExcelJS from 'exceljs';
import type { testService } from './service.ts';

type Service = Awaited<ReturnType<typeof testService>>;

export async function loadWorkbook(bytes: ArrayBuffer | Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return workbook;
}

export async function unitWorkbook(s: Service, unit: string): Promise<ExcelJS.Workbook> {
  const res = await s.asUnit(unit, `/api/units/${encodeURIComponent(unit)}/sheet.xlsx`);
  if (res.status !== 200) throw new Error(`download ${res.status}`);
  return loadWorkbook(await res.arrayBuffer());
}

export async function masterWorkbookOf(s: Service): Promise<ExcelJS.Workbook> {
  return loadWorkbook(await (await s.asOffice('/api/master.xlsx')).arrayBuffer());
}

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

export async function uploadAs(
  s: Service,
  who: string,
  workbook: ExcelJS.Workbook,
  fields: Record<string, string> = {},
) {
  const init = s.upload(await bytesOf(workbook), fields);
  const res =
    who === '办公室' ? await s.asOffice('/api/submissions', init) : await s.asUnit(who, '/api/submissions', init);
  return { status: res.status, body: await res.json() };
}

export async function taskOf(s: Service, no: number) {
  const body = await (await s.asOffice('/api/tasks')).json();
  return body.tasks.find((t: { no: number }) => t.no === no);
}

/** Where a unit's copy has the columns it fills: D, E and F, right after 反馈问题 and 整改时限. */
export const UNIT_COLUMN = { progress: 4, status: 5, remarks: 6 } as const;
