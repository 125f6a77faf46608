import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { readLedgerWorkbook } from '../../server/formats/workbook/read.ts';
import { answerOf, apiClient, type SubmissionRequest, submitRowsTo } from '../../server/http/client.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startService, stopService, type Running } from '../helpers/process.ts';
import { prepareDataDir } from '../helpers/service.ts';
import { loadWorkbook } from '../helpers/sheets.ts';
import { colourOf } from '../../core/colour.ts';
import { todayIso } from '../../core/deadline.ts';

type Task = { status: string; deadline: string; unreported?: boolean; byUnit: Record<string, unknown> };

const OFFICE = 'dashboard-office-token';
let service: Running;
let browser: Browser;
let page: Page;
let water: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-dashboard-'));
  water = await prepareDataDir(dir, '县水利局');
  service = await startService({ DATA_DIR: dir, LEDGER_OFFICE_TOKEN: OFFICE });
  browser = await launchChromium();
  page = await (await browser.newContext({ acceptDownloads: true, locale: 'zh-CN' })).newPage();
});
afterAll(async () => {
  await browser?.close();
  if (service) await stopService(service);
});

/** The ledger as the office reads it from the running service. */
const tasks = () => answerOf(apiClient(service.url, OFFICE).tasks.$get());
const revision = async () => (await tasks()).revision;
const submit = async (token: string, body: SubmissionRequest) =>
  answerOf(submitRowsTo(apiClient(service.url, token), (await tasks()).ledgerId, body));

/** The board, signed in as the office, so that each test can start from it. */
async function board() {
  await page.goto(service.url);
  await page.evaluate(() => sessionStorage.clear());
  await page.reload();
  await page.fill('#token', OFFICE);
  await page.click('#sign-in-form button');
  await page.waitForSelector('#board:not([hidden])');
}

/**
 * The board fetched again now, as a change of the judging date makes it, rather than at its
 * 5-second timer: for a change made through the API that the test does not set out to watch arrive.
 */
const refreshNow = () => page.dispatchEvent('#judged-on', 'change');

