/** A township reports from a phone: the unit page in Chromium at 360 px (and 1366 px), against the real service. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { startService, stopService, type Running } from '../helpers/process.ts';
import { prepareDataDir } from '../helpers/service.ts';
import { bytesOf, loadWorkbook, rowOfTask, UNIT_COLUMN } from '../helpers/sheets.ts';

const OFFICE = 'unit-page-office-token';
let service: Running;
let browser: Browser;
let town: string;

const api = (path: string, init: RequestInit = {}, token = OFFICE) =>
  fetch(`${service.url}${path}`, {
    ...init,
    headers: { ...Object.fromEntries(new Headers(init.headers)), authorization: `Bearer ${token}` },
  });
const own = async (no: number) =>
  (await (await api('/api/tasks')).json()).tasks.find((t: { no: number }) => t.no === no).byUnit['城关镇'];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-unit-page-'));
  town = await prepareDataDir(dir, '城关镇');
  service = await startService({ DATA_DIR: dir, LEDGER_OFFICE_TOKEN: OFFICE });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  if (service) await stopService(service);
});

async function phone(width = 360): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 740 } });
  await page.goto(`${service.url}/u/#token=${town}`);
  await page.waitForSelector('#work:not([hidden])');
  await page.waitForSelector('#tasks .task'); // the unit's tasks have loaded
  return page;
}

describe('the unit page', () => {
  it("signs in by the link, keeps the token out of the address, and shows only the unit's tasks", async () => {
    const page = await phone();
    expect(page.url()).not.toContain('token');
    await expect.poll(() => page.textContent('#who')).toBe('城关镇');
    const count = (await (await api('/api/tasks', {}, town)).json()).tasks.length;
    await expect.poll(() => page.locator('#tasks .task').count()).toBe(count);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(tmpdir(), 'unit-page-360.png'), fullPage: false });
    await page.close();
  });

  it('fills two tasks, keeps a draft through a reload, submits, and says per task what was taken', async () => {
    const page = await phone();
    await page.fill('#progress-7', '已排查排污口12个。');
    await page.selectOption('#status-7', '正在推进');
    await page.fill('#remarks-3', '见附件');
    await page.fill('#reporter', '李四');
    await page.fill('#phone', '0379-66880000');
    await page.reload();
    await page.waitForSelector('#work:not([hidden])');
    expect(await page.inputValue('#progress-7')).toBe('已排查排污口12个。');
    await page.click('#submit');
    await page.waitForSelector('#answer:not([hidden])');
    expect(await page.textContent('#answer')).toContain('已采用 3 处');
    await expect.poll(() => page.textContent('#ledger-info')).toContain('本单位本轮：已报');
    expect(await page.textContent('#answer')).toContain('序号7：整改进展已采用；完成状态已采用');
    expect(await own(7)).toEqual({ progress: '已排查排污口12个。', status: '正在推进', remarks: '' });
    expect(await own(3)).toMatchObject({ remarks: '见附件' });
    const units = (await (await api('/api/units')).json()).units;
    expect(units.find((u: { name: string }) => u.name === '城关镇').reporter).toBe('李四 0379-66880000');
    await page.close();
  });

  it('shows a conflict in plain words when the office changed the cell meanwhile', async () => {
    const page = await phone(1366);
    const revision = (await (await api('/api/tasks')).json()).revision;
    await api('/api/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ baseRevision: revision, rows: [{ no: 8, unit: '城关镇', progress: '办公室核实的情况' }] }),
    });
    await page.fill('#progress-8', '镇里的新情况');
    await page.click('#submit');
    await page.waitForSelector('#answer:not([hidden])');
    expect(await page.textContent('#answer')).toContain('序号8：整改进展冲突，待办公室裁定');
    expect((await own(8)).progress).toBe('办公室核实的情况');
    await page.close();
  });

  it('says what happened where a phone user is looking: in the bar beside 提交, and on each task', async () => {
    const page = await phone();
    const inView = async (selector: string) => {
      const box = (await page.locator(selector).boundingBox())!;
      return box.y >= 0 && box.y + box.height <= 740;
    };
    await page.fill('#progress-3', '已完成清理。');
    await page.route('**/submissions', (route) => route.abort('internetdisconnected'));
    await page.click('#submit');
    await expect.poll(() => page.textContent('#draft-note')).toContain('没有报送成功：网络不通');
    expect(await page.textContent('#draft-note')).toContain('草稿已保存在本设备');
    expect(await inView('#draft-note')).toBe(true);
    await page.unroute('**/submissions');

    const revision = (await (await api('/api/tasks')).json()).revision;
    await api('/api/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ baseRevision: revision, rows: [{ no: 10, unit: '城关镇', progress: '办公室核实稿' }] }),
    });
    await page.fill('#progress-10', '镇里填的');
    await page.click('#submit');
    await expect.poll(() => page.textContent('#draft-note')).toContain('已报送：采用 1 处，1 处待办公室裁定');
    expect(await inView('#draft-note')).toBe(true);
    const conflict = page.locator('.task[data-task="10"] .outcome');
    expect(await conflict.getAttribute('data-outcome')).toBe('conflict');
    expect(await conflict.textContent()).toContain('等待办公室裁定，无需重复提交');
    expect(await conflict.textContent()).toContain('“镇里填的”');
    expect(await conflict.textContent()).toContain('“办公室核实稿”');
    expect(await inView('.task[data-task="10"] .outcome')).toBe(true);
    expect(await page.getAttribute('.task[data-task="3"] .outcome', 'data-outcome')).toBe('applied');
    await page.close();
  });

  it('reports 本月无新进展 when nothing changed: asked once, sent, and the unit is no longer owed', async () => {
    const issued = await api('/api/access/units', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ unit: '赤土店镇' }),
    });
    const token = (await issued.json()).token;
    const stateOf = async () =>
      (await (await api('/api/units')).json()).units.find((u: { name: string }) => u.name === '赤土店镇').state;
    expect(await stateOf()).toBe('未报');
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${service.url}/u/#token=${token}`);
    await page.waitForSelector('#tasks .task');
    const asked: string[] = [];
    page.on('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    await page.click('#submit');
    await expect.poll(() => page.textContent('#draft-note')).toContain('已报送：本月无新进展');
    expect(asked).toEqual([expect.stringContaining('本轮将记为“已报无采用”')]);
    expect(await stateOf()).toBe('已报无采用');
    const bar = (await page.locator('#draft-note').boundingBox())!;
    expect(bar.y + bar.height).toBeLessThanOrEqual(740);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.close();
  });

  it('shows an open conflict on its card after a reload, and what the office decided once it ruled', async () => {
    const revision = (await (await api('/api/tasks')).json()).revision;
    await api('/api/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ baseRevision: revision, rows: [{ no: 12, unit: '城关镇', progress: '办公室先填的' }] }),
    });
    const sent = await fetch(`${service.url}/api/submissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${town}`, 'content-type': 'application/json' },
      body: JSON.stringify({ baseRevision: revision, rows: [{ no: 12, progress: '镇里另填的' }] }),
    });
    expect((await sent.json()).conflicts).toHaveLength(1);
    const page = await phone();
    const note = page.locator('.task[data-task="12"] .conflict-note');
    await expect.poll(() => note.textContent()).toContain('等待办公室裁定');
    expect(await note.textContent()).toContain('“镇里另填的”');
    expect(await note.textContent()).toContain('“办公室先填的”');

    const { conflicts } = await (await api('/api/conflicts')).json();
    const id = conflicts.find((c: { no: number; unit: string }) => c.no === 12 && c.unit === '城关镇').id;
    await api(`/api/conflicts/${id}/resolve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: '办公室裁定的文字' }),
    });
    await page.reload();
    await page.waitForSelector('#tasks .task');
    await expect.poll(() => note.textContent()).toContain('办公室已于');
    expect(await note.textContent()).toContain('裁定为：“办公室裁定的文字”');
    expect(await page.inputValue('#progress-12')).toBe('办公室裁定的文字');
    await page.close();
  });

  it('shows a closed-off task read-only and grey, colours in words, and a too-long text per task before sending', async () => {
    const revision = (await (await api('/api/tasks')).json()).revision;
    await api('/api/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ baseRevision: revision, rows: [{ no: 1, status: '已销号' }] }),
    });
    const page = await phone();
    const closed = page.locator('.task[data-task="1"]');
    expect(await closed.getAttribute('class')).toContain('closed');
    expect(await page.locator('#progress-1').isDisabled()).toBe(true);
    expect(await closed.locator('.colour').textContent()).toBe('已销号');
    const chips = await page.locator('.task .colour').allTextContents();
    for (const chip of chips)
      expect(['逾期', '未报进展', '临近时限', '持续推进', '已完成', '已销号', '未到时限']).toContain(chip);
    await page.fill('#progress-3', '先报一句。');
    await page.click('#submit');
    await expect.poll(() => page.getAttribute('.task[data-task="3"] .outcome', 'data-outcome')).toBe('applied');
    expect(await page.textContent('.task[data-task="3"] .counter')).toBe('已写 5 字（上限 32,767 字）');
    await page.fill('#progress-3', '很'.repeat(32_768));
    // The box's counter says so as the clerk types, in view under the box.
    const counter = page.locator('.task[data-task="3"] .counter');
    expect(await counter.textContent()).toBe('已写 32,768 字，超过 32,767 字，请删减');
    expect(await counter.getAttribute('class')).toContain('over');
    await page.click('#submit');
    await expect
      .poll(() => page.textContent('#draft-note'))
      .toContain('序号3的整改进展有32,768字，超过32,767字，请删减');
    // The last answer is cleared: it no longer says what the page holds.
    expect(await page.textContent('.task[data-task="3"] .outcome')).toBe('');
    expect(await page.isVisible('#answer')).toBe(false);
    expect((await own(3)).progress).not.toHaveLength(32_768);
    await page.close();
  });

  it('counts the tasks filled, jumps to a task, and shows only those not yet filled', async () => {
    const page = await phone();
    const count = async () => Number(/已填 (\d+)\/(\d+)/.exec((await page.textContent('#filled')) ?? '')![1]);
    const total = await page.locator('#tasks .task').count();
    expect(await page.textContent('#filled')).toContain(`/${total}`);
    const before = await count();
    const no = await page
      .locator('#tasks .task')
      .evaluateAll(
        (cards) =>
          cards
            .filter(
              (c) =>
                !(c.querySelector('textarea') as HTMLTextAreaElement).value &&
                !(c.querySelector('select') as HTMLSelectElement).value &&
                !(c.querySelector('textarea') as HTMLTextAreaElement).disabled,
            )
            .map((c) => (c as HTMLElement).dataset.task)[0],
      );
    expect(no).toBeDefined();
    await page.fill(`#progress-${no}`, '刚填的');
    expect(await count()).toBe(before + 1);
    await page.check('#only-empty');
    expect(await page.locator(`.task[data-task="${no}"]`).isHidden()).toBe(true);
    await page.uncheck('#only-empty');
    await page.selectOption('#jump', String(no));
    const box = (await page.locator(`.task[data-task="${no}"]`).boundingBox())!;
    expect(box.y).toBeLessThan(200);
    await page.close();
  });

  it('fills in 填报人 and 联系电话 on a new device from the last ones the unit gave', async () => {
    await fetch(`${service.url}/api/submissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${town}`, 'content-type': 'application/json' },
      body: JSON.stringify({ baseRevision: 1, rows: [], reporter: { name: '赵六', phone: '0379-66112233' } }),
    });
    const fresh = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await fresh.newPage();
    await page.goto(`${service.url}/u/#token=${town}`);
    await page.waitForSelector('#tasks .task');
    await expect.poll(() => page.inputValue('#reporter')).toBe('赵六');
    expect(await page.inputValue('#phone')).toBe('0379-66112233');
    await fresh.close();
  });

  it('takes a filled sheet uploaded from the page through the same merge', async () => {
    const page = await phone();
    const workbook = await loadWorkbook(
      await (await api(`/api/units/${encodeURIComponent('城关镇')}/sheet.xlsx`, {}, town)).arrayBuffer(),
    );
    const sheet = workbook.getWorksheet('整改台账')!;
    sheet.getCell(rowOfTask(sheet, 10), UNIT_COLUMN.progress).value = '用报表填的进展';
    const file = join(mkdtempSync(join(tmpdir(), 'unit-upload-')), '城关镇.xlsx');
    writeFileSync(file, await bytesOf(workbook));
    await page.setInputFiles('#upload', file);
    await page.click('#upload-form button[type=submit]');
    await page.waitForSelector('#answer:not([hidden])');
    expect(await page.textContent('#answer')).toContain('序号10：整改进展已采用');
    expect((await own(10)).progress).toBe('用报表填的进展');
    await page.close();
  });

  it('takes a filled sheet dropped on the upload area', async () => {
    const page = await phone(1366);
    const workbook = await loadWorkbook(
      await (await api(`/api/units/${encodeURIComponent('城关镇')}/sheet.xlsx`, {}, town)).arrayBuffer(),
    );
    const sheet = workbook.getWorksheet('整改台账')!;
    sheet.getCell(rowOfTask(sheet, 11), UNIT_COLUMN.progress).value = '拖进来的报表';
    const bytes = [...(await bytesOf(workbook))];
    const dropped = await page.evaluateHandle((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], '城关镇.xlsx'));
      return transfer;
    }, bytes);
    await page.dispatchEvent('#upload-form', 'drop', { dataTransfer: dropped });
    await expect.poll(() => page.textContent('#answer')).toContain('序号11：整改进展已采用');
    expect((await own(11)).progress).toBe('拖进来的报表');
    await page.close();
  });

  it('switches to English and back, and remembers the choice on the device', async () => {
    const page = await phone();
    await page.click('#language');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('#submit')).toBe('Submit');
    await expect.poll(() => page.textContent('label[for=progress-7]')).toBe('Progress');
    expect(await page.textContent('#status-7 option[value=正在推进]')).toBe('正在推进 (in progress)');
    await page.reload();
    await page.waitForSelector('#work:not([hidden])');
    expect(await page.textContent('h1')).toBe('Rectification ledger · unit report');
    await expect.poll(() => page.textContent('#ledger-info')).toContain('tasks for your unit');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.click('#language');
    expect(await page.textContent('#submit')).toBe('提交');
    await expect.poll(() => page.textContent('label[for=progress-7]')).toBe('整改进展');
    await page.close();
  });

  it("attaches evidence to a task, which the office finds in the task's archive with the same bytes", async () => {
    const page = await phone();
    const photo = join(mkdtempSync(join(tmpdir(), 'unit-evidence-')), '整改后.png');
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
    writeFileSync(photo, bytes);
    await page.setInputFiles('#evidence-7', photo);
    await expect.poll(() => page.textContent('.task[data-task="7"] .evidence')).toContain('整改后.png');
    const zip = unzipSync(new Uint8Array(await (await api('/api/tasks/7/evidence.zip')).arrayBuffer()));
    const stored = Object.entries(zip).find(
      ([name]) => name.startsWith('佐证材料/城关镇/') && name.endsWith('整改后.png'),
    );
    expect(stored?.[1]).toEqual(bytes);
    await page.close();
  });

  it('lists each picked file with its own outcome, and removes a file of its own', async () => {
    const page = await phone();
    const dir = mkdtempSync(join(tmpdir(), 'unit-photos-'));
    const png = (n: number) => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9, n]);
    writeFileSync(join(dir, '现场1.png'), png(1));
    writeFileSync(join(dir, '现场2.png'), png(2));
    writeFileSync(join(dir, '程序.exe'), new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]));
    await page.setInputFiles(
      '#evidence-8',
      ['现场1.png', '程序.exe', '现场2.png'].map((n) => join(dir, n)),
    );
    const log = page.locator('.task[data-task="8"] .attach-log li');
    await expect
      .poll(() => log.allTextContents())
      .toEqual(['已上传“现场1.png”。', expect.stringContaining('“程序.exe”没有上传：'), '已上传“现场2.png”。']);
    const listed = page.locator('ul.evidence[data-task="8"] li');
    await expect.poll(() => listed.count()).toBe(2);
    page.once('dialog', (dialog) => void dialog.accept());
    await listed.filter({ hasText: '现场1.png' }).getByRole('button', { name: '删除佐证材料“现场1.png”？' }).click();
    await expect.poll(() => listed.allTextContents()).toEqual([expect.stringContaining('现场2.png')]);
    const left = (await (await api('/api/tasks/8/evidence')).json()).evidence.map((e: { name: string }) => e.name);
    expect(left).toEqual(['现场2.png']);
    await page.close();
  });

  it('requests 销号 for a task the unit closes, once evidence is attached, and shows why the office returned it', async () => {
    const page = await phone();
    const box = page.locator('[data-closing="30"]'); // task 30 has no lead unit: its units close it
    expect(await box.textContent()).toContain('报为“已完成”并提交后');
    expect(await box.getByRole('button', { name: '申请销号' }).count()).toBe(0);
    await page.selectOption('#status-30', '已完成');
    await page.click('#submit');
    await page.waitForSelector('#answer:not([hidden])');
    await box.getByRole('button', { name: '申请销号' }).click();
    await expect.poll(() => box.textContent()).toContain('请先上传佐证材料');
    const report = join(mkdtempSync(join(tmpdir(), 'unit-closing-')), '验收报告.pdf');
    writeFileSync(report, '%PDF-1.4\n% 验收报告\n');
    await page.setInputFiles('#evidence-30', report);
    await expect.poll(() => page.textContent('.task[data-task="30"] .evidence')).toContain('验收报告.pdf');
    await page.fill('#closing-30', '已全部整改');
    await page.locator('[data-closing="30"]').getByRole('button', { name: '申请销号' }).click();
    await expect.poll(() => page.locator('[data-closing="30"]').textContent()).toContain('销号申请：待审核（城关镇');
    const { closures } = await (await api('/api/closures')).json();
    const mine = closures.find((c: { no: number }) => c.no === 30);
    await api(`/api/closures/${mine.id}/return`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: '照片不清晰' }),
    });
    await page.reload();
    await page.waitForSelector('#work:not([hidden])');
    await expect.poll(() => page.locator('[data-closing="30"]').textContent()).toContain('办公室退回：照片不清晰');
    await page.close();
  });

  it('asks for a new link when the token was revoked', async () => {
    const access = (await (await api('/api/access')).json()).access.filter(
      (a: { unit: string; revoked_at: string | null }) => a.unit === '城关镇' && !a.revoked_at,
    );
    for (const a of access) await api(`/api/access/${a.id}/revoke`, { method: 'POST' });
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${service.url}/u/#token=${town}`);
    await expect.poll(() => page.textContent('#sign-in-error')).toContain('已被办公室作废');
    await page.close();
  });
});
