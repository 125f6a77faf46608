/**
 * The PostgreSQL schema: every county and ledger of a city or province in one database. The
 * county's tables are in the schema county_data, a ledger's in ledger_data; each row carries its
 * county (and ledger), filled in from the transaction's settings. Row-level security, forced,
 * lets a transaction see and write only the rows of the county (and ledger) it set, and nothing
 * when it set none. Ids come from sequences shared by every county, and are unique within one
 * (a county's rows restored elsewhere keep theirs). Plain SQL that runs on PostgreSQL 12 and later.
 */

import { type SchemaPlan, type Step, tablesAt } from './migrations.ts';
import { type Column, columnLine, columnOf, sqlLiteral, TABLES, type Table, tableOf } from './tables.ts';

const SCHEMA = { county: 'county_data', ledger: 'ledger_data' } as const;
const SCOPE_COLUMNS = { county: ['county'], ledger: ['county', 'ledger'] } as const;
const TYPES = { text: 'TEXT', integer: 'INTEGER', bigint: 'BIGINT', json: 'JSON' } as const;

/** A declared table's name in PostgreSQL: in its scope's schema. */
export const qualified = (table: Table) => `${SCHEMA[table.scope]}.${table.name}`;

function columnSql(column: Column): string {
  if (column.serial) return `${column.name} SERIAL`;
  return columnLine(column, TYPES);
}

/** Each row carries its county (and ledger), filled in from the transaction's settings. */
const scopeSql = (table: Table) =>
  SCOPE_COLUMNS[table.scope].map((c) => `${c} TEXT NOT NULL DEFAULT current_setting('ledger.${c}')`);

export function createTableSql(table: Table): string {
  const scope = SCOPE_COLUMNS[table.scope];
  const lines = [...scopeSql(table), ...table.columns.map(columnSql)];
  if (table.key) lines.push(`PRIMARY KEY (${[...scope, ...table.key].join(', ')})`);
  if (table.unique) lines.push(`UNIQUE (${[...scope, ...table.unique].join(', ')})`);
  return `CREATE TABLE IF NOT EXISTS ${qualified(table)} (\n  ${lines.join(',\n  ')}\n)`;
}

const indexesSql = (table: Table, only?: string) =>
  (table.indexes ?? [])
    .filter((index) => only === undefined || index.name === only)
    .map(
      (index) =>
        `CREATE INDEX IF NOT EXISTS ${index.name} ON ${qualified(table)} (${[...SCOPE_COLUMNS[table.scope], ...index.columns].join(', ')})`,
    );

function addColumnSql(table: Table, name: string, fill: string | number | undefined, ifMissing: boolean): string[] {
  const add = `ALTER TABLE ${qualified(table)} ADD COLUMN ${ifMissing ? 'IF NOT EXISTS ' : ''}${columnSql(columnOf(table, name))}`;
  if (fill === undefined) return [add];
  // The owner sees every county's rows once row-level security is not forced on it: security
  // SQL, run after the migrations in the same transaction, forces it again.
  return [
    add,
    `ALTER TABLE ${qualified(table)} NO FORCE ROW LEVEL SECURITY`,
    `UPDATE ${qualified(table)} SET ${name} = ${sqlLiteral(fill)}`,
  ];
}

/** Every declared table made as declared, with its indexes: a new database. */
export const createAllSql = (tables: readonly Table[] = TABLES) => [
  ...Object.values(SCHEMA).map((schema) => `CREATE SCHEMA IF NOT EXISTS ${schema}`),
  ...tables.flatMap((table) => [createTableSql(table), ...indexesSql(table)]),
];

