/** The sheet a unit downloads guides the clerk who fills it in; read with openpyxl, an independent reader. */
import { describe, expect, it } from 'vitest';
import { openpyxl, openpyxlEdit } from '../helpers/openpyxl.ts';
import { STAMP_SHEET } from '../../core/stamp.ts';
import { answerOf } from '../../server/http/client.ts';
import { refusalOf, servicePerTest } from '../helpers/service.ts';
import { rowOfTask, unitSheetBytes, unitWorkbook, uploadAs, uploadOf } from '../helpers/sheets.ts';

const service = servicePerTest();

describe("a unit's sheet", () => {
  it('says what to fill and by when, marks the columns the unit fills, and has cells for 填报人 and 联系电话', async () => {
    const s = await service();
    await answerOf(s.office.rounds.$post({ json: { period: '2019年7月', deadline: '2019-08-05' } }));
    const bytes = await unitSheetBytes(s, '县水利局');
    const read = JSON.parse(
      openpyxl(
        bytes,
        `import json
ws = wb['整改台账']
print(json.dumps({
  'guide': ws['A3'].value,
  'reporter': [ws['C4'].value, ws['D4'].fill.fgColor.rgb, ws['E4'].value, ws['G4'].fill.fgColor.rgb],
  'headers': [ws.cell(5, c).value for c in (2, 4, 5, 6)],
  'fills': [ws.cell(5, c).fill.fgColor.rgb for c in (2, 4, 5, 6)],
  'frozen': ws.freeze_panes,
  'widths': [ws.column_dimensions[c].width for c in 'ABCDEF'],
  'protected': [ws.protection.sheet, ws.protection.password, ws.protection.formatColumns, ws.protection.formatRows],
  'locked': {a: ws[a].protection.locked for a in ('B6', 'C6', 'D6', 'E6', 'F6', 'G6', 'D4', 'G4', 'J4')},
  'dropdown': [str(v.sqref) for v in ws.data_validations.dataValidation],
  'titles': ws.print_title_rows,
}, ensure_ascii=False))`,
      ),
    );
    expect(read.guide).toContain('只填写黄色的“整改进展、完成状态、备注”三列');
    expect(read.guide).toContain('本轮报送截止：2019-08-05');
    expect(read.reporter).toEqual(['填报人：', 'FFFFF2CC', '联系电话：', 'FFFFF2CC']);
    expect(read.headers).toEqual([
      '反馈问题',
      '整改进展\n（本单位填写）',
      '完成状态\n（本单位填写）',
      '备注\n（本单位填写）',
    ]);
    expect(read.fills).toEqual(['FFD9D9D9', 'FFFFF2CC', 'FFFFF2CC', 'FFFFF2CC']);
    // 反馈问题 stays in view; the columns to fill follow it, all on a 1366-px screen at 100 %:
    // Excel draws a width unit as 7 px plus 5 px of padding, and leaves about 1,300 px for cells.
    expect(read.frozen).toBe('C6');
    const pixels = read.widths.reduce((sum: number, w: number) => sum + w * 7 + 5, 0);
    expect(pixels).toBeLessThan(1300);
    // Protected without a password (a guide, not a lock); only the cells to fill are open.
    expect(read.protected).toEqual([true, null, false, false]);
    expect(read.locked).toEqual({
      B6: true,
      C6: true,
      D6: false,
      E6: false,
      F6: false,
      G6: true,
      D4: false,
      G4: false,
      J4: false,
    });
    expect(read.dropdown[0]).toMatch(/^E6:E\d+$/);
    expect(read.titles).toBe('$5:$5'); // the header on every page; the guide and 填报人 once, on the first
  });

  it('reads back a sheet filled in with openpyxl (another writer than ours), with 填报人 and 联系电话', async () => {
    const s = await service();
    const bytes = await unitSheetBytes(s, '县水利局');
    const edited = openpyxlEdit(
      bytes,
      `ws = wb['整改台账']
for row in ws.iter_rows(min_row=6):
    if row[0].value == 7:
        row[3].value = 'openpyxl 写入的进展'
        row[4].value = '正在推进'
ws['D4'] = '王五'
ws['G4'] = '0379-12345678'`,
    );
    expect((await uploadAs(s, '县水利局', edited)).applied).toEqual([
      { no: 7, field: 'progress', unit: '县水利局' },
      { no: 7, field: 'status', unit: '县水利局' },
    ]);
    expect((await s.unitRow('县水利局')).reporter).toBe('王五 0379-12345678');
  });

  it("refuses a sheet put in under another sheet's stamp, and takes nothing from it", async () => {
    const s = await service();
    const water = await unitWorkbook(s, '县水利局');
    const town = await unitWorkbook(s, '城关镇');
    // 城关镇's table under 县水利局's stamp: a clerk pasted the wrong unit's sheet into their own file.
    const ours = water.getWorksheet(STAMP_SHEET)!;
    town.removeWorksheet(town.getWorksheet(STAMP_SHEET)!.id);
    const stamp = town.addWorksheet(STAMP_SHEET, { state: 'veryHidden' });
    ours.eachRow((row) => stamp.addRow(row.values as unknown[]));
    const sheet = town.getWorksheet('整改台账')!;
    sheet.getCell(`D${rowOfTask(sheet, 1)}`).value = '不该被采用的进展';
    const revision = async () => (await answerOf(s.office.tasks.$get())).revision;
    const before = await revision();

    expect(await refusalOf(uploadOf(s, '县水利局', town))).toMatchObject({
      status: 422,
      code: 'foreign-stamp',
      message: expect.stringContaining('属于另一张表'),
    });
    expect(await revision()).toBe(before);
  });
});
