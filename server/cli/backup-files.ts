/**
 * What both kinds of backup share: the zip read entry by entry into a folder (databases, evidence
 * files checked against their names, the small text entries), a SQLite data folder's databases
 * checked whole, and the refusals a restore answers with before it writes anything.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { text } from 'node:stream/consumers';
import Database from 'better-sqlite3';
import { LedgerError } from '../errors.ts';
import { backupEntries, saveEntry } from '../formats/backup-zip.ts';
import type { CountyRows } from '../store/postgres-export.ts';
import { COUNTY_SCHEMA } from '../store/county-store.ts';
import { EVIDENCE, ROUTINE, SCHEMA } from '../store/sqlite-schema.ts';

/** An evidence file in a backup: `evidence/<2 hex>/<sha256>`. */
export const EVIDENCE_FILE = /^evidence\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

const tablesOf = (sql: string) => [...sql.matchAll(/CREATE TABLE IF NOT EXISTS (\w+)/g)].map((m) => m[1]!);
/** The tables of the county's SQLite database and of each ledger's. */
const SQLITE_TABLES = { county: tablesOf(COUNTY_SCHEMA), ledger: tablesOf(SCHEMA + EVIDENCE + ROUTINE) };
/** The tables a database of a SQLite backup holds, by its name there. */
export const tablesIn = (name: string) => (name === 'county.sqlite' ? SQLITE_TABLES.county : SQLITE_TABLES.ledger);

export const refuse = (file: string, why: string, english: string) =>
  new LedgerError(
    'corrupt',
    `${file} 不能恢复：${why}。没有写入任何数据。Cannot restore ${file}: ${english}. Nothing was written.`,
  );

/** A county exported from PostgreSQL: its rows, as one JSON entry. */
export const ROWS = 'rows.json';

/** The rows of a PostgreSQL export, or a refusal when they do not parse. */
export function parseRows(text: string, file: string): CountyRows {
  try {
    return JSON.parse(text) as CountyRows;
  } catch {
    throw refuse(file, `${ROWS} 已损坏`, `${ROWS} is damaged`);
  }
}

/** A SQLite database in a backup: the county's, or a ledger's. */
export const DATABASE = /^(county\.sqlite|ledgers\/[\w-]+\.sqlite)$/;

/** What a backup held, written into a folder. */
export interface ReadBackup {
  /** Databases at their names under the folder (county.sqlite, ledgers/<id>.sqlite). */
  databases: string[];
  /** Evidence files under the folder's evidence/<2 hex>/<sha256>, each checked against its name. */
  evidence: Set<string>;
  /** The small text entries (rows.json, the manifest), by name. */
  texts: Map<string, string>;
}

const GIB = 1024 ** 3;
/** The largest size an entry of each kind may declare (others are passed over unread). */
const largest = (name: string) =>
  DATABASE.test(name) ? 64 * GIB : EVIDENCE_FILE.test(name) ? GIB : Number.MAX_SAFE_INTEGER;

/**
 * Reads a backup entry by entry into `folder`, so that memory does not follow its size; an evidence
 * file whose content does not match its name, a zip that is not one, is cut short or inflates too
 * far, is refused. `texts` names the text entries to keep.
 */
export async function readBackup(file: string, folder: string, texts: string[] = []): Promise<ReadBackup> {
  if (!existsSync(file)) throw new LedgerError('file-missing', `找不到备份文件 ${file}。No such file.`);
  const read: ReadBackup = { databases: [], evidence: new Set(), texts: new Map() };
  for await (const entry of backupEntries(file, (name) => (texts.includes(name) ? 2 * GIB : largest(name)))) {
    const { name } = entry;
    if (texts.includes(name)) {
      read.texts.set(name, await text(await entry.open()));
    } else if (DATABASE.test(name)) {
      mkdirSync(dirname(join(folder, name)), { recursive: true, mode: 0o700 });
      await saveEntry(entry, join(folder, name), file);
      read.databases.push(name);
    } else {
      const match = EVIDENCE_FILE.exec(name);
      if (!match) continue;
      const [, prefix, sha] = match;
      const hash = createHash('sha256');
      mkdirSync(join(folder, 'evidence', prefix!), { recursive: true, mode: 0o700 });
      await saveEntry(entry, join(folder, name), file, (chunk) => hash.update(chunk));
      if (prefix !== sha!.slice(0, 2) || hash.digest('hex') !== sha)
        throw refuse(
          file,
          `佐证材料文件 ${name} 的内容与其校验值不符`,
          `evidence file ${name} does not match its hash`,
        );
      read.evidence.add(sha!);
    }
  }
  return read;
}

/** A database in the backup opens, passes SQLite's integrity check, and has the tables it should. */
export function checkDatabase(path: string, name: string, file: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: true });
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(String(result));
  } catch (error) {
    throw refuse(file, `${name} 不是完好的数据库（${(error as Error).message}）`, `${name} is not a sound database`);
  }
  const expected = tablesIn(name);
  const present = new Set(
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name),
  );
  const missing = expected.filter((t) => !present.has(t));
  if (missing.length > 0) {
    db.close();
    throw refuse(file, `${name} 缺少数据表 ${missing.join('、')}`, `${name} lacks tables ${missing.join(', ')}`);
  }
  return db;
}
