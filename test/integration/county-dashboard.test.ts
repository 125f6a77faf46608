/** The office sets up its county in the dashboard, in Chromium: the roster, 新建台账 from its plan, access links. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { startService, stopService, type Running } from '../helpers/process.ts';
import { QINGSHAN_PLAN_PATH, QINGSHAN_ROSTER } from '../helpers/qingshan.ts';

const OFFICE = 'county-dashboard-office';
const PLAN = QINGSHAN_PLAN_PATH;
let service: Running;
let browser: Browser;
let page: Page;

const api = (path: string, init: RequestInit = {}, token = OFFICE) =>
  fetch(`${service.url}${path}`, {
    ...init,
    headers: { ...Object.fromEntries(new Headers(init.headers)), authorization: `Bearer ${token}` },
  });

beforeAll(async () => {
  service = await startService({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'ledger-county-ui-')),
    LEDGER_OFFICE_TOKEN: OFFICE,
    LEDGER_SEED: 'off',
  });
  // The townships are typed once per county; here a technician did it through the API.
  await api('/api/roster', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(QINGSHAN_ROSTER),
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.goto(service.url);
  await page.fill('#token', OFFICE);
  await page.click('#sign-in-form button');
  await page.waitForSelector('#board:not([hidden])');
});
afterAll(async () => {
  await browser?.close();
  if (service) await stopService(service);
});

describe('the county in the dashboard', () => {
  it("edits the roster: an alias added on the page is the roster's", async () => {
    await page.click('#roster-open');
    const row = page.locator('#roster-units tr.unit', { has: page.locator('input.name[value="县住房和城乡建设局"]') });
    await row.locator('input.aliases').fill('住建局、县住建局');
    await page.click('#roster-form button[type=submit]');
    await expect.poll(() => page.textContent('#roster-message')).toContain('名册已保存');
    const roster = await (await api('/api/roster')).json();
    expect(roster.units.find((u: { name: string }) => u.name === '县住房和城乡建设局').aliases).toEqual([
      '住建局',
      '县住建局',
    ]);
    // An alias that is another unit's name is refused with both named, and nothing is saved.
    await row.locator('input.aliases').fill('住建局、县自然资源局');
    await page.click('#roster-form button[type=submit]');
    await expect.poll(() => page.textContent('#roster-message')).toContain('“县自然资源局”既是');
    // 删除 takes a row out when the roster is saved.
    await page.click('#roster-open');
    await page.click('#roster-open');
    const added = await (await api('/api/roster')).json();
    await api('/api/roster', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...added, units: [...added.units, { name: '县临时机构', kind: 'government' }] }),
    });
    await page.click('#roster-open');
    await page.click('#roster-open');
    await page.getByRole('button', { name: '删除县临时机构' }).click();
    await page.click('#roster-form button[type=submit]');
    await expect.poll(() => page.textContent('#roster-message')).toContain('名册已保存');
    const after = await (await api('/api/roster')).json();
    expect(after.units.map((u: { name: string }) => u.name)).not.toContain('县临时机构');
    await page.click('#roster-open'); // close it again
  });

  it('新建台账: previews the plan, proposes matches for new names, and creates the ledger', async () => {
    await page.click('#new-ledger-open');
    await page.setInputFiles('#new-ledger-file', PLAN);
    await page.click('#new-ledger-form button[type=submit]');
    await page.waitForSelector('#new-ledger-units');
    expect(await page.textContent('#new-ledger-preview')).toContain('找到 5 项任务');
    expect(await page.locator('select[data-written="县住房城乡建设局"]').inputValue()).toBe('县住房和城乡建设局');
    expect(await page.locator('select[data-written="生态环境局"]').inputValue()).toBe('县生态环境局');
    expect(await page.locator('select[data-written="县水务局"]').inputValue()).toBe('');
    // Each proposal says why; the tasks are shown with their irregularities beside them.
    expect(await page.textContent('#new-ledger-units')).toContain(
      '建议：按常用的简称和写法，“县住房城乡建设局”即“县住房和城乡建设局”',
    );
    expect(await page.locator('#new-ledger-tasks tbody tr').count()).toBe(5);
    expect(await page.textContent('#new-ledger-tasks tr[data-task="2"]')).toContain('标签写法不一');
    await page.fill('#new-ledger-title', '青山县生态环境问题整改台账');
    await page.screenshot({ path: join(tmpdir(), 'county-new-ledger.png'), fullPage: true });
    await page.click('#new-ledger-create');
    await expect.poll(() => page.textContent('#new-ledger-message')).toContain('已建立台账');
    await expect.poll(() => page.textContent('#ledger-info'), { timeout: 10_000 }).toContain('5项任务');
    const { ledgers } = await (await api('/api/ledgers')).json();
    expect(ledgers).toMatchObject([{ title: '青山县生态环境问题整改台账', tasks: 5 }]);
    const roster = await (await api('/api/roster')).json();
    expect(roster.units.find((u: { name: string }) => u.name === '县生态环境局').aliases).toContain('生态环境局');
  });

  it('issues sign-in links with a QR code each, and a unit signs in with its link', async () => {
    await page.click('#access-open');
    await page.fill('#access-units', '东坪镇\n西河乡');
    await page.click('#access-form button[type=submit]');
    await page.waitForSelector('.link-card[data-unit="西河乡"]');
    const link = (await page.textContent('.link-card[data-unit="东坪镇"] .link'))!;
    const card = (await page.textContent('.link-card[data-unit="东坪镇"]'))!;
    expect(card).toContain('东坪镇 · 本单位填报链接');
    expect(card).toContain('用微信扫一扫打开');
    expect(card).toContain('请勿转发');
    expect(card).toContain('青山县生态环境问题整改台账');
    expect(link).toMatch(/\/u\/#token=[\w-]{20,}$/);
    expect(await page.locator('.link-card[data-unit="东坪镇"] img').getAttribute('src')).toMatch(
      /^data:image\/svg\+xml/,
    );
    const token = link.split('#token=')[1]!;
    const mine = await (await api('/api/ledgers', {}, token)).json();
    expect(mine.ledgers).toHaveLength(1);
    await expect.poll(() => page.locator('#access-list tbody tr').count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(tmpdir(), 'county-access.png'), fullPage: true });
  });

  it("imports the county's 单位名册 from a file, and offers its template", async () => {
    await page.goto(page.url());
    await page.waitForSelector('#board:not([hidden])');
    await page.click('#roster-open');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#roster-template')]);
    expect(download.suggestedFilename()).toBe('单位名册模板.xlsx');
    const csv = join(mkdtempSync(join(tmpdir(), 'roster-')), '名册.csv');
    writeFileSync(
      csv,
      '单位名称,简称/别称,类别,所属单位组\n县住房和城乡建设局,住建局,县直部门,\n东坪镇,,乡镇,各乡镇人民政府\n西河乡,,乡镇,各乡镇人民政府\n',
    );
    await page.setInputFiles('#roster-file', csv);
    await page.click('#roster-file-form button[type=submit]');
    await expect.poll(() => page.textContent('#roster-message')).toContain('已导入 3 个单位、1 个单位组');
    const roster = await (await api('/api/roster')).json();
    expect(roster.units.map((u: { name: string }) => u.name)).toEqual(['县住房和城乡建设局', '东坪镇', '西河乡']);
  });

  it('asks for the roster first when the county has none', async () => {
    // Emptied on purpose: the groups the ledger uses go too, which the office confirms.
    await api('/api/roster?dropGroups=1', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ county: '', units: [], groups: [], leaders: [] }),
    });
    await page.goto(page.url());
    await page.waitForSelector('#board:not([hidden])');
    await page.click('#new-ledger-open');
    await expect.poll(() => page.isVisible('#new-ledger-roster-first')).toBe(true);
    expect(await page.textContent('#new-ledger-roster-first')).toContain('本县的单位名册还是空的');
  });
});
