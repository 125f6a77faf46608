/**
 * A county exported from the shared PostgreSQL database (its rows.json) written as a SQLite data
 * folder's databases: how a county leaves the city's database for a machine of its own. Each
 * database is made with this version's schema, then takes the rows column by column.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CountyStore } from '../store/county-store.ts';
import type { CountyRows, Rows } from '../store/postgres-export.ts';
import { openSqliteLedger } from '../store/sqlite-schema.ts';
import { tablesIn } from './backup-files.ts';

/** SQLite keeps no booleans: PostgreSQL's true and false are 1 and 0 there. */
const sqliteValue = (value: unknown) => (typeof value === 'boolean' ? Number(value) : value);

function fill(path: string, name: string, tables: Record<string, Rows>): void {
  const db = new Database(path);
  try {
    db.transaction(() => {
      for (const table of tablesIn(name)) {
        const columns = new Set(
          (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name),
        );
        for (const row of tables[table] ?? []) {
          const kept = Object.keys(row).filter((c) => columns.has(c));
          db.prepare(`INSERT INTO ${table} (${kept.join(', ')}) VALUES (${kept.map(() => '?').join(', ')})`).run(
            ...kept.map((c) => sqliteValue(row[c])),
          );
        }
      }
    })();
  } finally {
    db.close();
  }
}

/** Writes the county's databases into `folder`; answers their names there. */
export async function sqliteOfRows(rows: CountyRows, folder: string): Promise<string[]> {
  await CountyStore.sqlite(join(folder, 'county.sqlite')).close();
  fill(join(folder, 'county.sqlite'), 'county.sqlite', rows.county);
  const names = ['county.sqlite'];
  mkdirSync(join(folder, 'ledgers'), { recursive: true, mode: 0o700 });
  for (const [id, tables] of Object.entries(rows.ledgers)) {
    const name = `ledgers/${id}.sqlite`;
    await openSqliteLedger(join(folder, name)).close();
    fill(join(folder, name), name, tables);
    names.push(name);
  }
  return names;
}
