/**
 * The SQLite schema, made from the declared tables (tables.ts): the county's database
 * (DATA_DIR/county.sqlite) and one per ledger (DATA_DIR/ledgers/<id>.sqlite), made new or
 * migrated (migrations.ts) when opened. The version is `PRAGMA user_version`.
 */
import type Database from 'better-sqlite3';
import { latest, newerThan, type SchemaPlan, type Step, tablesAt, THIS_VERSION } from './migrations.ts';
import { SqliteDb } from './sqlite-db.ts';
import { Store } from './store.ts';
import { type Column, columnLine, columnOf, sqlLiteral, type Table, tableOf } from './tables.ts';

const TYPES = { text: 'TEXT', integer: 'INTEGER', bigint: 'INTEGER', json: 'TEXT' } as const;

/** A sole key column is declared on its line, as the first versions did (without NOT NULL). */
function columnSql(column: Column, soleKey: boolean): string {
  if (soleKey) return `${column.name} ${TYPES[column.type]} PRIMARY KEY${column.serial ? ' AUTOINCREMENT' : ''}`;
  return columnLine(column, TYPES);
}

export function createTableSql(table: Table): string {
  const sole = table.key?.length === 1 ? table.key[0] : undefined;
  const lines = table.columns.map((c) => columnSql(c, c.name === sole));
  if (table.key && !sole) lines.push(`PRIMARY KEY (${table.key.join(', ')})`);
  if (table.unique) lines.push(`UNIQUE (${table.unique.join(', ')})`);
  return `CREATE TABLE IF NOT EXISTS ${table.name} (\n  ${lines.join(',\n  ')}\n)`;
}

const indexesSql = (table: Table, only?: string) =>
  (table.indexes ?? [])
    .filter((index) => only === undefined || index.name === only)
    .map((index) => `CREATE INDEX IF NOT EXISTS ${index.name} ON ${table.name} (${index.columns.join(', ')})`);

/** A declared column added to a table that lacks it; rows already there take `fill` if given. */
function addColumn(db: Database.Database, table: Table, name: string, fill?: string | number): void {
  const column = columnOf(table, name);
  db.exec(`ALTER TABLE ${table.name} ADD COLUMN ${columnSql(column, false)}`);
  if (fill !== undefined) db.exec(`UPDATE ${table.name} SET ${name} = ${sqlLiteral(fill)}`);
}

function columnsOf(db: Database.Database, table: string): Set<string> {
  return new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
}

function runStep(db: Database.Database, scope: Table['scope'], step: Step, plan: SchemaPlan, version: number): void {
  switch (step.kind) {
    case 'catch-up':
      for (const table of tablesAt(plan, version).filter((t) => t.scope === scope)) {
        db.exec(createTableSql(table));
        const present = columnsOf(db, table.name);
        for (const column of table.columns)
          if (!present.has(column.name)) addColumn(db, table, column.name, step.fill?.[`${table.name}.${column.name}`]);
        for (const sql of indexesSql(table)) db.exec(sql);
      }
      return;
    case 'add-column':
      if (step.scope === scope) addColumn(db, tableOf(scope, step.table, plan.tables), step.column, step.fill);
      return;
    case 'create-table':
      if (step.scope === scope) {
        const table = tableOf(scope, step.table, plan.tables);
        for (const sql of [createTableSql(table), ...indexesSql(table)]) db.exec(sql);
      }
      return;
    case 'create-index':
      if (step.scope === scope)
        for (const sql of indexesSql(tableOf(scope, step.table, plan.tables), step.index)) db.exec(sql);
      return;
    case 'sql':
      if (step.engine === 'sqlite') db.exec(step.sql);
  }
}

/**
 * Makes a new database as declared, or runs on an existing one every migration after its
 * user_version, each in one transaction that also sets the new number.
 */
export function migrateSqlite(db: Database.Database, scope: Table['scope'], plan = THIS_VERSION): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    const refused = newerThan(plan, version, scope === 'county' ? '县数据库' : '台账数据库');
    if (refused) throw refused;
    const empty = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table'").get() === undefined;
    if (empty) {
      for (const table of plan.tables.filter((t) => t.scope === scope))
        for (const sql of [createTableSql(table), ...indexesSql(table)]) db.exec(sql);
    } else {
      for (const migration of plan.migrations.filter((m) => m.version > version))
        for (const step of migration.steps) runStep(db, scope, step, plan, migration.version);
    }
    db.pragma(`user_version = ${Math.max(version, latest(plan))}`);
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/** A ledger's SQLite database (DATA_DIR/ledgers/<id>.sqlite), made or migrated. */
export function openSqliteLedger(path: string): Store {
  const db = SqliteDb.open(path);
  migrateSqlite(db.db, 'ledger');
  return new Store(db);
}
