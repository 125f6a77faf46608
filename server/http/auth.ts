/**
 * Tokens: the office's and each unit's, stored as SHA-256 hashes and looked up by hash.
 * Guesses (tokens never issued) are limited per address; a valid token always passes, and an old
 * or revoked one (a phone not yet updated) never locks anyone out.
 */
import type { MiddlewareHandler } from 'hono';
import { type Action, type Actor, permits } from '../../core/policy.ts';
import { MemoryEvents, type RecentEvents } from '../store/recent-events.ts';
import { LedgerError } from '../errors.ts';

export type AuthEnv = { Variables: { actor: Actor } };

/** Who holds a token; the county answers. */
export interface TokenHolders {
  actorForToken(token: string): Promise<Actor | undefined>;
  /** The token was issued here once (it may be revoked since): not a guess. */
  wasIssued(token: string): Promise<boolean>;
}

/** Failed sign-ins per address in a sliding window; past the limit, 429 until the window passes. */
export class SignInLimiter {
  constructor(
    readonly limit = 10,
    readonly windowMs = 15 * 60_000,
    private readonly clock = () => Date.now(),
    private readonly failures: RecentEvents = new MemoryEvents(),
  ) {}

  /** Seconds until this address may try again; 0 when it may now. */
  async waitFor(address: string): Promise<number> {
    const recent = await this.failures.since(address, this.clock() - this.windowMs + 1);
    return recent.length < this.limit ? 0 : Math.ceil((recent[0]! + this.windowMs - this.clock()) / 1000);
  }

  fail(address: string): Promise<void> {
    return this.failures.add(address, this.clock());
  }
}

export function requireToken(
  holders: TokenHolders,
  limiter: SignInLimiter,
  addressOf: (c: Parameters<MiddlewareHandler>[0]) => string,
): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const actor = match ? await holders.actorForToken(match[1]!) : undefined;
    if (actor) {
      c.set('actor', actor);
      return next();
    }
    const address = addressOf(c);
    const wait = await limiter.waitFor(address);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      throw new LedgerError(
        'too-many-attempts',
        `令牌错误次数过多，请${Math.ceil(wait / 60)}分钟后再试。Too many failed sign-ins; try again later.`,
      );
    }
    if (match && !(await holders.wasIssued(match[1]!))) await limiter.fail(address);
    c.header('WWW-Authenticate', 'Bearer realm="ledger"');
    throw new LedgerError(
      'unauthorized',
      match
        ? '令牌无效或已被更换，请向办公室索取新的令牌。The token is not valid.'
        : '需要令牌：请在请求头中加入 Authorization: Bearer <令牌>。A bearer token is required.',
    );
  };
}

/** A route's action, as core/policy's table allows it: 403 for an actor it does not name. */
export const allow =
  (action: Action): MiddlewareHandler<AuthEnv> =>
  async (c, next) => {
    if (!permits(action, c.get('actor')))
      throw new LedgerError('forbidden', '只有办公室可以进行此操作。Only the office may do this.');
    await next();
  };
