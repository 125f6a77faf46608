/**
 * What both kinds of backup share: the zip's evidence entries, a SQLite data folder's databases
 * checked whole, and the refusals a restore answers with before it writes anything.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { unzipSync } from 'fflate';
import { LedgerError } from '../errors.ts';
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

/** A backup's entries by name; a file that is not a zip is refused. */
export function openBackup(file: string): Record<string, Uint8Array> {
  try {
    return unzipSync(readFileSync(file));
  } catch {
    throw new LedgerError('corrupt', `${file} 不是台账备份文件。Not a ledger backup.`);
  }
}

/** The backup's evidence files by SHA-256, each checked against its name; refused when one does not match. */
export function evidenceIn(entries: Record<string, Uint8Array>, file: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const [name, bytes] of Object.entries(entries)) {
    const match = EVIDENCE_FILE.exec(name);
    if (!match) continue;
    const [, prefix, sha] = match;
    if (prefix !== sha!.slice(0, 2) || createHash('sha256').update(bytes).digest('hex') !== sha)
      throw refuse(file, `佐证材料文件 ${name} 的内容与其校验值不符`, `evidence file ${name} does not match its hash`);
    files.set(sha!, bytes);
  }
  return files;
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
