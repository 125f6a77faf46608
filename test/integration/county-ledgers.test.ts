/**
 * Another county sets itself up through the product: its roster, a ledger from its own plan
 * (preview, then create), access links, a unit signing in and reporting; ledgers kept apart.
 */
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import { QINGSHAN_PLAN, QINGSHAN_ROSTER } from '../helpers/qingshan.ts';
import { answerOf, submitRowsTo } from '../../server/http/client.ts';
import { clientOf, emptyCountyPerTest, refusalOf } from '../helpers/service.ts';

const OFFICE = 'qingshan-office-token-01';
const PLAN = QINGSHAN_PLAN;
const ROSTER = QINGSHAN_ROSTER;

/** A county with nothing in it yet, as LEDGER_SEED=off starts. */
const newCounty = emptyCountyPerTest(OFFICE, { today: () => '2020-01-15', publicUrl: 'https://dcb.qingshan.gov.cn' });

/** The plan's file as the office picks it, with the title and the decisions on names it gives. */
const planForm = (bytes: Uint8Array, name: string, fields: { title?: string; units?: string } = {}) => ({
  form: { file: new File([new Uint8Array(bytes)], name), ...fields },
});

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

/** The county with its roster put in, and the office's client; `as(token)` signs in with a link's token. */
async function setUp() {
  const { county, app } = await newCounty();
  const office = clientOf(app, OFFICE);
  await answerOf(office.roster.$put({ query: {}, json: ROSTER }));
  return { county, office, as: (token: string) => clientOf(app, token) };
}
const inLedger = (ledgerId: string) => ({ param: { ledgerId } });

