/** 销号 as the plan prescribes it: a lead unit asks with evidence, every lead unit confirms, the office approves or returns. */
import { describe, expect, it } from 'vitest';
import { answerOf, attachEvidenceTo, submitRowsTo, type ApiClient } from '../../server/http/client.ts';
import { refusalOf, servicePerTest } from '../helpers/service.ts';

const service = servicePerTest();
type Service = Awaited<ReturnType<typeof service>>;
const ENV = '县环境保护局';
const TECH = '县科技和工业信息化局';

const pdf = (name = '验收报告.pdf') => new File([new TextEncoder().encode(`%PDF-1.4\n% ${name}\n`)], name);
const task = (no: number) => ({ param: { no: String(no) } });
const closure = (id: number) => ({ param: { id: String(id) } });

/** A unit's words on the ledger, as the office reads them. */
async function taskOf(s: Service, no: number) {
  return (await answerOf(s.office.tasks.$get())).tasks.find((t) => t.no === no)!;
}

/** A unit of the test's service: it reports 已完成, attaches evidence, asks for and confirms 销号. */
async function unitOf(s: Service, name: string) {
  const client: ApiClient = await s.unit(name);
  return {
    client,
    done: async (no: number) =>
      answerOf(
        submitRowsTo(client, s.ledger.ledgerId, {
          baseRevision: await s.ledger.revision(),
          rows: [{ no, status: '已完成' }],
        }),
      ),
    attach: (no: number, name?: string) => answerOf(attachEvidenceTo(client, s.ledger.ledgerId, no, pdf(name))),
    ask: (no: number, note = '') => client.tasks[':no'].closure.$post({ ...task(no), json: { note } }),
    closures: async () => (await answerOf(client.closures.$get())).closures,
  };
}

