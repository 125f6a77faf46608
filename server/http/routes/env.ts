/** What every route file gets, and what the middleware sets for each request. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Actor } from '../../../core/policy.ts';
import type { ChaseSender } from '../../integrations/chase-bot.ts';
import type { Scoring } from '../../cases/scoring.ts';
import type { Submitting } from '../../cases/submitting.ts';
import type { SupervisionDesk } from '../../cases/supervision.ts';
import type { County } from '../../cases/county.ts';
import type { Ledger } from '../../cases/ledger.ts';
import type { ParsePool } from '../../formats/workbook/parse-pool.ts';
import type { WriteLimiter } from '../write-limits.ts';

export interface RouteDeps {
  county: County;
  pool: ParsePool;
  /** Today, for colours and overdue states; a request may ask for another date with ?today=. */
  today: () => string;
  maxBodyBytes: number;
  /** The address units reach (PUBLIC_URL, else the service's own): in sign-in links and the manifest. */
  publicUrl: string;
  /** PUBLIC_URL was set: without it, links name only the service's own address. */
  publicUrlSet: boolean;
  trustedProxies: number;
  /** 催报 to the group bot. */
  chase: ChaseSender;
  /** How often a unit may write. */
  writes: WriteLimiter;
  /** How often a unit may attach an evidence file. */
  attachments: WriteLimiter;
  /** The office that signs the round's report (落款); empty when not set. */
  officeName: string;
  /** 预警, 督办单 and 批示. */
  supervision: SupervisionDesk;
  /** 通报 scores and their rule table. */
  scoring: Scoring;
  /** Submissions as they arrive, JSON or a workbook. */
  submitting: Submitting;
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