describe('a county sets up its own ledger', () => {
  it('previews a plan: tasks, fields, irregularities with their line, and the units new to the roster with proposals', async () => {
    const c = await setUp();
    const preview = await answerOf(c.office.ledgers.preview.$post(planForm(gb18030(PLAN), '青山县整改方案.txt')));
    expect(preview.tasks).toHaveLength(5);
    expect(preview.fieldsPerTask['1']).toBeGreaterThanOrEqual(8);
    expect(preview.irregularities).toContainEqual({
      where: '第17行',
      task: 2,
      message: expect.stringContaining('责任人'),
    });
    expect(preview.blocking).toEqual([]);
    const units = Object.fromEntries(preview.units.map((u) => [u.written, u]));
    expect(units['县住房和城乡建设局']).toMatchObject({ status: 'known' });
    expect(units['各乡镇人民政府']).toMatchObject({ status: 'group', members: 2 });
    expect(units['县住房城乡建设局']).toMatchObject({ status: 'new', proposal: '县住房和城乡建设局' });
    expect(units['生态环境局']).toMatchObject({ status: 'new', proposal: '县生态环境局' });
    expect(units['县水务局']).toMatchObject({ status: 'new' });
    expect(units['县水务局']).not.toHaveProperty('proposal');
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
    const ledger = await answerOf(
      c.office.ledgers.$post(
        planForm(utf8(PLAN), '青山县整改方案.txt', {
          title: '青山县生态环境问题整改台账',
          units: JSON.stringify(decisions),
        }),
      ),
    );
    expect(ledger).toMatchObject({ title: '青山县生态环境问题整改台账', tasks: 5, revision: 1 });
    const roster = await answerOf(c.office.roster.$get());
    expect(roster.units.find((u) => u.name === '县住房和城乡建设局')?.aliases).toContain('县住房城乡建设局');
    expect(roster.decisions).toContainEqual(
      expect.objectContaining({ about: '生态环境局', decision: '作为“县生态环境局”的别称', by: '办公室' }),
    );

    const access = await answerOf(c.office.access.units.$post({ json: { unit: '东坪镇', label: '手机' } }));
    expect(access.link).toBe(`https://dcb.qingshan.gov.cn/u/#token=${access.token}`);
    const town = c.as(new URL(access.link).hash.replace('#token=', ''));
    const mine = await answerOf(town.ledgers.$get());
    expect(mine.ledgers.map((l) => l.id)).toEqual([ledger.id]);
    const tasks = await answerOf(town.ledgers[':ledgerId'].tasks.$get(inLedger(ledger.id)));
    expect(tasks.tasks.map((t) => t.no)).toEqual([1, 2, 3]);
    const answer = await answerOf(
      submitRowsTo(town, ledger.id, {
        baseRevision: 1,
        rows: [{ no: 1, progress: '已完成管网排查。', status: '正在推进' }],
      }),
    );
    expect(answer.applied).toHaveLength(2);
    const master = await answerOf(c.office.ledgers[':ledgerId'].tasks.$get(inLedger(ledger.id)));
    expect(master.tasks[0]!.byUnit['东坪镇']!.progress).toBe('已完成管网排查。');
    const log = (await answerOf(c.office.access.$get())).access;
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
    const a = await answerOf(
      c.office.ledgers.$post(planForm(utf8(PLAN), 'a.txt', { title: '中央督察反馈整改', units: decisions })),
    );
    const b = await answerOf(c.office.ledgers.$post(planForm(utf8(PLAN), 'b.txt', { title: '省督察反馈整改' })));
    const town = c.as((await answerOf(c.office.access.units.$post({ json: { unit: '东坪镇' } }))).token);
    await answerOf(
      submitRowsTo(c.office, a.id, { baseRevision: 1, rows: [{ no: 1, unit: '东坪镇', progress: '办公室写的' }] }),
    );
    const conflict = await answerOf(
      submitRowsTo(town, a.id, { baseRevision: 1, rows: [{ no: 1, progress: '镇里写的' }] }),
    );
    expect(conflict.conflicts).toHaveLength(1);
    const inB = c.office.ledgers[':ledgerId'];
    expect((await answerOf(inB.conflicts.$get({ ...inLedger(b.id), query: {} }))).conflicts).toEqual([]);
    const history = await answerOf(inB.history.$get({ ...inLedger(b.id), query: { task: '1' } }));
    expect(JSON.stringify(history)).not.toContain('办公室写的');
    expect((await answerOf(inB.tasks.$get(inLedger(b.id)))).tasks[0]!.progress).toBe('');
    expect((await inB.tasks.$get(inLedger(a.id))).status).toBe(200);
    expect((await inB.tasks.$get(inLedger('no-such-ledger'))).status).toBe(404);
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
    const preview = await answerOf(
      c.office.ledgers.preview.$post(planForm(new Uint8Array(await workbook.xlsx.writeBuffer()), '任务表.xlsx')),
    );
    expect(preview.tasks.map((t) => t.no)).toEqual([1, 2]);
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
    const pdf = c.office.ledgers.$post(planForm(utf8('%PDF-1.4\n%\u00e2\u00e3\n'), 'scan.pdf'));
    expect(await refusalOf(pdf)).toMatchObject({ status: 422, message: expect.stringContaining('扫描') });
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);
    const photo = c.office.ledgers.preview.$post(planForm(jpeg, '方案.jpg'));
    expect(await refusalOf(photo)).toMatchObject({ status: 422, message: expect.stringContaining('扫描件或图片') });
    const note = utf8('关于做好环境整治工作的通知\n各单位要高度重视。\n');
    expect((await refusalOf(c.office.ledgers.$post(planForm(note, 'note.txt')))).status).toBe(422);
    const broken = utf8(PLAN.replace('3.畜禽养殖', '5.畜禽养殖'));
    const preview = await answerOf(c.office.ledgers.preview.$post(planForm(broken, 'p.txt')));
    expect(preview.blocking.join('')).toContain('序号');
    expect((await refusalOf(c.office.ledgers.$post(planForm(broken, 'p.txt')))).status).toBe(422);
    expect(c.county.ledgers()).toHaveLength(0);
  });

  it('leaves the roster as it was and lists no ledger when the county cannot record the new ledger', async () => {
    const c = await setUp();
    const before = await answerOf(c.office.roster.$get());
    // The county's database refuses the ledger's entry, after its tasks were written.
    vi.spyOn(c.county.store, 'addLedger').mockRejectedValue(new Error('disk full'));
    const units = JSON.stringify([{ written: '县水务局', as: '' }]);
    const created = c.office.ledgers.$post(planForm(utf8(PLAN), '青山县整改方案.txt', { units }));
    expect((await refusalOf(created)).status).toBe(500);
    expect(await answerOf(c.office.roster.$get())).toEqual(before);
    expect((await answerOf(c.office.ledgers.$get())).ledgers).toEqual([]);
    expect(c.county.ledgers()).toHaveLength(0);
  });
});
