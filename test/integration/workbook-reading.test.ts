import { execFileSync } from 'node:child_process';
import type { Task } from '../../core/task.ts';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { DEFAULT_LIMITS, guardWorkbook, unzipBounded } from '../../server/formats/workbook/guard.ts';
import { SMALL_WORKBOOK } from '../../server/formats/workbook/parse-pool.ts';
import { parsePlan } from '../../core/plan.ts';
import { WorkbookError } from '../../server/formats/workbook/errors.ts';
import { readLedgerWorkbook } from '../../server/formats/workbook/read.ts';
import { ledgerWorkbookBuffer } from '../../server/formats/workbook/write.ts';
import { seedPlanText } from '../helpers/seed.ts';
import { sofficeConvert } from '../helpers/soffice.ts';

const plan = parsePlan(seedPlanText());
const toBytes = async (workbook: ExcelJS.Workbook) => new Uint8Array(await workbook.xlsx.writeBuffer());

async function refusal(bytes: Uint8Array): Promise<WorkbookError> {
  try {
    await readLedgerWorkbook(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(WorkbookError);
    return error as WorkbookError;
  }
  throw new Error('the file was read, but should have been refused');
}

describe('reading a workbook the way a clerk leaves it', () => {
  it('finds the header wherever it is, spelled their way, in any order, keeping extra columns', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('说明').getCell('A1').value = '本表由各单位每月填报';
    const sheet = workbook.addWorksheet('水利局台账');
    sheet.getCell('B2').value = '环保督察反馈问题整改台账';
    sheet.mergeCells('B2:J2');
    sheet.getCell('B3').value = '填报单位：县水利局    填报时间：2019年6月10日    联系人/电话：张三 13800000000';
    // biome-ignore lint/suspicious/noSparseArray: exceljs takes a sparse array's index as the column (B is the first here)
    sheet.getRow(5).values = [
      ,
      ,
      '序　号',
      '反 馈 问 题',
      '整改时限',
      '整改目标',
      '整改措施',
      '责任领导',
      '牵头单位',
      '责任单位',
      '责 任 人',
      '进展情况',
      '完成情况',
      '联系人',
      '备注',
    ];
    // biome-ignore lint/suspicious/noSparseArray: exceljs takes a sparse array's index as the column (B is the first here)
    sheet.getRow(6).values = [
      ,
      ,
      '７',
      plan.tasks[6]!.problem,
      new Date(Date.UTC(2019, 11, 31)),
      plan.tasks[6]!.goal,
      plan.tasks[6]!.measures,
      '宋晓庆、刘国杰、王冲',
      '县水利局',
      '各乡镇人民政府',
      '主要负责人',
      '已完成截污工程。',
      '正在推进',
      '李四',
      '',
    ];
    // biome-ignore lint/suspicious/noSparseArray: exceljs takes a sparse array's index as the column (B is the first here)
    sheet.getRow(8).values = [
      ,
      ,
      8,
      { richText: [{ text: '水攻坚工程' }, { text: '项目多项未能按期完成。', font: { bold: true } }] },
      '2019年7月底前',
      '目标',
      '措施',
      '',
      '县水利局',
      '相关乡镇人民政府',
      '主要负责人',
      '',
      '未启动',
      '',
      '备注文字',
    ];
    sheet.mergeCells('G6:G8'); // 责任领导 merged down over the blank row and task 8
    const read = await readLedgerWorkbook(await toBytes(workbook));

    expect(read.table.sheet).toBe('水利局台账');
    expect(read.table.headerRow).toBe(5);
    expect(read.table.title).toBe('环保督察反馈问题整改台账');
    expect(read.table).toMatchObject({
      reportingUnit: '县水利局',
      reportDate: '2019年6月10日',
      contact: '张三 13800000000',
    });
    expect(read.tasks.map((t) => t.no)).toEqual([7, 8]);
    const [t7, t8] = read.tasks as [Task, Task];
    expect(t7.deadline).toBe('2019年12月31日');
    expect(t7.progress).toBe('已完成截污工程。');
    expect(t7.status).toBe('正在推进');
    expect(t7.problem).toBe(plan.tasks[6]!.problem);
    expect(t8.problem).toBe('水攻坚工程项目多项未能按期完成。');
    // A merge over data rows is one task's value, never copied into the others: the rest is unknown.
    expect(t8.leaders).toBe('');
    expect(read.table.rows[1]!.unknown).toEqual({ leaders: '合并单元格G6:G8' });
    expect(t8.remarks).toBe('备注文字');
    expect(read.table.rows[0]!.extras).toEqual({ 联系人: '李四' });
    expect(read.table.columns.no).toBe(2);
  });

  it('reads dates stored as Excel serial numbers in the deadline column', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.addRow(['序号', '反馈问题', '整改时限']);
    sheet.addRow(['1', '问题', 43830]); // 2019-12-31
    const read = await readLedgerWorkbook(await toBytes(workbook));
    expect(read.tasks[0]).toMatchObject({ no: 1, deadline: '2019年12月31日' });
  });
});

