/** Tokens: the office's and each unit's, stored as SHA-256 hashes and compared in constant time. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Actor } from '../core/merge.ts';
import type { Ledger } from './ledger.ts';
import { problem } from './http.ts';

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest();
export const newToken = () => randomBytes(24).toString('base64url');

const OFFICE_TOKEN = 'office_token_hash';

function same(a: Buffer, hex: string | null | undefined): boolean {
  if (!hex) return false;
  const b = Buffer.from(hex, 'hex');
  return b.length === a.length && timingSafeEqual(a, b);
}

export function setOfficeToken(ledger: Ledger, token: string): void {
  ledger.store.setMeta(OFFICE_TOKEN, hashToken(token).toString('hex'));
}

export function hasOfficeToken(ledger: Ledger): boolean {
  return ledger.store.meta(OFFICE_TOKEN) !== undefined;
}

/** A new token for a unit; the old one stops working. */
export function issueUnitToken(ledger: Ledger, unit: string): string {
  const token = newToken();
  ledger.store.setUnitTokenHash(unit, hashToken(token).toString('hex'));
  return token;
}

/** Who holds this token. Every stored hash is compared, so the time taken says nothing about which matched. */
export function actorForToken(ledger: Ledger, token: string): Actor | undefined {
  const hash = hashToken(token);
  let actor: Actor | undefined;
  if (same(hash, ledger.store.meta(OFFICE_TOKEN))) actor = { kind: 'office' };
  for (const unit of ledger.store.units()) {
    if (same(hash, unit.token_hash) && !actor) actor = { kind: 'unit', unit: unit.name };
  }
  return actor;
}

export type AuthEnv = { Variables: { actor: Actor } };

export function requireToken(ledger: Ledger): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const actor = match ? actorForToken(ledger, match[1]) : undefined;
    if (!actor) {
      return problem(c, 401, 'unauthorized', match ? '令牌无效或已被更换，请向办公室索取新的令牌。The token is not valid.' : '需要令牌：请在请求头中加入 Authorization: Bearer <令牌>。A bearer token is required.');
    }
    c.set('actor', actor);
    await next();
  };
}

export const officeOnly: MiddlewareHandler<AuthEnv> = async (c, next) => {
  if (c.get('actor').kind !== 'office') return problem(c, 403, 'forbidden', '只有办公室可以进行此操作。Only the office may do this.');
  await next();
};