describe('closing a task off (销号)', () => {
  it('needs the unit to report 已完成 and attach evidence, is asked for by a lead unit only, and the office approves it', async () => {
    const s = await service();
    const env = await unitOf(s, ENV);
    await env.attach(13, '整改前照片.pdf');
    expect(await refusalOf(env.ask(13, '已全部整改到位'))).toMatchObject({
      status: 422,
      message: expect.stringContaining('请先把本单位的完成状态填为“已完成”'),
    });
    await env.done(13);
    expect((await env.ask(13, '已全部整改到位')).status).toBe(200);
  });

  it('needs evidence from the units that answer for the task', async () => {
    const s = await service();
    const env = await unitOf(s, ENV);
    const town = await unitOf(s, '城关镇');
    await env.done(13);
    await town.done(13);
    expect(await refusalOf(env.ask(13))).toMatchObject({
      status: 422,
      message: expect.stringContaining('请先上传佐证材料'),
    });
    expect((await town.ask(13)).status).toBe(403); // a responsible unit, not the lead
    await env.attach(13);
    const asked = await answerOf(env.ask(13, '已全部整改到位'));
    expect(asked).toMatchObject({ no: 13, state: '待审核', requestedBy: ENV, waitingFor: [] });
    expect((await env.ask(13)).status).toBe(409); // one request at a time
    expect((await env.client.closures[':id'].approve.$post(closure(asked.id))).status).toBe(403);
    const approved = await answerOf(s.office.closures[':id'].approve.$post(closure(asked.id)));
    expect(approved).toMatchObject({ state: '已销号', decidedBy: '办公室' });
    expect(approved.decidedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await taskOf(s, 13)).status).toBe('已销号');
    const { changes } = await answerOf(s.office.history.$get({ query: { task: '13' } }));
    expect(changes.at(-1)).toMatchObject({ actor: '办公室', field: 'status', value: '已销号' });
    expect(await refusalOf(env.ask(13))).toMatchObject({
      status: 409,
      message: expect.stringContaining('已销号，不能再次申请'),
    });
  });

  it('is read by the office and the units on the task, not by a unit off it', async () => {
    const s = await service();
    const env = await unitOf(s, ENV);
    await env.done(13);
    await env.attach(13);
    const asked = await answerOf(env.ask(13));
    const seen = (closures: { id: number }[]) => closures.some((c) => c.id === asked.id);
    expect(seen((await answerOf(s.office.closures.$get())).closures)).toBe(true);
    expect(seen(await env.closures())).toBe(true); // lead
    expect(seen(await (await unitOf(s, '城关镇')).closures())).toBe(true); // responsible
    expect(seen(await (await unitOf(s, '县林业局')).closures())).toBe(false);
  });

  it("refuses a unit's later edit of a task closed off, with the reason, and applies nothing", async () => {
    const s = await service();
    const env = await unitOf(s, ENV);
    await env.done(13);
    await env.attach(13);
    const asked = await answerOf(env.ask(13));
    await answerOf(s.office.closures[':id'].approve.$post(closure(asked.id)));
    const revision = await s.ledger.revision();
    const later = await answerOf(
      submitRowsTo(env.client, s.ledger.ledgerId, {
        baseRevision: revision,
        rows: [{ no: 13, progress: '又发现问题' }],
      }),
    );
    expect(later.applied).toEqual([]);
    expect(later.rejected).toMatchObject([{ no: 13, field: 'progress' }]);
    expect(later.rejected[0]?.reason).toContain('已由办公室销号');
    expect(await s.ledger.revision()).toBe(revision);
    expect((await taskOf(s, 13)).byUnit[ENV]?.progress).toBe('');
  });

  it('sends a request for a task without lead units straight to the office, without waiting for the other units', async () => {
    const s = await service();
    const market = await unitOf(s, '县市场监督管理局'); // task 24 has no lead unit: three responsible units
    await market.done(24);
    await market.attach(24);
    const asked = await answerOf(market.ask(24, '已整改'));
    expect(asked).toMatchObject({ state: '待审核', waitingFor: [] });
    const police = await unitOf(s, '县公安局');
    expect((await police.client.closures[':id'].approve.$post(closure(asked.id))).status).toBe(403);
    expect((await answerOf(s.office.closures[':id'].approve.$post(closure(asked.id)))).state).toBe('已销号');
    expect((await taskOf(s, 24)).status).toBe('已销号');
  });

  it('waits for every lead unit, shows a returned request with its reason, and takes a new one', async () => {
    const s = await service();
    const env = await unitOf(s, ENV);
    const tech = await unitOf(s, TECH);
    await env.done(12);
    await tech.done(12);
    await env.attach(12);
    const asked = await answerOf(env.ask(12));
    expect(asked).toMatchObject({ state: '待确认', waitingFor: [TECH] });
    expect((await s.office.closures[':id'].approve.$post(closure(asked.id))).status).toBe(409);
    const confirmed = await answerOf(tech.client.closures[':id'].confirm.$post(closure(asked.id)));
    expect(confirmed).toMatchObject({ state: '待审核', waitingFor: [] });
    const back = await answerOf(
      s.office.closures[':id'].return.$post({ ...closure(asked.id), json: { reason: '缺少验收报告原件' } }),
    );
    expect(back).toMatchObject({ state: '已退回', reason: '缺少验收报告原件' });
    expect(await tech.closures()).toMatchObject([{ no: 12, state: '已退回', reason: '缺少验收报告原件' }]);
    expect(await (await unitOf(s, '县林业局')).closures()).toEqual([]);

    const again = await answerOf(tech.ask(12, '补充了原件'));
    expect(again).toMatchObject({ state: '待确认', waitingFor: [ENV] });
    await answerOf(env.client.closures[':id'].confirm.$post(closure(again.id)));
    await answerOf(s.office.closures[':id'].approve.$post(closure(again.id)));
    const history = (await answerOf(s.office.closures.$get())).closures;
    expect(history.map((c) => c.state)).toEqual(['已退回', '已销号']);
    expect((await taskOf(s, 12)).status).toBe('已销号');
  });

  it('never lets a unit set 已销号 itself', async () => {
    const s = await service();
    const env = await unitOf(s, ENV);
    const answer = await answerOf(
      submitRowsTo(env.client, s.ledger.ledgerId, { baseRevision: 1, rows: [{ no: 13, status: '已销号' }] }),
    );
    expect(answer.rejected[0]?.reason).toContain('只能由办公室');
    expect((await taskOf(s, 13)).status).not.toBe('已销号');
  });
});