describe('bad files get a clear refusal, never a crash or a half-read', () => {
  it('names a legacy .xls and an .ods', async () => {
    const xlsx = await ledgerWorkbookBuffer(plan.tasks.slice(0, 3), {
      title: plan.title,
      today: '2019-06-15',
      ledgerId: 'x',
      revision: 1,
    });
    const xls = await refusal(await sofficeConvert(xlsx, 'xlsx', 'xls:MS Excel 97'));
    expect(xls.code).toBe('not-xlsx');
    expect(xls.message).toContain('.xls');
    expect(xls.message).toContain('另存为');
    const ods = await refusal(await sofficeConvert(xlsx, 'xlsx', 'ods'));
    expect(ods.message).toContain('OpenDocument');
  });

  it('names CSV, HTML dressed as Excel, and password-protected files', async () => {
    expect((await refusal(strToU8('序号,反馈问题\n1,问题\n'))).message).toContain('CSV');
    expect((await refusal(strToU8('<html><table><tr><td>序号</td></tr></table></html>'))).message).toContain('HTML');
    // An encrypted OOXML file is an OLE compound file holding an EncryptedPackage stream.
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    ole.set(Buffer.from('EncryptedPackage', 'utf16le'), 1024);
    const encrypted = await refusal(ole);
    expect(encrypted.code).toBe('encrypted');
    expect(encrypted.message).toContain('密码');
  });

  it('tells a truncated file from a corrupted one', async () => {
    const xlsx = await ledgerWorkbookBuffer(plan.tasks, {
      title: plan.title,
      today: '2019-06-15',
      ledgerId: 'x',
      revision: 1,
    });
    expect((await refusal(xlsx.subarray(0, Math.floor(xlsx.length / 2)))).code).toBe('truncated');
    const corrupted = new Uint8Array(xlsx);
    for (let i = 2000; i < 6000; i++) corrupted[i]! ^= 0x5a;
    expect((await refusal(corrupted)).code).toBe('corrupt');
  });

  it('says which headers are missing from a workbook without the table', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('统计');
    sheet.addRow(['序号', '反馈问题', '整改目标', '整改措施']);
    sheet.addRow([1, '问题', '目标', '措施']);
    const error = await refusal(await toBytes(workbook));
    expect(error.code).toBe('no-table');
    expect(error.message).toContain('整改时限');
  });
});

