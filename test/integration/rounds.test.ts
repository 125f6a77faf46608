/**
 * Three monthly rounds as an office lives them, on the service's own clock: units report on time,
 * late or not at all, a task is closed off after being returned once, rounds close and the next
 * opens. Checked through the API, the round's workbook (exceljs, and openpyxl after LibreOffice
 * re-saves it) and the Word report (converted to PDF by LibreOffice, its text extracted).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { countyToday } from '../../core/zone.ts';
import { clock } from '../../server/clock.ts';
import { createApp } from '../../server/http/app.ts';
import { answerOf, attachEvidenceTo } from '../../server/http/client.ts';
import { openpyxl } from '../helpers/openpyxl.ts';
import { clientOf, OFFICE_TOKEN, refusalOf, servicePerTest } from '../helpers/service.ts';
import { loadWorkbook } from '../helpers/sheets.ts';
import { sofficeConvert } from '../helpers/soffice.ts';
import type ExcelJS from 'exceljs';
import mammoth from 'mammoth';

/** The service judges lateness by its own clock, which the test moves day by day. */
const service = servicePerTest(() => countyToday(clock.now()));
const WATER = '县水利局';
const TOWN = '城关镇';
const FOREST = '县林业局';
const ENV = '县环境保护局';

/** The clock at noon, China time, of a day. */
const at = (day: string) => (clock.now = () => new Date(`${day}T12:00:00+08:00`));
afterEach(() => {
  clock.now = () => new Date();
});

const pdf = (name: string) => new File([new TextEncoder().encode(`%PDF-1.4\n% ${name}\n`)], name);
const round = (id: string) => ({ param: { id } });
const closure = (id: number) => ({ param: { id: String(id) } });
const task13 = { param: { no: '13' } };

/** Every cell's value of every sheet: the content of a workbook. */
async function contentOf(bytes: ArrayBuffer) {
  const workbook = await loadWorkbook(bytes);
  return workbook.worksheets.map((sheet) => {
    const rows: unknown[] = [];
    sheet.eachRow((row, n) => rows.push([n, JSON.stringify(row.values)]));
    return [sheet.name, rows];
  });
}

