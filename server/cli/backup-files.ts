/**
 * What both kinds of backup share: the zip read entry by entry into a folder (databases, evidence
 * files checked against their names, the small text entries), a SQLite data folder's databases
 * checked whole, and the refusals a restore answers with before it writes anything.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { text } from 'node:stream/consumers';
import Database from 'better-sqlite3';
import { LedgerError } from '../errors.ts';
import { backupEntries, saveEntry } from '../formats/backup-zip.ts';
import type { CountyRows } from '../store/postgres-export.ts';
import { CountyStore } from '../store/county-store.ts';
import { openSqliteLedger } from '../store/sqlite-schema.ts';
import { latest, tablesAt, THIS_VERSION } from '../store/migrations.ts';

/** An evidence file in a backup: `evidence/<2 hex>/<sha256>`. */
export const EVIDENCE_FILE = /^evidence\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

/**
 * The tables a database of a SQLite backup holds, by its name there, as the version that made
 * it (its user_version; one from before numbered migrations as the first) left them.
 */
export const tablesIn = (name: string, version = latest(THIS_VERSION)) => {
  const scope = name === 'county.sqlite' ? 'county' : 'ledger';
  return tablesAt(THIS_VERSION, Math.max(1, version))
    .filter((t) => t.scope === scope)
    .map((t) => t.name);
};

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

/**
 * A database in the backup opens, passes SQLite's integrity check, has the tables it should, and,
 * brought up to this version as the service would bring it (columns added since), has exactly the
 * schema this version makes: a table, column, index, trigger or view more or less is refused, named.
 */
export async function checkDatabase(path: string, name: string, file: string): Promise<Database.Database> {
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: true });
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(String(result));
  } catch (error) {
    throw refuse(file, `${name} 不是完好的数据库（${(error as Error).message}）`, `${name} is not a sound database`);
  }
  const expected = tablesIn(name, db.pragma('user_version', { simple: true }) as number);
  const present = new Set(
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name),
  );
  const missing = expected.filter((t) => !present.has(t));
  db.close();
  if (missing.length > 0)
    throw refuse(file, `${name} 缺少数据表 ${missing.join('、')}`, `${name} lacks tables ${missing.join(', ')}`);
  await upgrade(path, name);
  db = new Database(path, { fileMustExist: true });
  const reference = await schemaOfVersion(name);
  const own = schemaOf(db);
  const differs = [
    ...reference.filter((item) => !own.includes(item)).map((item) => `缺少 ${item}`),
    ...own.filter((item) => !reference.includes(item)).map((item) => `多出 ${item}`),
  ];
  if (differs.length > 0) {
    db.close();
    throw refuse(
      file,
      `${name} 的结构与本版本不同（${differs.slice(0, 5).join('；')}${differs.length > 5 ? `等${differs.length}处` : ''}）`,
      `${name}'s schema differs from this version's: ${differs.length} differences`,
    );
  }
  return db;
}

/** Opens a database as the service does, which brings it up to this version, and closes it. */
async function upgrade(path: string, name: string): Promise<void> {
  await (name === 'county.sqlite' ? CountyStore.sqlite(path) : openSqliteLedger(path)).close();
}

/** A database's schema as lines: each table's columns, each index, trigger and view by its definition. */
function schemaOf(db: Database.Database): string[] {
  const objects = db
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all() as { type: string; name: string; sql: string | null }[];
  return objects.flatMap(({ type, name, sql }) => {
    if (type !== 'table') return [`${type} ${name}: ${(sql ?? '').replace(/\s+/g, ' ')}`];
    const columns = db.prepare(`PRAGMA table_info(${name})`).all() as {
      name: string;
      type: string;
      notnull: number;
      pk: number;
    }[];
    return [
      `table ${name}`,
      ...columns.map((c) => `column ${name}.${c.name} ${c.type}${c.notnull ? ' NOT NULL' : ''}${c.pk ? ' KEY' : ''}`),
    ];
  });
}

/** The schema this version makes for a database of this name, made once in a scratch folder. */
const made = new Map<string, Promise<string[]>>();
function schemaOfVersion(name: string): Promise<string[]> {
  const kind = name === 'county.sqlite' ? 'county.sqlite' : 'ledger.sqlite';
  let schema = made.get(kind);
  if (!schema) {
    schema = (async () => {
      const scratch = mkdtempSync(join(tmpdir(), 'ledger-schema-'));
      try {
        await upgrade(join(scratch, kind), kind);
        const db = new Database(join(scratch, kind), { readonly: true });
        try {
          return schemaOf(db);
        } finally {
          db.close();
        }
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    })();
    made.set(kind, schema);
  }
  return schema;
}
