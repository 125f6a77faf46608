/**
 * The PostgreSQL schema: every county and ledger of a city or province in one database. The
 * county's tables are in the schema county_data, a ledger's in ledger_data; each row carries its
 * county (and ledger), filled in from the transaction's settings. Row-level security, forced,
 * lets a transaction see and write only the rows of the county (and ledger) it set, and nothing
 * when it set none. Ids come from sequences shared by every county, and are unique within one
 * (a county's rows restored elsewhere keep theirs). Plain SQL that runs on PostgreSQL 12 and later.
 */

const COUNTY = "current_setting('ledger.county')";
const LEDGER = "current_setting('ledger.ledger')";
const scoped = (ledger: boolean) =>
  `county TEXT NOT NULL DEFAULT ${COUNTY}${ledger ? `,\n  ledger TEXT NOT NULL DEFAULT ${LEDGER}` : ''}`;

export const COUNTY_TABLES = `
CREATE SCHEMA IF NOT EXISTS county_data;
CREATE TABLE IF NOT EXISTS county_data.meta (
  ${scoped(false)},
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (county, key)
);
CREATE TABLE IF NOT EXISTS county_data.ledgers (
  ${scoped(false)},
  id TEXT NOT NULL,
  title TEXT NOT NULL,
  source TEXT NOT NULL,
  created_at TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (county, id)
);
CREATE TABLE IF NOT EXISTS county_data.tokens (
  ${scoped(false)},
  id SERIAL,
  hash TEXT NOT NULL,
  kind TEXT NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  person TEXT NOT NULL DEFAULT '',
  label TEXT NOT NULL DEFAULT '',
  issued_at TEXT NOT NULL,
  issued_by TEXT NOT NULL,
  revoked_at TEXT,
  revoked_by TEXT,
  UNIQUE (county, hash),
  PRIMARY KEY (county, id)
);
CREATE TABLE IF NOT EXISTS county_data.history (
  ${scoped(false)},
  id SERIAL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL,
  PRIMARY KEY (county, id)
);
CREATE INDEX IF NOT EXISTS history_by_county ON county_data.history (county, id);
CREATE TABLE IF NOT EXISTS county_data.events (
  ${scoped(false)},
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_key ON county_data.events (county, kind, key, at);
`;

