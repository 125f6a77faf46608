/**
 * The county's own database (DATA_DIR/county.sqlite): its ledgers, its roster of units (the
 * registry, as the office keeps it), and access: every token issued, hashed, with who issued it
 * and when. Data access only; the county service decides. Each ledger has its own database.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { now, openDatabase, statements } from './store.ts';
import { parseAll, parseOne } from './rows.ts';

export const COUNTY_SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ledgers (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  source TEXT NOT NULL,
  created_at TEXT NOT NULL,
  position INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  hash TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  person TEXT NOT NULL DEFAULT '',
  label TEXT NOT NULL DEFAULT '',
  issued_at TEXT NOT NULL,
  issued_by TEXT NOT NULL,
  revoked_at TEXT,
  revoked_by TEXT
);
CREATE TABLE IF NOT EXISTS history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
);
`;

const LedgerRow = z.object({
  id: z.string(),
  title: z.string(),
  source: z.string(),
  created_at: z.string(),
  position: z.number(),
});
export const TokenRow = z.object({
  id: z.number(),
  hash: z.string(),
  kind: z.enum(['unit', 'office']),
  unit: z.string(),
  person: z.string(),
  label: z.string(),
  issued_at: z.string(),
  issued_by: z.string(),
  revoked_at: z.string().nullable(),
  revoked_by: z.string().nullable(),
});
const HistoryRow = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  detail: z.string(),
});

export type LedgerEntry = z.infer<typeof LedgerRow>;
export type TokenEntry = z.infer<typeof TokenRow>;
export type CountyEvent = z.infer<typeof HistoryRow>;

export class CountyStore {
  readonly db: Database.Database;
  private readonly sql: (sql: string) => Database.Statement;

  constructor(path: string) {
    this.db = openDatabase(path, (db) => db.exec(COUNTY_SCHEMA));
    this.sql = statements(this.db);
  }

  close(): void {
    this.db.close();
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  meta(key: string): string | undefined {
    return parseOne(z.object({ value: z.string() }), this.sql('SELECT value FROM meta WHERE key = ?').get(key))?.value;
  }

  setMeta(key: string, value: string): void {
    this.sql('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
      key,
      value,
    );
  }

  ledgers(): LedgerEntry[] {
    return parseAll(LedgerRow, this.sql('SELECT * FROM ledgers ORDER BY position').all());
  }

  addLedger(entry: { id: string; title: string; source: string }): void {
    const position = this.ledgers().length;
    this.sql('INSERT INTO ledgers (id, title, source, created_at, position) VALUES (?, ?, ?, ?, ?)').run(
      entry.id,
      entry.title,
      entry.source,
      now(),
      position,
    );
  }

  tokens(): TokenEntry[] {
    return parseAll(TokenRow, this.sql('SELECT * FROM tokens ORDER BY id').all());
  }

  liveTokens(): TokenEntry[] {
    return parseAll(TokenRow, this.sql('SELECT * FROM tokens WHERE revoked_at IS NULL').all());
  }

  /** The live token with this hash, if any (the hash is UNIQUE, so indexed). */
  liveToken(hash: string): TokenEntry | undefined {
    return parseOne(TokenRow, this.sql('SELECT * FROM tokens WHERE hash = ? AND revoked_at IS NULL').get(hash));
  }

  addToken(t: {
    hash: string;
    kind: 'unit' | 'office';
    unit?: string;
    person?: string;
    label?: string;
    by: string;
  }): number {
    const { lastInsertRowid } = this.sql(
      'INSERT INTO tokens (hash, kind, unit, person, label, issued_at, issued_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(t.hash, t.kind, t.unit ?? '', t.person ?? '', t.label ?? '', now(), t.by);
    return Number(lastInsertRowid);
  }

  hasTokenHash(hash: string): boolean {
    return this.sql('SELECT 1 FROM tokens WHERE hash = ?').get(hash) !== undefined;
  }

  /** A revoked token valid again. */
  readmitToken(id: number): void {
    this.sql('UPDATE tokens SET revoked_at = NULL, revoked_by = NULL WHERE id = ?').run(id);
  }

  revokeTokens(where: { id?: number; unit?: string; kind?: 'unit' | 'office'; person?: string }, by: string): number {
    const clauses = ['revoked_at IS NULL'];
    const args: (string | number)[] = [];
    for (const [column, value] of Object.entries(where)) {
      if (value === undefined) continue;
      clauses.push(`${column} = ?`);
      args.push(value);
    }
    return this.sql(`UPDATE tokens SET revoked_at = ?, revoked_by = ? WHERE ${clauses.join(' AND ')}`).run(
      now(),
      by,
      ...args,
    ).changes;
  }

  record(actor: string, action: string, detail: string): void {
    this.sql('INSERT INTO history (at, actor, action, detail) VALUES (?, ?, ?, ?)').run(now(), actor, action, detail);
  }

  history(): CountyEvent[] {
    return parseAll(HistoryRow, this.sql('SELECT * FROM history ORDER BY id').all());
  }
}