describe('the office dashboard in a browser', () => {
  it('refuses a wrong token and signs in with the office token', async () => {
    await page.goto(service.url);
    await page.evaluate(() => sessionStorage.clear());
    await page.reload();
    await page.fill('#token', 'not-the-token');
    await page.click('#sign-in-form button');
    await expect.poll(() => page.textContent('#sign-in-error')).toContain('令牌无效');
    await page.fill('#token', OFFICE);
    await page.click('#sign-in-form button');
    await page.waitForSelector('#board:not([hidden])');
    expect(await page.textContent('#ledger-info')).toContain('31项任务');
    expect(await page.locator('#units tbody tr').count()).toBeGreaterThan(30);
    expect(await page.textContent('#chase li[data-unit="县水利局"]')).toContain('县水利局');
  });

  it('puts the to-do first, colours every state, sorts 未报 first and filters by state', async () => {
    await board();
    const top = async (selector: string) => (await page.locator(selector).boundingBox())!.y;
    expect(await top('#conflicts-card')).toBeLessThan(await top('#units-card'));
    expect(await top('#closures-card')).toBeLessThan(await top('#units-card'));
    expect(await top('#overdue-card')).toBeLessThan(await top('#round'));
    expect(await page.getAttribute('.headline a:has(#head-conflicts)', 'href')).toBe('#conflicts-card');
    const states = await page.locator('#units tbody .state').allTextContents();
    expect(states[0]).toBe('未报');
    const background = await page
      .locator('#units tbody .state[data-state="未报"]')
      .first()
      .evaluate((chip) => getComputedStyle(chip).backgroundColor);
    expect(background).not.toBe('rgba(0, 0, 0, 0)');
    await page.selectOption('#units-filter', '未报');
    const filtered = await page.locator('#units tbody .state').allTextContents();
    expect(filtered.length).toBeGreaterThan(0);
    expect(new Set(filtered)).toEqual(new Set(['未报']));
    await page.selectOption('#units-filter', '');
  });

  it('says in a banner when the board is judged as of another day', async () => {
    await board();
    expect(await page.isHidden('#judging-banner')).toBe(true);
    await page.fill('#judged-on', '2019-12-31');
    await page.dispatchEvent('#judged-on', 'change');
    await expect.poll(() => page.textContent('#judging-banner')).toContain('按 2019-12-31 判定，仅供推演');
    expect(await page.isVisible('#judging-banner')).toBe(true);
    await page.fill('#judged-on', '');
    await page.dispatchEvent('#judged-on', 'change');
    await expect.poll(() => page.isHidden('#judging-banner')).toBe(true);
  });

  it('says 已复制 when the group message is copied, with or without the clipboard API', async () => {
    await board();
    await page.evaluate(() => {
      // As on a plain-HTTP deployment: no clipboard API.
      Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
    });
    await page.click('#copy-chase');
    await expect.poll(() => page.textContent('#copy-chase')).toBe('已复制');
  });

  it('shows a submission appear', async () => {
    await board();
    const before = await revision();
    await submit(water, { baseRevision: before, rows: [{ no: 7, progress: '截污工程完成。', status: '正在推进' }] });
    await expect.poll(() => page.textContent('#units tr[data-unit="县水利局"]'), { timeout: 15_000 }).toContain('已报');
    await expect.poll(() => page.locator('#chase li[data-unit="县水利局"]').count(), { timeout: 15_000 }).toBe(0);
    expect(await page.textContent('#ledger-info')).toContain(`第${before + 1}版`);
  });

  it("shows times in the county's zone, whatever the device's", async () => {
    const far = await (await browser.newContext({ timezoneId: 'America/New_York', locale: 'zh-CN' })).newPage();
    await far.goto(service.url);
    await far.fill('#token', OFFICE);
    await far.click('#sign-in-form button');
    await far.waitForSelector('#units tr[data-unit="县水利局"]');
    const units = await (
      await fetch(`${service.url}/api/units`, { headers: { authorization: `Bearer ${OFFICE}` } })
    ).json();
    const reportedAt = units.units.find((u: { name: string }) => u.name === '县水利局').reportedAt as string;
    const china = new Date(reportedAt).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });
    await expect.poll(() => far.textContent('#units tr[data-unit="县水利局"]')).toContain(china);
    await far.close();
  });

  it('settles a conflict with the values side by side', async () => {
    await board();
    await submit(water, { baseRevision: await revision(), rows: [{ no: 10, progress: '已完成排查。' }] });
    const base = await revision();
    await submit(OFFICE, {
      baseRevision: base,
      rows: [{ no: 7, unit: '县水利局', progress: '办公室更正：完成<b>80%</b>。' }],
    });
    const answer = await submit(water, { baseRevision: base, rows: [{ no: 7, progress: '截污工程全部完成。' }] });
    const id = answer.conflicts[0]!.id;
    const card = page.locator(`[data-conflict="${id}"]`);
    await refreshNow();
    await card.waitFor({ timeout: 15_000 });
    expect(await card.textContent()).toContain('办公室更正：完成<b>80%</b>。');
    expect(await card.locator('b', { hasText: '80%' }).count()).toBe(0);
    expect(await card.locator('button.primary').textContent()).toBe('采用提交的值');
    await card.getByRole('button', { name: '采用提交的值' }).click();
    await card.waitFor({ state: 'detached' });
    // The ruling leaves a line saying what was decided.
    expect(await page.textContent(`[data-settled="${id}"]`)).toContain('已裁定为“截污工程全部完成。”（办公室');
    const tasks = await (
      await fetch(`${service.url}/api/tasks`, { headers: { authorization: `Bearer ${OFFICE}` } })
    ).json();
    expect(tasks.tasks.find((t: { no: number }) => t.no === 7).byUnit['县水利局'].progress).toBe('截污工程全部完成。');
  });

  it('offers to keep the master first when the unit sent a blank', async () => {
    await board();
    await submit(water, { baseRevision: await revision(), rows: [{ no: 8, progress: '单位初稿。' }] });
    const base = await revision();
    await submit(OFFICE, { baseRevision: base, rows: [{ no: 8, unit: '县水利局', progress: '办公室核实稿。' }] });
    const answer = await submit(water, { baseRevision: base, rows: [{ no: 8, progress: '' }] });
    const card = page.locator(`[data-conflict="${answer.conflicts[0]!.id}"]`);
    await refreshNow();
    await card.waitFor({ timeout: 15_000 });
    expect(await card.locator('button.primary').textContent()).toBe('保留台账现值');
    expect(await card.locator('textarea').inputValue()).toBe('办公室核实稿。');
    await card.getByRole('button', { name: '保留台账现值' }).click();
    await card.waitFor({ state: 'detached' });
  });

  it('asks before 作废, saying whom it cuts off, and keeps the link when the office says no', async () => {
    await board();
    const issued = await (
      await fetch(`${service.url}/api/access/units`, {
        method: 'POST',
        headers: { authorization: `Bearer ${OFFICE}`, 'content-type': 'application/json' },
        body: JSON.stringify({ unit: '县林业局', label: '手机' }),
      })
    ).json();
    await page.click('#access-open');
    const row = page.locator(`#access-list tr[data-access="${issued.id}"]`);
    await row.waitFor({ timeout: 15_000 });
    await expect.poll(() => page.textContent('#access-address')).toContain('没有设置对外地址（PUBLIC_URL）');
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await row.getByRole('button', { name: '作废' }).click();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toContain('县林业局用这个链接（手机）登录的设备将立即无法填报');
    expect(await row.textContent()).toContain('有效');
    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: '作废' }).click();
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('已作废');
  });

  it("enters a unit's phoned-in words on its behalf, attributed as 办公室代填", async () => {
    await board();
    await page.click('#entered-card summary');
    await page.fill('#entered-unit', '县水利局');
    await page.fill('#entered-task', '8');
    await page.fill('#entered-progress', '电话报送：已完成排查。');
    await page.fill('#entered-caller', '王科长');
    await page.click('#entered-form button[type=submit]');
    await expect.poll(() => page.textContent('#entered-message')).toContain('已代县水利局填报：采用 1 处');
    const tasks = await (
      await fetch(`${service.url}/api/tasks`, { headers: { authorization: `Bearer ${OFFICE}` } })
    ).json();
    expect(tasks.tasks.find((t: { no: number }) => t.no === 8).byUnit['县水利局'].progress).toBe(
      '电话报送：已完成排查。',
    );
    await expect.poll(() => page.textContent('#units tr[data-unit="县水利局"]')).toContain('王科长（办公室代填）');
  });

  it('prints the sign-in cards alone: no page header, no 退出, no buttons', async () => {
    await board();
    await page.click('#access-open');
    await page.fill('#access-units', '县林业局、城关镇');
    await page.click('#access-form button[type=submit]');
    await page.locator('#access-links .link-card').nth(1).waitFor({ timeout: 15_000 });
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.isVisible('body > header')).toBe(false);
      expect(await page.isVisible('#sign-out')).toBe(false);
      expect(await page.isVisible('#access-form')).toBe(false);
      expect(await page.locator('#access-links .link-card').count()).toBe(2);
      expect(await page.isVisible('#access-links .link-card')).toBe(true);
      const pdf = join(mkdtempSync(join(tmpdir(), 'sign-in-cards-')), 'cards.pdf');
      await page.pdf({ path: pdf, format: 'A4' });
      const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
      expect(text).toContain('县林业局');
      expect(text).not.toContain('退出');
      expect(text).not.toContain('办公室工作台');
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('downloads the consolidated workbook', async () => {
    await board();
    await submit(OFFICE, {
      baseRevision: await revision(),
      rows: [{ no: 8, unit: '县水利局', progress: '办公室代填。' }],
    });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    expect(download.suggestedFilename()).toMatch(/^整改台账汇总-.*\.xlsx$/);
    const read = await readLedgerWorkbook(readFileSync((await download.path())!));
    expect(read.tasks.find((t) => t.no === 8)!.progress).toContain('县水利局：办公室代填。');
  });

  it('judges as of the date the office picks, without changing the ledger', async () => {
    await board();
    const before = await revision();
    await page.fill('#judged-on', '2019-08-01');
    await page.dispatchEvent('#judged-on', 'change');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    expect(download.suggestedFilename()).toContain('2019-08-01');
    const book = await loadWorkbook(readFileSync((await download.path())!));
    expect(String(book.getWorksheet('整改台账')!.getCell('A2').value)).toContain('按2019-08-01判定');
    expect(await revision()).toBe(before);
  });

  it('opens a round (confirming a past deadline), chases, approves a 销号 and closes the round', async () => {
    await board();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    await page.fill('#period', '2019年10月');
    await page.fill('#deadline', '2019-11-05');
    await page.click('#round-form button[type=submit]');
    await expect.poll(() => page.textContent('#round-info'), { timeout: 15_000 }).toContain('2019年10月月报进行中');
    expect(dialogs.join('\n')).toContain('早于今天');
    await expect
      .poll(() => page.textContent('#chase li[data-unit="县林业局"]'), { timeout: 15_000 })
      .toContain('【催报】县林业局');

    const issued = await (
      await fetch(`${service.url}/api/access/units`, {
        method: 'POST',
        headers: { authorization: `Bearer ${OFFICE}`, 'content-type': 'application/json' },
        body: JSON.stringify({ unit: '县环境保护局' }),
      })
    ).json();
    const env = issued.token;
    await submit(env, { baseRevision: await revision(), rows: [{ no: 13, status: '已完成' }] });
    const form = new FormData();
    form.set('file', new File([new TextEncoder().encode('%PDF-1.4\n% 验收\n')], '验收报告.pdf'));
    await fetch(`${service.url}/api/tasks/13/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env}` },
      body: form,
    });
    await fetch(`${service.url}/api/tasks/13/closure`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env}`, 'content-type': 'application/json' },
      body: JSON.stringify({ note: '整改完毕' }),
    });
    const card = page.locator('.closure', { hasText: '序号13' });
    await refreshNow();
    await card.waitFor({ timeout: 15_000 });
    // The card says which problem it is and lets the office open each file.
    expect(await card.textContent()).toContain('佐证材料：县环境保护局：验收报告.pdf');
    const [file] = await Promise.all([page.waitForEvent('download'), card.locator('a.evidence-file').first().click()]);
    expect(file.suggestedFilename()).toBe('验收报告.pdf');
    await card.getByRole('button', { name: '批准销号' }).click();
    await card.waitFor({ state: 'detached' });
    const tasks = await (
      await fetch(`${service.url}/api/tasks`, { headers: { authorization: `Bearer ${OFFICE}` } })
    ).json();
    expect(tasks.tasks.find((t: { no: number }) => t.no === 13).status).toBe('已销号');

    // 通报评分: the 销号 counts to its unit, explained on click; the office deducts with a reason.
    await refreshNow();
    const scored = page.locator('#scores details[data-unit="县环境保护局"]');
    await scored.locator('summary').click();
    await expect.poll(() => scored.textContent(), { timeout: 15_000 }).toContain('审核销号：+3（序号13）');
    expect(await page.textContent('#scores-formula')).toContain('得分 = 报送情况');
    await page.selectOption('#score-unit', '县林业局');
    // The board refreshes itself every few seconds: the unit picked stays picked.
    await refreshNow();
    await page.waitForTimeout(500);
    expect(await page.inputValue('#score-unit')).toBe('县林业局');
    await page.fill('#score-points', '-2');
    await page.fill('#score-reason', '报送材料不实');
    await page.click('#score-form button');
    await expect
      .poll(() => page.textContent('#scores details[data-unit="县林业局"]'), { timeout: 15_000 })
      .toContain('办公室加减分：-2（报送材料不实');
    const [notice] = await Promise.all([page.waitForEvent('download'), page.click('#notice-download')]);
    expect(notice.suggestedFilename()).toMatch(/2019年10月通报\.docx$/);

    await page.click('#round-close');
    await expect
      .poll(() => page.textContent('#rounds tr[data-round="2019年10月"]'), { timeout: 15_000 })
      .toContain('已结束');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#rounds tr[data-round="2019年10月"]').getByRole('button', { name: '汇总台账' }).click(),
    ]);
    expect(download.suggestedFilename()).toContain('2019年10月');
    const [report] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#rounds tr[data-round="2019年10月"]').getByRole('button', { name: '整改情况报告' }).click(),
    ]);
    expect(report.suggestedFilename()).toMatch(/2019年10月整改情况报告\.docx$/);

    // After the round: what 县水利局 adds shows as new against the closed round.
    const before = (
      await (await fetch(`${service.url}/api/tasks`, { headers: { authorization: `Bearer ${OFFICE}` } })).json()
    ).tasks.find((t: { no: number }) => t.no === 7).byUnit['县水利局'].progress;
    await submit(water, { baseRevision: await revision(), rows: [{ no: 7, progress: `${before}本月已通过验收。` }] });
    await refreshNow();
    await expect
      .poll(() => page.textContent('#compare li[data-task="7"] mark'), { timeout: 15_000 })
      .toContain('本月已通过验收');
    page.removeAllListeners('dialog');
  });

  for (const width of [1366, 800]) {
    it(`answers how the round is going at ${width} px: headline figures and chart counts as the API has them`, async () => {
      await page.setViewportSize({ width, height: 900 });
      await board();
      const get = async (path: string) =>
        (await fetch(`${service.url}${path}`, { headers: { authorization: `Bearer ${OFFICE}` } })).json();
      const [units, tasks, conflicts] = [await get('/api/units'), await get('/api/tasks'), await get('/api/conflicts')];
      const today = todayIso();
      const overdue = tasks.tasks.filter((t: Task) => colourOf(t, today).colour === 'overdue').length;
      const reported = units.units.filter((u: { state: string }) => ['已报', '迟报'].includes(u.state)).length;
      await expect.poll(() => page.textContent('#head-reported')).toBe(`${reported} / ${units.units.length}`);
      expect(await page.textContent('#head-overdue')).toBe(String(overdue));
      expect(await page.textContent('#head-conflicts')).toBe(String(conflicts.conflicts.length));
      expect(await page.locator('#overdue tbody tr').count()).toBe(overdue);
      const counts = await page.locator('#chart-colour .count').allTextContents();
      expect(counts.map(Number).reduce((a, b) => a + b, 0)).toBe(tasks.tasks.length);
      expect(await page.textContent('#chart-colour [data-label="已逾期、未完成"] .count')).toBe(String(overdue));
      // 城关镇 is a responsible unit on most tasks: its own reports are counted.
      const town = tasks.tasks.filter((t: Task) => t.byUnit['城关镇']).length;
      expect(await page.textContent('#chart-units [data-label="城关镇"] .count')).toBe(String(town));
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: join(tmpdir(), `dashboard-${width}.png`), fullPage: true });
    });
  }

  it('fits a phone at 360 px: a short header, no sideways scroll, 批准销号 on one line', async () => {
    const issued = await (
      await fetch(`${service.url}/api/access/units`, {
        method: 'POST',
        headers: { authorization: `Bearer ${OFFICE}`, 'content-type': 'application/json' },
        body: JSON.stringify({ unit: '县市场监督管理局' }), // task 24 has no lead unit
      })
    ).json();
    await submit(issued.token, { baseRevision: await revision(), rows: [{ no: 24, status: '已完成' }] });
    const form = new FormData();
    form.set('file', new File([new TextEncoder().encode('%PDF-1.4\n% 监测报告\n')], '监测报告.pdf'));
    await fetch(`${service.url}/api/tasks/24/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${issued.token}` },
      body: form,
    });
    await fetch(`${service.url}/api/tasks/24/closure`, {
      method: 'POST',
      headers: { authorization: `Bearer ${issued.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ note: '已达标' }),
    });
    await page.setViewportSize({ width: 360, height: 740 });
    await board();
    const approve = page.locator('.closure', { hasText: '序号24' }).getByRole('button', { name: '批准销号' });
    await approve.waitFor({ timeout: 15_000 });
    const header = (await page.locator('body > header').boundingBox())!;
    expect(header.height).toBeLessThan(740 / 4);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const button = (await approve.boundingBox())!;
    expect(button.width).toBeGreaterThan(button.height * 2);
    await page.screenshot({ path: join(tmpdir(), 'dashboard-360.png'), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it('keeps a ruling being typed across refreshes, shows what each side changed, and keeps both when asked', async () => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await board();
    await submit(water, { baseRevision: await revision(), rows: [{ no: 10, progress: '已完成排查。' }] });
    const base = await revision();
    await submit(OFFICE, {
      baseRevision: base,
      rows: [{ no: 10, unit: '县水利局', progress: '已完成排查。办公室核实。' }],
    });
    const answer = await submit(water, { baseRevision: base, rows: [{ no: 10, progress: '已完成排查。已整改5处。' }] });
    const id = answer.conflicts[0]!.id;
    const card = page.locator(`[data-conflict="${id}"]`);
    await refreshNow();
    await card.waitFor({ timeout: 15_000 });
    expect(await card.locator('ins').allTextContents()).toEqual(
      expect.arrayContaining(['已整改5处。', '办公室核实。']),
    );
    await card.locator('textarea').fill('已完成排查，正在核对整改情况');
    // Two refreshes, as the board's timer makes them every 5 s, brought on at once.
    for (let i = 0; i < 2; i++) {
      const refreshed = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/tasks'));
      await page.dispatchEvent('#judged-on', 'change');
      await refreshed;
      await page.evaluate(() => new Promise(requestAnimationFrame)); // the board drawn again
    }
    expect(await card.locator('textarea').inputValue()).toBe('已完成排查，正在核对整改情况');
    await card.getByRole('button', { name: '两者都保留' }).click();
    await card.waitFor({ state: 'detached' });
    const tasks = await (
      await fetch(`${service.url}/api/tasks`, { headers: { authorization: `Bearer ${OFFICE}` } })
    ).json();
    expect(tasks.tasks.find((t: { no: number }) => t.no === 10).byUnit['县水利局'].progress).toBe(
      '已完成排查。办公室核实。\n已完成排查。已整改5处。',
    );
  });

  it("lists a task's evidence and downloads its archive with the files' own bytes", async () => {
    await board();
    const photo = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 8, 7]);
    const form = new FormData();
    form.set('file', new File([photo], '验收照片.png'));
    await fetch(`${service.url}/api/tasks/7/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${water}` },
      body: form,
    });
    await page.fill('#evidence-task', '7');
    await page.click('#evidence-form button[type=submit]');
    await expect.poll(() => page.textContent('#evidence-list')).toContain('县水利局：验收照片.png');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#evidence-zip')]);
    expect(download.suggestedFilename()).toBe('任务7-档案.zip');
    const zip = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
    expect(Object.entries(zip).find(([name]) => name.endsWith('验收照片.png'))?.[1]).toEqual(photo);
  });
});