export const LEDGER_TABLES = `
CREATE SCHEMA IF NOT EXISTS ledger_data;
CREATE TABLE IF NOT EXISTS ledger_data.meta (
  ${scoped(true)},
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (county, ledger, key)
);
CREATE TABLE IF NOT EXISTS ledger_data.units (
  ${scoped(true)},
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  position INTEGER NOT NULL,
  token_hash TEXT,
  downloaded_at TEXT,
  downloaded_revision INTEGER,
  PRIMARY KEY (county, ledger, name)
);
CREATE TABLE IF NOT EXISTS ledger_data.tasks (
  ${scoped(true)},
  id TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (county, ledger, id)
);
CREATE TABLE IF NOT EXISTS ledger_data.cells (
  ${scoped(true)},
  task_id TEXT NOT NULL,
  unit TEXT NOT NULL,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  revision INTEGER NOT NULL,
  actor TEXT NOT NULL,
  PRIMARY KEY (county, ledger, task_id, unit, field)
);
CREATE INDEX IF NOT EXISTS cells_by_unit ON ledger_data.cells (county, ledger, unit, task_id);
CREATE TABLE IF NOT EXISTS ledger_data.changes (
  ${scoped(true)},
  seq SERIAL,
  revision INTEGER NOT NULL,
  submission_id INTEGER,
  actor TEXT NOT NULL,
  task_id TEXT NOT NULL,
  unit TEXT NOT NULL,
  field TEXT NOT NULL,
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (county, ledger, seq)
);
CREATE INDEX IF NOT EXISTS changes_by_cell ON ledger_data.changes (county, ledger, task_id, unit, field, revision);
CREATE TABLE IF NOT EXISTS ledger_data.submissions (
  ${scoped(true)},
  id SERIAL,
  actor TEXT NOT NULL,
  base_revision INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  source TEXT NOT NULL,
  received_at TEXT NOT NULL,
  result JSON NOT NULL,
  copy TEXT NOT NULL DEFAULT '',
  counted INTEGER NOT NULL DEFAULT 0,
  reporter TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  saved_at TEXT,
  sent TEXT,
  PRIMARY KEY (county, ledger, id)
);
CREATE INDEX IF NOT EXISTS submissions_by_actor ON ledger_data.submissions (county, ledger, actor, received_at);
CREATE INDEX IF NOT EXISTS submissions_by_copy ON ledger_data.submissions (county, ledger, copy);
CREATE TABLE IF NOT EXISTS ledger_data.conflicts (
  ${scoped(true)},
  id SERIAL,
  submission_id INTEGER NOT NULL,
  task_id TEXT NOT NULL,
  unit TEXT NOT NULL,
  field TEXT NOT NULL,
  base TEXT NOT NULL,
  master TEXT NOT NULL,
  master_by TEXT NOT NULL,
  incoming TEXT NOT NULL,
  incoming_by TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  revision INTEGER NOT NULL DEFAULT 0,
  resolved_value TEXT,
  resolved_at TEXT,
  resolved_by TEXT,
  PRIMARY KEY (county, ledger, id)
);
CREATE INDEX IF NOT EXISTS conflicts_by_cell ON ledger_data.conflicts (county, ledger, task_id, unit, field);
CREATE TABLE IF NOT EXISTS ledger_data.evidence (
  ${scoped(true)},
  id SERIAL,
  task_id TEXT NOT NULL,
  unit TEXT NOT NULL,
  round TEXT NOT NULL,
  name TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  type TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  removed_by TEXT,
  removed_at TEXT,
  purged_at TEXT,
  PRIMARY KEY (county, ledger, id)
);
ALTER TABLE ledger_data.evidence ADD COLUMN IF NOT EXISTS purged_at TEXT;
CREATE INDEX IF NOT EXISTS evidence_by_task ON ledger_data.evidence (county, ledger, task_id);
CREATE TABLE IF NOT EXISTS ledger_data.rounds (
  ${scoped(true)},
  id TEXT NOT NULL,
  period TEXT NOT NULL,
  deadline TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  opened_by TEXT NOT NULL,
  closed_at TEXT,
  closed_by TEXT,
  snapshot TEXT,
  PRIMARY KEY (county, ledger, id)
);
CREATE TABLE IF NOT EXISTS ledger_data.closures (
  ${scoped(true)},
  id SERIAL,
  task_id TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  note TEXT NOT NULL,
  confirmations TEXT NOT NULL,
  state TEXT NOT NULL,
  decided_by TEXT,
  decided_at TEXT,
  reason TEXT,
  PRIMARY KEY (county, ledger, id)
);
CREATE INDEX IF NOT EXISTS closures_by_task ON ledger_data.closures (county, ledger, task_id);
`;

const tablesOf = (sql: string) => [...sql.matchAll(/CREATE TABLE IF NOT EXISTS (\w+\.\w+)/g)].map((m) => m[1]!);

/** The roles queries run as: the service's (reads and writes rows) and a reader's (the supervision office). */
export const ROLES = { app: 'ledger_app', reader: 'ledger_reader' } as const;

/**
 * Row-level security on every table, forced (the owner too), and the grants of the two roles.
 * A setting that is unset reads as NULL or '': no row has either, so nothing is visible.
 */
export function securitySql(): string {
  const statements: string[] = [];
  for (const role of Object.values(ROLES)) {
    statements.push(
      `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} NOLOGIN; END IF; END $$`,
      `GRANT ${role} TO CURRENT_USER`,
    );
  }
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
  const tables = [
    ...tablesOf(COUNTY_TABLES).map((t) => ({ table: t, ledger: false })),
    ...tablesOf(LEDGER_TABLES).map((t) => ({ table: t, ledger: true })),
  ];
  for (const { table, ledger } of tables) {
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

/** Every table of both schemas, for the backup's export. */
export const PG_TABLES = { county: tablesOf(COUNTY_TABLES), ledger: tablesOf(LEDGER_TABLES) };
