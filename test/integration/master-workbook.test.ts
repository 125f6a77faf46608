import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { readLedgerWorkbook } from '../../server/formats/workbook/read.ts';
import { testService } from '../helpers/service.ts';
import { loadWorkbook, masterBytesOf } from '../helpers/sheets.ts';
import { sofficeConvert } from '../helpers/soffice.ts';

const s = await testService('2019-08-01');
afterAll(() => s.close());

async function master() {
  await s.submit('县水利局', { baseRevision: 1, rows: [{ no: 7, progress: '已完成截污工程。', status: '正在推进' }] });
  await s.submit('城关镇', {
    baseRevision: 1,
    rows: [{ no: 7, progress: '排查排污口12个。', status: '已完成', remarks: '见附件' }],
  });
  await s.submit('office', { baseRevision: 2, rows: [{ no: 7, unit: '县水利局', progress: '办公室更正。' }] });
  await s.submit('县水利局', { baseRevision: 2, rows: [{ no: 7, progress: '水利局再报。' }] });
  // Task 10 has two lead units; only 县环境保护局 reports.
  await s.submit('县环境保护局', { baseRevision: await s.ledger.revision(), rows: [{ no: 10, status: '已完成' }] });
  return masterBytesOf(s);
}

describe('the consolidated workbook', () => {
  let bytes: Uint8Array;
  beforeAll(async () => {
    bytes = await master();
  });

  it('holds the master table with combined progress and derived status', async () => {
    const read = await readLedgerWorkbook(bytes);
    const t7 = read.tasks.find((t) => t.no === 7)!;
    // The lead units' words; 城关镇, a responsible unit, is in 进展明细.
    expect(t7.progress).toBe('县水利局：办公室更正。\n（另有1个单位报送，见进展明细）');
    expect(t7.status).toBe('正在推进');
    expect(t7.remarks).toBe('');
  });

  it('has the summary, detail, conflict, change-log and 预警 sheets', async () => {
    const workbook = await loadWorkbook(bytes);
    expect(workbook.worksheets.filter((w) => w.state === 'visible').map((w) => w.name)).toEqual([
      '整改台账',
      '汇总',
      '进展明细',
      '冲突',
      '变更记录',
      '预警',
    ]);
    const summary = workbook.getWorksheet('汇总')!;
    const rows = summary
      .getSheetValues()
      .filter(Boolean)
      .map((r) => (r as ExcelJS.CellValue[]).slice(1));
    expect(rows.find((r) => r[0] === '全部任务')?.[1]).toBe(31);
    // Each lead unit is credited with the status it reported itself: 县水利局 said 正在推进 on task 7
    // only and nothing on task 10, which stands at 正在推进 until both its lead units finish.
    const header = rows.find((r) => r[0] === '牵头单位')!;
    const column = (name: string) => header.indexOf(name);
    const water = rows.find((r) => r[0] === '县水利局')!;
    expect(water[column('正在推进')]).toBe(1);
    expect(water[column('已完成')]).toBe(0);
    expect(rows.find((r) => r[0] === '县环境保护局')![column('已完成')]).toBe(1);
    expect(rows.some((r) => String(r[0]).includes('未报单位'))).toBe(true);
    const conflicts = workbook.getWorksheet('冲突')!;
    expect(conflicts.getRow(3).values).toEqual(
      expect.arrayContaining(['整改进展', '县水利局', '办公室更正。', '办公室', '水利局再报。']),
    );
    const details = workbook
      .getWorksheet('进展明细')!
      .getSheetValues()
      .filter(Boolean)
      .map((r) => (r as ExcelJS.CellValue[]).slice(1));
    expect(details).toContainEqual([7, '城关镇', '责任', '排查排污口12个。', '已完成', '见附件']);
    const log = workbook.getWorksheet('变更记录')!;
    expect(log.rowCount).toBeGreaterThan(200);
  });

  it('opens in LibreOffice and reads back the same after a re-save', async () => {
    const resaved = await sofficeConvert(bytes, 'xlsx', 'xlsx:Calc MS Excel 2007 XML');
    const again = await readLedgerWorkbook(resaved);
    expect(again.tasks).toEqual((await readLedgerWorkbook(bytes)).tasks);
  });
});
