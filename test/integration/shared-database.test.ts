import { execFileSync } from 'node:child_process';
/**
 * Many counties and several service processes on one PostgreSQL database, as a city or province
 * runs them: a county's office never reads another county's rows, whatever id it puts in the
 * path; the limits count the same events in every process; two processes take one county's
 * submissions together, and one killed mid-flight leaves the other serving the same ledger.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { openCounty } from '../../server/cases/open-county.ts';
import { createApp } from '../../server/http/app.ts';
import { SignInLimiter } from '../../server/http/auth.ts';
import { answerOf, submitRowsTo } from '../../server/http/client.ts';
import { ParsePool } from '../../server/formats/workbook/parse-pool.ts';
import { openPool } from '../../server/store/postgres-connect.ts';
import { PgStorage } from '../../server/store/postgres-storage.ts';
import { ROLES, roleSql } from '../../server/store/postgres-schema.ts';
import { storedEvents } from '../../server/store/recent-events.ts';
import { countyOf, freshDatabase } from '../helpers/postgres.ts';
import { clientOf } from '../helpers/service.ts';
import { ledgerCliAsync, startService, stopService, type Running } from '../helpers/process.ts';
import { SEED_TOWNSHIPS } from '../helpers/seed.ts';

const OFFICE = { alpha: 'alpha-office-token-0001', beta: 'beta-office-token-00001' };
const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});

/** A county of the shared database, seeded with the demo ledger, served in this process. */
async function countyOn(url: string, id: 'alpha' | 'beta') {
  const { county } = await openCounty(mkdtempSync(join(tmpdir(), `ledger-${id}-`)), {
    storage: await countyOf(url, id),
  });
  await county.setConfiguredOfficeToken(OFFICE[id]);
  const pool = new ParsePool({ size: 1, timeoutMs: 20_000, maxMemoryMb: 256 });
  const app = createApp({ county, pool, today: () => '2019-08-01' });
  closing.push(async () => {
    await pool.close();
    await county.close();
  });
  return { county, app, office: clientOf(app, OFFICE[id]) };
}

