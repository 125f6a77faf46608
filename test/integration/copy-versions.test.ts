/**
 * Every file saved from one download is a version of that copy: a clerk saves 进展0925.xlsx,
 * 进展0930(最终).xlsx … and sends the wrong one. An older version, or the untouched download,
 * sent after a newer one changes nothing; the newest version's own edits, clearing a cell
 * included, are applied.
 */
import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { STAMP_SHEET } from '../../core/stamp.ts';
import { servicePerTest } from '../helpers/service.ts';
import {
  bytesOf,
  columnOf,
  loadWorkbook,
  masterWorkbookOf,
  rowOfTask,
  taskOf,
  UNIT_COLUMN,
  unitWorkbook,
  uploadAs,
} from '../helpers/sheets.ts';
import { sofficeConvert } from '../helpers/soffice.ts';

const service = servicePerTest();
const UNIT = '县水利局';
type Service = Awaited<ReturnType<typeof service>>;

const progressOf = async (s: Service, no: number) => (await taskOf(s, no)).byUnit[UNIT]!.progress as string;

/** A new file made from `from`, as Excel's 另存为 would: the cells changed, saved at `savedAt`. */
async function saveAs(from: ExcelJS.Workbook, edits: Record<number, string>, savedAt?: string) {
  const file = await loadWorkbook(await bytesOf(from));
  const sheet = file.getWorksheet('整改台账')!;
  for (const [no, text] of Object.entries(edits))
    sheet.getCell(rowOfTask(sheet, Number(no)), UNIT_COLUMN.progress).value = text;
  if (savedAt) file.modified = new Date(savedAt);
  return file;
}

describe('files of one download are versions of one copy', () => {
  for (const saved of [true, false]) {
    it(`keeps the newer version's words when f1 is sent after f2 (${saved ? 'saved times' : 'no saved times'})`, async () => {
      const s = await service();
      const download = await unitWorkbook(s, UNIT);
      const f1 = await saveAs(download, { 7: '甲项进展' }, saved ? '2019-09-25T02:00:00Z' : undefined);
      const f2 = await saveAs(f1, { 8: '乙项进展' }, saved ? '2019-09-30T02:00:00Z' : undefined);
      expect((await uploadAs(s, UNIT, f1)).applied).toHaveLength(1);
      expect((await uploadAs(s, UNIT, f2)).applied).toEqual([{ no: 8, field: 'progress', unit: UNIT }]);
      const revision = await s.ledger.revision();

      const again = await uploadAs(s, UNIT, f1);
      expect(again.applied).toEqual([]);
      expect(again.conflicts).toEqual([]);
      expect(again.rejected).toMatchObject([{ no: 8, field: 'progress' }]);
      expect(again.warnings.join('\n')).toContain('较早');
      expect(await s.ledger.revision()).toBe(revision);
      expect(await progressOf(s, 8)).toBe('乙项进展');

      const untouched = await uploadAs(s, UNIT, download);
      expect(untouched.applied).toEqual([]);
      expect(untouched.warnings.join('\n')).toContain('未填写的原表');
      expect(await progressOf(s, 7)).toBe('甲项进展');
      expect(await progressOf(s, 8)).toBe('乙项进展');
    });
  }

  it('recognises an older version never sent before by its saved time: f2, then f1', async () => {
    const s = await service();
    const download = await unitWorkbook(s, UNIT);
    const f1 = await saveAs(download, { 7: '甲项进展' }, '2019-09-25T02:00:00Z');
    const f2 = await saveAs(f1, { 8: '乙项进展' }, '2019-09-30T02:00:00Z');
    expect((await uploadAs(s, UNIT, f2)).applied).toHaveLength(2);
    const late = await uploadAs(s, UNIT, f1);
    expect(late.applied).toEqual([]);
    expect(late.warnings.join('\n')).toContain('2019-09-25 10:00');
    expect(await progressOf(s, 8)).toBe('乙项进展');
  });

  it('does the same through an .xls file, converted by LibreOffice on the server', async () => {
    const s = await service();
    const download = await unitWorkbook(s, UNIT);
    const f1 = await saveAs(download, { 7: '甲项进展' }, '2019-09-25T02:00:00Z');
    const f2 = await saveAs(f1, { 8: '乙项进展' }, '2019-09-30T02:00:00Z');
    expect((await uploadAs(s, UNIT, f2)).applied).toHaveLength(2);
    const xls = await sofficeConvert(await bytesOf(f1), 'xlsx', 'xls');
    const late = await uploadAs(s, UNIT, new Uint8Array(xls), 'sheet.xls');
    expect(late.applied).toEqual([]);
    expect(late.warnings.join('\n')).toContain('2019-09-25 10:00');
    expect(await progressOf(s, 8)).toBe('乙项进展');
  });

  it('applies a cell the clerk cleared in the newest version', async () => {
    const s = await service();
    const download = await unitWorkbook(s, UNIT);
    const f1 = await saveAs(download, { 7: '写错了的进展' }, '2019-09-25T02:00:00Z');
    await uploadAs(s, UNIT, f1);
    const f2 = await saveAs(f1, { 7: '' }, '2019-09-26T02:00:00Z');
    const body = await uploadAs(s, UNIT, f2);
    expect(body.applied).toEqual([{ no: 7, field: 'progress', unit: UNIT }]);
    expect(await progressOf(s, 7)).toBe('');
  });

  it("takes a second download's files as a new copy; the first copy's files sent afterwards revert nothing", async () => {
    const s = await service();
    const first = await unitWorkbook(s, UNIT);
    const f1 = await saveAs(first, { 7: '第一份的进展' }, '2019-09-25T02:00:00Z');
    await uploadAs(s, UNIT, f1);
    const second = await unitWorkbook(s, UNIT);
    const g1 = await saveAs(second, { 7: '第二份改写的进展', 8: '第二份新写的' }, '2019-09-20T02:00:00Z');
    expect((await uploadAs(s, UNIT, g1)).applied).toHaveLength(2);
    for (const old of [f1, first]) {
      const body = await uploadAs(s, UNIT, old);
      expect(body.applied).toEqual([]);
    }
    expect(await progressOf(s, 7)).toBe('第二份改写的进展');
    expect(await progressOf(s, 8)).toBe('第二份新写的');
  });
});

describe('a sheet with no stamp, copied or pasted out of a workbook', () => {
  it("takes the unit's own words back with the master's 县水利局： prefix as no change, never a conflict", async () => {
    const s = await service();
    await s.submit(UNIT, { baseRevision: 1, rows: [{ no: 7, progress: '截污工程完工。' }] });
    const master = (await masterWorkbookOf(s)).getWorksheet('整改台账')!;
    const echoed = master.getCell(rowOfTask(master, 7), columnOf(master, 3, '整改进展')).value;
    expect(echoed).toBe(`${UNIT}：截污工程完工。`);
    const workbook = await unitWorkbook(s, UNIT);
    workbook.removeWorksheet(workbook.getWorksheet(STAMP_SHEET)!.id);
    const sheet = workbook.getWorksheet('整改台账')!;
    sheet.getCell(rowOfTask(sheet, 7), UNIT_COLUMN.progress).value = echoed;
    const body = await uploadAs(s, UNIT, workbook);
    expect(body.conflicts).toEqual([]);
    expect(body.applied).toEqual([]);
    expect(await progressOf(s, 7)).toBe('截污工程完工。');
  });
});
