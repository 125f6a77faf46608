import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRegistry } from '../../server/seeds.ts';
import { hashToken } from '../../server/cases/tokens.ts';
import { FolderEvidence } from '../../server/store/evidence-folder.ts';
import { Ledger } from '../../server/cases/ledger.ts';
import { openSqliteLedger } from '../../server/store/sqlite-schema.ts';
import { openCounty } from '../../server/cases/open-county.ts';
import { SEED_PLAN_PATH, SEED_TOWNSHIPS } from '../helpers/seed.ts';
import { answerOf, apiClient } from '../../server/http/client.ts';
import { unitToken } from '../helpers/service.ts';
import { IN_TRANSACTION, ledgerCli, startService, stopService, type Running } from '../helpers/process.ts';

const OFFICE = 'process-test-office-token';
const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => stopService(r, 'SIGKILL')));
});

async function start(dataDir: string, env: Record<string, string> = {}, entry?: string) {
  const service = await startService({ DATA_DIR: dataDir, LEDGER_OFFICE_TOKEN: OFFICE, ...env }, entry);
  running.push(service);
  return service;
}

const tokenFor = (unit: string, dataDir: string) => {
  const result = ledgerCli(['token', unit], { DATA_DIR: dataDir });
  expect(result.status).toBe(0);
  return result.stdout.trim().split('\n').at(-1)!;
};

