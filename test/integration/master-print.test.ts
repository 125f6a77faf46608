/**
 * The consolidated workbook after all fourteen townships reported on one shared task, as the
 * office prints it for a meeting: read with openpyxl (cell lengths, row heights, print titles,
 * filters, times) and laid out by LibreOffice.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_LINES, wrappedLines } from '../../core/layout.ts';
import { openpyxl } from '../helpers/openpyxl.ts';
import { SEED_TOWNSHIPS } from '../helpers/seed.ts';
import { answerOf } from '../../server/http/client.ts';
import { servicePerTest } from '../helpers/service.ts';
import { masterBytesOf, unitSheetBytes } from '../helpers/sheets.ts';
import { sofficeConvert } from '../helpers/soffice.ts';

const service = servicePerTest();
const TOWNS = SEED_TOWNSHIPS;
const LEAD = '县污染防治攻坚战领导小组办公室';
const WATER = '县水利局';
/** 150 characters of what a township writes. */
const words = (town: string) => `${town}已完成辖区内排查，`.padEnd(150, '整改措施落实到位并建立长效机制');

describe('the consolidated workbook on paper', () => {
  it('keeps each cell within what a row can show, every report in 进展明细, and prints with titles, filters and page numbers', async () => {
    const s = await service();
    await answerOf(s.office.rounds.$post({ json: { period: '2019年7月', deadline: '2019-08-05' } }));
    // One conflict: the office corrects 县水利局's words on task 7, which then reports again from before.
    await s.submit(WATER, { baseRevision: await s.ledger.revision(), rows: [{ no: 7, progress: '截污。' }] });
    const base = await s.ledger.revision();
    await s.submit('office', { baseRevision: base, rows: [{ no: 7, unit: WATER, progress: '办公室更正。' }] });
    await s.submit(WATER, { baseRevision: base, rows: [{ no: 7, progress: '水利局再报。' }] });

    for (const town of TOWNS)
      await s.submit(town, { baseRevision: await s.ledger.revision(), rows: [{ no: 3, progress: words(town) }] });
    const long = '牵头单位汇总：'.padEnd(1300, '各乡镇按要求完成整改并报送佐证材料，');
    await s.submit(LEAD, { baseRevision: await s.ledger.revision(), rows: [{ no: 3, progress: long }] });

    const bytes = await masterBytesOf(s);
    const read = JSON.parse(
      openpyxl(
        bytes,
        `import json
ws = wb['整改台账']
row3 = next(r for r in ws.iter_rows(min_row=4) if r[0].value == 3)
d = wb['进展明细']
log = wb['变更记录']
c = wb['冲突']
print(json.dumps({
  'cell': row3[9].value,
  'height': ws.row_dimensions[row3[0].row].height,
  'area': ws.print_area,
  'titles': ws.print_title_rows,
  'footer': ws.oddFooter.center.text,
  'paper': [ws.page_setup.paperSize, ws.page_setup.orientation],
  'details': [[r[0].value, r[1].value, r[3].value] for r in d.iter_rows(min_row=3)],
  'detailHeight': max(d.row_dimensions[i].height or 0 for i in range(3, d.max_row + 1)),
  'detailFilter': d.auto_filter.ref,
  'detailTitles': d.print_title_rows,
  'detailPaper': [d.page_setup.paperSize, d.page_setup.orientation],
  'detailFooter': d.oddFooter.center.text,
  'log': [[r[0].value, r[2].value, r[3].value] for r in log.iter_rows(min_row=3)],
  'logFilter': log.auto_filter.ref,
  'conflictFilter': c.auto_filter.ref,
  'reasonBorders': [bool(ws.cell(r, 13).border.left.style and ws.cell(r, 13).border.right.style) for r in (3, 4)],
  'detailNoAlign': d['A3'].alignment.horizontal,
}, ensure_ascii=False))`,
      ),
    );
    // The master cell: the lead unit's words only, cut to what a 409-point row shows, with a pointer.
    expect(read.cell.startsWith(`${LEAD}：牵头单位汇总`)).toBe(true);
    expect(read.cell.endsWith('……（全文见“进展明细”）')).toBe(true);
    expect(wrappedLines(read.cell, 36)).toBeLessThanOrEqual(MAX_LINES);
    expect(read.height).toBeLessThanOrEqual(409);
    for (const town of TOWNS) expect(read.cell).not.toContain(`${town}已完成`);
    // 进展明细: every report in full, only rows with something reported, tall enough, filtered, titled.
    const task3 = read.details.filter((d: [number, string, string]) => d[0] === 3);
    expect(task3.map((d: [number, string, string]) => d[1]).sort()).toEqual([LEAD, ...TOWNS].sort());
    expect(task3.find((d: [number, string, string]) => d[1] === LEAD)[2]).toBe(long);
    expect(read.details.every((d: [number, string, string]) => d[2] !== null || d[1])).toBe(true);
    expect(read.details).toHaveLength(16); // 15 on task 3, 县水利局's on task 7
    expect(read.detailHeight).toBeGreaterThan(40);
    expect(read.detailFilter).toBe('A2:F2');
    expect(read.detailTitles).toBe('$2:$2');
    expect(read.detailFooter).toBe('第 &P 页 共 &N 页');
    // 变更记录: this round first (newest first), the import on its own at the end, China time.
    expect(read.log[0]).toEqual(['本轮', expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/), LEAD]);
    expect(read.log.at(-1)[0]).toBe('导入');
    expect(read.log.findIndex((r: string[]) => r[0] === '导入')).toBe(17); // 15 reports and two on task 7
    expect(read.logFilter).toBe('A2:I2');
    expect(read.conflictFilter).toBe('A2:L2');
    // 状态提示 prints inside the table's borders; 进展明细's 序号 is centred, as the master's is.
    expect(read.reasonBorders).toEqual([true, true]);
    expect(read.detailNoAlign).toBe('center');
    // The master: A3 landscape, the reason column printed, the legend and header on every page.
    expect(read.area).toEqual(['$A$1:$M$34']);
    expect(read.titles).toBe('$2:$3');
    expect(read.footer).toBe('第 &P 页 共 &N 页');
    expect(read.paper).toEqual([8, 'landscape']);
    expect(read.detailPaper).toEqual([9, 'landscape']);

    // LibreOffice lays it out: pages with the page numbers filled in.
    const pdf = await sofficeConvert(bytes, 'xlsx', 'pdf');
    const dir = mkdtempSync(join(tmpdir(), 'master-print-'));
    writeFileSync(join(dir, 'master.pdf'), pdf);
    const text = execFileSync('pdftotext', [join(dir, 'master.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toMatch(/第 1 页 共 \d+ 页/);
    expect(text.replace(/\s/g, '')).toContain('全文见“进展明细”');
    // The 冲突 sheet prints at 9 pt or more (pdftohtml gives each run's size on the page, in points).
    const xml = execFileSync('pdftohtml', ['-xml', '-i', '-zoom', '1', '-stdout', join(dir, 'master.pdf')], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const sizes = new Map([...xml.matchAll(/<fontspec id="(\d+)" size="(\d+)"/g)].map((m) => [m[1], Number(m[2])]));
    const pages = xml.split('<page ');
    const printedOn = (page: string) => [...page.matchAll(/font="(\d+)">(?!第)/g)].map((m) => sizes.get(m[1])!);
    const printed = printedOn(pages.find((page) => page.includes('冲突（待裁定'))!);
    expect(printed.length).toBeGreaterThan(10);
    expect(Math.min(...printed)).toBeGreaterThanOrEqual(9);
    // The master table, on A3: every word at 8 pt or more.
    const table = printedOn(pages.find((page) => page.includes('颜色图例'))!);
    expect(table.length).toBeGreaterThan(50);
    expect(Math.min(...table)).toBeGreaterThanOrEqual(8);
  });

  it("prints a unit's sheet on A3 with every word at 8 pt or more", async () => {
    const s = await service();
    const bytes = await unitSheetBytes(s, '城关镇');
    const dir = mkdtempSync(join(tmpdir(), 'unit-print-'));
    writeFileSync(join(dir, 'unit.pdf'), await sofficeConvert(bytes, 'xlsx', 'pdf'));
    const xml = execFileSync('pdftohtml', ['-xml', '-i', '-zoom', '1', '-stdout', join(dir, 'unit.pdf')], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const sizes = new Map([...xml.matchAll(/<fontspec id="(\d+)" size="(\d+)"/g)].map((m) => [m[1], Number(m[2])]));
    const pages = xml.split('<page ').slice(1);
    // A3 landscape: 842 points high, 1191 wide.
    const page = /height="(\d+)" width="(\d+)"/.exec(pages[0]!)!.slice(1).map(Number);
    expect(page.map((points) => Math.round(points / 10))).toEqual([84, 119]);
    const printed = pages.flatMap((page) => [...page.matchAll(/font="(\d+)">(?!第)/g)].map((m) => sizes.get(m[1])!));
    expect(printed.length).toBeGreaterThan(100);
    expect(Math.min(...printed)).toBeGreaterThanOrEqual(8);
  });
});
