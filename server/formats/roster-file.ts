/**
 * The county's 单位名册 as a file: read from the .xlsx or .csv an office keeps (behind the zip
 * guard), and the template to fill in.
 */
import ExcelJS from 'exceljs';
import { csvRows, KIND_WORDS, readRosterRows, ROSTER_COLUMNS, type RosterRead } from '../../core/roster-table.ts';
import { cellText } from '../../core/table.ts';
import { LedgerError } from '../errors.ts';
import { decodePlanText } from './plan-file.ts';
import { detectFormat, FORMAT_NAME } from './workbook/format.ts';
import { guardWorkbook } from './workbook/guard.ts';
import { plainValue } from './workbook/read.ts';

export async function readRosterFile(bytes: Uint8Array): Promise<RosterRead> {
  const format = detectFormat(bytes);
  if (format === 'text') return readRosterRows(csvRows(decodePlanText(bytes)));
  if (format !== 'xlsx')
    throw new LedgerError(
      'unsupported-media-type',
      `名册文件应为 Excel（.xlsx）或 CSV，这是${FORMAT_NAME[format]}。The roster must be .xlsx or .csv.`,
    );
  const safe = guardWorkbook(bytes);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(safe.buffer, safe.byteOffset, safe.byteLength) as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets.find((s) => s.state === 'visible');
  if (!sheet) throw new LedgerError('no-table', '名册工作簿中没有可见的工作表。The workbook has no visible sheet.');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values = (row.values as ExcelJS.CellValue[]).slice(1);
    rows.push(values.map((v) => cellText(plainValue(v))));
  });
  return readRosterRows(rows);
}

/** The template: the columns, a list to pick the kind from, and what each column means. */
export async function rosterTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('单位名册', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = ROSTER_COLUMNS.map((header, i) => ({ header, width: [30, 30, 18, 36][i] }));
  sheet.getRow(1).font = { name: '黑体', bold: true };
  const kinds = Object.values(KIND_WORDS).join(',');
  for (let row = 2; row <= 500; row++)
    sheet.getCell(row, 3).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${kinds}"`] };
  const guide = workbook.addWorksheet('填写说明');
  guide.columns = [{ width: 16 }, { width: 80 }];
  guide.addRows([
    ['列', '怎么填'],
    ['单位名称', '单位的全称，如“县住房和城乡建设局”。每个单位一行。'],
    ['简称/别称', '方案和报表里出现过的其他写法，用顿号分隔，如“住建局、县住建局”。一个简称只能属于一个单位。'],
    ['类别', `从下拉列表中选：${Object.values(KIND_WORDS).join('、')}。`],
    [
      '所属单位组',
      '方案中代指多个单位的说法，用顿号分隔，如“各乡镇人民政府、相关乡镇人民政府”。' +
        '“各乡镇党委、政府”这样本身带顿号的组名照写即可；其他带顿号的组名请加引号，如“县直有关部门、单位”。',
    ],
  ]);
  guide.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
