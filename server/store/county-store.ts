/**
 * The county's own database (DATA_DIR/county.sqlite): its ledgers, its roster of units (the
 * registry, as the office keeps it), and access: every token issued, hashed, with who issued it
 * and when. Data access only; the county service decides. On SQLite each ledger has its own
 * database; on PostgreSQL every county and ledger shares one, each row marked with its own.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { now } from '../clock.ts';
import type { Db, Param } from './db.ts';
import { parseAll, parseOne } from './rows.ts';
import { SqliteDb } from './sqlite-db.ts';
import { migrateSqlite } from './sqlite-schema.ts';

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
  constructor(readonly db: Db) {}

  /** The county's SQLite database (DATA_DIR/county.sqlite), made or migrated. */
  static sqlite(path: string): CountyStore {
    const db = SqliteDb.open(path);
    migrateSqlite(db.db, 'county');
    return new CountyStore(db);
  }

  close(): Promise<void> {
    return this.db.close();
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async meta(key: string): Promise<string | undefined> {
    return parseOne(z.object({ value: z.string() }), await this.db.get('SELECT value FROM meta WHERE key = ?', [key]))
      ?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.db.run(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [key, value],
    );
  }

  /**
   * Changes when the roster is saved or a ledger is made: what a service process compares to know
   * whether another one changed them.
   */
  async changeMark(): Promise<string> {
    const row = await this.db.get(
      "SELECT (SELECT value FROM meta WHERE key = 'changed') AS changed, (SELECT COUNT(*) FROM ledgers) AS ledgers",
    );
    return `${row?.changed ?? ''}/${row?.ledgers ?? 0}`;
  }

  /**
   * Moves with anything a reader above the county shows of it besides its ledgers: the roster,
   * the ledgers' list and every step of a 督办单. One statement.
   */
  async readerMark(): Promise<string> {
    const row = await this.db.get(
      `SELECT (SELECT value FROM meta WHERE key = 'changed') AS changed, (SELECT COUNT(*) FROM ledgers) AS ledgers,
              (SELECT COUNT(*) FROM supervisions) AS notices,
              (SELECT COALESCE(SUM(LENGTH(trail)), 0) FROM supervisions) AS steps`,
    );
    return Object.values(row ?? {}).join('/');
  }

  async markChanged(): Promise<void> {
    await this.setMeta('changed', `${now()}/${randomUUID()}`);
  }

  async ledgers(): Promise<LedgerEntry[]> {
    return parseAll(LedgerRow, await this.db.all('SELECT * FROM ledgers ORDER BY position'));
  }

  async addLedger(entry: { id: string; title: string; source: string }): Promise<void> {
    const position = (await this.ledgers()).length;
    await this.db.run('INSERT INTO ledgers (id, title, source, created_at, position) VALUES (?, ?, ?, ?, ?)', [
      entry.id,
      entry.title,
      entry.source,
      now(),
      position,
    ]);
  }

  async tokens(): Promise<TokenEntry[]> {
    return parseAll(TokenRow, await this.db.all('SELECT * FROM tokens ORDER BY id'));
  }

  async liveTokens(): Promise<TokenEntry[]> {
    return parseAll(TokenRow, await this.db.all('SELECT * FROM tokens WHERE revoked_at IS NULL'));
  }

  /** The live token with this hash, if any (the hash is UNIQUE, so indexed). */
  async liveToken(hash: string): Promise<TokenEntry | undefined> {
    return parseOne(TokenRow, await this.db.get('SELECT * FROM tokens WHERE hash = ? AND revoked_at IS NULL', [hash]));
  }

  async addToken(t: {
    hash: string;
    kind: 'unit' | 'office';
    unit?: string;
    person?: string;
    label?: string;
    by: string;
  }): Promise<number> {
    const row = await this.db.get(
      'INSERT INTO tokens (hash, kind, unit, person, label, issued_at, issued_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id',
      [t.hash, t.kind, t.unit ?? '', t.person ?? '', t.label ?? '', now(), t.by],
    );
    return z.object({ id: z.number() }).parse(row).id;
  }

  async hasTokenHash(hash: string): Promise<boolean> {
    return (await this.db.get('SELECT 1 AS found FROM tokens WHERE hash = ?', [hash])) !== undefined;
  }

  /** A revoked token valid again. */
  async readmitToken(id: number): Promise<void> {
    await this.db.run('UPDATE tokens SET revoked_at = NULL, revoked_by = NULL WHERE id = ?', [id]);
  }

  async revokeTokens(
    where: { id?: number; unit?: string; kind?: 'unit' | 'office'; person?: string },
    by: string,
  ): Promise<number> {
    const clauses = ['revoked_at IS NULL'];
    const args: Param[] = [now(), by];
    for (const [column, value] of Object.entries(where)) {
      if (value === undefined) continue;
      clauses.push(`${column} = ?`);
      args.push(value);
    }
    return this.db.run(`UPDATE tokens SET revoked_at = ?, revoked_by = ? WHERE ${clauses.join(' AND ')}`, args);
  }

  async record(actor: string, action: string, detail: string): Promise<void> {
    await this.db.run('INSERT INTO history (at, actor, action, detail) VALUES (?, ?, ?, ?)', [
      now(),
      actor,
      action,
      detail,
    ]);
  }

  /** The times of recent events of a kind for a key (failed sign-ins, submissions, 催报), oldest first. */
  async eventsSince(kind: string, key: string, since: number): Promise<number[]> {
    const rows = await this.db.all('SELECT at FROM events WHERE kind = ? AND key = ? AND at >= ? ORDER BY at', [
      kind,
      key,
      since,
    ]);
    return rows.map((r) => Number(r.at));
  }

  /** An event, and those of its kind from before `forgetBefore` forgotten. */
  async addEvent(kind: string, key: string, at: number, forgetBefore: number): Promise<void> {
    await this.db.run('DELETE FROM events WHERE kind = ? AND at < ?', [kind, forgetBefore]);
    await this.db.run('INSERT INTO events (kind, key, at) VALUES (?, ?, ?)', [kind, key, at]);
  }

  async history(): Promise<CountyEvent[]> {
    return parseAll(HistoryRow, await this.db.all('SELECT * FROM history ORDER BY id'));
  }
}
