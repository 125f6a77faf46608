/** What every route file gets, and what the middleware sets for each request. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Actor } from '../../core/policy.ts';
import type { ChaseSender } from '../chase.ts';
import type { County } from '../county.ts';
import type { Ledger } from '../ledger.ts';
import type { ParsePool } from '../workbook/parse-pool.ts';

export interface RouteDeps {
  county: County;
  pool: ParsePool;
  /** Today, for colours and overdue states; a request may ask for another date with ?today=. */
  today: () => string;
  maxBodyBytes: number;
  /** The address units reach the service at (PUBLIC_URL), else the request's own origin. */
  publicUrl: (c: Context<Env>) => string;
  trustProxy: boolean;
  /** 催报 to the group bot. */
  chase: ChaseSender;
}

export type Env = {
  Variables: {
    actor: Actor;
    /** The ledger a per-ledger route works on. */
    ledger: Ledger;
    /** The judging date of this request. */
    today: string;
  };
};

export type Api = OpenAPIHono<Env>;
