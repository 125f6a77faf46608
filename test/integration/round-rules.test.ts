/**
 * The round's rules, pinned one by one, on the service's own clock: each is a line of code that
 * could change without any other test noticing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parsePlan } from '../../core/plan.ts';
import { clock } from '../../server/clock.ts';
import { answerOf } from '../../server/http/client.ts';
import { clientOf, OFFICE_TOKEN, servicePerTest } from '../helpers/service.ts';
import { seedPlanText } from '../helpers/seed.ts';
import { taskOf } from '../helpers/sheets.ts';

const service = servicePerTest();
const WATER = '县水利局';
type Service = Awaited<ReturnType<typeof service>>;

/** The clock at noon, China time, of a day. */
const at = (day: string) => (clock.now = () => new Date(`${day}T12:00:00+08:00`));
afterEach(() => {
  clock.now = () => new Date();
});

const openRound = (s: Service, period: string, deadline: string) =>
  answerOf(s.office.rounds.$post({ json: { period, deadline, confirmPast: true } }));
const closeRound = (s: Service, id: string) => answerOf(s.office.rounds[':id'].close.$post({ param: { id } }));
const report = async (s: Service, no: number, progress: string) =>
  s.submit(WATER, { baseRevision: await s.ledger.revision(), rows: [{ no, progress }] });
const stateOf = async (s: Service, unit = WATER) =>
  (await answerOf(s.office.units.$get({ query: {} }))).units.find((u) => u.name === unit)!.state;

describe('the round', () => {
  it('closes a county round in every ledger it covers', async () => {
    const s = await service();
    const plan = parsePlan(seedPlanText());
    const second = await s.county.createLedger(
      { title: '第二本台账', tasks: plan.tasks, source: 'test' },
      { kind: 'office' },
    );
    at('2019-10-25');
    const round = await openRound(s, '2019年10月', '2019-11-05');
    for (const ledger of s.county.ledgers()) expect((await ledger.currentRound())?.id).toBe(round.id);
    expect(s.county.ledgers()).toHaveLength(2);
    at('2019-11-06');
    await closeRound(s, round.id);
    for (const ledger of [s.ledger, second]) {
      expect(await ledger.currentRound()).toBeUndefined();
      expect((await ledger.rounds()).at(-1)).toMatchObject({ id: round.id, closedAt: expect.any(String) });
    }
  });

  it("counts only reports made before the round's close in its states", async () => {
    const s = await service();
    at('2019-10-25');
    const round = await openRound(s, '2019年10月', '2019-11-05');
    at('2019-11-06');
    await closeRound(s, round.id);
    at('2019-11-07');
    expect((await report(s, 7, '结束后才报的进展')).applied).toHaveLength(1);
    expect(await stateOf(s)).toBe('未报');
  });

  it('compares this month with the last closed round, not the first', async () => {
    const s = await service();
    for (const [n, month] of ['9', '10'].entries()) {
      at(`2019-${month.padStart(2, '0')}-20`);
      const round = await openRound(s, `2019年${month}月`, `2019-${month.padStart(2, '0')}-28`);
      await report(s, 7, `第${n + 1}轮的进展`);
      await closeRound(s, round.id);
    }
    at('2019-11-20');
    await openRound(s, '2019年11月', '2019-11-28');
    await report(s, 7, '本月的进展');
    const compared = await answerOf(s.office.compare.$get());
    expect(compared.period).toBe('2019年10月');
    const row = compared.rows.find((r) => r.no === 7)!;
    expect(row.before).toContain('第2轮的进展');
    expect(row.now).toContain('本月的进展');
  });

  it('marks a task unreported (orange) from the day after the deadline, not on the deadline day', async () => {
    const s = await service();
    at('2019-10-25');
    await openRound(s, '2019年10月', '2019-11-05');
    const unreported = async (today: string) =>
      (await answerOf(clientOf(s.appWith({ today: () => today }), OFFICE_TOKEN).tasks.$get())).tasks.find(
        (t) => t.no === 7,
      )!.unreported ?? false;
    expect(await unreported('2019-11-05')).toBe(false);
    expect(await unreported('2019-11-06')).toBe(true);
    at('2019-11-06');
    await report(s, 7, '补报的进展');
    expect(await unreported('2019-11-06')).toBe(false);
    expect((await taskOf(s, 7)).byUnit[WATER]!.progress).toBe('补报的进展');
  });
});