async function post(service: Running, token: string, body: unknown) {
  const res = await fetch(`${service.url}/api/submissions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function tasks(service: Running) {
  return (await fetch(`${service.url}/api/tasks`, { headers: { authorization: `Bearer ${OFFICE}` } })).json();
}

describe('the service as a process', () => {
  it('prints a generated office token once on first start, and imports the seeded plan', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-first-'));
    const first = await startService({ DATA_DIR: dir, LEDGER_OFFICE_TOKEN: '' });
    running.push(first);
    const token = first
      .output()
      .split('\n')
      .find((line) => /^[A-Za-z0-9_-]{32}$/.test(line.trim()))!
      .trim();
    expect(first.output()).toContain('已导入演示台账：31 项任务');
    expect((await answerOf(apiClient(first.url, token).tasks.$get())).tasks).toHaveLength(31);
    await stopService(first);
    const second = await startService({ DATA_DIR: dir, LEDGER_OFFICE_TOKEN: '' });
    running.push(second);
    expect(second.output()).not.toContain('office token');
    expect(second.output()).not.toContain('已导入演示台账');
  });

  it('starts empty with LEDGER_SEED=off', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-empty-'));
    const service = await start(dir, { LEDGER_SEED: 'off' });
    expect(service.output()).toContain('LEDGER_SEED=off');
    const office = apiClient(service.url, OFFICE);
    expect((await answerOf(office.ledgers.$get())).ledgers).toEqual([]);
    expect((await office.tasks.$get()).status).toBe(404);
  });

  it('takes over a data folder of the single-ledger layout, tokens and all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-legacy-'));
    const store = openSqliteLedger(join(dir, 'ledger.sqlite'));
    const files = new FolderEvidence(join(dir, 'evidence'));
    const legacy = await Ledger.open('legacy-ledger-id', store, loadRegistry(), files);
    await legacy.seedFromPlan(readFileSync(SEED_PLAN_PATH, 'utf8'));
    await legacy.write(
      {
        actor: { kind: 'unit', unit: '县水利局' },
        baseRevision: 1,
        rows: [{ no: 7, values: { progress: '旧版数据' } }],
      },
      'json',
    );
    await store.setMeta('office_token_hash', hashToken('legacy-office-token-1').toString('hex'));
    await store.db.run('UPDATE units SET token_hash = ? WHERE name = ?', [
      hashToken('legacy-water-token-01').toString('hex'),
      '县水利局',
    ]);
    // Before rounds, a folder kept one reporting deadline in its meta.
    await store.setMeta('reporting_deadline', '2019-08-05');
    await store.setMeta('round_started_at', '2019-07-25T02:00:00.000Z');
    await store.close();
    const service = await start(dir, { LEDGER_OFFICE_TOKEN: 'legacy-office-token-1' });
    expect(service.output()).toContain('旧版数据目录');
    const tasks = await (
      await fetch(`${service.url}/api/tasks`, { headers: { authorization: 'Bearer legacy-water-token-01' } })
    ).json();
    expect(tasks.ledgerId).toBe('legacy-ledger-id');
    expect(tasks.tasks.find((t: { no: number }) => t.no === 7).byUnit['县水利局'].progress).toBe('旧版数据');
    const round = await (
      await fetch(`${service.url}/api/round`, { headers: { authorization: 'Bearer legacy-water-token-01' } })
    ).json();
    expect(round.round).toMatchObject({ deadline: '2019-08-05', openedAt: '2019-07-25T02:00:00.000Z', closedAt: null });
    // 县水利局 reported after the round opened: its report counts in it.
    expect(round.unit.state).not.toBe('未报');
  });

  it('issues unit tokens from the command line: one more device, or the old ones revoked when asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-token-'));
    const first = tokenFor('水利局', dir);
    const second = tokenFor('县水利局', dir);
    const service = await start(dir);
    const call = (token: string) =>
      fetch(`${service.url}/api/tasks`, { headers: { authorization: `Bearer ${token}` } });
    expect((await call(first)).status).toBe(200);
    expect((await call(second)).status).toBe(200);
    const revoking = ledgerCli(['token', '县水利局', '--revoke-others'], { DATA_DIR: dir });
    expect(revoking.stdout).toContain('/u/#token=');
    const third = revoking.stdout.trim().split('\n').at(-1)!;
    expect((await call(first)).status).toBe(401);
    expect((await call(second)).status).toBe(401);
    expect((await call(third)).status).toBe(200);
    expect(ledgerCli(['token', '县气象局'], { DATA_DIR: dir }).status).toBe(2);
    // Four runs of the command (the first imports the demo county) and a service: up to 25 s beside another file.
  }, 90_000);

  it("keeps every township's report when all fourteen post to one process at once (requests interleave, each write is one transaction)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-concurrent-'));
    const towns = SEED_TOWNSHIPS;
    const { county } = await openCounty(dir);
    const tokens: string[] = [];
    for (const town of towns) tokens.push(await unitToken(county, town));
    await county.close();
    const service = await start(dir);
    const results = await Promise.all(
      towns.map((town, i) =>
        post(service, tokens[i]!, {
          baseRevision: 1,
          rows: [
            { no: 3, progress: `${town}已部署。`, status: '正在推进' },
            { no: 6, progress: `${town}空气质量排名第${i + 1}。` },
          ],
        }),
      ),
    );
    expect(results.every((r) => r.status === 200 && r.body.applied.length === 3 && r.body.conflicts.length === 0)).toBe(
      true,
    );
    const master = await tasks(service);
    expect(master.revision).toBe(1 + towns.length);
    const t3 = master.tasks.find((t: { no: number }) => t.no === 3);
    for (const town of towns) expect(t3.byUnit[town].progress).toBe(`${town}已部署。`);
  });

  it('leaves the master as it was when killed in the middle of a submission', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-kill-'));
    const water = tokenFor('县水利局', dir);
    // Held open far longer than the test waits: the kill, not the clock, ends the transaction.
    const slow = await start(dir, { TEST_SLOW_COMMIT_MS: '60000' }, 'test/helpers/slow-commit-main.ts');
    const before = await tasks(slow);
    const pending = post(slow, water, {
      baseRevision: 1,
      rows: [
        { no: 7, progress: '写了一半', status: '正在推进' },
        { no: 8, progress: '也写了一半' },
      ],
    }).catch((e: Error) => e);
    // Killed only once the write has started: its rows are in, its transaction still open.
    await expect.poll(() => slow.output(), { timeout: 15_000 }).toContain(IN_TRANSACTION);
    await stopService(slow, 'SIGKILL');
    expect(await pending).toBeInstanceOf(Error);

    const again = await start(dir);
    const after = await tasks(again);
    expect(after.revision).toBe(before.revision);
    expect(after.tasks).toEqual(before.tasks);
    const history = await (
      await fetch(`${again.url}/api/history?task=7`, { headers: { authorization: `Bearer ${OFFICE}` } })
    ).json();
    expect(history.changes.every((c: { actor: string }) => c.actor === '导入')).toBe(true);
    const ok = await post(again, water, { baseRevision: 1, rows: [{ no: 7, progress: '重新提交' }] });
    expect(ok.body.revision).toBe(2);
  });
});
