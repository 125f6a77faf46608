/**
 * A county's data in PostgreSQL (DATABASE_URL and LEDGER_COUNTY): the county's tables and each
 * ledger's, in one database shared by every county of the deployment. The schema is made or
 * brought up to date once, under a lock, by whichever service process starts first; queries run
 * as the role ledger_app (SET LOCAL ROLE in each transaction), never as the tables' owner or a
 * superuser, so that row-level security holds for them.
 */
import type pg from 'pg';
import { LedgerError } from '../errors.ts';
import { CountyStore } from './county-store.ts';
import { PgDb } from './postgres-db.ts';
import { connect, openPool } from './postgres-connect.ts';
import { migrate } from './postgres-migrate.ts';
import { ROLES } from './postgres-schema.ts';
import type { Storage } from './storage.ts';
import { Store } from './store.ts';

/** A county's id in the shared database: what LEDGER_COUNTY is set to. */
export const COUNTY_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

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
