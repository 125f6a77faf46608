/**
 * Where a county's data lives: its own database and one store per ledger. SQLite by default
 * (DATA_DIR/county.sqlite and DATA_DIR/ledgers/<id>.sqlite); PostgreSQL when DATABASE_URL is set,
 * where every county of a city or province shares one database (postgres-storage.ts).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LedgerError } from '../errors.ts';
import { CountyStore } from './county-store.ts';
import { openSqliteLedger } from './sqlite-schema.ts';
import type { Store } from './store.ts';

export interface Storage {
  readonly kind: 'sqlite' | 'postgresql';
  readonly county: CountyStore;
  /** A ledger's store, made empty when it is new. */
  ledger(id: string): Store;
  /**
   * Runs the start-up (`fresh`: nothing of this county is stored yet) once at a time: two
   * service processes starting together do not both import the demo ledger.
   */
  firstStart<T>(start: (fresh: boolean) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class SqliteStorage implements Storage {
  readonly kind = 'sqlite';
  readonly county: CountyStore;

  private readonly fresh: boolean;

  constructor(private readonly dir: string) {
    mkdirSync(join(dir, 'ledgers'), { recursive: true, mode: 0o700 });
    this.fresh = !existsSync(join(dir, 'county.sqlite'));
    this.county = CountyStore.sqlite(join(dir, 'county.sqlite'));
  }

  /** One process per data folder: SQLite's own locking keeps a second from writing at the same time. */
  firstStart<T>(start: (fresh: boolean) => Promise<T>): Promise<T> {
    return start(this.fresh);
  }

  ledger(id: string): Store {
    return openSqliteLedger(join(this.dir, 'ledgers', `${id}.sqlite`));
  }

  close(): Promise<void> {
    return this.county.close();
  }
}

/** The storage the settings name: PostgreSQL when DATABASE_URL is set (with LEDGER_COUNTY), SQLite in the folder otherwise. */
export async function storageFromSettings(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<Storage> {
  if (!env.DATABASE_URL) return new SqliteStorage(dir);
  if (!env.LEDGER_COUNTY)
    throw new LedgerError(
      'bad-request',
      '设置了 DATABASE_URL，还需用 LEDGER_COUNTY 指明本服务是哪个县（如 baihe）。Set LEDGER_COUNTY with DATABASE_URL.',
    );
  const { PgStorage } = await import('./postgres-storage.ts');
  return PgStorage.connect(env.DATABASE_URL, env.LEDGER_COUNTY);
}
