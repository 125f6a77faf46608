import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../core/plan.ts';
import { readLedgerWorkbook } from '../../server/formats/workbook/read.ts';
import { ledgerWorkbookBuffer } from '../../server/formats/workbook/write.ts';
import { seedPlanText } from '../helpers/seed.ts';
import { loadWorkbook } from '../helpers/sheets.ts';
import { sofficeConvert } from '../helpers/soffice.ts';

const plan = parsePlan(seedPlanText());
const options = { title: plan.title, today: '2019-06-15', ledgerId: 'luanchuan-2019', revision: 7 };

describe('the written workbook reads back as the same tasks', () => {
  it('import → write → read returns identical tasks, with the stamp', async () => {
    const tasks = plan.tasks.map((t) => ({ ...t }));
    tasks[2]!.status = '已完成';
    tasks[2]!.progress = '已印发实施方案。\n第二段进展。';
    tasks[3]!.remarks = '=SUM(A1:A3)';
    const bytes = await ledgerWorkbookBuffer(tasks, { ...options, unit: '县水利局' });
    const back = await readLedgerWorkbook(bytes);
    expect(back.tasks).toEqual(tasks);
    expect(back.stamp).toMatchObject({
      ledgerId: 'luanchuan-2019',
      unit: '县水利局',
      revision: 7,
      judgedOn: '2019-06-15',
    });
    expect(back.table.reportingUnit).toBe('县水利局');
    expect(back.table.title).toBe(plan.title);
  });

  it('survives a re-save by LibreOffice', async () => {
    const bytes = await ledgerWorkbookBuffer(plan.tasks, options);
    const resaved = await sofficeConvert(bytes, 'xlsx', 'xlsx:Calc MS Excel 2007 XML');
    const back = await readLedgerWorkbook(resaved);
    expect(back.tasks).toEqual(plan.tasks);
    expect(back.stamp?.ledgerId).toBe('luanchuan-2019');
  });

  it('writes text that looks like a formula as text', async () => {
    const tasks = plan.tasks.slice(0, 1).map((t) => ({ ...t, remarks: '=1+1', progress: '+86 电话' }));
    const workbook = await loadWorkbook(await ledgerWorkbookBuffer(tasks, options));
    const row = workbook.getWorksheet('整改台账')!.getRow(4);
    expect(row.getCell(12).value).toBe('=1+1');
    expect(row.getCell(12).formula).toBeUndefined();
    expect(row.getCell(10).value).toBe('+86 电话');
  });
});

describe('the official look', () => {
  it('has the title merged, legend and header repeated on print, frozen panes, A3 landscape fitted to width', async () => {
    const workbook = await loadWorkbook(await ledgerWorkbookBuffer(plan.tasks, options));
    const sheet = workbook.getWorksheet('整改台账')!;
    expect(sheet.getCell('A1').value).toBe(plan.title);
    expect(sheet.getCell('L1').isMerged).toBe(true);
    expect(sheet.getCell('A1').font.name).toBe('方正小标宋简体');
    expect(sheet.getCell('B4').font.name).toBe('仿宋');
    expect(sheet.getCell('B4').alignment.wrapText).toBe(true);
    expect(sheet.getCell('B4').border.top?.style).toBe('thin');
    expect(sheet.pageSetup).toMatchObject({
      paperSize: 8,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      printTitlesRow: '2:3', // the legend and the header
    });
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.getCell('K4').dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"未启动,正在推进,持续推进,长期坚持,已完成,已销号"'],
    });
  });

  it('makes each row tall enough for its longest text', async () => {
    const workbook = await loadWorkbook(await ledgerWorkbookBuffer(plan.tasks, options));
    const sheet = workbook.getWorksheet('整改台账')!;
    const long = sheet.getRow(4).height; // task 1: 565 characters of measures
    const short = sheet.getRow(12).height; // task 9
    expect(long).toBeGreaterThan(250);
    expect(short).toBeLessThan(long / 2);
  });

  it('colours rows by status and deadline, with a legend and the reason', async () => {
    const tasks = plan.tasks.map((t) => ({ ...t }));
    tasks[2]!.status = '已完成';
    const workbook = await loadWorkbook(await ledgerWorkbookBuffer(tasks, options));
    const sheet = workbook.getWorksheet('整改台账')!;
    const fill = (cell: string) => (sheet.getCell(cell).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
    expect(fill('B6')).toBe('FFC6EFCE'); // task 3 done: green
    expect(fill('B21')).toBe('FFFFC7CE'); // task 18, due 2019-03-31: red
    expect(fill('B20')).toBe('FFFFEB9C'); // task 17, due 2019-06-30: amber
    expect(fill('B4')).toBe('FFDDEBF7'); // task 1 ongoing: blue
    expect(fill('B9')).toBeUndefined(); // task 6, due 2019-12-31: plain
    expect(sheet.getCell('A2').value).toBe('颜色图例（按2019-06-15判定）');
    expect(sheet.getCell('M21').value).toContain('2019-03-31');
  });

  it('marks cells with errors apart from the row colour, with the message as a note', async () => {
    const bytes = await ledgerWorkbookBuffer(plan.tasks, {
      ...options,
      findings: [
        {
          rule: 'status-invalid',
          severity: 'error',
          sheet: '整改台账',
          cell: 'K5',
          row: 5,
          field: 'status',
          task: '2',
          message: '完成状态“完成了”不在规定选项中',
        },
      ],
    });
    const workbook = await loadWorkbook(bytes);
    const cell = workbook.getWorksheet('整改台账')!.getCell('K5');
    expect((cell.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFE4C1F9');
    expect(JSON.stringify(cell.note)).toContain('完成了');
  });
});
