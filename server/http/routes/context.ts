/** Middleware that sets what a request works on: the judging date, and the ledger. */
import type { Context, MiddlewareHandler } from 'hono';
import { ownsTask } from '../../../core/merge.ts';
import { LedgerError } from '../../errors.ts';
import type { Ledger } from '../../cases/ledger.ts';
import type { Env } from './env.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A YYYY-MM-DD that names a day of the calendar (not 2019-13-01, not 2019-02-30). */
function isRealDate(text: string): boolean {
  const time = Date.parse(`${text}T00:00:00Z`);
  return ISO_DATE.test(text) && !Number.isNaN(time) && new Date(time).toISOString().startsWith(text);
}

/** ?today=YYYY-MM-DD judges colours and lateness as of that date ("what if"); stored data never changes. */
export function judgingDate(today: () => string): MiddlewareHandler<Env> {
  return async (c, next) => {
    const asked = c.req.query('today');
    if (asked !== undefined && !isRealDate(asked)) {
      throw new LedgerError(
        'bad-request',
        `判定日期“${asked}”不是有效日期，应为 YYYY-MM-DD。today must be a real YYYY-MM-DD date.`,
      );
    }
    c.set('today', asked ?? today());
    await next();
  };
}

/** The ledger a route works on; a unit sees only ledgers where it has tasks (others are not there for it). */
export function chooseLedger(pick: (c: Context<Env>) => Ledger | undefined): MiddlewareHandler<Env> {
  return async (c, next) => {
    const ledger = pick(c);
    const actor = c.get('actor');
    const visible = ledger && (actor.kind !== 'unit' || (await ledger.taskRefs()).some((t) => ownsTask(t, actor.unit)));
    if (!visible) throw new LedgerError('not-found', '没有这本台账，或者它不包含本单位的任务。No such ledger.');
    c.set('ledger', ledger);
    await next();
  };
}
