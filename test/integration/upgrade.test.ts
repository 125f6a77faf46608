/**
 * Upgrading: a county made by the previous release (test/fixtures/previous-version, made by
 * scripts/make-upgrade-fixture.ts from that commit) is migrated on first start, on SQLite and on
 * PostgreSQL, and answers every route it answered before; a next version's migration adds a
 * column once, however many processes start together; an older version will not start on a
 * database a newer one migrated.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDatabase } from '../../server/cli/backup-files.ts';
import { openCounty } from '../../server/cases/open-county.ts';
import { ParsePool } from '../../server/formats/workbook/parse-pool.ts';
import { createApp } from '../../server/http/app.ts';
import { answerOf, submitRowsTo } from '../../server/http/client.ts';
import { MIGRATIONS, type SchemaPlan, THIS_VERSION } from '../../server/store/migrations.ts';
import { migrate } from '../../server/store/postgres-migrate.ts';
import { PgStorage } from '../../server/store/postgres-storage.ts';
import { migrateSqlite } from '../../server/store/sqlite-schema.ts';
import { SqliteStorage, type Storage } from '../../server/store/storage.ts';
import { TABLES, type Table } from '../../server/store/tables.ts';
import { freshDatabase } from '../helpers/postgres.ts';
import { clientOf } from '../helpers/service.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/previous-version');
const COUNTY = 'luanchuan';

interface Answers {
  officeToken: string;
  tokens: Record<string, string>;
  today: string;
  answers: Record<string, unknown>;
}
const answersOf = (engine: 'sqlite' | 'postgres'): Answers =>
  JSON.parse(readFileSync(join(FIXTURE, `${engine}-answers.json`), 'utf8'));

const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0)) await close();
});

/** The previous release's folder (databases and evidence) copied where a test may change it. */
function copyOf(engine: 'sqlite' | 'postgres'): string {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-upgrade-'));
  cpSync(join(FIXTURE, engine), dir, { recursive: true });
  return dir;
}

/** The previous release's PostgreSQL database, loaded from its dump into a new database. */
async function previousDatabase(): Promise<string> {
  const url = await freshDatabase();
  execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-f', join(FIXTURE, 'postgres/database.sql'), url], {
    stdio: 'pipe',
  });
  return url;
}

async function serve(dir: string, storage: Storage, { officeToken, today }: Answers) {
  const { county } = await openCounty(dir, { storage, seed: false });
  await county.setConfiguredOfficeToken(officeToken);
  const pool = new ParsePool({ size: 1, timeoutMs: 20_000, maxMemoryMb: 256 });
  const app = createApp({ county, pool, today: () => today });
  closing.push(async () => {
    await pool.close();
    await county.close();
  });
  return {
    /** A path the previous release was asked, as it was asked. */
    get: (path: string) => app.request(path, { headers: { authorization: `Bearer ${officeToken}` } }),
    client: (token = officeToken) => clientOf(app, token),
  };
}

/** Every route the previous release was asked answers as it did, and the county takes new work. */
async function answersAsBefore(county: Awaited<ReturnType<typeof serve>>, previous: Answers): Promise<void> {
  for (const [path, answer] of Object.entries(previous.answers)) {
    const res = await county.get(path);
    expect(res.status, path).toBe(200);
    expect(await res.json(), path).toMatchObject(answer as object);
  }
  const office = county.client();
  const water = county.client(previous.tokens['县水利局']);
  const open = (await answerOf(office.conflicts.$get({ query: {} }))).conflicts;
  expect(open).toHaveLength(1);
  const settle = { param: { id: String(open[0]!.id) }, json: { value: '河道清理已完成。' } };
  await answerOf(office.conflicts[':id'].resolve.$post(settle));
  const { revision, ledgerId } = await answerOf(water.tasks.$get());
  const rows = [{ no: 7, progress: '升级后第一次报送：截污管网运行正常。' }];
  expect((await answerOf(submitRowsTo(water, ledgerId, { baseRevision: revision, rows }))).applied).toHaveLength(1);
  const files = (await answerOf(office.tasks[':no'].evidence.$get({ param: { no: '13' } }))).evidence;
  const bytes = await (await office.evidence[':id'].$get({ param: { id: String(files[0]!.id) } })).text();
  expect(bytes).toContain('七月佐证');
}

