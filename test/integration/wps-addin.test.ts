/**
 * The WPS add-in as a county's IT installs it and a clerk uses it: what the service serves at
 * /wps/ (every address on PUBLIC_URL), the built scripts for older WPS browsers, the ribbon
 * against the custom UI schema and its callbacks, the self-test record, and the pane inside a
 * WPS 表格 modelled by the fake ET, against the real service.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { parse } from 'acorn';
import { buildSync } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { SUPPLIED } from '../../addin/wps/legacy.ts';
import { bgr } from '../../addin/wps/et.ts';
import { answerOf } from '../../server/http/client.ts';
import { launchChromium } from '../helpers/browser.ts';
import { ROOT, startService, stopService, type Running } from '../helpers/process.ts';
import { prepareDataDir, testService } from '../helpers/service.ts';

const PUBLIC = 'https://ledger.county.example';
const WPS = join(ROOT, 'dist', 'wps');
const built = (file: string) => readFileSync(join(WPS, file), 'utf8');

/** Built-ins newer than ES2017 (or than the browser in WPS 2019), by the name a script calls them with. */
const NEWER = (
  'at findLast findLastIndex flat flatMap replaceAll matchAll fromEntries hasOwn allSettled globalThis ' +
  'structuredClone randomUUID toSorted toReversed toSpliced groupBy any'
).split(' ');

