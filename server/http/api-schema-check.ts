/**
 * Fails the type check while api-schema.ts is stale: the spelled-out schema and the routes' own
 * must each be assignable to the other. `npm run api-schema` brings it up to date.
 */
import type { ExtractSchema } from 'hono/types';
import type { LedgerSchema, ProvinceSchema } from './api-schema.ts';
import type { LedgerApi } from './app.ts';
import type { ProvinceApi } from './province-app.ts';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const ledgerSchemaCurrent: Same<LedgerSchema, ExtractSchema<LedgerApi>> = true;
export const provinceSchemaCurrent: Same<ProvinceSchema, ExtractSchema<ProvinceApi>> = true;