describe('a county made by the previous release', () => {
  it('is migrated on SQLite at first start and answers as before', async () => {
    const dir = copyOf('sqlite');
    await answersAsBefore(await serve(dir, new SqliteStorage(dir), answersOf('sqlite')), answersOf('sqlite'));
    const county = new Database(join(dir, 'county.sqlite'), { readonly: true });
    expect(county.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    county.close();
  });

  it("passes restore's check, migrated, as a backup the previous release wrote would", async () => {
    const dir = copyOf('sqlite');
    const [ledgerFile] = readdirSync(join(dir, 'ledgers'));
    for (const [path, name] of [
      [join(dir, 'county.sqlite'), 'county.sqlite'],
      [join(dir, 'ledgers', ledgerFile!), `ledgers/${ledgerFile}`],
    ]) {
      const db = await checkDatabase(path!, name!, 'previous.zip');
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
      db.close();
    }
  });

  it('is migrated on PostgreSQL at first start, once, and answers as before', async () => {
    const url = await previousDatabase();
    await Promise.all([migrate(url), migrate(url), migrate(url)]);
    const previous = answersOf('postgres');
    await answersAsBefore(await serve(copyOf('postgres'), await PgStorage.connect(url, COUNTY), previous), previous);
    const recorded = await query(url, 'SELECT version FROM county_data.migrations ORDER BY version');
    expect(recorded.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    const fresh = await freshDatabase();
    await migrate(fresh);
    const upgraded = await schemaOf(url);
    expect(upgraded).toEqual(await schemaOf(fresh));
    expect(upgraded.filter((line) => line.startsWith('policy'))).toHaveLength(TABLES.length);
  });
});

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Tables, columns, indexes, policies and grants of both schemas, as lines. */
async function schemaOf(url: string): Promise<string[]> {
  const sql = `
    SELECT 'column ' || table_schema || '.' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || COALESCE(column_default, '') AS line
      FROM information_schema.columns WHERE table_schema IN ('county_data', 'ledger_data')
    UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname IN ('county_data', 'ledger_data')
    UNION ALL SELECT 'policy ' || schemaname || '.' || tablename || ' ' || qual FROM pg_policies
    UNION ALL SELECT 'grant ' || grantee || ' ' || table_schema || '.' || table_name || ' ' || privilege_type
      FROM information_schema.role_table_grants WHERE grantee LIKE 'ledger_%'
    ORDER BY 1`;
  return (await query(url, sql)).map((r) => String(r.line).replace(/nextval\('[^']+'/, 'nextval('));
}

/** The next version, as a test makes it: evidence gains a caption, which files stored before take as '（未注明）'. */
const NEXT: SchemaPlan = {
  tables: TABLES.map(
    (t): Table =>
      t.name === 'evidence' ? { ...t, columns: [...t.columns, { name: 'caption', type: 'text', default: '' }] } : t,
  ),
  migrations: [
    ...MIGRATIONS,
    {
      version: MIGRATIONS.length + 1,
      about: '佐证材料的说明',
      steps: [{ kind: 'add-column', scope: 'ledger', table: 'evidence', column: 'caption', fill: '（未注明）' }],
    },
  ],
};

describe("the next version's migration", () => {
  it('adds its column to a SQLite ledger once, and this version then refuses the newer database', async () => {
    const dir = copyOf('sqlite');
    const storage = new SqliteStorage(dir);
    const { county } = await openCounty(dir, { storage, seed: false });
    await county.close();
    const [file] = readdirSync(join(dir, 'ledgers'));
    const db = new Database(join(dir, 'ledgers', file!));
    migrateSqlite(db, 'ledger', NEXT);
    migrateSqlite(db, 'ledger', NEXT);
    expect(db.prepare('SELECT DISTINCT caption FROM evidence').all()).toEqual([{ caption: '（未注明）' }]);
    expect(db.pragma('user_version', { simple: true })).toBe(NEXT.migrations.length);
    expect(() => migrateSqlite(db, 'ledger', THIS_VERSION)).toThrow(/已由更新的版本升级.*newer version/s);
    db.close();
  });

  it('adds its column on PostgreSQL once though three processes start together, and keeps rows apart', async () => {
    const url = await previousDatabase();
    await Promise.all([migrate(url, NEXT), migrate(url, NEXT), migrate(url, NEXT)]);
    const recorded = await query(url, 'SELECT version, about FROM county_data.migrations ORDER BY version');
    expect(recorded.map((r) => r.version)).toEqual(NEXT.migrations.map((m) => m.version));
    const superuser = await query(url, 'SELECT DISTINCT caption FROM ledger_data.evidence');
    expect(superuser).toEqual([{ caption: '（未注明）' }]);
    // Row-level security is forced again after the fill: the owner with no county set sees nothing.
    const forced = await query(
      url,
      "SELECT relforcerowsecurity AS forced FROM pg_class WHERE oid = 'ledger_data.evidence'::regclass",
    );
    expect(forced).toEqual([{ forced: true }]);
    await expect(migrate(url, THIS_VERSION)).rejects.toThrow(/已由更新的版本升级/);
  });
});
