/** A database of its own for each test, on the server test/postgres-setup.ts provides: it passes alone. */
import pg from 'pg';
import { addCounty, PgStorage } from '../../server/store/postgres-storage.ts';
import { inject } from 'vitest';

let made = 0;

/** A new, empty database on the test server: its URL. */
export async function freshDatabase(): Promise<string> {
  const server = inject('databaseUrl');
  const name = `ledger_test_${process.pid}_${Date.now()}_${made++}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A county's storage on a shared test database, listed first as `ledger county add` lists it: on
 * a database that holds counties, only a listed one starts.
 */
export async function countyOf(url: string, id: string): Promise<PgStorage> {
  await addCounty(url, id);
  return PgStorage.connect(url, id);
}
