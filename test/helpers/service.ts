import { mkdtempSync } from 'node:fs';
import { afterEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hc } from 'hono/client';
import {
  answerOf,
  type ProvinceApi,
  ServiceError,
  submitRowsTo,
  type SubmissionRequest,
} from '../../server/http/client.ts';
import { createApp, type AppDeps, type LedgerApi } from '../../server/http/app.ts';
import { parsePlan } from '../../core/plan.ts';
import type { Registry } from '../../core/registry.ts';
import type { County } from '../../server/cases/county.ts';
import type { EvidenceStore } from '../../server/store/evidence-store.ts';
import { SqliteStorage, type Storage } from '../../server/store/storage.ts';
import type { Store } from '../../server/store/store.ts';
import { openCounty } from '../../server/cases/open-county.ts';
import { ParsePool } from '../../server/formats/workbook/parse-pool.ts';
import { WriteLimiter } from '../../server/http/write-limits.ts';

export const OFFICE_TOKEN = 'office-secret-token';

/** An app called in this process, as hono's typed client's fetch: no network. */
type InProcess = { request: (input: RequestInfo | URL, init?: RequestInit) => Response | Promise<Response> };

/** hono/client's options for an app in this process, signed in with a token; with a day, every request asks ?today=. */
const inProcess = (app: InProcess, token: string, today?: string) => ({
  fetch: (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (today) url.searchParams.set('today', today);
    return app.request(url, init);
  },
  headers: { authorization: `Bearer ${token}` },
});

/**
 * The API through hono's typed client, as the pages call it, with no network: answers typed by the
 * routes. With a day, every request is judged as of that day (?today=, which every route takes).
 */
export const clientOf = (app: InProcess, token: string, today?: string) =>
  hc<LedgerApi>('http://localhost/api', inProcess(app, token, today));

/** The supervision office's API (LEDGER_OVERSEES) through the typed client, in this process. */
export const provinceClientOf = (app: InProcess, token: string) =>
  hc<ProvinceApi>('http://localhost/api', inProcess(app, token));

/**
 * A service on a fresh data folder, seeded with the bundled plan (or the plan and roster
 * given), called through app.request(). Its today is the date given, or what the function answers
 * (a test playing a month on the service's clock).
 */