describe('three monthly rounds', () => {
  it('keeps who reported when, closes a task off with evidence, and freezes each round', async () => {
    const s = await service();
    const report = async (unit: string, no: number, progress: string) =>
      s.submit(unit, { baseRevision: await s.ledger.revision(), rows: [{ no, progress }] });
    const units = async () => (await answerOf(s.office.units.$get({ query: {} }))).units;
    const states = async () => Object.fromEntries((await units()).map((u) => [u.name, u.state]));
    const env = await s.unit(ENV);
    const masterOf = async (id: string) => (await s.office.rounds[':id']['master.xlsx'].$get(round(id))).arrayBuffer();

    // Round 1: 2019年10月, due 11月5日.
    at('2019-10-25');
    const first = await answerOf(s.office.rounds.$post({ json: { period: '2019年10月', deadline: '2019-11-05' } }));
    expect(first).toMatchObject({ period: '2019年10月', deadline: '2019-11-05', closedAt: null });
    at('2019-11-03');
    await report(WATER, 7, '截污管网完成80%。');
    await s.submit(ENV, { baseRevision: await s.ledger.revision(), rows: [{ no: 13, status: '已完成' }] });
    await answerOf(attachEvidenceTo(env, s.ledger.ledgerId, 13, pdf('整改前后照片.pdf')));
    const asked = await answerOf(env.tasks[':no'].closure.$post({ ...task13, json: { note: '已完成' } }));
    at('2019-11-06');
    await answerOf(s.office.closures[':id'].return.$post({ ...closure(asked.id), json: { reason: '缺少验收报告' } }));
    at('2019-11-07');
    await report(TOWN, 7, '排查排污口12个。');
    at('2019-11-08');
    await answerOf(attachEvidenceTo(env, s.ledger.ledgerId, 13, pdf('验收报告.pdf')));
    const again = await answerOf(env.tasks[':no'].closure.$post({ ...task13, json: { note: '补充验收报告' } }));
    at('2019-11-09');
    await answerOf(s.office.closures[':id'].approve.$post(closure(again.id)));

    // 县林业局 pulls its tasks (as the add-in does): a download, still owing the report.
    await answerOf((await s.unit(FOREST)).tasks.$get());
    const forest = (await units()).find((u) => u.name === FOREST);
    expect(forest).toMatchObject({ state: '未报', downloadedAt: expect.stringMatching(/^2019-11-0/) });
    const one = await states();
    expect([one[WATER], one[TOWN], one[FOREST]]).toEqual(['已报', '迟报', '未报']);
    const chase = await answerOf(s.office.chase.$get());
    expect(chase.owing.map((o) => o.unit)).toContain(FOREST);
    expect(chase.owing.map((o) => o.unit)).not.toContain(WATER);
    expect(chase.group).toContain(`2019年10月整改进展月报报送截止2019-11-05`);
    expect(chase.owing.find((o) => o.unit === FOREST)!.message).toContain(`【催报】${FOREST}`);

    at('2019-11-10');
    await answerOf(s.office.rounds[':id'].close.$post(round(first.id)));
    const roundOne = await masterOf(first.id);

    // Round 2: 2019年11月, due 12月5日; 城关镇 late again, 县水利局 adds to its progress.
    at('2019-11-25');
    const second = await answerOf(s.office.rounds.$post({ json: { period: '2019年11月', deadline: '2019-12-05' } }));
    expect((await states())[WATER]).toBe('未报');
    at('2019-12-01');
    await report(WATER, 7, '截污管网完成80%。12月已全部完工。');
    at('2019-12-07');
    await report(TOWN, 7, '排查排污口12个，整改9个。');
    at('2019-12-10');
    await answerOf(s.office.rounds[':id'].close.$post(round(second.id)));
    expect(await refusalOf(s.office.rounds[':id'].close.$post(round(second.id)))).toMatchObject({ status: 409 });

    // Round 3 opens; the first round's workbook has not changed.
    at('2019-12-25');
    await answerOf(s.office.rounds.$post({ json: { period: '2019年12月', deadline: '2020-01-05' } }));
    const { rounds } = await answerOf(s.office.rounds.$get());
    expect(rounds.map((r) => [r.period, Boolean(r.closedAt)])).toEqual([
      ['2019年10月', true],
      ['2019年11月', true],
      ['2019年12月', false],
    ]);
    const later = await masterOf(first.id);
    expect(await contentOf(later)).toEqual(await contentOf(roundOne));
    const roundOneBook = await loadWorkbook(roundOne);
    const overview = roundOneBook.getWorksheet('汇总')!;
    const text = JSON.stringify(overview.getSheetValues());
    expect(text).toContain('2019年10月月报，截止2019-11-05：未报单位');
    expect(text).toContain(`"${TOWN}","迟报"`);

    // Round 2's workbook: 月度对比 shows the new words in red; task 13 closed (grey).
    const roundTwo = new Uint8Array(await masterOf(second.id));
    const book = await loadWorkbook(roundTwo);
    // Each round's 变更记录 holds its month: round 2's from round 1's close on, the plan's import in round 1's only.
    const logOf = (b: typeof book) =>
      (b.getWorksheet('变更记录')!.getSheetValues().slice(3).filter(Boolean) as ExcelJS.CellValue[][]).map((r) => [
        String(r[1]),
        String(r[3]),
      ]);
    const twoLog = logOf(book);
    expect(twoLog.map(([group]) => group)).toEqual(['本轮', '本轮']);
    expect(twoLog.map(([, time]) => time)).toEqual(['2019-12-07 12:00', '2019-12-01 12:00']);
    expect(logOf(roundOneBook).filter(([group]) => group === '导入').length).toBeGreaterThan(200);
    const compare = book.getWorksheet('月度对比')!;
    let row7 = 0;
    compare.eachRow((row, n) => {
      if (row.getCell(1).value === 7) row7 = n;
    });
    const rich = compare.getCell(row7, 3).value as {
      richText: { text: string; font?: { color?: { argb?: string } } }[];
    };
    const red = rich.richText.filter((r) => r.font?.color?.argb === 'FFC00000').map((r) => r.text);
    // Each unit's new words against its own line: a township's count as much as the lead unit's.
    expect(red).toEqual(['12月已全部完工。', '，整改9个']);
    const resaved = await sofficeConvert(roundTwo, 'xlsx', 'xlsx');
    const read = JSON.parse(
      openpyxl(
        new Uint8Array(resaved),
        `import json
ws = wb['整改台账']
rows = {r[0].value: (r[10].value, r[0].fill.fgColor.rgb) for r in ws.iter_rows(min_row=4) if isinstance(r[0].value, int)}
cmp = wb['月度对比']
print(json.dumps({'t13': rows[13], 'compare': [str(c.value) for c in cmp[${row7}]]}, ensure_ascii=False))`,
      ),
    );
    expect(read.t13).toEqual(['已销号', 'FFD9D9D9']);
    expect(read.compare[2]).toContain('县水利局：截污管网完成80%。12月已全部完工');

    // The Word report of round 2, through LibreOffice, signed by the office's configured name.
    const signed = clientOf(s.appWith({ officeName: '青山县整改办' }), OFFICE_TOKEN);
    const docx = await signed.rounds[':id']['report.docx'].$get({ ...round(second.id), query: {} });
    expect(docx.headers.get('content-type')).toContain('wordprocessingml');
    const dir = mkdtempSync(join(tmpdir(), 'ledger-report-'));
    const pdfBytes = await sofficeConvert(new Uint8Array(await docx.arrayBuffer()), 'docx', 'pdf');
    writeFileSync(join(dir, 'report.pdf'), pdfBytes);
    const words = execFileSync('pdftotext', ['-layout', join(dir, 'report.pdf'), '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      '',
    );
    expect(words).toContain('2019年11月整改情况报告');
    expect(words).toContain('一、总体情况');
    expect(words).toMatch(/按时报送率\d/);
    expect(words).toContain(`${TOWN}迟报0/2轮0%`);
    expect(words).toContain(`${WATER}已报2/2轮100%`);
    expect(words).toContain('三、逾期任务');
    expect(words).toContain('第1个节点'); // task 23: its first milestone passed on 11月30日
    const inOrder = execFileSync('pdftotext', [join(dir, 'report.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    // Task 7: the lead unit's words and the township's own, each named; no pointer to a sheet the report lacks.
    expect(inOrder).toContain(`${WATER}：截污管网完成80%。12月已全部完工。`);
    expect(inOrder).toContain(`${TOWN}：排查排污口12个，整改9个。`);
    expect(inOrder).not.toContain('见进展明细');
    expect(inOrder).toMatch(/五、存在问题(—\d+—)?1\.部分任务推进滞后。/);
    expect(inOrder).toMatch(/六、下一步工作(—\d+—)?1\.对逾期的12项任务/);
    expect(inOrder).toMatch(/青山县整改办2019年12月10日(—\d+—)?$/);
    // The closed first round's report, read for its words by mammoth (LibreOffice has shown the layout above).
    const closedFirst = await (
      await s.office.rounds[':id']['report.docx'].$get({ ...round(first.id), query: {} })
    ).arrayBuffer();
    const firstWords = (await mammoth.extractRawText({ buffer: Buffer.from(closedFirst) })).value.replace(/\s+/g, '');
    expect(firstWords).toContain('本轮审核销号1项（序号13）');
    // Three rounds and two LibreOffice conversions: about 15 s with another file running beside it.
  }, 90_000);

  it('sends 催报 to the group bot at most once in the interval, and keeps the reply', async () => {
    const s = await service();
    const sent: { url: string; body: string }[] = [];
    const app = createApp({
      county: s.county,
      pool: s.pool,
      today: () => '2019-10-25',
      chase: {
        webhook: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test',
        intervalMs: 10 * 60_000,
        post: async (url, body) => {
          sent.push({ url, body });
          return { status: 200, text: '{"errcode":0,"errmsg":"ok"}' };
        },
      },
    });
    const office = clientOf(app, OFFICE_TOKEN);
    await answerOf(office.rounds.$post({ json: { period: '2019年10月', deadline: '2019-11-05' } }));
    expect(await answerOf(office.chase.send.$post())).toMatchObject({ status: 200 });
    expect(JSON.parse(sent[0]!.body)).toMatchObject({
      msgtype: 'text',
      text: { content: expect.stringContaining('【催报】') },
    });
    expect(await refusalOf(office.chase.send.$post())).toMatchObject({ status: 429 });
    expect(sent).toHaveLength(1);
    const log = (await s.county.history()).filter((h) => h.action === 'chase-sent');
    expect(log.at(-1)?.detail).toContain('"errcode":0');
  });
});
