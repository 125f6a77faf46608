import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { FIELDS, HEADER } from '../../core/fields.ts';
import { fieldText } from '../../core/task.ts';
import { repeatedSeedTasks } from '../../bench/cases.ts';
import { answerOf, apiClient } from '../../server/http/client.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startService, stopService, type Running } from '../helpers/process.ts';
import { prepareDataDir } from '../helpers/service.ts';

const OFFICE = 'e2e-office-token';
const SIMULATOR = readFileSync(join(import.meta.dirname, '..', 'host', 'excel-simulator.js'), 'utf8');
let service: Running;
let browser: Browser;
let page: Page;
let water: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-addin-'));
  water = await prepareDataDir(dir, '县水利局');
  service = await startService({ DATA_DIR: dir, LEDGER_OFFICE_TOKEN: OFFICE });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 420, height: 900 } });
  // The built pane loads office.js from the service; the simulated host takes its place.
  await page.route('**/addin/office-js/office.js', (route) =>
    route.fulfill({ contentType: 'text/javascript', body: SIMULATOR }),
  );
  await page.goto(`${service.url}/addin/taskpane.html`);
  await page.waitForFunction(() => document.querySelector('#legend')?.children.length);
  // Every test starts from the unit's pulled sheet; the clerk pastes the sign-in link the office sent.
  await page.fill('#service-token', `${service.url}/u/#token=${water}`);
  await page.click('#settings-form button');
  await page.click('#pull');
  await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('已校验 6 行'), undefined, {
    timeout: 20_000,
  });
});

describe('the pane outside Excel', () => {
  it('says it runs inside Excel and how to add it, with no script error, when opened in a plain browser', async () => {
    const plain = await browser.newPage({ viewport: { width: 420, height: 900 } });
    const errors: string[] = [];
    plain.on('pageerror', (error) => errors.push(error.message));
    await plain.goto(`${service.url}/addin/taskpane.html`);
    await plain.waitForSelector('#outside:not([hidden])', { timeout: 20_000 });
    expect(await plain.textContent('#outside')).toContain('要在 Excel 中打开');
    expect(await plain.getAttribute('#outside-manifest', 'href')).toBe(`${service.url}/manifest.xml`);
    expect(await plain.getAttribute('#outside-unit-page', 'href')).toBe(`${service.url}/u/`);
    expect(await plain.getAttribute('#outside-wps', 'href')).toBe(`${service.url}/wps/publish.html`);
    expect(await plain.isHidden('#pull')).toBe(true);
    expect(await plain.isHidden('#language')).toBe(true);
    expect(errors).toEqual([]);
    await plain.close();
  });
});

describe('the pane says who it reports as', () => {
  it('lists every finding it counts in its summary', async () => {
    const summary = (await page.textContent('#status')) ?? '';
    const counted = /(\d+) 个错误，(\d+) 个警告，(\d+) 条提示/.exec(summary);
    expect(counted, summary).not.toBeNull();
    const listed = await page.$$eval('#findings details', (groups) =>
      Object.fromEntries(
        groups.map((g) => [
          (g as HTMLElement).dataset.group,
          Number(/（(\d+)）/.exec(g.querySelector('summary')!.textContent!)![1]),
        ]),
      ),
    );
    expect([listed.error ?? 0, listed.warning ?? 0, listed.info ?? 0]).toEqual(counted!.slice(1).map(Number));
  });

  it('names the unit and the ledger above the steps, and offers a unit no 新建台账', async () => {
    await expect.poll(() => page.textContent('#identity'), { timeout: 20_000 }).toContain('县水利局 · ');
    expect(await page.isHidden('#new-ledger')).toBe(true);
  });
});
afterAll(async () => {
  await browser?.close();
  if (service) await stopService(service);
});

