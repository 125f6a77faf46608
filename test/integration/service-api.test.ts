import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLedgerWorkbook } from '../../server/formats/workbook/read.ts';
import { answerOf } from '../../server/http/client.ts';
import { clientOf, refusalOf, testService } from '../helpers/service.ts';
import { unitSheetBytes, unitWorkbook, uploadAs, uploadOf } from '../helpers/sheets.ts';

// Each test its own service on a fresh data folder: any one of them passes alone.
let s: Awaited<ReturnType<typeof testService>>;
beforeEach(async () => {
  s = await testService();
});
afterEach(() => s.close());

/** 县水利局 reports on task 7, as several tests start from. */
const waterReports = () =>
  s.submit('县水利局', { baseRevision: 1, rows: [{ no: 7, progress: '已完成截污工程。', status: '正在推进' }] });

/** A task as the office reads it. */
const officeTask = async (no: number) => (await answerOf(s.office.tasks.$get())).tasks.find((t) => t.no === no)!;
/** The units and their state in the round, as the office reads them. */
const unitsNow = async () => (await answerOf(s.office.units.$get({ query: {} }))).units;

describe('the sync service API', () => {
  it('answers health without a token, and everything else only with one', async () => {
    expect(await answerOf(s.office.health.$get())).toEqual({
      ok: true,
      ledgers: 1,
      revision: 1,
      publicUrl: 'https://localhost:3000',
      publicUrlSet: false,
      zone: 'Asia/Shanghai',
      storage: { database: 'sqlite', evidence: 'filesystem' },
    });
    const none = await s.call('/api/tasks');
    expect(none.status).toBe(401);
    expect((await none.json()).error.message).toContain('令牌');
    expect((await clientOf(s.app, 'wrong').tasks.$get()).status).toBe(401);
    expect((await s.call('/api/openapi.json')).status).toBe(200);
  });

  it('shows the office every task and a unit only its own', async () => {
    const all = await answerOf(s.office.tasks.$get());
    expect(all.tasks).toHaveLength(31);
    expect(all.revision).toBe(1);
    const water = await answerOf((await s.unit('县水利局')).tasks.$get());
    expect(water.tasks.map((t) => t.no)).toEqual([1, 2, 7, 8, 10, 31]);
    expect(Object.keys(water.tasks[2]!.byUnit)).toHaveLength(18); // a lead unit reads every unit's report on its task
    const town = await answerOf((await s.unit('城关镇')).tasks.$get());
    const t7 = town.tasks.find((t) => t.no === 7)!;
    expect(Object.keys(t7.byUnit)).toEqual([
      '县环境保护局',
      '县住房和城乡建设局',
      '县水利局',
      '县城市管理局',
      '城关镇',
    ]);
  });

  it("keeps a unit to its own sheet and the office's routes", async () => {
    const water = await s.unit('县水利局');
    const refused = [
      water.units[':unit']['sheet.xlsx'].$get({ param: { unit: '城关镇' }, query: {} }),
      water.units.$get({ query: {} }),
      water['master.xlsx'].$get({ query: {} }),
      water.history.$get({ query: { task: '24' } }),
    ];
    for (const call of refused) expect((await call).status).toBe(403);
  });

  it('serves a unit its own sheet, stamped with the unit and the base revision', async () => {
    // Asked for under its short name (水利局): the unit's own sheet all the same.
    const water = await s.unit('县水利局');
    const res = await water.units[':unit']['sheet.xlsx'].$get({ param: { unit: '水利局' }, query: {} });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('县水利局'));
    const sheet = await readLedgerWorkbook(new Uint8Array(await res.arrayBuffer()));
    expect(sheet.stamp).toMatchObject({ unit: '县水利局', revision: 1, ledgerId: s.ledger.ledgerId });
    expect(sheet.tasks.map((t) => t.no)).toEqual([1, 2, 7, 8, 10, 31]);
    expect(sheet.table.reportingUnit).toBe('县水利局');
  });

  it('merges a JSON submission and answers with applied, conflicts, rejected and warnings', async () => {
    const body = await s.submit('县水利局', {
      baseRevision: 1,
      rows: [
        { no: 7, progress: '已完成截污工程。', status: '正在推进' },
        { no: 7, progress: '重复的行' },
        { no: 24, progress: '不是本单位的' },
        { no: 8, goal: '想改目标', color: 'red' },
      ],
    });
    expect(body.revision).toBe(2);
    expect(body.applied).toEqual([
      { no: 7, field: 'progress', unit: '县水利局' },
      { no: 7, field: 'status', unit: '县水利局' },
    ]);
    expect(body.rejected.map((r) => `${r.no}:${r.field}`)).toEqual(['7:*', '24:*', '8:goal']);
    expect(body.warnings[0]).toContain('color');
    const t7 = await officeTask(7);
    expect(t7.progress).toBe('县水利局：已完成截污工程。');
    expect(t7.byUnit['县水利局']).toEqual({ progress: '已完成截污工程。', status: '正在推进', remarks: '' });
  });

  it('merges an uploaded workbook through the same merge', async () => {
    await waterReports();
    const workbook = await unitWorkbook(s, '城关镇');
    const sheet = workbook.getWorksheet('整改台账')!;
    let row7 = 0;
    sheet.eachRow((row, n) => {
      if (row.getCell(1).value === 7) row7 = n;
    });
    // A unit's copy: 整改进展 D, 完成状态 E, then 整改目标 G.
    sheet.getCell(`D${row7}`).value = '已排查排污口12个。';
    sheet.getCell(`E${row7}`).value = '正在推进';
    sheet.getCell(`G${row7}`).value = '城关镇想改目标';
    const body = await uploadAs(s, '城关镇', workbook);
    expect(body.applied).toEqual([
      { no: 7, field: 'progress', unit: '城关镇' },
      { no: 7, field: 'status', unit: '城关镇' },
    ]);
    expect(body.rejected).toMatchObject([{ no: 7, field: 'goal' }]);
    const t7 = await officeTask(7);
    // The lead unit's words; the township's own report is pointed to in 进展明细.
    expect(t7.progress).toBe('县水利局：已完成截污工程。\n（另有1个单位报送，见进展明细）');
    expect(t7.byUnit['城关镇']?.progress).toBe('已排查排污口12个。');
  });

  it("refuses another unit's workbook, and a workbook from another ledger", async () => {
    const town = await unitSheetBytes(s, '城关镇');
    expect((await refusalOf(uploadOf(s, '县水利局', town))).status).toBe(403);

    const other = await testService();
    const elsewhere = await unitSheetBytes(other, '县水利局');
    await other.close();
    expect(await refusalOf(uploadOf(s, '县水利局', elsewhere))).toMatchObject({
      status: 409,
      message: expect.stringContaining('来自另一本台账'),
    });
  });

  it("records the conflict when the office changed a unit's value, and lets the office settle it", async () => {
    await waterReports();
    const base = (await answerOf(s.office.tasks.$get())).revision;
    await s.submit('office', {
      baseRevision: base,
      rows: [{ no: 7, unit: '县水利局', progress: '办公室更正：截污工程已完成80%。' }],
    });
    const unitSends = () =>
      s.submit('县水利局', { baseRevision: base, rows: [{ no: 7, progress: '截污工程全部完成。' }] });
    const body = await unitSends();
    expect(body.applied).toEqual([]);
    expect(body.conflicts).toMatchObject([
      {
        no: 7,
        field: 'progress',
        unit: '县水利局',
        base: '已完成截污工程。',
        master: '办公室更正：截污工程已完成80%。',
        masterBy: '办公室',
        incoming: '截污工程全部完成。',
        incomingBy: '县水利局',
      },
    ]);
    const again = await unitSends();
    const id = body.conflicts[0]!.id;
    expect(again.conflicts[0]!.id).toBe(id);
    expect((await answerOf(s.office.conflicts.$get({ query: {} }))).conflicts).toHaveLength(1);
    // It reported (something was taken) and waits on the office for the rest.
    expect((await unitsNow()).find((u) => u.name === '县水利局')).toMatchObject({ state: '已报', openConflicts: 1 });
    await answerOf(
      s.office.conflicts[':id'].resolve.$post({ param: { id: String(id) }, json: { value: '截污工程全部完成。' } }),
    );
    expect((await answerOf(s.office.conflicts.$get({ query: {} }))).conflicts).toEqual([]);
    expect((await officeTask(7)).byUnit['县水利局']?.progress).toBe('截污工程全部完成。');
  });

  it('keeps an audit trail per task, and the master rebuilds from the log', async () => {
    await waterReports();
    await s.submit('office', { baseRevision: 2, rows: [{ no: 7, unit: '县水利局', progress: '办公室核实。' }] });
    const history = await answerOf((await s.unit('县水利局')).history.$get({ query: { task: '7' } }));
    expect(history.changes.map((c) => `${c.actor}:${c.field}`)).toEqual(
      expect.arrayContaining(['导入:problem', '县水利局:progress', '办公室:progress']),
    );
    expect(await s.stored().cellsAt(await s.ledger.revision())).toEqual(await s.stored().cellsNow());
  });

  it('lists units with their state in the round, and opens a round only with a real, confirmed date', async () => {
    await s.submit('城关镇', { baseRevision: 1, rows: [{ no: 7, progress: '排查完毕。' }] });
    const before = await unitsNow();
    expect(before.find((u) => u.name === '城关镇')?.state).toBe('已报');
    expect(before.find((u) => u.name === '县林业局')?.state).toBe('未报');
    const open = (json: { period: string; deadline: string; confirmPast?: boolean }) => s.office.rounds.$post({ json });
    expect((await open({ period: '2019年7月', deadline: '2019-02-30' })).status).toBe(400);
    expect(await refusalOf(open({ period: '2019年7月', deadline: '2019-07-25' }))).toMatchObject({
      status: 422,
      message: expect.stringContaining('早于今天'),
    });
    expect((await open({ period: '2019年7月', deadline: '2019-07-25', confirmPast: true })).status).toBe(200);
    expect((await open({ period: '2019年8月', deadline: '2019-08-25' })).status).toBe(409);
    // A new round: what 城关镇 sent before it does not count.
    expect((await unitsNow()).find((u) => u.name === '城关镇')?.state).toBe('未报');
  });
});