describe('counties on one database', () => {
  it("keeps one county's rows from another's office, even with the other's ledger id in the path", async () => {
    const url = await freshDatabase();
    const alpha = await countyOn(url, 'alpha');
    const beta = await countyOn(url, 'beta');
    const betaLedger = beta.county.defaultLedger!.ledgerId;
    const rows = [{ no: 7, unit: '县水利局', progress: '乙县的进展' }];
    await answerOf(submitRowsTo(beta.office, betaLedger, { baseRevision: 1, rows }));

    // Alpha's office, with beta's ledger id in the path, or with beta's token at alpha's service.
    const inBeta = alpha.office.ledgers[':ledgerId'];
    expect((await inBeta.tasks.$get({ param: { ledgerId: betaLedger } })).status).toBe(404);
    expect((await inBeta['master.xlsx'].$get({ param: { ledgerId: betaLedger }, query: {} })).status).toBe(404);
    expect((await clientOf(alpha.app, OFFICE.beta).ledgers.$get()).status).toBe(401);
    const own = (await answerOf(alpha.office.ledgers.$get())).ledgers;
    expect(own.map((l) => l.id)).toEqual([alpha.county.defaultLedger!.ledgerId]);

    // Below the service: a store of alpha's opened on beta's ledger id sees nothing of it.
    const forged = alpha.county.storage.ledger(betaLedger);
    expect(await forged.tasks()).toEqual([]);
    expect(await forged.revision()).toBe(0);
    expect(await forged.changes()).toEqual([]);

    // And in plain SQL, as the service's role: a county's rows only, none when no county is set.
    const pool = openPool(url, 1);
    closing.push(() => pool.end());
    const client = await pool.connect();
    try {
      await client.query(`SET ROLE ${ROLES.app}`);
      const counties = async () => (await client.query('SELECT DISTINCT county FROM ledger_data.cells')).rows;
      expect(await counties()).toEqual([]);
      await client.query("BEGIN; SELECT set_config('ledger.county', 'alpha', true)");
      const ledgers = await client.query('SELECT DISTINCT county FROM ledger_data.cells');
      expect(ledgers.rows).toEqual([]); // no ledger set: no ledger's rows either
      await client.query('SELECT set_config($1, $2, true)', ['ledger.ledger', betaLedger]);
      expect(await counties()).toEqual([]);
      const changed = await client.query("UPDATE ledger_data.cells SET value = 'x' WHERE county = 'beta'");
      expect(changed.rowCount).toBe(0);
      await expect(
        client.query("INSERT INTO ledger_data.meta (county, ledger, key, value) VALUES ('beta', $1, 'title', '篡改')", [
          betaLedger,
        ]),
      ).rejects.toThrow(/row-level security/);
      await client.query('ROLLBACK');
    } finally {
      await client.query('RESET ROLE');
      client.release();
    }
    const beta7 = (await answerOf(beta.office.tasks.$get())).tasks.find((t) => t.no === 7)!;
    expect(beta7.byUnit['县水利局']!.progress).toBe('乙县的进展');
  });

  it('says which database it could not reach, in words a technician can act on', async () => {
    await expect(PgStorage.connect('postgres://ledger@127.0.0.1:9/ledger', 'alpha')).rejects.toThrow(
      /无法连接数据库（DATABASE_URL）.*Cannot connect to the database/,
    );
  });

  it('refuses a mistyped LEDGER_COUNTY on a database that holds counties, naming them; adds one with ledger county add', async () => {
    const url = await freshDatabase();
    const init = await ledgerCliAsync(['db', 'init'], { DATABASE_URL: url });
    expect(init.status).toBe(0);
    expect(init.stdout).toContain('数据库已就绪：角色 ledger_app（读写）、ledger_reader（只读）');
    // The database's first county starts by itself, as a county's first start always has.
    const { county: first } = await openCounty(mkdtempSync(join(tmpdir(), 'ledger-first-')), {
      seed: false,
      storage: await PgStorage.connect(url, 'alpha'),
    });
    await first.close();
    const typo = PgStorage.connect(url, 'alpah').then((storage) =>
      openCounty(mkdtempSync(join(tmpdir(), 'ledger-typo-')), { seed: false, storage }),
    );
    await expect(typo).rejects.toThrow(/LEDGER_COUNTY“alpah”不是数据库中的县。库中的县：alpha。/);

    const added = await ledgerCliAsync(['county', 'add', 'songxian', '--name', '嵩县'], { DATABASE_URL: url });
    expect(added.status).toBe(0);
    expect(added.stdout).toContain('库中的县 counties: alpha、songxian（嵩县）');
    expect((await ledgerCliAsync(['county', 'add', 'songxian'], { DATABASE_URL: url })).status).toBe(2);
    const { county } = await openCounty(mkdtempSync(join(tmpdir(), 'ledger-songxian-')), {
      seed: false,
      storage: await PgStorage.connect(url, 'songxian'),
    });
    closing.push(() => county.close());
    expect(county.registry.data.county).toBe('嵩县');

    // The service itself refuses to start on the typo, saying which counties there are.
    const refused = await startService({
      DATABASE_URL: url,
      LEDGER_COUNTY: 'songxain',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'ledger-typo-service-')),
      LEDGER_OFFICE_TOKEN: 'typo-office-token-0001',
    }).catch((error: Error) => error.message);
    expect(refused).toContain('LEDGER_COUNTY“songxain”不是数据库中的县。库中的县：alpha、songxian（嵩县）');
  });

  it('backs up the whole database with pg_dump and restores it on a new server as the README says', async () => {
    const url = await freshDatabase();
    for (const id of ['alpha', 'beta']) {
      const { county } = await openCounty(mkdtempSync(join(tmpdir(), `ledger-dump-${id}-`)), {
        storage: await countyOf(url, id),
      });
      await county.close();
    }
    // As the database's superuser (row-level security holds the owner too), the custom format.
    const dump = join(mkdtempSync(join(tmpdir(), 'ledger-pg-dump-')), 'ledger.dump');
    execFileSync('pg_dump', ['-Fc', '--exclude-table-data=county_data.migrations', '-d', url, '-f', dump], {
      stdio: 'pipe',
    });
    // The new server: its roles and tables made by ledger db init, then the rows.
    const target = await freshDatabase();
    expect((await ledgerCliAsync(['db', 'init'], { DATABASE_URL: target })).status).toBe(0);
    execFileSync('pg_restore', ['--data-only', '-d', target, dump], { stdio: 'pipe' });
    for (const id of ['alpha', 'beta']) {
      const { county, event } = await openCounty(mkdtempSync(join(tmpdir(), `ledger-restored-${id}-`)), {
        storage: await PgStorage.connect(target, id),
      });
      closing.push(() => county.close());
      expect(event).toBe('opened');
      expect((await county.defaultLedger!.taskRefs()).length).toBe(31);
    }
  });

  it('counts failed sign-ins in the database, so a guesser moving between processes is stopped', async () => {
    const url = await freshDatabase();
    const apps: ReturnType<typeof createApp>[] = [];
    for (let n = 0; n < 2; n++) {
      const { county } = await openCounty(mkdtempSync(join(tmpdir(), 'ledger-limit-')), {
        storage: await PgStorage.connect(url, 'alpha'),
      });
      const pool = new ParsePool({ size: 1, timeoutMs: 20_000, maxMemoryMb: 256 });
      const limiter = new SignInLimiter(3, 60_000, Date.now, storedEvents(county.store, 'sign-in-failed'));
      apps.push(createApp({ county, pool, today: () => '2019-08-01', limiter }));
      closing.push(async () => {
        await pool.close();
        await county.close();
      });
    }
    const guess = (n: number) =>
      apps[n % 2]!.request('/api/tasks', { headers: { authorization: `Bearer guess-${n}` } });
    for (let n = 0; n < 3; n++) expect((await guess(n)).status).toBe(401);
    expect((await guess(3)).status).toBe(429);
    expect((await guess(4)).status).toBe(429);
  });
});

