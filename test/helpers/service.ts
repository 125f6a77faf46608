import { mkdtempSync } from 'node:fs';
import { afterEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../server/app.ts';
import { issueUnitToken, setOfficeToken } from '../../server/auth.ts';
import type { Registry } from '../../core/registry.ts';
import { Ledger } from '../../server/ledger.ts';
import { openLedger } from '../../server/open-ledger.ts';
import { Store } from '../../server/store/store.ts';
import { ParsePool } from '../../server/workbook/parse-pool.ts';

export const OFFICE_TOKEN = 'office-secret-token';

/**
 * A service on a fresh data folder, seeded with the bundled plan (or the plan and roster
 * given), called through app.request().
 */
export function testService(today = '2019-08-01', own?: { plan: string; registry: Registry }) {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-service-'));
  let ledger: Ledger;
  if (own) {
    ledger = new Ledger(new Store(join(dir, 'ledger.sqlite')), own.registry);
    ledger.seedFromPlan(own.plan);
  } else {
    ledger = openLedger(dir).ledger;
  }
  setOfficeToken(ledger, OFFICE_TOKEN);
  const pool = new ParsePool({ size: 1, timeoutMs: 20_000, maxMemoryMb: 256 });
  const app = createApp({ ledger, pool, today: () => today, maxBodyBytes: 2 * 1024 * 1024 });
  const tokens = new Map<string, string>();
  const tokenOf = (unit: string) => tokens.get(unit) ?? tokens.set(unit, issueUnitToken(ledger, unit)).get(unit)!;
  const call = (path: string, init: RequestInit & { token?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    return app.request(path, { ...init, headers });
  };
  const asOffice = (path: string, init: RequestInit = {}) => call(path, { ...init, token: OFFICE_TOKEN });
  const asUnit = (unit: string, path: string, init: RequestInit = {}) => call(path, { ...init, token: tokenOf(unit) });
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
  return { dir, ledger, app, pool, call, asOffice, asUnit, tokenOf, json, upload, close: () => pool.close() };
}

/**
 * A fresh service per test: `service()` makes one, closed after the test. For files whose tests
 * each set up their own ledger.
 */
export function servicePerTest(today = '2019-08-01') {
  const open: ReturnType<typeof testService>[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  return () => {
    const s = testService(today);
    open.push(s);
    return s;
  };
}