export async function testService(
  today: string | (() => string) = '2019-08-01',
  own?: { plan: string; registry: Registry; ledgerId?: string },
  where: { evidence?: EvidenceStore; storage?: Storage } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-service-'));
  // SQLite unless the test gives another storage, whatever DATABASE_URL the shell has.
  const { county } = await openCounty(dir, { seed: !own, ...where, storage: where.storage ?? new SqliteStorage(dir) });
  if (own) {
    await county.setRegistry(own.registry.data, { kind: 'import' });
    const plan = parsePlan(own.plan);
    await county.createLedger(
      { title: plan.title, tasks: plan.tasks, source: 'test', ...(own.ledgerId ? { id: own.ledgerId } : {}) },
      { kind: 'import' },
    );
  }
  const ledger = county.defaultLedger!;
  await county.setConfiguredOfficeToken(OFFICE_TOKEN);
  const pool = new ParsePool({ size: 1, timeoutMs: 20_000, maxMemoryMb: 256 });
  // Tests play a month's submissions in seconds: the per-minute limit has its own test.
  const writes = new WriteLimiter({ perWindow: 100_000, windowMs: 60_000, perRound: 100_000 });
  const todayOf = typeof today === 'string' ? () => today : today;
  const app = createApp({ county, pool, today: todayOf, maxBodyBytes: 2 * 1024 * 1024, writes });
  const tokens = new Map<string, string>();
  const tokenOf = async (unit: string) =>
    tokens.get(unit) ?? tokens.set(unit, await unitToken(county, unit)).get(unit)!;
  const call = (path: string, init: RequestInit & { token?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    return app.request(path, { ...init, headers });
  };
  const asOffice = (path: string, init: RequestInit = {}) => call(path, { ...init, token: OFFICE_TOKEN });
  const office = clientOf(app, OFFICE_TOKEN);
  let storedHandle: Store | undefined;
  /**
   * The ledger's rows as its storage keeps them, opened through the county's storage as the service
   * opens a ledger: for the storage's own rules (the change log replayed, conflicts as stored) that no
   * route shows. Never the ledger's own fields.
   */
  const stored = () => {
    storedHandle ??= county.storage.ledger(ledger.ledgerId);
    return storedHandle;
  };
  const unit = async (name: string) => clientOf(app, await tokenOf(name));
  /** Rows submitted by a unit (or 'office') through the typed client, as the pages send them: the answer typed by the route. */
  const submit = async (who: string, body: SubmissionRequest) =>
    answerOf(submitRowsTo(who === 'office' ? office : await unit(who), ledger.ledgerId, body));
  /** A unit's row in the office's list (GET /units): its state this round, its reporter, its downloads. */
  const unitRow = async (name: string) => {
    const row = (await answerOf(office.units.$get({ query: {} }))).units.find((u) => u.name === name);
    if (!row) throw new Error(`no unit ${name}`);
    return row;
  };
  /** The office (or a unit) judged as of a day, as ?today= asks: 'what if it were that day'. */
  const on = async (day: string, who = 'office') =>
    clientOf(app, who === 'office' ? OFFICE_TOKEN : await tokenOf(who), day);
  const asUnit = async (unit: string, path: string, init: RequestInit = {}) =>
    call(path, { ...init, token: await tokenOf(unit) });
  const json = (body: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const upload = (bytes: Uint8Array, fields: Record<string, string> = {}): RequestInit => {
    const form = new FormData();
    form.set('file', new File([new Uint8Array(bytes)], 'sheet.xlsx'));
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    return { method: 'POST', body: form };
  };
  /** Another app on the same county, with the settings a test changes (a proxy, a limiter, an address). */
  const appWith = (deps: Partial<AppDeps>) => createApp({ county, pool, today: todayOf, ...deps });
  return {
    dir,
    county,
    ledger,
    app,
    appWith,
    pool,
    call,
    asOffice,
    asUnit,
    office,
    unit,
    submit,
    unitRow,
    on,
    stored,
    tokenOf,
    json,
    upload,
    close: async () => {
      await storedHandle?.close();
      await pool.close();
      await county.close();
    },
  };
}

/**
 * A fresh service per test: `await service()` makes one, closed after the test. For files whose tests
 * each set up their own ledger.
 */
export function servicePerTest(today: string | (() => string) = '2019-08-01') {
  const open: Awaited<ReturnType<typeof testService>>[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  return async () => {
    const s = await testService(today);
    open.push(s);
    return s;
  };
}

/** A new token for a unit, as the office issues it. */
export const unitToken = async (county: County, unit: string) =>
  (await county.issueUnitAccess(unit, { kind: 'office' })).token;

/** Opens a data folder (importing the demo ledger), issues a unit a token, and closes it again: for tests that then start the service on it. */
export async function prepareDataDir(dir: string, unit: string): Promise<string> {
  const { county } = await openCounty(dir);
  const token = await unitToken(county, unit);
  await county.close();
  return token;
}

/**
 * A county with nothing in it yet, as LEDGER_SEED=off starts, made fresh for each test and closed
 * after it: `await emptyCounty()` answers the county and its app.
 */
export function emptyCountyPerTest(officeToken: string, settings: Partial<AppDeps> & { today: () => string }) {
  const open: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((close) => close()));
  });
  return async () => {
    const { county } = await openCounty(mkdtempSync(join(tmpdir(), 'ledger-county-')), { seed: false });
    await county.setConfiguredOfficeToken(officeToken);
    const pool = new ParsePool({ size: 1, timeoutMs: 20_000, maxMemoryMb: 256 });
    const app = createApp({ county, pool, ...settings });
    open.push(async () => {
      await pool.close();
      await county.close();
    });
    return { county, app };
  };
}

/**
 * The service's refusal: its status, code and message. Takes a call (the typed client's) or its
 * response, or an answer that throws the service's error (s.submit, uploadAs); one that succeeds
 * fails the test.
 */
export async function refusalOf(call: unknown): Promise<ServiceError> {
  try {
    const res = await call;
    if (isCall(res)) await answerOf(Promise.resolve(res));
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('the call was not refused');
}

const isCall = (res: unknown): res is { ok: boolean; status: number; json(): Promise<unknown> } =>
  typeof res === 'object' && res !== null && typeof (res as { json?: unknown }).json === 'function';