describe('two databases of one server made at once', () => {
  it("both make the server-wide roles: the second waits for the first's and takes it", async () => {
    const role = `ledger_race_${process.pid}`;
    const [first, second] = [0, 1].map(() => new pg.Client({ connectionString: inject('databaseUrl') }));
    await Promise.all([first!.connect(), second!.connect()]);
    try {
      await first!.query('BEGIN');
      for (const sql of roleSql(role)) await first!.query(sql);
      const pid = (await second!.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      const made = (async () => {
        for (const sql of roleSql(role)) await second!.query(sql);
      })();
      // The second finds the role missing and waits on the first's uncommitted row.
      while ((await first!.query('SELECT pg_blocking_pids($1) AS by', [pid])).rows[0].by.length === 0)
        await new Promise((r) => setTimeout(r, 20));
      await first!.query('COMMIT');
      await made;
      const member = await second!.query('SELECT pg_has_role(CURRENT_USER, $1, $2) AS yes', [role, 'MEMBER']);
      expect(member.rows[0].yes).toBe(true);
    } finally {
      await first!.query(`DROP ROLE IF EXISTS ${role}`);
      await Promise.all([first!.end(), second!.end()]);
    }
  });
});

describe('a round opened from two processes at once', () => {
  it('opens once: the second is refused, and every ledger has one round open', async () => {
    const url = await freshDatabase();
    const apps: ReturnType<typeof createApp>[] = [];
    for (let n = 0; n < 2; n++) {
      const { county } = await openCounty(mkdtempSync(join(tmpdir(), 'ledger-round-')), {
        storage: n === 0 ? await countyOf(url, 'alpha') : await PgStorage.connect(url, 'alpha'),
      });
      if (n === 0) {
        await county.setConfiguredOfficeToken(OFFICE.alpha);
        await county.createLedger(
          {
            title: '第二本',
            tasks: (await county.defaultLedger!.taskViews({ kind: 'office' })).slice(0, 3),
            source: 'test',
          },
          { kind: 'import' },
        );
      } else await county.refresh();
      const pool = new ParsePool({ size: 1, timeoutMs: 20_000, maxMemoryMb: 256 });
      apps.push(createApp({ county, pool, today: () => '2019-08-01' }));
      closing.push(async () => {
        await pool.close();
        await county.close();
      });
    }
    const ids = (
      await (await apps[0]!.request('/api/ledgers', { headers: { authorization: `Bearer ${OFFICE.alpha}` } })).json()
    ).ledgers.map((l: { id: string }) => l.id);
    // The two name the ledgers in opposite orders: checked and opened one by one, each would open one.
    const open = (n: number) =>
      apps[n]!.request('/api/rounds', {
        method: 'POST',
        headers: { authorization: `Bearer ${OFFICE.alpha}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          period: `2019年8月（${n}）`,
          deadline: '2019-08-31',
          ledgers: n === 0 ? ids : [...ids].reverse(),
        }),
      });
    const answers = await Promise.all([open(0), open(1)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const { rounds } = await (
      await apps[0]!.request('/api/rounds', { headers: { authorization: `Bearer ${OFFICE.alpha}` } })
    ).json();
    expect(rounds).toHaveLength(1);
    expect(rounds[0].ledgers).toHaveLength(2);
  });
});

describe('two service processes on one database', () => {
  const running: Running[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => stopService(r, 'SIGKILL')));
  });
  const OFFICE_TOKEN = 'two-nodes-office-token-01';

  it('take submissions together; one killed mid-flight leaves the other serving, and both serve one ledger after its restart', async () => {
    const url = await freshDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-two-nodes-'));
    const env = { DATABASE_URL: url, LEDGER_COUNTY: 'alpha', DATA_DIR: dataDir, LEDGER_OFFICE_TOKEN: OFFICE_TOKEN };
    // Started together: the demo ledger is imported once, by whichever comes first.
    const nodes = await Promise.all([startService(env), startService(env)]);
    running.push(...nodes);
    const [a, b] = nodes as [Running, Running];
    const api = async (node: Running, path: string, token = OFFICE_TOKEN, body?: unknown) => {
      const res = await fetch(`${node.url}${path}`, {
        ...(body === undefined
          ? {}
          : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    };
    const ledgers = [(await api(a, '/api/ledgers')).body.ledgers, (await api(b, '/api/ledgers')).body.ledgers];
    expect(ledgers[0]).toHaveLength(1);
    expect(ledgers[1]).toEqual(ledgers[0]);

    // A token issued through one process signs in at the other.
    const towns = SEED_TOWNSHIPS.slice(0, 6);
    const tokens: string[] = [];
    for (const [i, town] of towns.entries())
      tokens.push((await api(nodes[i % 2]!, '/api/access/units', OFFICE_TOKEN, { unit: town })).body.token);

    // Each township sends three reports in turn, alternating between the processes.
    const acknowledged = new Map<string, string>();
    const send = async (node: Running, i: number, round: number) => {
      const progress = `${towns[i]}第${round}次报送`;
      // From the unit page, which sends its copy id: the unit's own last report is its base.
      const answer = await api(node, '/api/submissions', tokens[i], {
        baseRevision: 1,
        copy: `${towns[i]}-页面`,
        rows: [{ no: 3, progress }],
      }).catch(() => ({ status: 0, body: null }));
      if (answer.status === 200) {
        expect(answer.body.applied).toHaveLength(1);
        acknowledged.set(towns[i]!, progress);
      }
      return answer.status;
    };
    const statuses = await Promise.all(
      towns.map(async (_, i) => {
        const seen: number[] = [];
        for (let round = 1; round <= 3; round++) seen.push(await send(nodes[(i + round) % 2]!, i, round));
        return seen;
      }),
    );
    expect(statuses.flat().every((s) => s === 200)).toBe(true);

    // One process killed while submissions are in flight to both.
    const inFlight = towns.map((_, i) => send(nodes[i % 2]!, i, 4));
    await stopService(a, 'SIGKILL');
    const answered = await Promise.all(inFlight);
    expect(answered.every((s) => s === 200 || s === 0)).toBe(true); // sent or refused, never a 5xx
    for (const [i] of towns.entries()) expect(await send(b, i, 5)).toBe(200);

    const again = await startService(env);
    running.push(again);
    const views = [(await api(again, '/api/tasks')).body, (await api(b, '/api/tasks')).body];
    expect(views[0].revision).toBe(views[1].revision);
    const task3 = views[0].tasks.find((t: { no: number }) => t.no === 3);
    expect(task3).toEqual(views[1].tasks.find((t: { no: number }) => t.no === 3));
    // Nothing acknowledged is lost: every township's last acknowledged report is the master's.
    for (const [town, progress] of acknowledged) expect(task3.byUnit[town].progress).toBe(progress);
  }, 90_000);
});