describe('hostile workbooks are bounded before exceljs sees them', () => {
  /** A one-task ledger whose shared strings part is `mb` megabytes of spaces, zipped tight. */
  const withSpaces = async (mb: number) => {
    const entries = unzipSync(
      await ledgerWorkbookBuffer(plan.tasks.slice(0, 1), {
        title: 't',
        today: '2019-06-15',
        ledgerId: 'x',
        revision: 1,
      }),
    );
    entries['xl/sharedStrings.xml'] = new Uint8Array(mb * 1024 * 1024).fill(0x20);
    return zipSync(entries, { level: 9 });
  };

  it('refuses a zip bomb without expanding it', async () => {
    const bomb = await withSpaces(200);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const error = await refusal(bomb);
    expect(error.code).toBe('too-large');
    expect(error.message).toContain('压缩炸弹');
  });

  it('refuses a part that expands past the size it declares, stopping at that size', async () => {
    const lying = await withSpaces(50);
    // The central directory says the 50 MB part is 1,000 bytes: within every limit.
    const view = new DataView(lying.buffer, lying.byteOffset, lying.byteLength);
    const name = strToU8('xl/sharedStrings.xml');
    let at = lying.length - 22;
    while (view.getUint32(at, true) !== 0x06054b50) at--;
    at = view.getUint32(at + 16, true);
    while (!name.every((byte, i) => lying[at + 46 + i] === byte) || view.getUint16(at + 28, true) !== name.length)
      at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    view.setUint32(at + 24, 1000, true);
    const error = await refusal(lying);
    expect(error.code).toBe('corrupt');
    expect(error.message).toContain('文件已损坏');
  });

  it('reads the sizes a zip keeps in zip64 fields', () => {
    const base = new Uint8Array(
      execFileSync(
        '/usr/bin/python3',
        [
          '-c',
          `import io, sys, zipfile
zipfile.ZIP64_LIMIT = 0  # every size in zip64 fields, and a zip64 end of directory
source = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
out = io.BytesIO()
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as target:
    for name in source.namelist(): target.writestr(name, source.read(name))
sys.stdout.buffer.write(out.getvalue())`,
        ],
        { input: zipSync({ 'xl/workbook.xml': strToU8('<workbook/>'), 'a.xml': new Uint8Array(5000).fill(0x41) }) },
      ),
    );
    const entries = unzipBounded(base, DEFAULT_LIMITS);
    expect(new TextDecoder().decode(entries.get('xl/workbook.xml'))).toBe('<workbook/>');
    expect(new TextDecoder().decode(entries.get('a.xml'))).toBe('A'.repeat(5000));
  });

  it('reads a sheet whose data validation covers whole columns', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.addRow(['序号', '反馈问题', '整改时限', '完成状态']);
    sheet.addRow([1, '问题', '2019年6月底前', '正在推进']);
    (sheet as unknown as { dataValidations: { model: Record<string, unknown> } }).dataValidations.model['A3:L1048576'] =
      {
        type: 'list',
        allowBlank: true,
        formulae: ['"已完成,正在推进"'],
      };
    const bytes = await toBytes(workbook);
    expect(bytes.length).toBeLessThan(20_000);
    const read = await readLedgerWorkbook(bytes);
    expect(read.tasks).toHaveLength(1);
  });

  it("takes out a 50,000-cell data validation before a small file is read on the service's own thread", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.addRow(['序号', '反馈问题', '整改时限', '完成状态']);
    sheet.addRow([1, '问题', '2019年6月底前', '正在推进']);
    (sheet as unknown as { dataValidations: { model: Record<string, unknown> } }).dataValidations.model['D3:D50002'] = {
      type: 'list',
      allowBlank: true,
      formulae: ['"已完成,正在推进"'],
    };
    const bytes = await toBytes(workbook);
    const sheetXml = (file: Uint8Array) => new TextDecoder().decode(unzipSync(file)['xl/worksheets/sheet1.xml']);
    expect(sheetXml(bytes)).toContain('<dataValidations');
    // The workers' limit leaves it to exceljs; the service's own thread does not spend a tenth of a second on it.
    expect(guardWorkbook(bytes)).toBe(bytes);
    expect(sheetXml(guardWorkbook(bytes, SMALL_WORKBOOK))).not.toContain('<dataValidations');
    const read = await readLedgerWorkbook(bytes, SMALL_WORKBOOK);
    expect(read.tasks).toMatchObject([{ no: 1, status: '正在推进' }]);
  });

  it('reads a sheet with a merge down to the last row, clipped to the cells that exist', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.addRow(['序号', '反馈问题', '整改时限', '备注']);
    sheet.addRow([1, '问题', '2019年6月底前', '见附件']);
    const bytes = await toBytes(workbook);
    const entries = unzipSync(bytes);
    const xml = new TextDecoder().decode(entries['xl/worksheets/sheet1.xml']);
    entries['xl/worksheets/sheet1.xml'] = strToU8(
      xml.replace('</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="D2:XFD1048576"/></mergeCells>'),
    );
    const read = await readLedgerWorkbook(zipSync(entries));
    expect(read.tasks).toMatchObject([{ no: 1, remarks: '见附件' }]);
  });
});
