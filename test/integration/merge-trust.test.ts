/**
 * Nothing lost, nothing misapplied: each case is what a clerk really does to a sheet, through
 * the service's API with real workbooks.
 */
import { describe, expect, it } from 'vitest';
import { STAMP_SHEET } from '../../core/stamp.ts';
import { answerOf, type SubmissionRequest } from '../../server/http/client.ts';
import { refusalOf, servicePerTest } from '../helpers/service.ts';
import {
  bytesOf,
  columnOf,
  masterWorkbookOf,
  rowOfTask,
  taskOf,
  UNIT_COLUMN,
  unitWorkbook,
  uploadAs,
  uploadOf,
} from '../helpers/sheets.ts';
import { sofficeConvert } from '../helpers/soffice.ts';

const HEADER_ROW = 5; // a unit's sheet: title, legend, 填报说明, 填报单位, header
const service = servicePerTest();
const conflict = (id: number) => ({ param: { id: String(id) } });
const own = async (s: Awaited<ReturnType<typeof service>>, no: number, unit = '县水利局') =>
  (await taskOf(s, no)).byUnit[unit]!;

describe('a follow-up column under another header', () => {
  it('reads 截至10月底整改进展 and 整改落实情况 as 整改进展', async () => {
    const s = await service();
    for (const header of ['截至10月底整改进展', '整改落实情况']) {
      const workbook = await unitWorkbook(s, '县水利局');
      const sheet = workbook.getWorksheet('整改台账')!;
      sheet.getCell(HEADER_ROW, UNIT_COLUMN.progress).value = header;
      sheet.getCell(rowOfTask(sheet, 7), UNIT_COLUMN.progress).value = `${header}：截污工程完成。`;
      const body = await uploadAs(s, '县水利局', workbook);
      expect(body.applied).toEqual([{ no: 7, field: 'progress', unit: '县水利局' }]);
      expect((await own(s, 7)).progress).toBe(`${header}：截污工程完成。`);
    }
  });

  it('leaves every value as it was when the column is not recognised, and names the column', async () => {
    const s = await service();
    await s.submit('县水利局', {
      baseRevision: 1,
      rows: [
        { no: 7, progress: '已报进展' },
        { no: 8, progress: '另一项进展' },
      ],
    });
    const workbook = await unitWorkbook(s, '县水利局');
    const sheet = workbook.getWorksheet('整改台账')!;
    sheet.getCell(HEADER_ROW, UNIT_COLUMN.progress).value = '本月工作';
    sheet.getCell(rowOfTask(sheet, 7), UNIT_COLUMN.progress).value = '新写的内容';
    const body = await uploadAs(s, '县水利局', workbook);
    expect(body.applied).toEqual([]);
    expect((await own(s, 7)).progress).toBe('已报进展');
    expect((await own(s, 8)).progress).toBe('另一项进展');
    expect(body.warnings.join('\n')).toContain('“本月工作”列（D');
    expect(body.warnings.join('\n')).toContain('没有找到“整改进展”列');
  });

  it('leaves 备注 as it was when its column is deleted, and 整改目标 when the office deletes it from the master', async () => {
    const s = await service();
    await s.submit('县水利局', { baseRevision: 1, rows: [{ no: 7, remarks: '见附件' }] });
    const workbook = await unitWorkbook(s, '县水利局');
    const sheet = workbook.getWorksheet('整改台账')!;
    sheet.spliceColumns(12, 1);
    sheet.getCell(rowOfTask(sheet, 7), UNIT_COLUMN.progress).value = '进展';
    expect((await uploadAs(s, '县水利局', workbook)).applied).toEqual([{ no: 7, field: 'progress', unit: '县水利局' }]);
    expect((await own(s, 7)).remarks).toBe('见附件');

    const master = await masterWorkbookOf(s);
    const table = master.getWorksheet('整改台账')!;
    table.spliceColumns(3, 1); // 整改目标
    const body = await uploadAs(s, '办公室', master);
    expect(body.applied).toEqual([]);
    expect((await taskOf(s, 7)).goal).not.toBe('');
  });
});