const excel = <T>(fn: string) => page.evaluate(`window.__excel.${fn}`) as Promise<T>;
const masterTask = async (no: number) => {
  const body = await (
    await fetch(`${service.url}/api/tasks`, { headers: { authorization: `Bearer ${OFFICE}` } })
  ).json();
  return body.tasks.find((t: { no: number }) => t.no === no);
};
/** The sheet row of a task on the pulled sheet: the unit's layout, header on row 5, tasks 1, 2, 7, 8, 10, 31 below. */
const rowOf = (no: number) => 6 + [1, 2, 7, 8, 10, 31].indexOf(no);

describe('the task pane in a simulated Excel, against the real service', () => {
  it("pulls the unit's sheet with its token, in the familiar table, and colours it", async () => {
    expect(await excel<string[]>('sheetNames()')).toEqual(['Sheet1', '整改台账', '_ledger']);
    expect(await excel('value("A1", "整改台账")')).toBe('省委省政府环境保护督察反馈意见整改任务清单及责任分工');
    // The service's layout: legend, 填报说明, 填报单位 with cells to fill, the header on row 5.
    expect(await excel('value("A2", "整改台账")')).toContain('颜色图例');
    expect(await excel('value("A3", "整改台账")')).toContain('填报说明');
    expect(await excel('value("A4", "整改台账")')).toBe('填报单位：县水利局');
    expect(await excel('fill("D4", "整改台账")')).toBe('#FFF2CC');
    expect(await excel('value("B5", "整改台账")')).toBe('反馈问题');
    expect(await excel('value("D5", "整改台账")')).toBe('整改进展\n（本单位填写）');
    expect(await excel('value("M5", "整改台账")')).toContain('状态提示');
    expect(String(await excel(`value("M${rowOf(7)}", "整改台账")`))).toMatch(/时限|整改时限/);
    expect(await excel(`value("N${rowOf(7)}", "整改台账")`)).toBe((await masterTask(7)).id);
    expect(await excel('sim.sheets.get("整改台账").validations[0].rule.list.source')).toContain('已完成');
    expect(await excel('sim.sheets.get("整改台账").frozenRows')).toBe(5);
    expect(await excel(`value("A${rowOf(7)}", "整改台账")`)).toBe(7);
    expect(await excel('sim.sheets.get("_ledger").visibility')).toBe('VeryHidden');
    expect(await excel<{ numberFormat: string }>(`cellOf("G${rowOf(7)}", "整改台账")`)).toMatchObject({
      numberFormat: '@',
    }); // text stays text
    expect(await excel(`fill("B${rowOf(1)}", "整改台账")`)).toBe('#DDEBF7'); // task 1: ongoing
    // Protected without a password, as the download is: only the cells to fill are open.
    expect(await excel('sim.sheets.get("整改台账").protected')).toMatchObject({
      allowFormatRows: true,
      allowSort: true,
    });
    expect(await excel(`cellOf("D${rowOf(7)}", "整改台账").locked`)).toBe(false);
    expect(await excel('cellOf("D4", "整改台账").locked')).toBe(false);
    await expect(excel(`edit("G${rowOf(7)}", "改目标", "整改台账")`)).rejects.toThrow(/protected/);
  });

  it('leads to 提交: one primary button, the next step, in view at 350 px above the findings', async () => {
    await page.setViewportSize({ width: 350, height: 700 });
    expect(await page.locator('button.primary:visible').count()).toBe(1);
    expect(await page.getAttribute('#submit', 'class')).toContain('primary');
    const box = (await page.locator('#submit').boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(700);
    const findings = (await page.locator('#findings').boundingBox())!;
    expect(box.y).toBeLessThan(findings.y);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(350);
    await page.screenshot({ path: join(tmpdir(), 'pane-350.png') });
    await page.setViewportSize({ width: 420, height: 900 });
  });

  it('validate marks the right cells, and clicking a finding selects its cell', async () => {
    await excel(`edit("E${rowOf(8)}", "完成了", "整改台账")`);
    await page.click('#validate');
    await expect.poll(() => excel(`fill("E${rowOf(8)}", "整改台账")`), { timeout: 20_000 }).toBe('#E4C1F9');
    expect(await excel(`note("E${rowOf(8)}", "整改台账")`)).toContain('完成状态“完成了”不在规定选项中');
    const finding = page.locator(`.finding[data-cell="E${rowOf(8)}"]`);
    expect(await finding.getAttribute('data-severity')).toBe('error');
    await finding.click();
    await expect.poll(() => excel('sim.selected')).toBe(`整改台账!E${rowOf(8)}`);
    await excel(`edit("E${rowOf(8)}", "正在推进", "整改台账")`); // fixed: re-checked after the edit
    await expect.poll(() => excel(`note("E${rowOf(8)}", "整改台账")`), { timeout: 20_000 }).toBeNull();
  });

  it('submits edited rows: the progress lands in the master', async () => {
    await excel(`edit("D${rowOf(7)}", "截污工程已完成。", "整改台账")`);
    await page.click('#submit');
    await expect.poll(() => page.textContent('[data-result="applied"]'), { timeout: 20_000 }).toContain('序号7');
    const t7 = await masterTask(7);
    expect(t7.byUnit['县水利局'].progress).toBe('截污工程已完成。');
    expect(t7.byUnit['县水利局'].status).toBe('');
  });

  it('shows a conflicting submit in the pane and marks the cell', async () => {
    const base = (
      await (await fetch(`${service.url}/api/tasks`, { headers: { authorization: `Bearer ${OFFICE}` } })).json()
    ).revision;
    await fetch(`${service.url}/api/submissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${OFFICE}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        baseRevision: base,
        rows: [{ no: 7, unit: '县水利局', progress: '办公室核实：完成80%。' }],
      }),
    });
    await excel(`edit("D${rowOf(7)}", "截污工程全部完成，已验收。", "整改台账")`);
    await page.click('#submit');
    await expect
      .poll(() => page.textContent('[data-result="conflicts"]'), { timeout: 20_000 })
      .toContain('办公室核实：完成80%。');
    expect(await page.textContent('[data-result="conflicts"]')).toContain('待办公室裁定，无需重复提交');
    expect(await page.textContent('#sync-result')).not.toContain('版');
    await expect.poll(() => page.textContent('#status'), { timeout: 20_000 }).toContain('冲突 1 处');
    expect(await excel(`fill("D${rowOf(7)}", "整改台账")`)).toBe('#E4C1F9');
    expect(await excel(`note("D${rowOf(7)}", "整改台账")`)).toContain('冲突');
    expect((await masterTask(7)).byUnit['县水利局'].progress).toBe('办公室核实：完成80%。');
    // The conflict stays marked when the sheet is checked again.
    await page.click('#validate');
    await expect.poll(() => page.textContent('#status'), { timeout: 20_000 }).toContain('已校验');
    expect(await excel(`fill("D${rowOf(7)}", "整改台账")`)).toBe('#E4C1F9');
    expect(await excel(`note("D${rowOf(7)}", "整改台账")`)).toContain('冲突');
  });

  it('clears every mark it made', async () => {
    await excel(`edit("E${rowOf(8)}", "完成了", "整改台账")`);
    await page.click('#validate');
    await expect.poll(() => excel(`fill("E${rowOf(8)}", "整改台账")`), { timeout: 20_000 }).toBe('#E4C1F9');
    await page.locator('#more summary').click(); // 清除标记 is under 更多
    await page.click('#clear');
    await expect.poll(() => page.textContent('#status'), { timeout: 20_000 }).toContain('已清除');
    const fills = await excel<Record<string, string>>('fills("整改台账")');
    // The task rows are as pulled; the sheet's own fills (legend, cells to fill, header) stay.
    expect(Object.entries(fills).filter(([address]) => /^[A-L]([6-9]|\d\d)$/.test(address))).toEqual([]);
    expect(await excel('notes("整改台账")')).toEqual({});
    expect(await excel('fill("A5", "整改台账")')).toBe('#D9D9D9');
    expect(await excel('fill("D4", "整改台账")')).toBe('#FFF2CC');
  });

  it('pulls again into the same sheet, asking first when it holds edits not yet submitted', async () => {
    await excel(`edit("D${rowOf(7)}", "还没提交的修改", "整改台账")`);
    await page.click('#pull');
    await expect.poll(() => page.isVisible('#ask'), { timeout: 20_000 }).toBe(true);
    expect(await page.textContent('#ask-text')).toContain('尚未提交');
    await page.click('#ask-no');
    await expect.poll(() => page.textContent('#status')).toContain('已取消拉取');
    expect(await excel(`value("D${rowOf(7)}", "整改台账")`)).toBe('还没提交的修改');

    await page.click('#pull');
    await expect.poll(() => page.isVisible('#ask'), { timeout: 20_000 }).toBe(true);
    await page.click('#ask-yes');
    const pulled = (await masterTask(7)).byUnit['县水利局'].progress;
    await expect.poll(() => excel(`value("D${rowOf(7)}", "整改台账")`), { timeout: 20_000 }).toBe(pulled);
    await expect.poll(() => page.textContent('#status'), { timeout: 20_000 }).toContain('已校验 6 行');
    expect(await excel<string[]>('sheetNames()')).toEqual(['Sheet1', '整改台账', '_ledger']);
    const stamp = await page.evaluate(() => {
      const sim = window.__excel.sim;
      return [...sim.sheets.get('_ledger')!.cells.values()].map((c) => c.value);
    });
    expect(stamp.filter((v) => v === 'ledgerId')).toHaveLength(1); // one stamp, the sheet's own

    await page.click('#pull'); // nothing unsent now: no question
    await expect.poll(() => page.textContent('#status'), { timeout: 20_000 }).toContain('已校验 6 行');
    expect(await page.isVisible('#ask')).toBe(false);
  });

  it("attaches evidence to the selected row's task, which the office finds with the same bytes", async () => {
    const bytes = [0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a, 0x25, 0x0a];
    await excel(`select("B${rowOf(7)}", "整改台账")`);
    await page.setInputFiles('#evidence', {
      name: '验收报告.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(bytes),
    });
    await expect
      .poll(async () => `${await page.textContent('#status')} ${await page.textContent('#problem')}`, {
        timeout: 20_000,
      })
      .toContain('已为序号7上传：验收报告.pdf');
    const listed = await (
      await fetch(`${service.url}/api/tasks/7/evidence`, { headers: { authorization: `Bearer ${OFFICE}` } })
    ).json();
    const attached = listed.evidence.find((e: { name: string }) => e.name === '验收报告.pdf');
    expect(attached.unit).toBe('县水利局');
    const file = await fetch(`${service.url}/api/evidence/${attached.id}`, {
      headers: { authorization: `Bearer ${OFFICE}` },
    });
    expect([...new Uint8Array(await file.arrayBuffer())]).toEqual(bytes);

    await excel('select("A1", "整改台账")'); // the title, not a task
    await page.setInputFiles('#evidence', {
      name: '照片.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(bytes),
    });
    await expect.poll(() => page.textContent('#problem'), { timeout: 20_000 }).toContain('请先在表中选中');
  });

  it("shows a 督办单 on the unit's task, and signs for it and answers it from the pane", async () => {
    const office = { authorization: `Bearer ${OFFICE}`, 'content-type': 'application/json' };
    const issued = await fetch(`${service.url}/api/tasks/8/supervision`, {
      method: 'POST',
      headers: office,
      body: JSON.stringify({ level: '红', demand: '请于一周内报告整改进度', replyDays: 3 }),
    });
    expect(issued.status).toBe(200);
    const { id, title } = await issued.json();
    await page.click('#settings-form button'); // the pane looks again when the clerk signs in again
    await page.waitForSelector('#supervision:not([hidden]) [data-state="待签收"]', { timeout: 20_000 });
    expect(await page.textContent('#supervision')).toContain(`${title}（红）序号8：待签收`);
    expect(await page.textContent('#supervision')).toContain('请于一周内报告整改进度');
    await page.locator('#supervision').screenshot({ path: join(tmpdir(), 'pane-notice.png') });

    await page.click(`#supervision button[data-notice="${id}"]`);
    await expect.poll(() => page.textContent('#supervision-said'), { timeout: 20_000 }).toContain(`已签收“${title}”`);
    await page.fill('#supervision textarea', '已完成截污管网排查，整改方案已报县政府。');
    await page.click(`#supervision button[data-notice="${id}"]`);
    await expect.poll(() => page.textContent('#supervision-said'), { timeout: 20_000 }).toContain('等待办公室办结');

    const { supervisions } = await (await fetch(`${service.url}/api/supervision`, { headers: office })).json();
    const notice = supervisions.find((s: { id: number }) => s.id === id);
    expect(notice.state).toBe('已回复');
    expect(notice.trail.map((t: { action: string; by: string }) => `${t.action}:${t.by}`)).toEqual([
      '下发:办公室',
      '签收:县水利局',
      '回复:县水利局',
    ]);
    expect(notice.trail[2].text).toBe('已完成截污管网排查，整改方案已报县政府。');
    // Answered, it waits on the office: the pane offers nothing more to press.
    expect(await page.$$(`#supervision button[data-notice="${id}"]`)).toEqual([]);
  });

  it('asks before 提交 when the sheet has errors or edits to what only the office changes, and sends nothing on 取消', async () => {
    const before = (await masterTask(8)).goal;
    await excel(`edit("E${rowOf(8)}", "完成了", "整改台账")`);
    await excel('unprotect("整改台账")'); // no password: a clerk can lift it and change any cell
    // The live re-check marks the wrong status and leaves the protection lifted.
    await expect.poll(() => excel(`fill("E${rowOf(8)}", "整改台账")`), { timeout: 20_000 }).toBe('#E4C1F9');
    expect(await excel('sim.sheets.get("整改台账").protected')).toBeUndefined();
    await excel(`edit("G${rowOf(8)}", "单位改写的目标", "整改台账")`);
    const revision = (
      await (await fetch(`${service.url}/api/tasks`, { headers: { authorization: `Bearer ${OFFICE}` } })).json()
    ).revision;
    await page.click('#submit');
    await page.waitForSelector('#ask:not([hidden])', { timeout: 20_000 });
    const question = await page.textContent('#ask-text');
    expect(await page.isVisible('#cancel')).toBe(false); // one 取消 on show: the question's
    expect(question).toContain('1 个错误');
    expect(question).toContain(`G${rowOf(8)}（序号8·整改目标）`);
    await page.click('#ask-no');
    await expect.poll(() => page.textContent('#status')).toContain('已取消提交');
    expect((await answerOf(apiClient(service.url, OFFICE).tasks.$get())).revision).toBe(revision);
    await excel(`edit("E${rowOf(8)}", "正在推进", "整改台账")`);
    await excel(`edit("G${rowOf(8)}", ${JSON.stringify(before)}, "整改台账")`);
    await page.click('#submit');
    await expect.poll(() => page.textContent('#status'), { timeout: 20_000 }).toContain('已提交');
    expect(await page.isVisible('#ask')).toBe(false);
  });

  it('re-checks edits live on every sheet it validated, not only the first', async () => {
    await page.evaluate(
      (rows) => {
        window.__excel.load(rows, '第二张');
        window.__excel.sim.active = '第二张';
      },
      [
        ['序号', '反馈问题', '整改时限', '完成状态'],
        [1, '某问题', '2019年12月底前', '正在推进'],
      ],
    );
    await page.click('#validate');
    await expect.poll(() => page.textContent('#status'), { timeout: 20_000 }).toContain('已校验 1 行');
    await excel('edit("D2", "做完了", "第二张")');
    await expect.poll(() => excel('fill("D2", "第二张")'), { timeout: 20_000 }).toBe('#E4C1F9');
    await excel(`edit("E${rowOf(8)}", "完成了", "整改台账")`); // the first sheet still re-checks
    await expect.poll(() => excel(`fill("E${rowOf(8)}", "整改台账")`), { timeout: 20_000 }).toBe('#E4C1F9');
    await excel(`edit("E${rowOf(8)}", "正在推进", "整改台账")`);
    await excel('edit("D2", "正在推进", "第二张")'); // fixed on both: the marks go
    await expect.poll(() => excel('fill("D2", "第二张")'), { timeout: 20_000 }).not.toBe('#E4C1F9');
    await expect.poll(() => excel(`fill("E${rowOf(8)}", "整改台账")`), { timeout: 20_000 }).not.toBe('#E4C1F9');
    await page.evaluate(() => {
      window.__excel.sim.active = '整改台账';
    });
  });

  it('validates a 5,000-row sheet in a few round trips', async () => {
    const rows = repeatedSeedTasks(5000).map((t) => FIELDS.map((f) => (f === 'no' ? t.no : fieldText(t, f))));
    await page.evaluate(
      (data) => {
        window.__excel.load(data, '大表');
        window.__excel.sim.active = '大表';
        window.__excel.sim.syncs = 0;
      },
      [FIELDS.map((f) => HEADER[f]), ...rows],
    );
    // Only this check's round trips are counted: no live re-check of the other sheets meanwhile.
    const live = (on: boolean) => page.$eval('#live', (box, on) => ((box as HTMLInputElement).checked = on), on);
    await live(false);
    const started = Date.now();
    await page.click('#validate');
    await expect.poll(() => page.textContent('#status'), { timeout: 60_000 }).toContain('已校验 5000 行');
    const syncs = await excel<number>('sim.syncs');
    console.log(
      `simulated host, 5,000 rows: ${syncs} context.sync() calls, ${Date.now() - started} ms from click to findings`,
    );
    await live(true);
    expect(syncs).toBeLessThanOrEqual(5); // with one to watch the new sheet for edits
    expect(await excel('fill("B2", "大表")')).not.toBe('');
    // Thousands of findings stay a short pane: grouped, a few shown per group, the rest on request.
    const shown = await page.locator('.finding').count();
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThanOrEqual(90);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(20_000);
    const more = page.locator('.group .more').first();
    if (await more.count()) {
      await page
        .locator('.group')
        .first()
        .evaluate((d) => ((d as HTMLDetailsElement).open = true));
      await more.click();
      expect(await page.locator('.finding').count()).toBeGreaterThan(shown);
    }
  });
});

describe('the simulated host holds the pane to what Excel enforces', () => {
  it('refuses a read before load and sync, an object outside its run, and a round trip over 5 MB; writes land at sync', async () => {
    const codes = await page.evaluate(async () => {
      type Ctx = Excel.RequestContext;
      const run = (window as unknown as { Excel: { run: <T>(b: (c: Ctx) => Promise<T>) => Promise<T> } }).Excel.run;
      const codeOf = async (work: () => Promise<unknown>) => {
        try {
          await work();
          return 'ok';
        } catch (error) {
          return (error as { code?: string }).code ?? String(error);
        }
      };
      const unloaded = await codeOf(() =>
        run(async (c) => c.workbook.worksheets.getItem('Sheet1').getRange('A1').values),
      );
      const beforeSync = await codeOf(() =>
        run(async (c) => {
          const r = c.workbook.worksheets.getItem('Sheet1').getRange('A1');
          r.load('values');
          return r.values;
        }),
      );
      let kept: Excel.Range | undefined;
      await run(async (c) => {
        kept = c.workbook.worksheets.getItem('Sheet1').getRange('A1');
      });
      const outside = await codeOf(async () => kept!.load('values'));
      const tooLarge = await codeOf(() =>
        run(async (c) => {
          c.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [['x'.repeat(6 * 1024 * 1024)]];
          await c.sync();
        }),
      );
      const landing = await run(async (c) => {
        const r = c.workbook.worksheets.getItem('Sheet1').getRange('Z9');
        r.values = [['写入']];
        const before = window.__excel.value('Z9', 'Sheet1');
        await c.sync();
        return [before, window.__excel.value('Z9', 'Sheet1')];
      });
      return { unloaded, beforeSync, outside, tooLarge, landing };
    });
    expect(codes).toEqual({
      unloaded: 'PropertyNotLoaded',
      beforeSync: 'PropertyNotLoaded',
      outside: 'InvalidObjectPath',
      tooLarge: 'RequestPayloadSizeLimitExceeded',
      landing: ['', '写入'],
    });
  });
});

describe('the task pane on older Excel', () => {
  /** The pane in a simulated host that has only these API sets. */
  async function paneOn(apiSets: Record<string, string>) {
    const older = await browser.newPage({ viewport: { width: 350, height: 700 } });
    await older.addInitScript((sets) => Object.assign(window, { __apiSets: sets }), apiSets);
    await older.route('**/addin/office-js/office.js', (route) =>
      route.fulfill({ contentType: 'text/javascript', body: SIMULATOR }),
    );
    await older.goto(`${service.url}/addin/taskpane.html`);
    return older;
  }

  it('on Excel 2021 (ExcelApi 1.9, no notes) colours and marks cells without notes, the reasons in the pane', async () => {
    const older = await paneOn({ ExcelApi: '1.9' });
    await older.waitForFunction(() => document.querySelector('#legend')?.children.length);
    expect(await older.textContent('#status')).toContain('不支持批注');
    await older.fill('#service-token', water);
    await older.click('#settings-form button');
    await older.click('#pull');
    await older.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('已校验'), undefined, {
      timeout: 20_000,
    });
    await older.evaluate(() => window.__excel.edit('E7', '完成了', '整改台账'));
    await older.click('#validate');
    await expect
      .poll(() => older.evaluate(() => window.__excel.fill('E7', '整改台账')), { timeout: 20_000 })
      .toBe('#E4C1F9');
    expect(await older.evaluate(() => window.__excel.notes('整改台账'))).toEqual({});
    expect(await older.textContent('#findings')).toContain('完成了');
    expect(await older.evaluate(() => window.__excel.sim.asked)).toContain('ExcelApi 1.18');
    await older.close();
  });

  it('checks the sheet again on a timer, catching a dropdown pick that raised no change event', async () => {
    const pane = await browser.newPage({ viewport: { width: 350, height: 700 } });
    await pane.addInitScript(() => Object.assign(window, { ledgerRecheckMs: 1500 }));
    await pane.route('**/addin/office-js/office.js', (route) =>
      route.fulfill({ contentType: 'text/javascript', body: SIMULATOR }),
    );
    await pane.goto(`${service.url}/addin/taskpane.html`);
    await pane.waitForFunction(() => document.querySelector('#legend')?.children.length);
    await pane.evaluate(() => {
      window.__excel.load(
        [
          ['序号', '反馈问题', '整改时限', '完成状态'],
          [1, '某问题', '2019年12月底前', '正在推进'],
        ],
        'Sheet1',
      );
    });
    await pane.click('#validate');
    await expect.poll(() => pane.textContent('#status'), { timeout: 20_000 }).toContain('已校验 1 行');
    await pane.evaluate(() => window.__excel.quietly('D2', '差不多了'));
    await expect.poll(() => pane.evaluate(() => window.__excel.fill('D2')), { timeout: 20_000 }).toBe('#E4C1F9');
    await pane.close();
  });

  it('on a host below ExcelApi 1.9 says so in Chinese and offers the unit page', async () => {
    const older = await paneOn({ ExcelApi: '1.8' });
    await older.waitForSelector('#unsupported:not([hidden])');
    expect(await older.textContent('#unsupported')).toContain('Excel 版本太旧');
    expect(await older.getAttribute('#unit-page', 'href')).toBe(`${service.url}/u/`);
    expect(await older.isVisible('#validate')).toBe(false);
    await older.close();
  });
});