describe('the WPS add-in the service serves at /wps/', () => {
  let s: Awaited<ReturnType<typeof testService>>;
  let app: ReturnType<typeof s.appWith>;
  beforeAll(async () => {
    s = await testService();
    app = s.appWith({ publicUrl: PUBLIC });
  });
  afterAll(() => s.close());

  it('lists the add-in for oem.ini in jsplugins.xml, on PUBLIC_URL, under the name its manifest and publish page use', async () => {
    const res = await app.request('/wps/jsplugins.xml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('xml');
    const xml = await res.text();
    expect(xml).toMatch(
      /<jspluginonline name="rectification-ledger" type="et" url="https:\/\/ledger\.county\.example\/wps\/"/,
    );
    expect(built('manifest.xml')).toContain('<Name>rectification-ledger</Name>');
    expect(built('publish.html')).toMatch(/data-name="?rectification-ledger/);
    const checked = await validateXML({ xml: [{ fileName: 'jsplugins.xml', contents: xml }], normalization: 'format' });
    expect(checked.errors).toEqual([]);
  });

  it('serves the publish page with every address on PUBLIC_URL, allowed to reach the WPS service on the PC', async () => {
    const res = await app.request('/wps/publish.html');
    expect(res.status).toBe(200);
    const page = await res.text();
    // The page is minified: attribute values may go unquoted.
    expect(page).toMatch(new RegExp(`data-addin-url="?${PUBLIC}/wps/[" >]`));
    expect(page).toContain(`JSPluginsServer=${PUBLIC}/wps/jsplugins.xml`);
    expect(page).toMatch(new RegExp(`href="?${PUBLIC}/u/[" >]`));
    expect(page).not.toContain('localhost:3000');
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self' http://127.0.0.1:58890");
  });

  it('serves the add-in WPS loads: ribbon.xml, index.html with main.js, manifest.xml, the pane and the self-test, never cached', async () => {
    for (const file of [
      'ribbon.xml',
      'index.html',
      'main.js',
      'manifest.xml',
      'taskpane.html',
      'taskpane.js',
      'self-test.html',
    ]) {
      const res = await app.request(`/wps/${file}`);
      expect([file, res.status, res.headers.get('cache-control')]).toEqual([file, 200, 'no-cache']);
    }
    expect(await (await app.request('/wps/index.html')).text()).toMatch(/<script[^>]+src="?main\.js/);
    // The pane in WPS needs no Office.js.
    expect(await (await app.request('/wps/taskpane.html')).text()).not.toContain('office.js');
  });
});

describe('the WPS add-in as built', () => {
  it('parses as ES2017 and calls no newer built-in that addin/wps/legacy.ts does not supply', () => {
    for (const file of ['main.js', 'taskpane.js', 'self-test.js', 'publish.js']) {
      const source = built(file);
      expect(() => parse(source, { ecmaVersion: 2017 }), file).not.toThrow();
      const used = NEWER.filter((name) => new RegExp(`[.\\s(]${name}\\b(?!:)`).test(source));
      expect([file, used.filter((name) => !SUPPLIED.includes(name))]).toEqual([file, []]);
    }
  });

  it('has a ribbon.xml with no XML declaration, valid against the custom UI schema of 2006', async () => {
    const ribbon = built('ribbon.xml');
    expect(ribbon.startsWith('<customUI')).toBe(true);
    const schema = readFileSync(join(ROOT, 'addin', 'wps', 'customui-2006.xsd'), 'utf8');
    const validate = (xml: string) =>
      validateXML({
        xml: [{ fileName: 'ribbon.xml', contents: xml }],
        schema: [{ fileName: 'customui.xsd', contents: schema }],
      });
    expect((await validate(ribbon)).errors).toEqual([]);
    const broken = await validate(ribbon.replace('size="large"', 'size="huge"').replace('<group ', '<grupo '));
    expect(broken.valid).toBe(false);
  });

  it("answers the ribbon's callbacks from main.js: 整改台账 opens the pane from the add-in's own address, once", () => {
    const ribbon = built('ribbon.xml');
    const callbacks = [...ribbon.matchAll(/(?:onLoad|onAction|getImage)="(\w+)"/g)].map((m) => m[1]!);
    const opened: string[] = [];
    const storage = new Map<string, string>();
    const panes = new Map<number, { ID: number; Visible: boolean }>();
    const window: Record<string, unknown> = {
      Application: {
        CreateTaskPane(url: string) {
          opened.push(url);
          const pane = { ID: panes.size + 1, Visible: false };
          panes.set(pane.ID, pane);
          return pane;
        },
        GetTaskPane: (id: number) => panes.get(id) ?? null,
        PluginStorage: {
          getItem: (k: string) => storage.get(k) ?? null,
          setItem: (k: string, v: string) => storage.set(k, v),
        },
      },
    };
    window.window = window;
    runInNewContext(built('main.js'), { ...window, window, URL, location: { href: `${PUBLIC}/wps/index.html` } });
    for (const name of new Set(callbacks)) expect([name, typeof window[name]]).toEqual([name, 'function']);
    const act = window.OnAction as (control: { Id: string }) => boolean;
    act({ Id: 'ledgerPane' });
    expect(opened).toEqual([`${PUBLIC}/wps/taskpane.html`]);
    expect(panes.get(1)?.Visible).toBe(true);
    act({ Id: 'ledgerPane' }); // a second click hides the same pane
    expect(opened).toHaveLength(1);
    expect(panes.get(1)?.Visible).toBe(false);
    act({ Id: 'ledgerSelfTest' });
    expect(opened.at(-1)).toBe(`${PUBLIC}/wps/self-test.html`);
    expect((window.GetImage as (c: { Id: string }) => string)({ Id: 'ledgerPane' })).toMatch(/^assets\/.+\.png$/);
  });
});

describe('the WPS self-test record', () => {
  it('keeps what a PC reported, dated and by whom, for the office alone to read', async () => {
    const s = await testService();
    try {
      const unit = await s.unit('县水利局');
      const checks = [
        { name: 'writeSheet', label: '写入报表', passed: true },
        { name: 'mark', label: '标记颜色与批注', passed: false, detail: 'AddComment is not a function' },
      ];
      const record = await answerOf(
        unit.wps['self-tests'].$post({ json: { version: '12.1.0.17827', system: 'UOS (Linux x86_64)', checks } }),
      );
      expect(record).toMatchObject({ by: '县水利局', passed: 1, failed: 1, version: '12.1.0.17827' });
      const { records } = await answerOf(s.office.wps['self-tests'].$get());
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ system: 'UOS (Linux x86_64)', checks });
      expect(Date.parse(records[0]!.at)).not.toBeNaN();
      expect((await unit.wps['self-tests'].$get()).status).toBe(403);
      const empty = await unit.wps['self-tests'].$post({ json: { version: '', system: '', checks: [] } });
      expect(empty.status).toBe(400);
    } finally {
      await s.close();
    }
  });
});

describe('the pane inside WPS 表格 (the fake ET model in Chromium), against the real service', () => {
  const OFFICE = 'wps-office-token';
  let service: Running;
  let browser: Browser;
  let page: Page;
  let water: string;
  const errors: string[] = [];
  const fake = buildSync({
    stdin: {
      contents: `import { etFake } from './test/helpers/et-fake.ts';
        const fake = etFake({ Sheet1: [] });
        Object.assign(window, { Application: fake.app, wps: { ApiEvent: fake.events }, __et: fake });`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    write: false,
  }).outputFiles[0]!.text;
  const et = <T>(script: string) =>
    page.evaluate(`(() => { const et = window.__et; return ${script}; })()`) as Promise<T>;
  const rowOf = (no: number) => 6 + [1, 2, 7, 8, 10, 31].indexOf(no);

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-wps-'));
    water = await prepareDataDir(dir, '县水利局');
    service = await startService({ DATA_DIR: dir, LEDGER_OFFICE_TOKEN: OFFICE });
    browser = await launchChromium();
    // A Chinese WPS: the pane takes its words from the browser's language there.
    page = await browser.newPage({ viewport: { width: 420, height: 900 }, locale: 'zh-CN' });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript(fake);
    await page.goto(`${service.url}/wps/taskpane.html`);
    await page.waitForFunction(() => document.querySelector('#legend')?.children.length);
  });
  afterAll(async () => {
    await browser?.close();
    if (service) await stopService(service);
  });

  it("says it runs in WPS 表格, pulls the unit's sheet protected with its stamp very hidden, and validates it", async () => {
    expect(await page.textContent('#host')).toBe('WPS 表格 12.1.0.17827');
    await page.fill('#service-token', `${service.url}/u/#token=${water}`);
    await page.click('#settings-form button');
    await page.click('#pull');
    await expect.poll(() => page.textContent('#status'), { timeout: 20_000 }).toContain('已校验 6 行');
    expect(await et('[...et.sheets.keys()]')).toEqual(['Sheet1', '整改台账', '_ledger']);
    expect(await et('et.sheets.get("_ledger").visible')).toBe(2);
    expect(await et('Boolean(et.sheets.get("整改台账").protection)')).toBe(true);
    expect(await et(`et.sheets.get("整改台账").cells.get("A${rowOf(7)}").value`)).toBe(7);
    expect(errors).toEqual([]);
  });

  it("re-checks a cell the clerk changes, and submits the unit's words to the service", async () => {
    await et(`et.type("整改台账", "E${rowOf(8)}", "完成了")`);
    await expect
      .poll(() => et(`et.sheets.get("整改台账").cells.get("E${rowOf(8)}").fill`), { timeout: 20_000 })
      .toBe(bgr('#E4C1F9'));
    expect(await et(`et.sheets.get("整改台账").cells.get("E${rowOf(8)}").comment`)).toContain('完成了');
    await et(`et.type("整改台账", "E${rowOf(8)}", "正在推进")`);
    await expect
      .poll(() => et(`et.sheets.get("整改台账").cells.get("E${rowOf(8)}").comment ?? null`), { timeout: 20_000 })
      .toBeNull();
    await et(`et.type("整改台账", "D${rowOf(7)}", "截污工程已完成（WPS）。")`);
    await page.click('#submit');
    await expect.poll(() => page.textContent('[data-result="applied"]'), { timeout: 20_000 }).toContain('序号7');
    const tasks = await (
      await fetch(`${service.url}/api/tasks`, { headers: { authorization: `Bearer ${OFFICE}` } })
    ).json();
    const t7 = tasks.tasks.find((t: { no: number }) => t.no === 7);
    expect(t7.byUnit['县水利局'].progress).toBe('截污工程已完成（WPS）。');
    expect(errors).toEqual([]);
  });

  it('runs the self-test on a scratch workbook it closes unsaved, and the office reads the record on its dashboard', async () => {
    await page.goto(`${service.url}/wps/self-test.html`);
    expect(await page.textContent('#version')).toBe('12.1.0.17827');
    // Signed in on the pane already: the token is on this PC.
    expect(await page.inputValue('#token')).toBe(water);
    await et('et.type("Sheet1", "A1", "单位自己的表")');
    await page.click('#run');
    // The clerk is asked to type into a cell of the scratch workbook, and does.
    await page.waitForSelector('#ask:not([hidden])', { timeout: 20_000 });
    const asked = (await page.textContent('#ask')) ?? '';
    const [, sheet, address] = /“(.+?)”表的 (\w+) 单元格/.exec(asked)!;
    await et(`et.type(${JSON.stringify(sheet)}, ${JSON.stringify(address)}, "自检")`);
    await expect.poll(() => page.textContent('#status'), { timeout: 20_000 }).toContain('结果已报给办公室');
    expect(await page.textContent('#status')).toContain('全部通过');
    expect(await page.locator('#results li.ok').count()).toBe(10);
    // The clerk's own workbook is back as it was.
    expect(await et('[...et.sheets.keys()]')).toEqual(['Sheet1']);
    expect(await et('et.sheets.get("Sheet1").cells.get("A1").value')).toBe('单位自己的表');

    const board = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await board.goto(service.url);
    await board.fill('#token', OFFICE);
    await board.click('#sign-in-form button');
    await board.waitForSelector('#board:not([hidden])');
    await board.click('#wps-open');
    await expect.poll(() => board.textContent('#wps-records tbody'), { timeout: 20_000 }).toContain('全部 10 项通过');
    const row = (await board.textContent('#wps-records tbody tr')) ?? '';
    expect(row).toContain('县水利局');
    expect(row).toContain('12.1.0.17827');
    expect(await board.getAttribute('#wps-publish', 'href')).toMatch(/\/wps\/publish\.html$/);
    await board.close();
    expect(errors).toEqual([]);
  });
});
