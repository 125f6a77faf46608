/**
 * A city's supervision office (市督察办) over three counties on one PostgreSQL database, two of
 * them of one name: its ranked roll-up with rates and the units each waits for, one county's
 * detail, its digest and 通报, its consolidated workbook read back by openpyxl, its page in
 * Chromium, that it can read and nothing more, and that a county it does not find is refused.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCounty } from '../../server/cases/open-county.ts';
import { Province } from '../../server/cases/province.ts';
import { SupervisionDesk } from '../../server/cases/supervision.ts';
import type { County } from '../../server/cases/county.ts';
import { createProvinceApp } from '../../server/http/province-app.ts';
import { FolderEvidence } from '../../server/store/evidence-folder.ts';
import { openPool } from '../../server/store/postgres-connect.ts';
import { PgStorage } from '../../server/store/postgres-storage.ts';
import { launchChromium } from '../helpers/browser.ts';
import { openpyxl } from '../helpers/openpyxl.ts';
import { countyOf, freshDatabase } from '../helpers/postgres.ts';
import { provinceClientOf } from '../helpers/service.ts';
import { answerOf } from '../../server/http/client.ts';
import { sofficeConvert } from '../helpers/soffice.ts';

const TOKEN = 'city-supervision-token-01';
const TODAY = '2019-08-20';
let url = '';
let province: Province;
const counties: County[] = [];
let app: ReturnType<typeof createProvinceApp>;
/** The office above, signed in; its app judges as of TODAY unless asked another day. */
const city = () => provinceClientOf(app, TOKEN);
const ranking = async (today?: string) => answerOf(city().province.$get({ query: today ? { today } : {} }));
const countyDetail = (id: string) => city().province.counties[':id'].$get({ param: { id }, query: {} });

/** A county of the shared database with the demo ledger, renamed, and something done in it. */
async function county(id: string, name: string, work: (c: County) => Promise<void>) {
  const { county } = await openCounty(mkdtempSync(join(tmpdir(), `ledger-${id}-`)), {
    storage: await countyOf(url, id),
  });
  await county.setRegistry({ ...county.registry.data, county: name }, { kind: 'import' });
  await work(county);
  counties.push(county);
  return county;
}

beforeAll(async () => {
  url = await freshDatabase();
  await county('jia', '甲县', async (c) => {
    const ledger = c.defaultLedger!;
    await ledger.openRound({ id: 'r8', period: '2019年8月', deadline: '2019-08-31' }, { kind: 'office' });
    await ledger.write(
      {
        actor: { kind: 'unit', unit: '县水利局' },
        baseRevision: 1,
        rows: [{ no: 7, values: { progress: '甲县水利局八月进展' } }],
      },
      'json',
    );
    await ledger.write(
      { actor: { kind: 'office' }, baseRevision: 2, rows: [{ no: 13, values: { status: '已销号' } }] },
      'json',
    );
  });
  await county('yi', '乙县', async () => {});
  // Named as 甲县 is: told apart by its id. A round closed, a task closed off since, a 销号
  // waiting, a 督办单 not signed for in time.
  await county('bing', '甲县', async (c) => {
    const ledger = c.defaultLedger!;
    const env = { kind: 'unit', unit: '县环境保护局' } as const;
    await ledger.openRound({ id: 'r7', period: '2019年7月', deadline: '2019-07-31' }, { kind: 'office' });
    await ledger.closeRound('r7', { kind: 'office' }, '2019-08-01');
    await ledger.write(
      { actor: { kind: 'office' }, baseRevision: 1, rows: [{ no: 1, values: { status: '已销号' } }] },
      'json',
    );
    await ledger.write({ actor: env, baseRevision: 2, rows: [{ no: 13, values: { status: '已完成' } }] }, 'json');
    await ledger.evidence.attach(13, env, { name: '验收报告.pdf', bytes: new TextEncoder().encode('%PDF-1.4\n%\n') });
    await ledger.closing.request(13, env, '整改完毕');
    await new SupervisionDesk(c).issue(
      ledger,
      7,
      { level: '红', demand: '限期完成截污工程', replyDays: 5 },
      '2019-08-01',
      { kind: 'office' },
    );
  });
  province = await Province.open(
    url,
    ['jia', 'yi', 'bing'],
    '示例市督察办',
    new FolderEvidence(mkdtempSync(join(tmpdir(), 'e-'))),
  );
  app = createProvinceApp({ province, token: TOKEN, today: () => TODAY });
});

