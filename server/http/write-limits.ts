/**
 * What one unit can write: a few submissions a minute (429 with Retry-After beyond), and a
 * bounded number per round. A clerk sends a handful a month; a script sending junk in a loop
 * is stopped before it grows the database.
 */
import type { MiddlewareHandler } from 'hono';
import { LedgerError } from '../errors.ts';
import { MemoryEvents, type RecentEvents } from '../store/recent-events.ts';
import type { Env } from './routes/env.ts';

export interface WriteLimitOptions {
  perWindow: number;
  windowMs: number;
  perRound: number;
}

export const WRITE_LIMITS: WriteLimitOptions = { perWindow: 20, windowMs: 60_000, perRound: 300 };

/**
 * Evidence files are counted apart from submissions: a clerk attaches a phone's 30 photos in one
 * go, and doing so never holds up the report itself. The bytes are bounded per report anyway.
 */
/** Between rounds, the round's bound holds over this long. */
const BETWEEN_ROUNDS_MS = 30 * 86_400_000;

export const ATTACH_LIMITS: WriteLimitOptions = { perWindow: 60, windowMs: 60_000, perRound: Infinity };

export class WriteLimiter {
  constructor(
    readonly options: WriteLimitOptions = WRITE_LIMITS,
    private readonly clock = () => Date.now(),
    private readonly writes: RecentEvents = new MemoryEvents(),
  ) {}

  /** Seconds this unit waits before its next write; 0 when it may write now (and the write is counted). */
  take(unit: string): Promise<number> {
    return this.writes.atomically(async () => {
      const now = this.clock();
      const kept = await this.writes.since(unit, now - this.options.windowMs + 1);
      if (kept.length >= this.options.perWindow)
        return Math.max(1, Math.ceil((kept[0]! + this.options.windowMs - now) / 1000));
      await this.writes.add(unit, now);
      return 0;
    });
  }
}

/** A unit's writes on this route, limited; the office's are not. */
export function limitWrites(limiter: WriteLimiter): MiddlewareHandler<Env> {
  return async (c, next) => {
    const actor = c.get('actor');
    if (c.req.method !== 'POST' || actor.kind !== 'unit') return next();
    await throttle(limiter, actor.unit, '提交');
    // Bounded per round, and between rounds per 30 days: what a unit stores never grows unchecked.
    const round = await c.var.ledger.currentRound();
    const since = round?.openedAt ?? new Date(Date.now() - BETWEEN_ROUNDS_MS).toISOString();
    const sent = await c.var.ledger.submissionsSince(actor.unit, since);
    if (sent >= limiter.options.perRound)
      throw new LedgerError(
        'too-many-writes',
        `${actor.unit}${round ? '本轮' : '近30天'}已提交${sent}次，达到上限：如还需修改，请联系办公室。` +
          'This unit has reached the limit of submissions for the round (or 30 days between rounds).',
      );
    return next();
  };
}

/** A unit's evidence files, limited per minute; the office's are not. */
export function limitAttachments(limiter: WriteLimiter): MiddlewareHandler<Env> {
  return async (c, next) => {
    const actor = c.get('actor');
    if (c.req.method === 'POST' && actor.kind === 'unit') await throttle(limiter, actor.unit, '上传佐证材料');
    return next();
  };
}

async function throttle(limiter: WriteLimiter, unit: string, what: string): Promise<void> {
  const wait = await limiter.take(unit);
  if (wait > 0)
    throw new LedgerError(
      'too-many-writes',
      `${unit}${what}得太频繁，请${wait}秒后再试。Too many ${what === '提交' ? 'submissions' : 'files'}; try again shortly.`,
      wait,
    );
}
