/**
 * One family for every error a user can cause: a stable code and a message in Chinese, then
 * English. The HTTP status of each code is in one table, used by app.onError; the CLI prints
 * the message and exits 2.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const ERROR_STATUS = {
  'bad-request': 400,
  'malformed-json': 400,
  unauthorized: 401,
  forbidden: 403,
  'unit-sheet-required': 403,
  'not-found': 404,
  'other-ledger': 409,
  'already-settled': 409,
  'last-office-access': 409,
  'round-open': 409,
  'round-closed': 409,
  'closure-state': 409,
  'supervision-state': 409,
  'task-closed': 409,
  'quiet-hours': 409,
  'past-deadline': 422,
  'evidence-required': 422,
  'not-finished': 422,
  'webhook-failed': 502,
  'too-large': 413,
  'too-many-rows': 413,
  'unsupported-media-type': 415,
  'not-xlsx': 415,
  encrypted: 415,
  truncated: 400,
  corrupt: 400,
  'no-table': 422,
  ambiguous: 422,
  'sheets-differ': 422,
  'foreign-stamp': 422,
  'too-long': 422,
  'unknown-unit': 422,
  'roster-clash': 422,
  'group-in-use': 409,
  'value-refused': 422,
  'too-many-attempts': 429,
  busy: 429,
  'too-many-writes': 429,
  'converter-busy': 503,
  'store-unavailable': 503,
  stopping: 503,
  'not-a-plan': 422,
  'file-missing': 400,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class LedgerError extends Error {
  override name = 'LedgerError';
  constructor(
    readonly code: ErrorCode,
    /** Chinese first, English after: "……。 …." */
    message: string,
    /** Seconds to wait before trying again, sent as Retry-After. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }

  get status(): ContentfulStatusCode {
    return ERROR_STATUS[this.code];
  }
}
