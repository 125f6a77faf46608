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

describe('closing a task off (销号)', () => {
  it('needs evidence, is asked for by a lead unit only, and the office approves it: 已销号 with who and when', async () => {
    const s = service();
    const ask = (unit: string) => s.asUnit(unit, '/api/tasks/13/closure', s.json({ note: '已全部整改到位' }));
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
  });

  it('waits for every lead unit, shows a returned request with its reason, and takes a new one', async () => {
    const s = service();
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
    const s = service();
    const res = await s.asUnit(
      ENV,
      '/api/submissions',
      s.json({ baseRevision: 1, rows: [{ no: 13, status: '已销号' }] }),
    );
    expect((await res.json()).rejected[0].reason).toContain('只能由办公室');
    expect((await taskOf(s, 13)).status).not.toBe('已销号');
  });
});