describe('which task a row is', () => {
  it("applies a renumbered sheet's follow-up to the right tasks, by the hidden task id", async () => {
    const s = await service();
    const workbook = await unitWorkbook(s, '县水利局');
    const sheet = workbook.getWorksheet('整改台账')!;
    const row8 = rowOfTask(sheet, 8);
    for (const [i, no] of [1, 2, 7, 8, 10, 31].entries()) sheet.getCell(rowOfTask(sheet, no), 1).value = i + 1;
    sheet.getCell(row8, UNIT_COLUMN.progress).value = '第8项的进展';
    const body = await uploadAs(s, '县水利局', workbook);
    expect(body.applied).toEqual([{ no: 8, field: 'progress', unit: '县水利局' }]);
    expect((await own(s, 8)).progress).toBe('第8项的进展');
    // 序号 is the office's: the four changed numbers are said once, not as four refusals, and nothing else moves.
    expect(body.rejected).toEqual([]);
    expect(body.warnings.join('\n')).toContain('表中4行的序号与台账不同');
    expect((await taskOf(s, 31)).no).toBe(31);
  });

  it('rejects a row whose 序号 was changed when the sheet has no task ids, and never applies it to another task', async () => {
    const s = await service();
    const workbook = await unitWorkbook(s, '县水利局');
    workbook.removeWorksheet(workbook.getWorksheet(STAMP_SHEET)!.id);
    const sheet = workbook.getWorksheet('整改台账')!;
    sheet.spliceColumns(14, 1); // the hidden 任务标识
    const row8 = rowOfTask(sheet, 8);
    sheet.getCell(row8, 1).value = 10; // 8 → 10: the real task 10 is below
    sheet.getCell(row8, UNIT_COLUMN.progress).value = '这是第8项的进展';
    const body = await uploadAs(s, '县水利局', workbook);
    expect(body.applied).toEqual([]);
    const rejected = body.rejected.find((r) => r.field === '*' && r.reason.includes('反馈问题是任务8的'));
    expect(rejected).toBeDefined();
    expect((await own(s, 10)).progress).toBe('');
    expect((await own(s, 8)).progress).toBe('');
  });
});

describe('the consolidated master uploaded back', () => {
  it('changes only the task field the office fixed; the derived follow-up is never read back', async () => {
    const s = await service();
    await s.submit('县水利局', { baseRevision: 1, rows: [{ no: 7, progress: '水利局的进展', status: '正在推进' }] });
    await s.submit('城关镇', { baseRevision: 1, rows: [{ no: 7, progress: '城关镇的进展' }] });
    const master = await masterWorkbookOf(s);
    const sheet = master.getWorksheet('整改台账')!;
    const row = rowOfTask(sheet, 7);
    sheet.getCell(row, 3).value = `${sheet.getCell(row, 3).value}（已核对）`;
    const body = await uploadAs(s, '办公室', master);
    expect(body.applied).toEqual([{ no: 7, field: 'goal', unit: '' }]);
    const t7 = await taskOf(s, 7);
    expect(t7.goal).toMatch(/（已核对）$/);
    expect(t7.byUnit['县水利局']).toEqual({ progress: '水利局的进展', status: '正在推进', remarks: '' });
    expect(t7.progress).toBe('县水利局：水利局的进展\n（另有1个单位报送，见进展明细）');
    expect(t7.byUnit['城关镇']!.progress).toBe('城关镇的进展');
  });

  it('tells a unit that uploads the master to download its own sheet', async () => {
    const s = await service();
    expect(await refusalOf(uploadOf(s, '县水利局', await masterWorkbookOf(s)))).toMatchObject({
      status: 403,
      code: 'unit-sheet-required',
      message: expect.stringContaining('请下载本单位报表'),
    });
  });
});

