/**
 * Another county sets itself up through the product: its roster, a ledger from its own plan
 * (preview, then create), access links, a unit signing in and reporting; ledgers kept apart.
 */
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import { QINGSHAN_PLAN, QINGSHAN_ROSTER } from '../helpers/qingshan.ts';
import { emptyCountyPerTest } from '../helpers/service.ts';

const OFFICE = 'qingshan-office-token-01';
const PLAN = QINGSHAN_PLAN;
const ROSTER = QINGSHAN_ROSTER;

/** A county with nothing in it yet, as LEDGER_SEED=off starts. */
const newCounty = emptyCountyPerTest(OFFICE, { today: () => '2020-01-15', publicUrl: 'https://dcb.qingshan.gov.cn' });

async function emptyCounty() {
  const { county, app } = await newCounty();
  const call = (path: string, token: string, init: RequestInit = {}) =>
    app.request(path, {
      ...init,
      headers: { ...Object.fromEntries(new Headers(init.headers)), authorization: `Bearer ${token}` },
    });
  const json = (method: string, body: unknown): RequestInit => ({
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const planForm = (bytes: Uint8Array, name: string, fields: Record<string, string> = {}): RequestInit => {
    const form = new FormData();
    form.set('file', new File([new Uint8Array(bytes)], name));
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    return { method: 'POST', body: form };
  };
  return { county, app, call, json, planForm };
}

const utf8 = (text: string) => new TextEncoder().encode(text);
/** The plan as many offices save it: GB18030 (encoded by Python, an independent encoder). */
const gb18030 = (text: string) =>
  new Uint8Array(
    execFileSync(
      '/usr/bin/python3',
      ['-c', "import sys; sys.stdout.buffer.write(sys.stdin.read().encode('gb18030'))"],
      { input: text },
    ),
  );

async function setUp() {
  const c = await emptyCounty();
  expect((await c.call('/api/roster', OFFICE, c.json('PUT', ROSTER))).status).toBe(200);
  return c;
}

describe('a county sets up its own ledger', () => {
  it('previews a plan: tasks, fields, irregularities with their line, and the units new to the roster with proposals', async () => {
    const c = await setUp();
    const res = await c.call('/api/ledgers/preview', OFFICE, c.planForm(gb18030(PLAN), '青山县整改方案.txt'));
    expect(res.status).toBe(200);
    const preview = await res.json();
    expect(preview.tasks).toHaveLength(5);
    expect(preview.fieldsPerTask['1']).toBeGreaterThanOrEqual(8);
    expect(preview.irregularities).toContainEqual({
      where: '第17行',
      task: 2,
      message: expect.stringContaining('责任人'),
    });
    expect(preview.blocking).toEqual([]);
    const units = Object.fromEntries(preview.units.map((u: { written: string }) => [u.written, u]));
    expect(units['县住房和城乡建设局']).toMatchObject({ status: 'known' });
    expect(units['各乡镇人民政府']).toMatchObject({ status: 'group', members: 2 });
    expect(units['县住房城乡建设局']).toMatchObject({ status: 'new', proposal: '县住房和城乡建设局' });
    expect(units['生态环境局']).toMatchObject({ status: 'new', proposal: '县生态环境局' });
    expect(units['县水务局']).toMatchObject({ status: 'new' });
    expect(units['县水务局'].proposal).toBeUndefined();
    expect(preview.leaders).toEqual([
      { name: '李明', known: true },
      { name: '赵刚', known: true },
    ]);
    expect(c.county.ledgers()).toHaveLength(0); // a preview creates nothing
  });

  it("creates the ledger with the office's decisions on names, issues a link, and a unit signed in by it reports", async () => {
    const c = await setUp();
    const decisions = [
      { written: '县住房城乡建设局', as: '县住房和城乡建设局' },
      { written: '县生态环境局', as: '' },
      { written: '生态环境局', as: '县生态环境局' },
      { written: '县水务局', as: '' },
    ];
    const created = await c.call(
      '/api/ledgers',
      OFFICE,
      c.planForm(utf8(PLAN), '青山县整改方案.txt', {
        title: '青山县生态环境问题整改台账',
        units: JSON.stringify(decisions),
      }),
    );
    expect(created.status).toBe(200);
    const ledger = await created.json();
    expect(ledger).toMatchObject({ title: '青山县生态环境问题整改台账', tasks: 5, revision: 1 });
    const roster = await (await c.call('/api/roster', OFFICE)).json();
    expect(roster.units.find((u: { name: string }) => u.name === '县住房和城乡建设局').aliases).toContain(
      '县住房城乡建设局',
    );
    expect(roster.decisions).toContainEqual(
      expect.objectContaining({ about: '生态环境局', decision: '作为“县生态环境局”的别称', by: '办公室' }),
    );

    const access = await (
      await c.call('/api/access/units', OFFICE, c.json('POST', { unit: '东坪镇', label: '手机' }))
    ).json();
    expect(access.link).toBe(`https://dcb.qingshan.gov.cn/u/#token=${access.token}`);
    const token = new URL(access.link).hash.replace('#token=', '');
    const mine = await (await c.call('/api/ledgers', token)).json();
    expect(mine.ledgers.map((l: { id: string }) => l.id)).toEqual([ledger.id]);
    const tasks = await (await c.call(`/api/ledgers/${ledger.id}/tasks`, token)).json();
    expect(tasks.tasks.map((t: { no: number }) => t.no)).toEqual([1, 2, 3]);
    const answer = await (
      await c.call(
        `/api/ledgers/${ledger.id}/submissions`,
        token,
        c.json('POST', { baseRevision: 1, rows: [{ no: 1, progress: '已完成管网排查。', status: '正在推进' }] }),
      )
    ).json();
    expect(answer.applied).toHaveLength(2);
    const master = await (await c.call(`/api/ledgers/${ledger.id}/tasks`, OFFICE)).json();
    expect(master.tasks[0].byUnit['东坪镇'].progress).toBe('已完成管网排查。');
    const log = (await (await c.call('/api/access', OFFICE)).json()).access;
    expect(log).toContainEqual(
      expect.objectContaining({ kind: 'unit', unit: '东坪镇', label: '手机', issued_by: '办公室' }),
    );
    expect(JSON.stringify(log)).not.toContain(access.token);
  });

  it('keeps two ledgers apart: tasks, conflicts and history', async () => {
    const c = await setUp();
    const decisions = JSON.stringify([
      { written: '县住房城乡建设局', as: '县住房和城乡建设局' },
      { written: '县生态环境局', as: '' },
      { written: '生态环境局', as: '县生态环境局' },
      { written: '县水务局', as: '' },
    ]);
    const a = await (
      await c.call(
        '/api/ledgers',
        OFFICE,
        c.planForm(utf8(PLAN), 'a.txt', { title: '中央督察反馈整改', units: decisions }),
      )
    ).json();
    const b = await (
      await c.call('/api/ledgers', OFFICE, c.planForm(utf8(PLAN), 'b.txt', { title: '省督察反馈整改' }))
    ).json();
    const town = (await (await c.call('/api/access/units', OFFICE, c.json('POST', { unit: '东坪镇' }))).json()).token;
    await c.call(
      `/api/ledgers/${a.id}/submissions`,
      OFFICE,
      c.json('POST', { baseRevision: 1, rows: [{ no: 1, unit: '东坪镇', progress: '办公室写的' }] }),
    );
    const conflict = await (
      await c.call(
        `/api/ledgers/${a.id}/submissions`,
        town,
        c.json('POST', { baseRevision: 1, rows: [{ no: 1, progress: '镇里写的' }] }),
      )
    ).json();
    expect(conflict.conflicts).toHaveLength(1);
    expect((await (await c.call(`/api/ledgers/${b.id}/conflicts`, OFFICE)).json()).conflicts).toEqual([]);
    const history = await (await c.call(`/api/ledgers/${b.id}/history?task=1`, OFFICE)).json();
    expect(JSON.stringify(history)).not.toContain('办公室写的');
    expect((await (await c.call(`/api/ledgers/${b.id}/tasks`, OFFICE)).json()).tasks[0].progress).toBe('');
    expect((await c.call(`/api/ledgers/${a.id}/tasks`, OFFICE)).status).toBe(200);
    expect((await c.call('/api/ledgers/no-such-ledger/tasks', OFFICE)).status).toBe(404);
  });
});

describe('a plan brought as a workbook', () => {
  it('reads an .xlsx task table with its header anywhere, and names each irregular cell', async () => {
    const c = await setUp();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('任务清单');
    sheet.getCell('A1').value = '青山县环保问题整改任务表';
    sheet.addRow([]);
    sheet.addRow([
      '序号',
      '存在问题',
      '整改目标',
      '整改措施',
      '责任领导',
      '牵头单位',
      '责任单位',
      '责任人',
      '完成时限',
    ]);
    sheet.addRow([
      1,
      '河道垃圾清理不及时。',
      '清理到位。',
      '（1）清理。',
      '李明',
      '东坪镇',
      '',
      '镇长',
      '2020年3月底前',
    ]);
    sheet.addRow([2, '秸秆焚烧。', '', '（1）巡查。', '赵刚', '西河乡', '', '乡长', '下个月']);
    const preview = await (
      await c.call(
        '/api/ledgers/preview',
        OFFICE,
        c.planForm(new Uint8Array(await workbook.xlsx.writeBuffer()), '任务表.xlsx'),
      )
    ).json();
    expect(preview.tasks.map((t: { no: number }) => t.no)).toEqual([1, 2]);
    expect(preview.title).toBe('青山县环保问题整改任务表');
    expect(preview.irregularities).toContainEqual({
      where: '任务清单!C5',
      message: expect.stringContaining('整改目标为空'),
    });
    expect(preview.irregularities).toContainEqual({
      where: '任务清单!I5',
      message: expect.stringContaining('无法识别'),
    });
  });
});

describe('bad plans create nothing', () => {
  it('answers a PDF, a text without a task list, and a list whose numbering breaks', async () => {
    const c = await setUp();
    const pdf = await c.call(
      '/api/ledgers',
      OFFICE,
      c.planForm(new TextEncoder().encode('%PDF-1.4\n%\u00e2\u00e3\n'), 'scan.pdf'),
    );
    expect(pdf.status).toBe(422);
    expect((await pdf.json()).error.message).toContain('扫描');
    const photo = await c.call(
      '/api/ledgers/preview',
      OFFICE,
      c.planForm(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]), '方案.jpg'),
    );
    expect(photo.status).toBe(422);
    expect((await photo.json()).error.message).toContain('扫描件或图片');
    const none = await c.call(
      '/api/ledgers',
      OFFICE,
      c.planForm(new TextEncoder().encode('关于做好环境整治工作的通知\n各单位要高度重视。\n'), 'note.txt'),
    );
    expect(none.status).toBe(422);
    const broken = PLAN.replace('3.畜禽养殖', '5.畜禽养殖');
    const preview = await (
      await c.call('/api/ledgers/preview', OFFICE, c.planForm(new TextEncoder().encode(broken), 'p.txt'))
    ).json();
    expect(preview.blocking.join('')).toContain('序号');
    const refused = await c.call('/api/ledgers', OFFICE, c.planForm(new TextEncoder().encode(broken), 'p.txt'));
    expect(refused.status).toBe(422);
    expect(c.county.ledgers()).toHaveLength(0);
  });

  it('leaves the roster as it was and lists no ledger when the county cannot record the new ledger', async () => {
    const c = await setUp();
    const before = await (await c.call('/api/roster', OFFICE)).json();
    // The county's database refuses the ledger's entry, after its tasks were written.
    vi.spyOn(c.county.store, 'addLedger').mockRejectedValue(new Error('disk full'));
    const created = await c.call(
      '/api/ledgers',
      OFFICE,
      c.planForm(utf8(PLAN), '青山县整改方案.txt', { units: JSON.stringify([{ written: '县水务局', as: '' }]) }),
    );
    expect(created.status).toBe(500);
    expect(await (await c.call('/api/roster', OFFICE)).json()).toEqual(before);
    expect((await (await c.call('/api/ledgers', OFFICE)).json()).ledgers).toEqual([]);
    expect(c.county.ledgers()).toHaveLength(0);
  });
});
