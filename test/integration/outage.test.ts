/**
 * The database blinks under load: PostgreSQL is stopped and started again while the office keeps
 * writing. Every request answers 200 or 503 (with Retry-After and a Chinese message), never 500;
 * /api/health names what is down; the service serves again without a restart; and every value it
 * acknowledged is in the change log afterwards.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../helpers/postgres-server.ts';
import { startService, stopService, type Running } from '../helpers/process.ts';

const OFFICE = 'outage-office-token-0001';
let cluster: Cluster;
let service: Running;

beforeAll(async () => {
  cluster = await startCluster();
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query('CREATE DATABASE ledger');
  await admin.end();
  const url = new URL(cluster.url);
  url.pathname = '/ledger';
  service = await startService({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'ledger-outage-')),
    DATABASE_URL: url.toString(),
    LEDGER_COUNTY: 'outage',
    LEDGER_OFFICE_TOKEN: OFFICE,
  });
});
afterAll(async () => {
  if (service) await stopService(service);
  cluster?.stop();
});

const call = (path: string, init: RequestInit = {}) =>
  fetch(`${service.url}${path}`, { ...init, headers: { authorization: `Bearer ${OFFICE}`, ...init.headers } });
const write = (progress: string) =>
  call('/api/submissions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ baseRevision: 1, copy: 'outage-load', rows: [{ no: 7, unit: '县水利局', progress }] }),
  });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a database that blinks', () => {
  it('answers 503 while PostgreSQL is down, serves again when it is back, and loses nothing it acknowledged', async () => {
    const acknowledged: string[] = [];
    const refused: Response[] = [];
    const statuses = new Set<number>();
    let running = true;
    let n = 0;
    const load = (async () => {
      while (running) {
        const value = `第${++n}次写入`;
        const res = await write(value).catch(() => undefined);
        if (!res) continue;
        statuses.add(res.status);
        if (res.status === 200) acknowledged.push(value);
        else if (refused.length < 5) refused.push(res);
        else await res.body?.cancel();
        await sleep(20);
      }
    })();
    await sleep(500);
    cluster.halt();
    await sleep(1500);
    const health = await fetch(`${service.url}/api/health`);
    const tasks = await call('/api/tasks');
    cluster.resume();
    await expect.poll(async () => (await fetch(`${service.url}/api/health`)).status, { timeout: 20_000 }).toBe(200);
    await sleep(500);
    running = false;
    await load;

    expect([...statuses].sort()).toEqual([200, 503]);
    expect(health.status).toBe(503);
    expect(health.headers.get('retry-after')).toBe('5');
    expect(await health.json()).toMatchObject({ ok: false, down: ['database'] });
    expect(tasks.status).toBe(503);
    expect((await tasks.json()).error.message).toContain('数据库暂时无法访问');
    for (const res of refused) {
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await res.json()).error.code).toBe('store-unavailable');
    }
    expect((await write('恢复之后的写入')).status).toBe(200);
    const { changes } = await (await call('/api/history?task=7')).json();
    const logged = new Set(changes.map((c: { value: string }) => c.value));
    expect(acknowledged.length).toBeGreaterThan(5);
    expect(acknowledged.filter((value) => !logged.has(value))).toEqual([]);
  });
});
