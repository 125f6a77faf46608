/**
 * PostgreSQL (node-postgres) as a Db, for one county or one ledger of it. Every statement runs in
 * a transaction that first sets which county (and ledger) it is for, with set_config(…, true):
 * the tables' row-level security shows and takes only those rows, and a connection that set
 * nothing sees nothing. Writers of one ledger take turns across every service process: each
 * transaction holds pg_advisory_xact_lock on the ledger until it ends.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import { asOutage, lostDatabase } from './postgres-outage.ts';
import { escapeLiteral } from 'pg';
import { type Db, KEPT_LENGTH, type Param, type Row } from './db.ts';

export interface Scope {
  /** The role queries run as (SET LOCAL ROLE): never the tables' owner, whom the URL may name. */
  role: string;
  county: string;
  /** Unset: the county's own tables (county_data); set: this ledger's (ledger_data). */
  ledger?: string;
}

/** What `begin` sends before a statement: BEGIN, SET LOCAL ROLE and the settings. */
const BEGIN_STATEMENTS = 3;

/**
 * Statements prepared under a name: the same text for the same schema has the same name in
 * every connection (the county's and a ledger's `meta` are different tables under one text).
 */
const prepared = new Map<string, string>();

/** The transactions open in this async context, one client per Db. */
const open = new AsyncLocalStorage<Map<PgDb, PoolClient>>();

/** `?` parameters as PostgreSQL's `$1, $2…` (the stores' SQL has no `?` inside a literal). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export class PgDb implements Db {
  readonly kind = 'postgresql';
  private readonly texts = new Map<string, string>();
  private readonly begin: string;
  private readonly lockKey: string;
  private readonly schema: string;

  constructor(
    private readonly pool: Pool,
    private readonly scope: Scope,
  ) {
    this.schema = scope.ledger === undefined ? 'county_data' : 'ledger_data';
    const settings = [
      `set_config('search_path', '${this.schema}', true)`,
      `set_config('ledger.county', ${escapeLiteral(scope.county)}, true)`,
      ...(scope.ledger === undefined ? [] : [`set_config('ledger.ledger', ${escapeLiteral(scope.ledger)}, true)`]),
    ];
    // The role is taken inside the transaction: if it cannot be, nothing runs at all.
    this.begin = `BEGIN; SET LOCAL ROLE ${scope.role}; SELECT ${settings.join(', ')}`;
    this.lockKey = `${scope.county}/${scope.ledger ?? ''}`;
  }

  /**
   * The statement as PostgreSQL takes it: numbered parameters, and a conflict target that names
   * the county (and ledger) too, as every key here does.
   */
  private text(sql: string): string {
    let text = this.texts.get(sql);
    if (text === undefined) {
      text = this.scoped(numbered(sql));
      if (sql.length <= KEPT_LENGTH) {
        this.texts.set(sql, text);
        // Prepared once per connection under a name: planned once, not at every statement.
        const key = `${this.schema}\u0000${text}`;
        if (!prepared.has(key)) prepared.set(key, `ledger_${prepared.size}`);
      }
    }
    return text;
  }

  private scoped(sql: string): string {
    return sql.replace(
      /ON CONFLICT \(/g,
      `ON CONFLICT (${this.scope.ledger === undefined ? 'county, ' : 'county, ledger, '}`,
    );
  }

  private async query(sql: string, params: Param[]): Promise<{ rows: Row[]; rowCount: number | null }> {
    const inside = open.getStore()?.get(this);
    if (inside) {
      const text = this.text(sql);
      const name = prepared.get(`${this.schema}\u0000${text}`);
      return inside.query(name ? { name, text, values: params } : { text, values: params });
    }
    // A statement on its own is its own transaction, sent in one round trip with its settings:
    // the values go in as literals, quoted by node-postgres' escapeLiteral.
    const client = await this.connect();
    let broken: unknown;
    try {
      const results = (await client.query(
        `${this.begin}; ${this.inline(sql, params)}; COMMIT`,
      )) as unknown as pg.QueryResult[];
      const result = results[BEGIN_STATEMENTS]!;
      return { rows: result.rows, rowCount: result.rowCount };
    } catch (error) {
      if (lostDatabase(error)) broken = error;
      else await client.query('ROLLBACK').catch(() => {});
      throw asOutage(error);
    } finally {
      // A connection the server broke is dropped, not handed to the next request.
      client.release(broken as Error | undefined);
    }
  }

  /** A connection from the pool, or 503 when the server cannot be reached. */
  private async connect(): Promise<PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw asOutage(error);
    }
  }

  /** The statement with its values written in, for the simple query protocol. */
  private inline(sql: string, params: Param[]): string {
    let n = 0;
    const text = sql.replace(/\?/g, () => {
      const value = params[n++];
      if (value === null || value === undefined) return 'NULL';
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) throw new Error(`Not a number a database can hold: ${value}`);
        return String(value);
      }
      return escapeLiteral(value);
    });
    return this.scoped(text);
  }

  async all(sql: string, params: Param[] = []): Promise<Row[]> {
    return (await this.query(sql, params)).rows;
  }

  async get(sql: string, params: Param[] = []): Promise<Row | undefined> {
    return (await this.query(sql, params)).rows[0];
  }

  async run(sql: string, params: Param[] = []): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0;
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    const outer = open.getStore();
    if (outer?.has(this)) return work();
    const client = await this.connect();
    let broken: unknown;
    try {
      await client.query(`${this.begin}; SELECT pg_advisory_xact_lock(hashtext(${escapeLiteral(this.lockKey)}))`);
      const result = await open.run(new Map(outer).set(this, client), work);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      if (lostDatabase(error)) broken = error;
      else await client.query('ROLLBACK').catch(() => {});
      throw asOutage(error);
    } finally {
      client.release(broken as Error | undefined);
    }
  }

  /** The pool is the storage's: closing one ledger leaves it open for the others. */
  async close(): Promise<void> {}
}
