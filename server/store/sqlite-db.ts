/**
 * A SQLite database (better-sqlite3) as a Db. better-sqlite3 answers at once; what makes it
 * asynchronous here is the turn-taking: a transaction holds the database until it ends, and a
 * statement from outside it waits, so that nobody reads another's half-written rows.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { chmodSync, existsSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { type Db, KEPT_LENGTH, type Param, type Row } from './db.ts';

/** The database and its WAL files readable by the owner only: they hold every unit's reports and the tokens' hashes. */
function ownerOnly(path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
}

/** A SQLite database in WAL mode, created readable by its owner only. */
function openDatabase(path: string): Database.Database {
  // A worker thread (a test runner's) may not set the umask: there the files are closed off right after.
  const mask = isMainThread ? process.umask(0o077) : undefined;
  try {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    return db;
  } finally {
    if (mask !== undefined) process.umask(mask);
    if (path !== ':memory:') ownerOnly(path);
  }
}

export class SqliteDb implements Db {
  readonly kind = 'sqlite';
  /** Statements prepared once: better-sqlite3 compiles the SQL again at every prepare. */
  private readonly kept = new Map<string, Database.Statement>();
  private readonly inside = new AsyncLocalStorage<true>();
  /** Settles when the transaction holding the database ends. */
  private held: Promise<void> | undefined;

  constructor(readonly db: Database.Database) {}

  static open(path: string): SqliteDb {
    return new SqliteDb(openDatabase(path));
  }

  private statement(sql: string): Database.Statement {
    const kept = this.kept.get(sql);
    if (kept) return kept;
    const statement = this.db.prepare(sql);
    if (sql.length <= KEPT_LENGTH) this.kept.set(sql, statement);
    return statement;
  }

  /** Waits while another's transaction holds the database. */
  private async turn(): Promise<void> {
    while (this.held && !this.inside.getStore()) await this.held;
  }

  async all(sql: string, params: Param[] = []): Promise<Row[]> {
    await this.turn();
    return this.statement(sql).all(...params) as Row[];
  }

  async get(sql: string, params: Param[] = []): Promise<Row | undefined> {
    await this.turn();
    return this.statement(sql).get(...params) as Row | undefined;
  }

  async run(sql: string, params: Param[] = []): Promise<number> {
    await this.turn();
    return this.statement(sql).run(...params).changes;
  }

  /** Statements without parameters, several at once: the schema. */
  exec(sql: string): void {
    this.db.exec(sql);
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.inside.getStore()) return work();
    // Checked and taken in one step: nothing runs between the loop's last check and the assignment.
    while (this.held) await this.held;
    let release!: () => void;
    this.held = new Promise((resolve) => (release = resolve));
    try {
      return await this.inside.run(true, async () => {
        this.db.exec('BEGIN IMMEDIATE');
        try {
          const result = await work();
          this.db.exec('COMMIT');
          return result;
        } catch (error) {
          if (this.db.inTransaction) this.db.exec('ROLLBACK');
          throw error;
        }
      });
    } finally {
      this.held = undefined;
      release();
    }
  }

  async close(): Promise<void> {
    await this.turn();
    this.db.close();
  }
}