describe('old files and resent files', () => {
  it('never reverts newer own values when a unit re-uploads its first file', async () => {
    const s = await service();
    const first = await unitWorkbook(s, '县水利局');
    const sheet = first.getWorksheet('整改台账')!;
    for (const no of [1, 2, 7, 8]) sheet.getCell(rowOfTask(sheet, no), UNIT_COLUMN.progress).value = `第一版${no}`;
    await uploadAs(s, '县水利局', first);
    for (const version of ['第二版', '第三版']) {
      const later = await unitWorkbook(s, '县水利局');
      const page = later.getWorksheet('整改台账')!;
      for (const no of [1, 2, 7, 8]) page.getCell(rowOfTask(page, no), UNIT_COLUMN.progress).value = `${version}${no}`;
      expect((await uploadAs(s, '县水利局', later)).applied).toHaveLength(4);
    }
    const revision = await s.ledger.revision();
    const again = await uploadAs(s, '县水利局', first);
    expect(again.applied).toEqual([]);
    expect(again.conflicts).toEqual([]);
    expect(await s.ledger.revision()).toBe(revision);
    for (const no of [1, 2, 7, 8]) expect((await own(s, no)).progress).toBe(`第三版${no}`);
  });

  it('makes a change from an old copy to a cell a newer submission changed a conflict, never a revert', async () => {
    const s = await service();
    const old = await unitWorkbook(s, '县水利局');
    const newer = await unitWorkbook(s, '县水利局');
    const page = newer.getWorksheet('整改台账')!;
    page.getCell(rowOfTask(page, 7), UNIT_COLUMN.progress).value = '新版本';
    await uploadAs(s, '县水利局', newer);
    const sheet = old.getWorksheet('整改台账')!;
    sheet.getCell(rowOfTask(sheet, 7), UNIT_COLUMN.progress).value = '旧副本里写的';
    const body = await uploadAs(s, '县水利局', old);
    expect(body.applied).toEqual([]);
    expect(body.conflicts).toMatchObject([{ no: 7, field: 'progress', master: '新版本', incoming: '旧副本里写的' }]);
    expect((await own(s, 7)).progress).toBe('新版本');
  });

  it('lets a clerk fix a typo in the sheet already sent and send it again', async () => {
    const s = await service();
    const workbook = await unitWorkbook(s, '县水利局');
    const sheet = workbook.getWorksheet('整改台账')!;
    sheet.getCell(rowOfTask(sheet, 7), UNIT_COLUMN.progress).value = '截污工程完工。';
    await uploadAs(s, '县水利局', workbook);
    sheet.getCell(rowOfTask(sheet, 7), UNIT_COLUMN.progress).value = '截污工程已完工。';
    const body = await uploadAs(s, '县水利局', workbook);
    expect(body.applied).toEqual([{ no: 7, field: 'progress', unit: '县水利局' }]);
    expect(body.conflicts).toEqual([]);
  });

  it('does not reopen a settled conflict when the unit sends its older file again', async () => {
    const s = await service();
    const workbook = await unitWorkbook(s, '县水利局');
    await s.submit('office', { baseRevision: 1, rows: [{ no: 7, unit: '县水利局', progress: '办公室核实稿' }] });
    const sheet = workbook.getWorksheet('整改台账')!;
    sheet.getCell(rowOfTask(sheet, 7), UNIT_COLUMN.progress).value = '单位稿';
    const first = await uploadAs(s, '县水利局', workbook);
    expect(first.conflicts).toHaveLength(1);
    await answerOf(
      s.office.conflicts[':id'].resolve.$post({ ...conflict(first.conflicts[0]!.id), json: { value: '办公室裁定稿' } }),
    );
    await s.submit('office', {
      baseRevision: await s.ledger.revision(),
      rows: [{ no: 8, unit: '县水利局', progress: '办公室改第8项' }],
    });
    const again = await uploadAs(s, '县水利局', workbook);
    expect(again.conflicts).toEqual([]);
    expect(again.applied).toEqual([]);
    expect((await answerOf(s.office.conflicts.$get({ query: {} }))).conflicts).toEqual([]);
    expect((await own(s, 7)).progress).toBe('办公室裁定稿');
  });

  it('makes two clerks of one unit who download and submit at once a conflict, not a silent replacement', async () => {
    const s = await service();
    const [a, b] = [await unitWorkbook(s, '县水利局'), await unitWorkbook(s, '县水利局')];
    a.getWorksheet('整改台账')!.getCell(rowOfTask(a.getWorksheet('整改台账')!, 7), UNIT_COLUMN.progress).value =
      '甲填的';
    b.getWorksheet('整改台账')!.getCell(rowOfTask(b.getWorksheet('整改台账')!, 7), UNIT_COLUMN.progress).value =
      '乙填的';
    const [ra, rb] = await Promise.all([uploadAs(s, '县水利局', a), uploadAs(s, '县水利局', b)]);
    const outcomes = [ra, rb].map((r) => `${r.applied.length}/${r.conflicts.length}`).sort();
    expect(outcomes).toEqual(['0/1', '1/0']);
  });

  it('merges an unstamped file against the import and says so: later changes by others become conflicts', async () => {
    const s = await service();
    const workbook = await unitWorkbook(s, '县水利局');
    await s.submit('office', { baseRevision: 1, rows: [{ no: 7, unit: '县水利局', progress: '办公室填的' }] });
    workbook.removeWorksheet(workbook.getWorksheet(STAMP_SHEET)!.id);
    const sheet = workbook.getWorksheet('整改台账')!;
    sheet.getCell(rowOfTask(sheet, 7), UNIT_COLUMN.progress).value = '单位旧文件里的';
    sheet.getCell(rowOfTask(sheet, 8), UNIT_COLUMN.progress).value = '第8项新写的';
    const body = await uploadAs(s, '县水利局', workbook);
    expect(body.warnings.join('\n')).toContain('没有台账版本标识');
    expect(body.applied).toEqual([{ no: 8, field: 'progress', unit: '县水利局' }]);
    expect(body.conflicts).toMatchObject([{ no: 7, master: '办公室填的', incoming: '单位旧文件里的' }]);
  });
});

