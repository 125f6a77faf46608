/** What every route file gets: the ledger service, the upload parser and the judging date. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AuthEnv } from '../auth.ts';
import type { Ledger } from '../ledger.ts';
import type { ParsePool } from '../workbook/parse-pool.ts';

export interface RouteDeps {
  ledger: Ledger;
  pool: ParsePool;
  /** The judging date for colours and overdue states. */
  today: () => string;
  maxBodyBytes: number;
}

export type Api = OpenAPIHono<AuthEnv>;