describe('bad input stores nothing', () => {
  it('answers malformed JSON with 400, other media with 415, oversized bodies with 413', async () => {
    const revision = await s.ledger.revision();
    const bad = await s.asUnit('县水利局', '/api/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"baseRevision": 1, "rows": [',
    });
    expect(bad.status).toBe(400);
    expect(
      (
        await s.asUnit('县水利局', '/api/submissions', {
          method: 'POST',
          headers: { 'content-type': 'text/csv' },
          body: 'a,b',
        })
      ).status,
    ).toBe(415);
    const big = s.submit('县水利局', { baseRevision: 1, rows: [{ no: 7, remarks: 'x'.repeat(3 * 1024 * 1024) }] });
    expect((await refusalOf(big)).status).toBe(413);
    expect(await s.ledger.revision()).toBe(revision);
  });

  it('names the format of a non-xlsx upload with 415', async () => {
    const csv = new TextEncoder().encode('序号,反馈问题\n7,问题\n');
    expect(await refusalOf(uploadOf(s, '县水利局', csv))).toMatchObject({
      status: 415,
      message: expect.stringContaining('CSV'),
    });
  });

  it("rejects text Excel would run as a formula, with the rule's message", async () => {
    for (const remarks of ['=HYPERLINK("http://x","点我")', '@SUM(1)']) {
      const res = await s.submit('office', { baseRevision: 1, rows: [{ no: 3, remarks }] });
      expect(res.rejected[0]!.reason).toContain('公式');
    }
    expect(await s.ledger.revision()).toBe(1);
  });

  it('answers every malformed request in one shape: the code, and the field named', async () => {
    const history = await s.asOffice('/api/history?task=abc');
    expect(history.status).toBe(400);
    expect((await history.json()).error).toMatchObject({
      code: 'bad-request',
      message: expect.stringContaining('task'),
    });
    const round = await s.asOffice('/api/rounds', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"deadline":',
    });
    const submission = await s.asOffice('/api/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"rows":',
    });
    for (const res of [round, submission]) {
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe('malformed-json');
    }
    const missing = await s.asOffice('/api/submissions', s.json({ rows: [] }));
    expect((await missing.json()).error.message).toContain('baseRevision');
  });

  it('describes the API from the same schemas that validate it', async () => {
    const doc = await (await s.call('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/submissions',
        '/tasks',
        '/history',
        '/units/{unit}/sheet.xlsx',
        '/conflicts/{id}/resolve',
        '/round',
        '/master.xlsx',
      ]),
    );
    const row = doc.components.schemas.Row;
    expect(row.properties.progress).toMatchObject({ type: 'string', maxLength: 32767 });
    expect(doc.components.schemas.SubmissionBody.properties.rows.maxItems).toBe(5000);
    // The token is declared once for the document; health alone needs none. Every answer has a schema.
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/health'].get.security).toEqual([]);
    type Operation = { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };
    for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, Operation>>))
      for (const operation of Object.values(operations)) {
        for (const media of Object.values(operation.responses['200']?.content ?? {}))
          expect(media.schema, path).toBeDefined();
        // Behind the token, every route may answer 401 and 429, and says so.
        if (path !== '/health')
          expect(Object.keys(operation.responses), path).toEqual(expect.arrayContaining(['401', '429']));
      }
    expect(doc.paths['/ledgers/preview'].post.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/PlanPreview',
    });
  });

  it("takes a unit's phoned-in words entered by the office (办公室代填): the unit's report, attributed so", async () => {
    // Reported by phone in time: the deadline still ahead of the service's clock.
    await answerOf(s.office.rounds.$post({ json: { period: '2019年7月', deadline: '2099-08-05' } }));
    const answer = await s.submit('office', {
      baseRevision: await s.ledger.revision(),
      onBehalfOf: '水利局',
      rows: [
        { no: 7, progress: '电话报送：截污管网已铺设2公里。', status: '正在推进' },
        { no: 24, progress: '不是它的任务' },
      ],
      reporter: { name: '李科长', phone: '0379-6688' },
    });
    expect(answer.applied).toEqual([
      { no: 7, field: 'progress', unit: '县水利局' },
      { no: 7, field: 'status', unit: '县水利局' },
    ]);
    expect(answer.rejected[0]!.reason).toContain('不是县水利局牵头或负责的任务');
    const water = (await unitsNow()).find((u) => u.name === '县水利局');
    expect(water?.state).toBe('已报');
    expect(water?.reporter).toBe('李科长（办公室代填） 0379-6688');
    const history = await answerOf(s.office.history.$get({ query: { task: '7' } }));
    expect(history.changes.at(-1)?.actor).toBe('县水利局（办公室代填）');
    const own = (await answerOf((await s.unit('县水利局')).tasks.$get())).tasks.find((t) => t.no === 7);
    expect(own?.byUnit['县水利局']?.progress).toBe('电话报送：截污管网已铺设2公里。');

    const byUnit = s.submit('城关镇', { baseRevision: 1, onBehalfOf: '县水利局', rows: [] });
    expect((await refusalOf(byUnit)).status).toBe(403);
  });
});
