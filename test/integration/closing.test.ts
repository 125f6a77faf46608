/** 销号 as the plan prescribes it: a lead unit asks with evidence, every lead unit confirms, the office approves or returns. */
import { describe, expect, it } from 'vitest';
import { servicePerTest } from '../helpers/service.ts';
import { taskOf } from '../helpers/sheets.ts';

const service = servicePerTest();
const ENV = '县环境保护局';
const TECH = '县科技和工业信息化局';

function evidence(name = '验收报告.pdf'): RequestInit {
  const form = new FormData();
  form.set('file', new File([new TextEncoder().encode(`%PDF-1.4\n% ${name}\n`)], name));
  return { method: 'POST', body: form };
}

/** The unit reports the task 已完成, as it must before asking for 销号. */
const done = async (s: Awaited<ReturnType<typeof service>>, unit: string, no: number) =>
  s.asUnit(
    unit,
    '/api/submissions',
    s.json({ baseRevision: await s.ledger.revision(), rows: [{ no, status: '已完成' }] }),
  );

describe('closing a task off (销号)', () => {
  it('needs the unit to report 已完成 and attach evidence, is asked for by a lead unit only, and the office approves it', async () => {
    const s = await service();
    const ask = (unit: string) => s.asUnit(unit, '/api/tasks/13/closure', s.json({ note: '已全部整改到位' }));
    await s.asUnit(ENV, '/api/tasks/13/evidence', evidence('整改前照片.pdf'));
    const early = await ask(ENV);
    expect(early.status).toBe(422);
    expect((await early.json()).error.message).toContain('请先把本单位的完成状态填为“已完成”');
    await done(s, ENV, 13);
    expect((await ask(ENV)).status).toBe(200);
  });

  it('needs evidence from the units that answer for the task', async () => {
    const s = await service();
    const ask = (unit: string) => s.asUnit(unit, '/api/tasks/13/closure', s.json({ note: '已全部整改到位' }));
    await done(s, ENV, 13);
    await done(s, '城关镇', 13);
    const none = await ask(ENV);
    expect(none.status).toBe(422);
    expect((await none.json()).error.message).toContain('请先上传佐证材料');
    expect((await ask('城关镇')).status).toBe(403); // a responsible unit, not the lead
    await s.asUnit(ENV, '/api/tasks/13/evidence', evidence());
    const asked = await (await ask(ENV)).json();
    expect(asked).toMatchObject({ no: 13, state: '待审核', requestedBy: ENV, waitingFor: [] });
    expect((await ask(ENV)).status).toBe(409); // one request at a time
    expect((await s.asUnit(ENV, `/api/closures/${asked.id}/approve`, { method: 'POST' })).status).toBe(403);
    const approved = await (await s.asOffice(`/api/closures/${asked.id}/approve`, { method: 'POST' })).json();
    expect(approved).toMatchObject({ state: '已销号', decidedBy: '办公室' });
    expect(approved.decidedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await taskOf(s, 13)).status).toBe('已销号');
    const log = (await (await s.asOffice('/api/history?task=13')).json()).changes;
    expect(log.at(-1)).toMatchObject({ actor: '办公室', field: 'status', value: '已销号' });

    const second = await ask(ENV);
    expect(second.status).toBe(409);
    expect((await second.json()).error.message).toContain('已销号，不能再次申请');
  });

  it('is read by the office and the units on the task, not by a unit off it', async () => {
    const s = await service();
    await done(s, ENV, 13);
    await s.asUnit(ENV, '/api/tasks/13/evidence', evidence());
    const asked = await (await s.asUnit(ENV, '/api/tasks/13/closure', s.json({ note: '' }))).json();
    const seen = async (read: Response | Promise<Response>) =>
      ((await (await read).json()).closures as { id: number }[]).some((c) => c.id === asked.id);
    expect(await seen(s.asOffice('/api/closures'))).toBe(true);
    expect(await seen(s.asUnit(ENV, '/api/closures'))).toBe(true); // lead
    expect(await seen(s.asUnit('城关镇', '/api/closures'))).toBe(true); // responsible
    expect(await seen(s.asUnit('县林业局', '/api/closures'))).toBe(false);
  });

  it("refuses a unit's later edit of a task closed off, with the reason, and applies nothing", async () => {
    const s = await service();
    await done(s, ENV, 13);
    await s.asUnit(ENV, '/api/tasks/13/evidence', evidence());
    const asked = await (await s.asUnit(ENV, '/api/tasks/13/closure', s.json({ note: '' }))).json();
    await s.asOffice(`/api/closures/${asked.id}/approve`, { method: 'POST' });
    const revision = await s.ledger.revision();
    const later = await (
      await s.asUnit(
        ENV,
        '/api/submissions',
        s.json({ baseRevision: revision, rows: [{ no: 13, progress: '又发现问题' }] }),
      )
    ).json();
    expect(later.applied).toEqual([]);
    expect(later.rejected).toMatchObject([{ no: 13, field: 'progress' }]);
    expect(later.rejected[0].reason).toContain('已由办公室销号');
    expect(await s.ledger.revision()).toBe(revision);
    expect((await taskOf(s, 13)).byUnit[ENV].progress).toBe('');
  });

  it('sends a request for a task without lead units straight to the office, without waiting for the other units', async () => {
    const s = await service();
    const MARKET = '县市场监督管理局'; // task 24 has no lead unit: three responsible units
    await done(s, MARKET, 24);
    await s.asUnit(MARKET, '/api/tasks/24/evidence', evidence());
    const asked = await (await s.asUnit(MARKET, '/api/tasks/24/closure', s.json({ note: '已整改' }))).json();
    expect(asked).toMatchObject({ state: '待审核', waitingFor: [] });
    expect((await s.asUnit('县公安局', `/api/closures/${asked.id}/approve`, { method: 'POST' })).status).toBe(403);
    const approved = await (await s.asOffice(`/api/closures/${asked.id}/approve`, { method: 'POST' })).json();
    expect(approved.state).toBe('已销号');
    expect((await taskOf(s, 24)).status).toBe('已销号');
  });

  it('waits for every lead unit, shows a returned request with its reason, and takes a new one', async () => {
    const s = await service();
    await done(s, ENV, 12);
    await done(s, TECH, 12);
    await s.asUnit(ENV, '/api/tasks/12/evidence', evidence());
    const asked = await (await s.asUnit(ENV, '/api/tasks/12/closure', s.json({ note: '' }))).json();
    expect(asked).toMatchObject({ state: '待确认', waitingFor: [TECH] });
    expect((await s.asOffice(`/api/closures/${asked.id}/approve`, { method: 'POST' })).status).toBe(409);
    const confirmed = await (await s.asUnit(TECH, `/api/closures/${asked.id}/confirm`, { method: 'POST' })).json();
    expect(confirmed).toMatchObject({ state: '待审核', waitingFor: [] });
    const back = await s.asOffice(`/api/closures/${asked.id}/return`, s.json({ reason: '缺少验收报告原件' }));
    expect(await back.json()).toMatchObject({ state: '已退回', reason: '缺少验收报告原件' });
    const seen = (await (await s.asUnit(TECH, '/api/closures')).json()).closures;
    expect(seen).toMatchObject([{ no: 12, state: '已退回', reason: '缺少验收报告原件' }]);
    expect((await (await s.asUnit('县林业局', '/api/closures')).json()).closures).toEqual([]);

    const again = await (await s.asUnit(TECH, '/api/tasks/12/closure', s.json({ note: '补充了原件' }))).json();
    expect(again).toMatchObject({ state: '待确认', waitingFor: [ENV] });
    await s.asUnit(ENV, `/api/closures/${again.id}/confirm`, { method: 'POST' });
    await s.asOffice(`/api/closures/${again.id}/approve`, { method: 'POST' });
    const history = (await (await s.asOffice('/api/closures')).json()).closures;
    expect(history.map((c: { state: string }) => c.state)).toEqual(['已退回', '已销号']);
    expect((await taskOf(s, 12)).status).toBe('已销号');
  });

  it('never lets a unit set 已销号 itself', async () => {
    const s = await service();
    const res = await s.asUnit(
      ENV,
      '/api/submissions',
      s.json({ baseRevision: 1, rows: [{ no: 13, status: '已销号' }] }),
    );
    expect((await res.json()).rejected[0].reason).toContain('只能由办公室');
    expect((await taskOf(s, 13)).status).not.toBe('已销号');
  });
});