describe('sheets saved by other office suites', () => {
  // One scenario for both: LibreOffice's conversions are the slowest steps of the suite. The server
  // converts the .ods with LibreOffice and reads the .xlsx it saves, as it reads one a clerk re-saved there.
  it("takes the unit's sheet saved as OpenDocument (.ods) by LibreOffice or WPS, converted on the server, with 填报人 and 联系电话, which the office sees", async () => {
    const s = await service();
    const workbook = await unitWorkbook(s, '县水利局');
    const sheet = workbook.getWorksheet('整改台账')!;
    sheet.getCell('D4').value = '张三';
    sheet.getCell('G4').value = '13800000000';
    sheet.getCell(rowOfTask(sheet, 7), UNIT_COLUMN.progress).value = '用 WPS 填写';
    const ods = await sofficeConvert(await bytesOf(workbook), 'xlsx', 'ods');
    const body = await answerOf(uploadOf(s, '县水利局', new Uint8Array(ods), 'sheet.ods'));
    expect(body.applied).toEqual([{ no: 7, field: 'progress', unit: '县水利局' }]);
    expect(body.warnings.join('')).not.toContain('没有台账版本标识');
    expect((await s.unitRow('县水利局')).reporter).toBe('张三 13800000000');
  });
});

describe('who fills in for the unit', () => {
  it('keeps 填报人 and 联系电话 when a later submission leaves them out, and fills them in ahead on the next sheet', async () => {
    const s = await service();
    const send = async (rows: SubmissionRequest['rows'], reporter?: { name: string; phone: string }) =>
      s.submit('县水利局', { baseRevision: await s.ledger.revision(), rows, ...(reporter ? { reporter } : {}) });
    await send([{ no: 7, progress: '第一次' }], { name: '王五', phone: '0379-66000000' });
    await send([{ no: 7, progress: '第二次' }]);
    expect((await s.unitRow('县水利局')).reporter).toBe('王五 0379-66000000');
    const sheet = (await unitWorkbook(s, '县水利局')).getWorksheet('整改台账')!;
    const reporting = JSON.stringify(sheet.getRow(HEADER_ROW - 1).values);
    expect(reporting).toContain('王五');
    expect(reporting).toContain('0379-66000000');
  });
});

describe('columns the service writes for people', () => {
  it('reads 完成状态 moved to the right of 状态提示, and 是否完成, never the hint', async () => {
    const s = await service();
    const workbook = await unitWorkbook(s, '县水利局');
    const sheet = workbook.getWorksheet('整改台账')!;
    const row = rowOfTask(sheet, 7);
    sheet.getCell(HEADER_ROW, 15).value = '是否完成';
    sheet.getCell(row, 15).value = '正在推进';
    sheet.spliceColumns(UNIT_COLUMN.status, 1); // 完成状态 now stands after 状态提示 and 任务标识
    expect(columnOf(sheet, HEADER_ROW, '状态提示')).toBeLessThan(columnOf(sheet, HEADER_ROW, '是否完成'));
    const body = await uploadAs(s, '县水利局', workbook);
    expect(body.applied).toEqual([{ no: 7, field: 'status', unit: '县水利局' }]);
    expect((await own(s, 7)).status).toBe('正在推进');
  });

  it('refuses a sheet with two status columns with 422, naming both', async () => {
    const s = await service();
    const workbook = await unitWorkbook(s, '县水利局');
    const sheet = workbook.getWorksheet('整改台账')!;
    sheet.getCell(HEADER_ROW, 15).value = '完成情况';
    expect(await refusalOf(uploadOf(s, '县水利局', workbook))).toMatchObject({
      status: 422,
      message: expect.stringContaining('E5“完成状态（本单位填写）”和O5“完成情况”'),
    });
  });
});