afterAll(async () => {
  await province?.shutdown();
  for (const c of counties) await c.close();
});

describe('the supervision office', () => {
  it('ranks the counties by rates and names the units each still waits for, 迟报 and 未报 apart', async () => {
    expect((await provinceClientOf(app, 'wrong-token-for-this').province.$get({ query: {} })).status).toBe(401);
    const body = await ranking();
    expect(body.name).toBe('示例市督察办');
    expect(body.formula).toContain('按时报送率');
    const by = (id: string) => body.counties.find((c) => c.county === id)!;
    const [jia, yi, bing] = [by('jia'), by('yi'), by('bing')];
    const tasks = (await counties[0]!.defaultLedger!.taskRefs()).length;
    const units = await counties[0]!.defaultLedger!.unitCount();
    expect(jia).toMatchObject({
      name: '甲县',
      ledgers: 1,
      tasks,
      closedOff: 1,
      round: '2019年8月',
      deadline: '2019-08-31',
    });
    // 县水利局 reported (now, after the 2019 deadline: late); every other unit is still owed.
    expect(jia).toMatchObject({ units, reported: 1, onTime: 0, lateUnits: ['县水利局'] });
    expect(jia.missingUnits).toHaveLength(units - 1);
    expect(jia.missingUnits).toContain('县林业局');
    expect(jia.closedRate).toBeCloseTo(1 / tasks, 3);
    expect(jia.overdueRate).toBeCloseTo(jia.overdue / tasks, 3);
    expect(yi).toMatchObject({ name: '乙县', closedOff: 0, round: null, units: 0, noRoundThisMonth: true });
    expect(bing).toMatchObject({ name: '甲县', pendingClosures: 1, openSupervisions: 1, lateSupervisions: 1 });
    expect(bing.change).toEqual({ since: '2019年7月', newlyOverdue: expect.any(Number), newlyClosed: 1 });
    const scores = body.counties.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // Judged later, more of the plan's deadlines have passed.
    const later = (await ranking('2020-12-31')).counties.find((c) => c.county === 'yi')!;
    expect(later.overdue).toBeGreaterThan(yi.overdue);
  });

  it('reads again what a county changed since, and only that: a report, a 督办单 signed', async () => {
    const before = (await ranking()).counties;
    const jia = counties[0]!.defaultLedger!;
    await jia.write(
      {
        actor: { kind: 'unit', unit: '县林业局' },
        baseRevision: await jia.revision(),
        rows: [{ no: 5, values: { progress: '甲县林业局八月进展' } }],
      },
      'json',
    );
    const bing = counties[2]!;
    const desk = new SupervisionDesk(bing);
    const [notice] = await desk.list(bing.defaultLedger!, TODAY, { kind: 'office' });
    await desk.step(bing.defaultLedger!, notice!.id, '签收', '', TODAY, { kind: 'unit', unit: '县水利局' });
    const after = (await ranking()).counties;
    const by = (list: typeof before, id: string) => list.find((c) => c.county === id)!;
    expect(by(after, 'jia').reported).toBe(by(before, 'jia').reported + 1);
    expect(by(after, 'jia').missingUnits).not.toContain('县林业局');
    expect(by(before, 'bing').lateSupervisions).toBe(1);
    expect(by(after, 'bing').lateSupervisions).toBe(1); // signed, and its answer is now late
    expect(by(after, 'yi')).toEqual(by(before, 'yi'));
  });

  it("opens one county's detail read-only: units' words, evidence, 督办单 and 销号", async () => {
    const detail = await answerOf(countyDetail('bing'));
    expect(detail).toMatchObject({ county: 'bing', name: '甲县' });
    const ledger = detail.ledgers[0]!;
    const task13 = ledger.tasks.find((t) => t.no === 13)!;
    expect(task13.evidence).toEqual([expect.objectContaining({ name: '验收报告.pdf', unit: '县环境保护局' })]);
    expect(ledger.closures).toEqual([expect.objectContaining({ no: 13, state: '待审核' })]);
    expect(ledger.supervisions).toEqual([expect.objectContaining({ no: 7, late: expect.stringMatching(/^未按时/) })]);
    const jia = await answerOf(countyDetail('jia'));
    const seven = jia.ledgers[0]!.tasks.find((t) => t.no === 7)!;
    expect(seven.words).toContainEqual(expect.objectContaining({ unit: '县水利局', progress: '甲县水利局八月进展' }));
    expect((await countyDetail('nosuch')).status).toBe(404);
  });

  it('writes its own digest and 通报 ranking the counties, read back through LibreOffice', async () => {
    const { text, webhook } = await answerOf(city().province.digest.$get({ query: {} }));
    expect(webhook).toBe(false);
    expect(text).toContain('【示例市督察办预警】2019-08-20');
    expect(text).toContain('甲县（bing）1份');
    expect(text).toContain('本月尚未开启月报：乙县（yi）');
    // No group bot set: nothing to send it to.
    expect((await city().province.digest.send.$post({ query: {} })).status).toBe(400);
    const docx = await city().province['notice.docx'].$get({ query: {} });
    expect(docx.status).toBe(200);
    const pdf = await sofficeConvert(new Uint8Array(await docx.arrayBuffer()), 'docx', 'pdf');
    const file = join(mkdtempSync(join(tmpdir(), 'city-notice-')), 'notice.pdf');
    writeFileSync(file, pdf);
    const words = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(words).toContain('关于各县（区）整改任务推进情况的通报');
    expect(words).toContain('甲县（jia）');
    expect(words).toContain('甲县（bing）');
    expect(words).toContain('排名依据');
    expect(words).toContain('示例市督察办');
  });

  it('hands out one workbook fit to forward: a signed, dated one-page 汇总 and a sheet per county', async () => {
    const res = await city().province['master.xlsx'].$get({ query: {} });
    expect(res.status).toBe(200);
    expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toContain('示例市督察办整改台账汇总');
    const bytes = new Uint8Array(await res.arrayBuffer());
    writeFileSync(join(tmpdir(), 'province-master.xlsx'), bytes);
    const read = JSON.parse(
      openpyxl(
        bytes,
        `import json
s = wb['汇总']
rows = [[c.value for c in r] for r in s.iter_rows(min_row=3)]
jia = wb['甲县（jia）']
text = ' '.join(str(c.value) for ws in wb for r in ws.iter_rows() for c in r if c.value is not None)
print(json.dumps({'sheets': wb.sheetnames, 'rows': rows, 'jia': jia.max_row - 2,
  'seven': [r[4].value for r in jia.iter_rows(min_row=3) if r[0].value == 7],
  'pages': [s.page_setup.fitToWidth, s.page_setup.fitToHeight], 'detail': '进展明细' in text,
  'landscape': s.page_setup.orientation, 'title': s['A1'].value}, ensure_ascii=False))`,
      ),
    );
    expect(read.sheets).toEqual(['汇总', '甲县（jia）', '乙县（yi）', '甲县（bing）']);
    expect(read.title).toContain('示例市督察办');
    expect(read.title).toContain('制表日期2019-08-20');
    expect(read.landscape).toBe('landscape');
    expect(read.pages).toEqual([1, 1]);
    expect(read.detail).toBe(false);
    const tasks = (await counties[0]!.defaultLedger!.taskRefs()).length;
    const jiaRow = read.rows.find((r: unknown[]) => r[1] === '甲县（jia）');
    expect(jiaRow[2]).toBe(tasks);
    expect(jiaRow[7]).toBe('县水利局');
    expect(read.rows.some((r: unknown[]) => String(r[1]).startsWith('制表单位：示例市督察办'))).toBe(true);
    expect(read.jia).toBe(tasks);
    expect(read.seven[0]).toContain('甲县水利局八月进展');
  });

  it('refuses at start a county the database does not hold', async () => {
    await expect(
      Province.open(url, ['jia', 'jai'], '示例市督察办', new FolderEvidence(mkdtempSync(join(tmpdir(), 'e-')))),
    ).rejects.toThrow(/数据库中没有编号为“jai”的县/);
  });

  it('reads and cannot write, even through its own connection', async () => {
    const pool = openPool(url, 1);
    try {
      const reader = PgStorage.reading(pool, 'jia');
      expect((await reader.county.ledgers()).length).toBe(1);
      await expect(reader.county.record('督察办', 'test', '写入')).rejects.toThrow(/permission denied/);
      await expect(reader.ledger(counties[0]!.defaultLedger!.ledgerId).setMeta('title', 'x')).rejects.toThrow(
        /permission denied/,
      );
    } finally {
      await pool.end();
    }
  });

  it('shows its page: sign in with the token, a line per county, the totals', async () => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
      await page.goto(`${base}/`);
      writeFileSync(join(tmpdir(), 'province-sign-in-360.png'), await page.screenshot());
      await page.fill('#token', 'not-the-token-at-all');
      await page.click('#sign-in-form button');
      await expect.poll(() => page.textContent('#sign-in-error')).toContain('令牌');
      await page.fill('#token', TOKEN);
      await page.click('#sign-in-form button');
      await page.waitForSelector('#board:not([hidden])');
      await expect.poll(() => page.locator('#counties tbody tr').count()).toBe(3);
      expect(await page.textContent('#counties tbody tr[data-county="jia"]')).toContain('甲县（jia）');
      expect(await page.textContent('#counties tbody tr[data-county="yi"]')).toContain('尚未开启');
      expect(await page.textContent('#digest')).toContain('示例市督察办预警');
      expect(await page.textContent('#counties tfoot')).toContain('合计');
      expect(await page.textContent('#title')).toContain('示例市督察办');
      expect(await page.inputValue('#judged-on')).toBe(TODAY);
      writeFileSync(join(tmpdir(), 'province-360.png'), await page.screenshot({ fullPage: true }));
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
      expect(download.suggestedFilename()).toContain('示例市督察办整改台账汇总');
      await expect.poll(() => page.textContent('#status')).toBe('汇总表已下载。');
      writeFileSync(join(tmpdir(), 'province-downloaded-360.png'), await page.screenshot());
      await page.click('#details details[data-county="bing"] summary');
      await page.click('#details details[data-county="bing"] button');
      await page.waitForSelector('#county:not([hidden])');
      expect(await page.textContent('#county-title')).toContain('甲县（bing）');
      expect(await page.textContent('#county-body tr[data-task="13"]')).toContain('验收报告.pdf');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      writeFileSync(join(tmpdir(), 'province-county-360.png'), await page.screenshot());
      await page.setViewportSize({ width: 800, height: 700 });
      writeFileSync(join(tmpdir(), 'province-800.png'), await page.screenshot({ fullPage: true }));
      await page.setViewportSize({ width: 1366, height: 768 });
      writeFileSync(join(tmpdir(), 'province-1366.png'), await page.screenshot({ fullPage: true }));
    } finally {
      await browser.close();
      server.close();
    }
  });
});
