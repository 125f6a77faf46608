/**
 * The monthly round (月报) across the county's ledgers: the office opens one (a period, a
 * deadline, the ledgers it covers) and closes it, which freezes each ledger as it stood.
 */
import { randomUUID } from 'node:crypto';
import { actorName, type Actor } from '../../core/policy.ts';
import type { County } from './county.ts';
import { LedgerError } from '../errors.ts';
import type { RoundInfo } from './ledger.ts';
import { Scoring } from './scoring.ts';

export interface RoundRequest {
  /** What the round reports on, as the office writes it: 2019年10月. */
  period: string;
  deadline: string;
  /** The ledgers it covers; all by default. */
  ledgers?: string[];
  /** The office means a deadline before the judging date (a round entered late). */
  confirmPast?: boolean;
}

export interface CountyRound extends Omit<RoundInfo, 'openedBy' | 'closedBy'> {
  ledgers: { id: string; title: string }[];
}

/** Opens a round in every ledger it covers, or in none: each must have no round open. */
export async function openRound(county: County, request: RoundRequest, by: Actor, today: string): Promise<CountyRound> {
  if (request.deadline < today && !request.confirmPast) {
    throw new LedgerError(
      'past-deadline',
      `报送截止日期${request.deadline}早于今天（${today}）：如确是补开的一轮，请确认后再开启。The deadline is in the past; confirm to open the round anyway.`,
    );
  }
  const covered = request.ledgers?.length ? request.ledgers : county.ledgers().map((l) => l.ledgerId);
  const id = randomUUID().slice(0, 8);
  // One opener at a time in the county, in every process: the first write takes the county's
  // write lock, held while every ledger is checked and then opened.
  await county.store.transaction(async () => {
    await county.store.setMeta('round-opening', id);
    const ledgers = [];
    for (const ledgerId of covered) {
      const ledger = county.ledger(ledgerId);
      if (!ledger) throw new LedgerError('not-found', `没有编号为${ledgerId}的台账。No such ledger.`);
      await ledger.refuseIfRoundOpen();
      ledgers.push(ledger);
    }
    for (const ledger of ledgers)
      await ledger.openRound({ id, period: request.period, deadline: request.deadline }, by);
    await county.record(
      actorName(by),
      'round-opened',
      `${request.period}月报，截止${request.deadline}：${ledgers.map((l) => l.title).join('、')}`,
    );
  });
  return (await roundOf(county, id))!;
}

/** Closes a round in every ledger where it is open; each keeps its snapshot. */
export async function closeRound(county: County, id: string, by: Actor, today: string): Promise<CountyRound> {
  const round = await roundOf(county, id);
  if (!round) throw new LedgerError('not-found', `没有这一轮月报。No such round.`);
  if (round.closedAt)
    throw new LedgerError('round-closed', `${round.period}月报已于${round.closedAt}结束。The round is already closed.`);
  for (const ledger of county.ledgers())
    if ((await ledger.currentRound())?.id === id) {
      await ledger.closeRound(id, by, today);
      await new Scoring(county).freeze(ledger, id);
    }
  await county.record(actorName(by), 'round-closed', `${round.period}月报`);
  return (await roundOf(county, id))!;
}

/** Every round of the county, newest last, with the ledgers it covers. */
export async function countyRounds(county: County): Promise<CountyRound[]> {
  const byId = new Map<string, CountyRound & { closings: (string | null)[] }>();
  for (const ledger of county.ledgers()) {
    for (const r of await ledger.rounds()) {
      const entry = byId.get(r.id) ?? {
        id: r.id,
        period: r.period,
        deadline: r.deadline,
        openedAt: r.openedAt,
        closedAt: null,
        ledgers: [],
        closings: [],
      };
      entry.ledgers.push({ id: ledger.ledgerId, title: ledger.title });
      entry.closings.push(r.closedAt);
      byId.set(r.id, entry);
    }
  }
  // Closed when closed in every ledger it covers, at the last of them.
  return [...byId.values()]
    .map(({ closings, ...round }) => ({
      ...round,
      closedAt: closings.includes(null) ? null : ((closings as string[]).sort().at(-1) ?? null),
    }))
    .sort((a, b) => a.openedAt.localeCompare(b.openedAt));
}

async function roundOf(county: County, id: string): Promise<CountyRound | undefined> {
  return (await countyRounds(county)).find((r) => r.id === id);
}