/** What one migration step runs on PostgreSQL. */
export function stepSql(step: Step, plan: SchemaPlan, version: number): string[] {
  switch (step.kind) {
    case 'catch-up':
      // Only a column missing is added, so existing rows are filled only where it was.
      return [
        ...Object.values(SCHEMA).map((schema) => `CREATE SCHEMA IF NOT EXISTS ${schema}`),
        ...tablesAt(plan, version).flatMap((table) => [
          createTableSql(table),
          ...table.columns.map(
            (c) =>
              `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = '${SCHEMA[table.scope]}' AND table_name = '${table.name}' AND column_name = '${c.name}') THEN ${addColumnSql(table, c.name, step.fill?.[`${table.name}.${c.name}`], false).join('; ')}; END IF; END $$`,
          ),
          ...indexesSql(table),
        ]),
      ];
    case 'add-column':
      return addColumnSql(tableOf(step.scope, step.table, plan.tables), step.column, step.fill, false);
    case 'create-table': {
      const table = tableOf(step.scope, step.table, plan.tables);
      return [createTableSql(table), ...indexesSql(table)];
    }
    case 'create-index':
      return indexesSql(tableOf(step.scope, step.table, plan.tables), step.index);
    case 'sql':
      return step.engine === 'postgresql' ? [step.sql] : [];
  }
}

/** The roles queries run as: the service's (reads and writes rows) and a reader's (the supervision office). */
export const ROLES = { app: 'ledger_app', reader: 'ledger_reader' } as const;

/**
 * A role made when missing and granted to the migrating user. Roles belong to the whole server,
 * not to one database, so the per-database migration lock does not cover them: two databases of
 * one server migrating at once both find the role missing, and the second's CREATE ROLE (or
 * GRANT) waits for the first to commit and then fails on the catalog's unique index. That
 * failure means the role is there, and is taken as such.
 */
export function roleSql(role: string): string[] {
  const made = 'EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$';
  return [
    `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} NOLOGIN; END IF; ${made}`,
    `DO $$ BEGIN GRANT ${role} TO CURRENT_USER; ${made}`,
  ];
}

/**
 * Row-level security on every table, forced (the owner too), and the grants of the two roles.
 * A setting that is unset reads as NULL or '': no row has either, so nothing is visible.
 */
export function securitySql(tables: readonly Table[] = TABLES): string {
  const statements: string[] = [];
  for (const role of Object.values(ROLES)) statements.push(...roleSql(role));
  for (const schema of ['county_data', 'ledger_data']) {
    statements.push(
      `GRANT USAGE ON SCHEMA ${schema} TO ${ROLES.app}, ${ROLES.reader}`,
      `GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA ${schema} TO ${ROLES.app}`,
      `GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${ROLES.app}`,
      // Only the limits' events are ever deleted: everything else is kept as the record.
      ...(schema === 'county_data' ? [`GRANT DELETE ON county_data.events TO ${ROLES.app}`] : []),
      `GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${ROLES.reader}`,
    );
  }
  for (const declared of tables) {
    const table = qualified(declared);
    const ledger = declared.scope === 'ledger';
    const own = `county = current_setting('ledger.county', true)${ledger ? " AND ledger = current_setting('ledger.ledger', true)" : ''}`;
    statements.push(
      `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
      `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
      `DROP POLICY IF EXISTS own_rows ON ${table}`,
      `CREATE POLICY own_rows ON ${table} USING (${own}) WITH CHECK (${own})`,
    );
  }
  return statements.join(';\n');
}

/**
 * The counties of the database, by id, with their names: not a county's own rows, so outside
 * row-level security. A process starts a county only if it is listed, or the database has none
 * yet (its first county); `ledger county add` lists a new one.
 */
export const DIRECTORY_TABLE = `
CREATE TABLE IF NOT EXISTS county_data.directory (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL DEFAULT '',
  added_at TEXT NOT NULL
)`;

/** The migrations run: each number once, with what it did and when. */
export const MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS county_data.migrations (
  version INTEGER PRIMARY KEY,
  about TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

/** Every table of both schemas, for the backup's export. */
export const PG_TABLES = {
  county: TABLES.filter((t) => t.scope === 'county').map(qualified),
  ledger: TABLES.filter((t) => t.scope === 'ledger').map(qualified),
};