describe('workbooks with more than one ledger table', () => {
  it('refuses an edited copy of the sheet with 422, and reads an identical one saying which', async () => {
    const s = await service();
    const workbook = await unitWorkbook(s, '县水利局');
    const copy = workbook.addWorksheet('整改台账 (2)');
    const sheet = workbook.getWorksheet('整改台账')!;
    sheet.eachRow((row, n) => row.eachCell((cell, c) => (copy.getCell(n, c).value = cell.value)));
    const same = await uploadAs(s, '县水利局', workbook);
    expect(same.warnings[0]).toContain('读取的是“整改台账”');
    copy.getCell(rowOfTask(copy, 7), UNIT_COLUMN.progress).value = '在复制的表里填的';
    expect(await refusalOf(uploadOf(s, '县水利局', workbook))).toMatchObject({
      status: 422,
      message: expect.stringContaining('“整改台账 (2)”的内容与它不同'),
    });
  });
});

describe('what a unit may set', () => {
  it("rejects 已销号 from a unit: closing off is the office's act", async () => {
    const s = await service();
    const res = await s.submit('县水利局', { baseRevision: 1, rows: [{ no: 7, status: '已销号' }] });
    expect(res.applied).toEqual([]);
    expect(res.rejected).toMatchObject([{ no: 7, field: 'status' }]);
    expect(res.rejected[0]!.reason).toContain('只能由办公室');
    const office = await s.submit('office', { baseRevision: 1, rows: [{ no: 7, status: '已销号' }] });
    expect(office.applied).toEqual([{ no: 7, field: 'status', unit: '' }]);
  });

  it("does not count a submission that applies nothing as the unit's report", async () => {
    const s = await service();
    await s.submit('县水利局', {
      baseRevision: 1,
      rows: [
        { no: 24, progress: '不是本单位的' },
        { no: 7, status: '已销号' },
      ],
    });
    await s.submit('县水利局', { baseRevision: 1, rows: [] });
    expect((await s.unitRow('县水利局')).state).toBe('已报无采用');
  });

  it("rejects an office edit that gives a task another task's 序号", async () => {
    const s = await service();
    const res = await s.submit('office', { baseRevision: 1, rows: [{ id: '7', no: 8 }] });
    expect(res.applied).toEqual([]);
    expect(res.rejected[0]!.reason).toContain('序号8已经是另一项任务的序号');
  });
});

describe('settling conflicts', () => {
  async function openConflict(s: Awaited<ReturnType<typeof service>>) {
    await s.submit('office', { baseRevision: 1, rows: [{ no: 7, unit: '县水利局', status: '正在推进' }] });
    const res = await s.submit('县水利局', { baseRevision: 1, rows: [{ no: 7, status: '已完成' }] });
    return res.conflicts[0]!.id;
  }

  it('holds a settlement to the same rules as a submission', async () => {
    const s = await service();
    const id = await openConflict(s);
    const settle = (value: string) => s.office.conflicts[':id'].resolve.$post({ ...conflict(id), json: { value } });
    expect((await refusalOf(settle('=HYPERLINK("http://x","点我")'))).status).toBe(422);
    expect((await own(s, 7)).status).toBe('正在推进');
  });

  it('answers 409 to settling a settled conflict, and keeps settled conflicts with the decision', async () => {
    const s = await service();
    const id = await openConflict(s);
    const settle = (value: string) => s.office.conflicts[':id'].resolve.$post({ ...conflict(id), json: { value } });
    const settled = await answerOf(settle('已完成'));
    expect(settled.conflict).toMatchObject({ id, resolvedValue: '已完成', resolvedBy: '办公室' });
    expect(settled.conflict.resolvedAt).not.toBeNull();
    expect((await refusalOf(settle('未启动'))).status).toBe(409);
    expect((await own(s, 7)).status).toBe('已完成');
    const sheet = (await masterWorkbookOf(s)).getWorksheet('冲突')!;
    const values = sheet.getRow(3).values as unknown[];
    expect(values).toEqual(expect.arrayContaining([id, '已裁定', '已完成', '办公室']));
  });
});
