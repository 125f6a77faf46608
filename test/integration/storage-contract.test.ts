/**
 * The storage contract: the same month of a county, through the API, on SQLite (the embedded
 * default) and on PostgreSQL (a city's or province's server). Each engine must keep every rule:
 * the merge and its conflicts, versions of a copy, rounds, 销号 with evidence, access, the log
 * the master rebuilds from, and concurrent submissions.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PgStorage } from '../../server/store/postgres-storage.ts';
import type { Storage } from '../../server/store/storage.ts';
import { freshDatabase } from '../helpers/postgres.ts';
import { answerOf, attachEvidenceTo, submitRowsTo } from '../../server/http/client.ts';
import { clientOf, refusalOf, testService } from '../helpers/service.ts';
import { loadWorkbook, bytesOf, rowOfTask, taskOf, UNIT_COLUMN, unitWorkbook, uploadAs } from '../helpers/sheets.ts';
import { SEED_TOWNSHIPS } from '../helpers/seed.ts';

const WATER = '县水利局';
const ENV = '县环境保护局';

const engines: [string, () => Promise<Storage | undefined>][] = [
  ['SQLite', async () => undefined],
  ['PostgreSQL', async () => PgStorage.connect(await freshDatabase(), 'contract')],
];

describe.each(engines)('storage contract on %s', (engine, storage) => {
  const open: Awaited<ReturnType<typeof testService>>[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  const service = async () => {
    const where = await storage();
    const s = await testService('2019-08-01', undefined, where ? { storage: where } : {});
    open.push(s);
    return s;
  };

  it('says which database it is on', async () => {
    const s = await service();
    const health = await answerOf(s.office.health.$get());
    expect(health.storage.database).toBe(engine === 'SQLite' ? 'sqlite' : 'postgresql');
    expect(health.revision).toBe(1);
  });

  it('merges cell by cell: applies, opens a conflict on a cell the office changed, settles it, and rebuilds from the log', async () => {
    const s = await service();
    const first = await s.submit(WATER, { baseRevision: 1, rows: [{ no: 7, progress: '水利局第一次' }] });
    expect(first.applied).toEqual([{ no: 7, field: 'progress', unit: WATER }]);
    await s.submit('office', { baseRevision: first.revision, rows: [{ no: 7, unit: WATER, progress: '办公室改写' }] });
    const second = () => s.submit(WATER, { baseRevision: first.revision, rows: [{ no: 7, progress: '水利局第二次' }] });
    const stale = await second();
    expect(stale.applied).toEqual([]);
    expect(stale.conflicts).toHaveLength(1);
    // The same value sent again joins the open conflict, never a second one.
    expect((await second()).conflicts[0]?.id).toBe(stale.conflicts[0]?.id);
    const conflicts = async () => (await answerOf(s.office.conflicts.$get({ query: {} }))).conflicts;
    const open = await conflicts();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ no: 7, incoming: '水利局第二次', master: '办公室改写', incomingBy: WATER });
    const settled = await answerOf(
      s.office.conflicts[':id'].resolve.$post({ param: { id: String(open[0]!.id) }, json: { value: '水利局第二次' } }),
    );
    expect(settled.conflict.resolvedBy).toBe('办公室');
    expect(await conflicts()).toEqual([]);
    expect((await taskOf(s, 7)).byUnit[WATER]!.progress).toBe('水利局第二次');
    const { changes } = await answerOf((await s.unit(WATER)).history.$get({ query: { task: '7' } }));
    expect(changes.map((c) => `${c.actor}:${c.field}`)).toEqual(
      expect.arrayContaining(['导入:problem', `${WATER}:progress`, '办公室:progress']),
    );
    const store = s.stored();
    expect(await store.cellsAt(await s.ledger.revision())).toEqual(await store.cellsNow());
  });

  it('gives a task to the unit the office names, from the next report on, and takes it from the one it drops', async () => {
    const s = await service();
    const report = async (no: number, progress: string) =>
      (await s.submit(WATER, { baseRevision: await s.ledger.revision(), rows: [{ no, progress }] })).applied;
    const reassign = async (row: { no: number; units?: string; leadUnits?: string }) =>
      s.submit('office', { baseRevision: await s.ledger.revision(), rows: [row] });
    expect(await report(7, '七月进展')).toHaveLength(1);
    const { tasks } = await answerOf(s.office.tasks.$get());
    const other = tasks.find((t) => !t.units.includes('水利局') && !t.units.includes('各'))!;
    expect(await report(other.no, '不该收下')).toEqual([]);
    await reassign({ no: other.no, units: `${other.units}、${WATER}` });
    expect(await report(other.no, '接手后的进展')).toHaveLength(1);
    await reassign({ no: 7, leadUnits: ENV });
    expect(await report(7, '已不归水利局')).toEqual([]);
  });

  it("takes a unit's workbook, and an older version of the same copy changes nothing", async () => {
    const s = await service();
    const download = await unitWorkbook(s, WATER);
    const saved = async (from: typeof download, no: number, text: string, at: string) => {
      const file = await loadWorkbook(await bytesOf(from));
      const sheet = file.getWorksheet('整改台账')!;
      sheet.getCell(rowOfTask(sheet, no), UNIT_COLUMN.progress).value = text;
      file.modified = new Date(at);
      return file;
    };
    const f1 = await saved(download, 7, '九月进展', '2019-09-25T02:00:00Z');
    const f2 = await saved(f1, 8, '月底进展', '2019-09-30T02:00:00Z');
    expect((await uploadAs(s, WATER, f1)).applied).toHaveLength(1);
    expect((await uploadAs(s, WATER, f2)).applied).toEqual([{ no: 8, field: 'progress', unit: WATER }]);
    const revision = await s.ledger.revision();
    const older = await uploadAs(s, WATER, f1);
    expect(older.applied).toEqual([]);
    expect(older.warnings.join('\n')).toContain('较早');
    expect(await s.ledger.revision()).toBe(revision);
    expect((await taskOf(s, 8)).byUnit[WATER]!.progress).toBe('月底进展');
  });

  it('keeps a round: who reported, the close with its snapshot, and the round workbook', async () => {
    const s = await service();
    const round = await answerOf(s.office.rounds.$post({ json: { period: '2019年8月', deadline: '2099-12-31' } }));
    await s.submit(WATER, { baseRevision: 1, rows: [{ no: 7, progress: '八月进展' }] });
    const { units } = await answerOf(s.office.units.$get({ query: {} }));
    expect(units.find((u) => u.name === WATER)?.state).toBe('已报');
    expect(units.find((u) => u.name === '城关镇')?.state).toBe('未报');
    await answerOf(s.office.rounds[':id'].close.$post({ param: { id: round.id } }));
    const { rounds } = await answerOf(s.office.rounds.$get());
    expect(rounds).toEqual([expect.objectContaining({ id: round.id, closedAt: expect.any(String) })]);
    const frozen = await s.office.rounds[':id']['master.xlsx'].$get({ param: { id: round.id } });
    expect(frozen.status).toBe(200);
    const workbook = await loadWorkbook(new Uint8Array(await frozen.arrayBuffer()));
    expect(workbook.getWorksheet('整改台账')).toBeDefined();
    // A report after the close belongs to no closed round.
    await s.submit(WATER, { baseRevision: 2, rows: [{ no: 7, progress: '九月进展' }] });
    const snapshot = await s.ledger.roundSnapshot(round.id);
    expect(snapshot?.views.find((v) => v.no === 7)?.byUnit[WATER]?.progress).toBe('八月进展');
  });

  it('closes a task off against evidence, and keeps the evidence row and its bytes', async () => {
    const s = await service();
    const env = await s.unit(ENV);
    const pdf = new File([new TextEncoder().encode('%PDF-1.4\n% 验收报告\n')], '验收报告.pdf');
    const attached = await answerOf(attachEvidenceTo(env, s.ledger.ledgerId, 13, pdf));
    expect(attached).toMatchObject({ name: '验收报告.pdf', unit: ENV });
    await s.submit(ENV, { baseRevision: 1, rows: [{ no: 13, status: '已完成' }] });
    const asked = await answerOf(env.tasks[':no'].closure.$post({ param: { no: '13' }, json: { note: '已整改到位' } }));
    expect(asked).toMatchObject({ state: '待审核', waitingFor: [] });
    const approved = await answerOf(s.office.closures[':id'].approve.$post({ param: { id: String(asked.id) } }));
    expect(approved.state).toBe('已销号');
    expect((await taskOf(s, 13)).status).toBe('已销号');
    const file = await s.office.evidence[':id'].$get({ param: { id: String(attached.id) } });
    expect(new TextDecoder().decode(await file.arrayBuffer())).toContain('验收报告');
  });

  it("counts a unit's own submissions since an instant, as the write limit reads them", async () => {
    const s = await service();
    const before = new Date(Date.now() - 1000).toISOString();
    await s.submit(WATER, { baseRevision: 1, rows: [{ no: 7, progress: '第一次' }] });
    await s.submit(WATER, { baseRevision: await s.ledger.revision(), rows: [{ no: 7, progress: '第二次' }] });
    await s.submit('城关镇', { baseRevision: await s.ledger.revision(), rows: [{ no: 7, progress: '镇里' }] });
    expect(await s.ledger.submissionsSince(WATER, before)).toBe(2);
    expect(await s.ledger.submissionsSince('城关镇', before)).toBe(1);
    expect(await s.ledger.submissionsSince(WATER, new Date(Date.now() + 60_000).toISOString())).toBe(0);
  });

  it('issues and revokes access, and refuses a revoked token', async () => {
    const s = await service();
    const issued = await answerOf(s.office.access.units.$post({ json: { unit: '水利局', label: '手机' } }));
    expect(issued.unit).toBe(WATER);
    const call = () => clientOf(s.app, issued.token).tasks.$get();
    expect((await call()).status).toBe(200);
    await answerOf(s.office.access[':id'].revoke.$post({ param: { id: String(issued.id) } }));
    expect((await call()).status).toBe(401);
    const { access } = await answerOf(s.office.access.$get());
    expect(access.find((a) => a.id === issued.id)?.revoked_by).toBe('办公室');
  });

  it("keeps every township's report when all fourteen post at once, each write one transaction", async () => {
    const s = await service();
    const towns = await Promise.all(SEED_TOWNSHIPS.map((town) => s.unit(town)));
    const answers = await Promise.all(
      SEED_TOWNSHIPS.map((town, i) =>
        answerOf(
          submitRowsTo(towns[i]!, s.ledger.ledgerId, {
            baseRevision: 1,
            rows: [{ no: 3, progress: `${town}已部署。`, status: '正在推进' }],
          }),
        ),
      ),
    );
    expect(answers.map((a) => a.applied.length)).toEqual(SEED_TOWNSHIPS.map(() => 2));
    const task = await taskOf(s, 3);
    for (const town of SEED_TOWNSHIPS) expect(task.byUnit[town]!.progress).toBe(`${town}已部署。`);
    // Fourteen revisions, one per township, none lost or doubled.
    expect(await s.ledger.revision()).toBe(1 + SEED_TOWNSHIPS.length);
  });

  it('takes no NUL or hidden character into a reporter, a device label, a staff name or the roster', async () => {
    const s = await service();
    await s.submit(WATER, {
      baseRevision: 1,
      rows: [{ no: 7, progress: '进展' }],
      reporter: { name: '张\u0000三', phone: '1380\u0000' },
    });
    const { units } = await answerOf(s.office.units.$get({ query: {} }));
    expect(units.find((u) => u.name === WATER)?.reporter).toBe('张三 1380');

    const label = s.office.access.units.$post({ json: { unit: WATER, label: '手机\u0000' } });
    expect(await refusalOf(label)).toMatchObject({
      status: 400,
      message: expect.stringContaining('设备名称“手机[U+0000]”'),
    });
    const person = s.office.access.office.$post({ json: { person: '李\u202e四' } });
    expect(await refusalOf(person)).toMatchObject({ status: 400, message: expect.stringContaining('看不见') });

    const roster = await answerOf(s.office.roster.$get());
    roster.units.push({ name: '县水\u200b利局', kind: 'government' });
    const saved = s.office.roster.$put({ query: {}, json: roster });
    expect(await refusalOf(saved)).toMatchObject({ status: 422, message: expect.stringContaining('县水[U+200B]利局') });
  });

  it("loads a cell's history from the submission's base on, so an upload costs the same in month 12 as in month 1", async () => {
    const s = await service();
    for (let n = 1; n <= 12; n++)
      await s.submit(WATER, { baseRevision: await s.ledger.revision(), rows: [{ no: 7, progress: `第${n}月` }] });
    const store = s.stored();
    const refs = await s.ledger.taskRefs();
    const key = { taskId: refs.find((t) => t.no === 7)!.id, unit: WATER, field: 'progress' as const };
    const latest = await s.ledger.revision();
    const seen = (base: number) =>
      store.withMaster(
        refs,
        (view) => [view.current(key)?.value, view.at(key, latest - 1)?.value, view.at(key, 2)?.value],
        base,
      );
    // From the start: the whole year. From last month's base: that month's value and what came after, no more.
    expect(await seen(0)).toEqual(['第12月', '第11月', '第1月']);
    expect(await seen(latest - 1)).toEqual(['第12月', '第11月', undefined]);
  });
});
