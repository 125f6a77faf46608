/**
 * One county's rows out of the shared PostgreSQL database and into it: what `ledger backup` and
 * `ledger restore` do there (the project's own export, not pg_dump: a county moves alone, between
 * databases or from a SQLite data folder). Both run as the database URL's user, the tables'
 * owner, which may be a superuser whom row-level security does not hold: every query names the
 * county (and ledger) itself, besides setting them as the service does.
 */
import type pg from 'pg';
import { LedgerError } from '../errors.ts';
import { PG_TABLES } from './postgres-schema.ts';
import { connect } from './postgres-connect.ts';
import { migrate } from './postgres-migrate.ts';
import { addToDirectory } from './postgres-storage.ts';

export type Rows = Record<string, unknown>[];

/** A county's rows: its own tables', and each ledger's, by table name (without the schema). */
export interface CountyRows {
  county: Record<string, Rows>;
  ledgers: Record<string, Record<string, Rows>>;
}

const bare = (table: string) => table.split('.')[1]!;
/** The columns the settings fill in: not exported, not written back. */
const SCOPE = new Set(['county', 'ledger']);
const unscoped = (rows: Rows): Rows =>
  rows.map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => !SCOPE.has(column))));

async function scope(client: pg.Client, county: string, ledger?: string): Promise<void> {
  await client.query(`SELECT set_config('ledger.county', $1, true), set_config('ledger.ledger', $2, true)`, [
    county,
    ledger ?? '',
  ]);
}

/** Every row of the county, read in one snapshot. */
export async function exportCounty(url: string, county: string): Promise<CountyRows> {
  const client = await connect(url);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await scope(client, county);
    const out: CountyRows = { county: {}, ledgers: {} };
    for (const table of PG_TABLES.county)
      out.county[bare(table)] = unscoped((await client.query(`SELECT * FROM ${table}`)).rows);
    for (const { id } of (out.county.ledgers ?? []) as { id: string }[]) {
      await scope(client, county, id);
      const tables: Record<string, Rows> = {};
      for (const table of PG_TABLES.ledger)
        tables[bare(table)] = unscoped((await client.query(`SELECT * FROM ${table}`)).rows);
      out.ledgers[id] = tables;
    }
    await client.query('COMMIT');
    return out;
  } finally {
    await client.end();
  }
}

/** The columns of each table, as the database has them. */
async function columnsOf(client: pg.Client): Promise<Map<string, Set<string>>> {
  const { rows } = await client.query(
    "SELECT table_schema || '.' || table_name AS name, column_name FROM information_schema.columns WHERE table_schema IN ('county_data', 'ledger_data')",
  );
  const out = new Map<string, Set<string>>();
  for (const r of rows as { name: string; column_name: string }[])
    (out.get(r.name) ?? out.set(r.name, new Set()).get(r.name)!).add(r.column_name);
  return out;
}

async function insertAll(client: pg.Client, table: string, rows: Rows, known: Set<string>): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    const part = rows.slice(i, i + 200);
    const columns = [...new Set(part.flatMap((r) => Object.keys(r)))].filter((c) => known.has(c) && !SCOPE.has(c));
    const values: unknown[] = [];
    const tuples = part.map(
      (row) => `(${columns.map((c) => `$${values.push(row[c] === undefined ? null : row[c])}`).join(', ')})`,
    );
    await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
  }
}

/**
 * Writes a county's rows into a database where the county has nothing yet, in one transaction:
 * all of it, or nothing. Ids are kept; each table's sequence is moved past them.
 */
export async function importCounty(url: string, county: string, rows: CountyRows): Promise<void> {
  await migrate(url);
  const client = await connect(url);
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${county}/`]);
    await scope(client, county);
    const present = await client.query(
      `SELECT (SELECT count(*) FROM county_data.ledgers WHERE county = $1)
            + (SELECT count(*) FROM county_data.meta WHERE county = $1 AND key = 'registry') AS n`,
      [county],
    );
    if (Number(present.rows[0].n) > 0)
      throw new LedgerError(
        'bad-request',
        `数据库中已有县“${county}”的数据：请换一个 LEDGER_COUNTY，或先清除该县的数据。The county already has data in this database.`,
      );
    const columns = await columnsOf(client);
    for (const table of PG_TABLES.county)
      await insertAll(client, table, rows.county[bare(table)] ?? [], columns.get(table) ?? new Set());
    for (const [ledger, tables] of Object.entries(rows.ledgers)) {
      await scope(client, county, ledger);
      for (const table of PG_TABLES.ledger)
        await insertAll(client, table, tables[bare(table)] ?? [], columns.get(table) ?? new Set());
    }
    // A county restored is a county of this database from now on.
    await addToDirectory(client, county);
    // The sequences are shared by every county: moved past this county's ids, never back.
    const serials = await client.query(
      "SELECT table_schema || '.' || table_name AS name, column_name FROM information_schema.columns WHERE table_schema IN ('county_data', 'ledger_data') AND column_default LIKE 'nextval(%'",
    );
    for (const { name, column_name } of serials.rows as { name: string; column_name: string }[]) {
      // The restored rows' own largest id: read from them, not from the table, which holds every county's.
      const most = Math.max(
        0,
        ...[...Object.values(rows.ledgers).map((t) => t[bare(name)] ?? []), rows.county[bare(name)] ?? []]
          .flat()
          .map((r) => Number(r[column_name] ?? 0)),
      );
      if (most > 0)
        await client.query(
          `SELECT setval(pg_get_serial_sequence($1, $2), GREATEST($3::bigint, (SELECT last_value FROM ${name}_${column_name}_seq)))`,
          [name, column_name, most],
        );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
