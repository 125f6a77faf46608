/**
 * A database that blinked (stopped, restarted, unreachable, out of connections) is an error of
 * the one family: 503 with Retry-After and a message, never a 500. The connection it broke is
 * dropped from the pool, so the next request connects afresh once the server is back.
 */
import { LedgerError } from '../errors.ts';

/** Seconds a client waits before trying again. */
const RETRY_AFTER = 5;

const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'EAI_AGAIN',
]);
// SQLSTATE: class 08 (connection exception), shutting down or starting up, too many connections.
const SERVER = /^(08...|57P0[123]|53300)$/;
const MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i;

/** Whether an error says the database could not be reached, rather than that a statement was wrong. */
export function lostDatabase(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    (typeof code === 'string' && (NETWORK.has(code) || SERVER.test(code))) ||
    (typeof message === 'string' && MESSAGE.test(message))
  );
}

export const databaseUnavailable = () =>
  new LedgerError(
    'store-unavailable',
    `数据库暂时无法访问，请${RETRY_AFTER}秒后再试；已提交成功的内容不会丢失。The database cannot be reached; try again shortly.`,
    RETRY_AFTER,
  );

/** The error as the family has it: a lost database becomes 503, anything else stays as it is. */
export const asOutage = (error: unknown): unknown => (lostDatabase(error) ? databaseUnavailable() : error);
