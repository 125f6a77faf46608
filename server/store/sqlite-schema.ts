/**
 * The SQLite schema: a database per ledger (its master, log, submissions, conflicts, rounds,
 * 销号 and evidence rows), made or brought up to date when it is opened. PostgreSQL's is
 * postgres-schema.ts; the stores' SQL runs on both.
 */
import { Rows, parseAll } from './rows.ts';
import { SqliteDb } from './sqlite-db.ts';
import { Store } from './store.ts';

/** Columns added after the first release, for data folders made before them. */
export const ADDED_COLUMNS: { table: string; column: string; definition: string }[] = [
  { table: 'submissions', column: 'copy', definition: "TEXT NOT NULL DEFAULT ''" },
  { table: 'submissions', column: 'counted', definition: 'INTEGER NOT NULL DEFAULT 1' },
  { table: 'conflicts', column: 'revision', definition: 'INTEGER NOT NULL DEFAULT 0' },
  { table: 'submissions', column: 'reporter', definition: "TEXT NOT NULL DEFAULT ''" },
  { table: 'submissions', column: 'phone', definition: "TEXT NOT NULL DEFAULT ''" },
  { table: 'conflicts', column: 'resolved_by', definition: 'TEXT' },
  { table: 'submissions', column: 'saved_at', definition: 'TEXT' },
  { table: 'evidence', column: 'removed_by', definition: 'TEXT' },
  { table: 'evidence', column: 'removed_at', definition: 'TEXT' },
  { table: 'submissions', column: 'sent', definition: 'TEXT' },
  { table: 'evidence', column: 'purged_at', definition: 'TEXT' },
];

/** The service's SQLite schema. Cells are the master now; changes are the append-only log it is rebuilt from. */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS units (
  name TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  position INTEGER NOT NULL,
  token_hash TEXT,
  downloaded_at TEXT,
  downloaded_revision INTEGER
);
CREATE TABLE IF NOT EXISTS tasks (
  id TEXT PRIMARY KEY,
  position INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS cells (
  task_id TEXT NOT NULL,
  unit TEXT NOT NULL,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  revision INTEGER NOT NULL,
  actor TEXT NOT NULL,
  PRIMARY KEY (task_id, unit, field)
);
CREATE TABLE IF NOT EXISTS changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  revision INTEGER NOT NULL,
  submission_id INTEGER,
  actor TEXT NOT NULL,
  task_id TEXT NOT NULL,
  unit TEXT NOT NULL,
  field TEXT NOT NULL,
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS changes_by_cell ON changes (task_id, unit, field, revision);
CREATE TABLE IF NOT EXISTS submissions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  actor TEXT NOT NULL,
  base_revision INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  source TEXT NOT NULL,
  received_at TEXT NOT NULL,
  result TEXT NOT NULL,
  copy TEXT NOT NULL DEFAULT '',
  counted INTEGER NOT NULL DEFAULT 0,
  reporter TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  -- A file taken as a version of its copy: when it was saved, and its cells (JSON).
  saved_at TEXT,
  sent TEXT
);
CREATE INDEX IF NOT EXISTS submissions_by_actor ON submissions (actor, received_at);
CREATE TABLE IF NOT EXISTS conflicts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
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
  resolved_by TEXT
);
`;

/** Evidence files of this ledger (the bytes are stored once per content, outside the database). */
export const EVIDENCE = `
CREATE TABLE IF NOT EXISTS evidence (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
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
  removed_at TEXT
);
CREATE INDEX IF NOT EXISTS evidence_by_task ON evidence (task_id);
`;

/**
 * Monthly rounds (月报) and closing tasks off (销号). A round shares its id across the ledgers it
 * covers; closing it keeps a snapshot of the master and of every unit's state. A closure request
 * keeps its steps: requested, each lead unit's confirmation, and the office's decision.
 */
export const ROUTINE = `
CREATE TABLE IF NOT EXISTS rounds (
  id TEXT PRIMARY KEY,
  period TEXT NOT NULL,
  deadline TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  opened_by TEXT NOT NULL,
  closed_at TEXT,
  closed_by TEXT,
  snapshot TEXT
);
CREATE TABLE IF NOT EXISTS closures (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  task_id TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  note TEXT NOT NULL,
  confirmations TEXT NOT NULL,
  state TEXT NOT NULL,
  decided_by TEXT,
  decided_at TEXT,
  reason TEXT
);
CREATE INDEX IF NOT EXISTS closures_by_task ON closures (task_id);
`;

/** Indexes over columns that ADDED_COLUMNS may have to add first. */
export const INDEXES = `
CREATE INDEX IF NOT EXISTS submissions_by_copy ON submissions (copy);
CREATE INDEX IF NOT EXISTS conflicts_by_cell ON conflicts (task_id, unit, field);
CREATE INDEX IF NOT EXISTS cells_by_unit ON cells (unit, task_id);
`;

/** Columns added since a data folder was made. */
function addMissingColumns(db: SqliteDb): void {
  for (const { table, column, definition } of ADDED_COLUMNS) {
    const columns = parseAll(Rows.column, db.db.prepare(`PRAGMA table_info(${table})`).all());
    if (!columns.some((c) => c.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
  }
}

/** A ledger's SQLite database (DATA_DIR/ledgers/<id>.sqlite), its tables made or brought up to date. */
export function openSqliteLedger(path: string): Store {
  const db = SqliteDb.open(path);
  db.exec(SCHEMA);
  db.exec(EVIDENCE);
  db.exec(ROUTINE);
  addMissingColumns(db);
  db.exec(INDEXES);
  return new Store(db);
}
