/**
 * A county's data in PostgreSQL (DATABASE_URL and LEDGER_COUNTY): the county's tables and each
 * ledger's, in one database shared by every county of the deployment. The schema is made or
 * brought up to date once, under a lock, by whichever service process starts first; queries run
 * as the role ledger_app (SET LOCAL ROLE in each transaction), never as the tables' owner or a
 * superuser, so that row-level security holds for them.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { LedgerError } from '../errors.ts';
import { CountyStore } from './county-store.ts';
import { PgDb } from './postgres-db.ts';
import { COUNTY_TABLES, DIRECTORY_TABLE, LEDGER_TABLES, ROLES, securitySql } from './postgres-schema.ts';
import type { Storage } from './storage.ts';
import { Store } from './store.ts';

/** A county's id in the shared database: what LEDGER_COUNTY is set to. */
export const COUNTY_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** Numbers as numbers (COUNT is a bigint), JSON as the text it was written as, as SQLite answers. */
export const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === 20) return (value: string) => Number(value);
    if (oid === 114) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

/** Connections to the database; each transaction takes its role itself (postgres-db.ts). */
export function openPool(url: string, max = 10): pg.Pool {
  // A server that does not answer is a 503 after a few seconds, not a request that hangs.
  const pool = new pg.Pool({ connectionString: url, max, types, connectionTimeoutMillis: 5000 });
  // An idle connection the server dropped is replaced on the next query; it must not end the process.
  pool.on('error', (error) =>
    console.error(
      `数据库连接中断，已丢弃该连接：${error.message}。An idle database connection failed and was dropped.`,
    ),
  );
  return pool;
}

/**
 * A connection to the database as the URL's user, or a reason a technician can act on: the
 * address that did not answer, or the password scheme node-postgres does not speak.
 */
export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, types });
  try {
    await client.connect();
    return client;
  } catch (error) {
    const why = (error as Error).message;
    const hint = /SASL|sha256|authentication method/i.test(why)
      ? '（openGauss 等默认的 sha256 口令方式 node-postgres 不支持：请在服务器上改用 md5，见 README）'
      : '';
    throw new LedgerError(
      'store-unavailable',
      `无法连接数据库（DATABASE_URL）：${why}${hint}。Cannot connect to the database in DATABASE_URL: ${why}.`,
    );
  }
}

/**
 * The schema, made once: several processes starting together wait for the first, and one that
 * finds it made as this version makes it changes nothing. Re-running the row-level security
 * statements would lock every table while a sibling process is serving from them.
 */
export async function migrate(url: string): Promise<void> {
  const ddl = [COUNTY_TABLES, LEDGER_TABLES, DIRECTORY_TABLE, securitySql()];
  const version = `ledger schema ${createHash('sha256').update(ddl.join('\n')).digest('hex').slice(0, 16)}`;
  const client = await connect(url);
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('ledger schema'))");
    try {
      const made = await client.query(
        "SELECT obj_description(oid, 'pg_namespace') AS version FROM pg_namespace WHERE nspname = 'ledger_data'",
      );
      if (made.rows[0]?.version === version) return;
      await client.query('BEGIN');
      for (const statements of ddl) await client.query(statements);
      await client.query(`COMMENT ON SCHEMA ledger_data IS ${pg.escapeLiteral(version)}`);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext('ledger schema'))");
    }
  } finally {
    await client.end();
  }
}

/** Lists a county in the database's directory; one listed already keeps its name. */
export async function addToDirectory(client: pg.ClientBase, id: string, name = ''): Promise<boolean> {
  const added = await client.query(
    'INSERT INTO county_data.directory (id, name, added_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
    [id, name, new Date().toISOString()],
  );
  return (added.rowCount ?? 0) > 0;
}

/**
 * A county added to the database (`ledger county add`): listed, so that its processes start;
 * answers false when it was listed already.
 */
export async function addCounty(url: string, id: string, name = ''): Promise<boolean> {
  if (!COUNTY_ID.test(id))
    throw new LedgerError(
      'bad-request',
      `县的编号应为小写字母、数字和连字符（如 songxian），收到“${id}”。A county id is lowercase letters, digits and hyphens.`,
    );
  await migrate(url);
  const client = await connect(url);
  try {
    return await addToDirectory(client, id, name);
  } finally {
    await client.end();
  }
}

/** The counties the database lists, with their names. */
export async function listedCounties(url: string): Promise<{ id: string; name: string }[]> {
  const client = await connect(url);
  try {
    return (await client.query('SELECT id, name FROM county_data.directory ORDER BY id')).rows;
  } finally {
    await client.end();
  }
}

export class PgStorage implements Storage {
  readonly kind = 'postgresql';
  readonly county: CountyStore;

  private constructor(
    private readonly pool: pg.Pool,
    readonly countyId: string,
    private readonly role: string = ROLES.app,
    private readonly ownsPool = true,
  ) {
    this.county = new CountyStore(new PgDb(pool, { role, county: countyId }));
  }

  /** Connects, makes the schema when it is missing, and answers the county's storage. */
  static async connect(url: string, county: string): Promise<PgStorage> {
    if (!COUNTY_ID.test(county))
      throw new LedgerError(
        'bad-request',
        `LEDGER_COUNTY 应为小写字母、数字和连字符（如 baihe），收到“${county}”。LEDGER_COUNTY must be lowercase letters, digits and hyphens.`,
      );
    await migrate(url);
    return new PgStorage(openPool(url), county);
  }

  /** A county's storage that may only read, over a pool someone else owns and ends (the supervision office's). */
  static reading(pool: pg.Pool, county: string): PgStorage {
    return new PgStorage(pool, county, ROLES.reader, false);
  }

  ledger(id: string): Store {
    return new Store(new PgDb(this.pool, { role: this.role, county: this.countyId, ledger: id }));
  }

  /**
   * Under a lock on the county: the second of two processes starting together finds the county
   * made. A county the database does not list is started only as the database's first: on a
   * database that holds counties, a mistyped LEDGER_COUNTY is refused with their list.
   */
  async firstStart<T>(start: (fresh: boolean) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const key = `first start/${this.countyId}`;
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
      const fresh = (await this.county.meta('registry')) === undefined && (await this.county.ledgers()).length === 0;
      const listed = (await client.query('SELECT id, name FROM county_data.directory ORDER BY id')).rows as {
        id: string;
        name: string;
      }[];
      if (fresh && listed.length > 0 && !listed.some((c) => c.id === this.countyId))
        throw new LedgerError(
          'bad-request',
          `LEDGER_COUNTY“${this.countyId}”不是数据库中的县。库中的县：${listed.map((c) => (c.name ? `${c.id}（${c.name}）` : c.id)).join('、')}。` +
            `新增一个县请先运行 npx ledger county add ${this.countyId} --name 县名。` +
            `LEDGER_COUNTY "${this.countyId}" is not a county of this database: ${listed.map((c) => c.id).join(', ')}.`,
        );
      await addToDirectory(client, this.countyId);
      return await start(fresh);
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => {});
      client.release();
    }
  }

  close(): Promise<void> {
    return this.ownsPool ? this.pool.end() : Promise.resolve();
  }
}
