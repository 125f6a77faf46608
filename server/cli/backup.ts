/**
 * ledger backup <file.zip> and ledger restore <file.zip>: the whole county in one zip. Every
 * database of DATA_DIR (the county and each ledger), copied with SQLite's online backup
 * (consistent while the service runs), and every evidence file the ledgers name, read from the
 * store in use (DATA_DIR/evidence or the S3 bucket) and streamed into the zip one at a time.
 * Restore checks everything it would restore before it writes anything where the service looks,
 * and refuses with the reason otherwise; evidence goes back into the store in use. With
 * DATABASE_URL, one county of the PostgreSQL database instead (backup-postgres.ts).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { LedgerError } from '../errors.ts';
import { BucketEvidence, type BucketSettings, bucketSettings } from '../store/evidence-bucket.ts';
import { FolderEvidence } from '../store/evidence-folder.ts';
import { type EvidenceStore, evidenceKey, evidenceStore } from '../store/evidence-store.ts';
import { checkDatabase, parseRows, readBackup, refuse, ROWS } from './backup-files.ts';
import { sqliteOfRows } from './rows-to-sqlite.ts';
import { BackupWriter } from '../formats/backup-zip.ts';

/** The databases of a data folder, as paths relative to it. */
function databases(dir: string): string[] {
  if (!existsSync(join(dir, 'county.sqlite'))) {
    throw new LedgerError('not-found', `${dir} 中没有台账数据（county.sqlite）。No county data in ${dir}.`);
  }
  const ledgers = existsSync(join(dir, 'ledgers'))
    ? readdirSync(join(dir, 'ledgers')).filter((f) => f.endsWith('.sqlite'))
    : [];
  return ['county.sqlite', ...ledgers.map((f) => `ledgers/${f}`)];
}

/** The evidence files a ledger's database names (a copy of it, made by the online backup). */
function namedEvidence(path: string): string[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    // A purged file's bytes are gone by design: its row stays as the record, without them.
    return (
      db.prepare('SELECT DISTINCT sha256 FROM evidence WHERE purged_at IS NULL').all() as { sha256: string }[]
    ).map((r) => r.sha256);
  } finally {
    db.close();
  }
}

export async function backupCommand(
  dir: string,
  file: string,
  out: (line: string) => void,
  store: EvidenceStore = evidenceStore(dir),
): Promise<number> {
  const { DATABASE_URL, LEDGER_COUNTY } = process.env;
  if (DATABASE_URL) {
    const { backupPostgres } = await import('./backup-postgres.ts');
    return backupPostgres(DATABASE_URL, countyOf(LEDGER_COUNTY), file, store, out);
  }
  const names = databases(dir);
  const scratch = mkdtempSync(join(tmpdir(), 'ledger-backup-'));
  const zip = new BackupWriter(file);
  try {
    const evidence = new Set<string>();
    for (const [n, name] of names.entries()) {
      // A consistent copy taken while the service runs (SQLite's online backup), zipped as a stream.
      const copy = join(scratch, `${n}.sqlite`);
      const db = new Database(join(dir, name), { readonly: true, fileMustExist: true });
      try {
        await db.backup(copy);
      } finally {
        db.close();
      }
      zip.addFile(copy, name);
      if (name !== 'county.sqlite') for (const sha of namedEvidence(copy)) evidence.add(sha);
    }
    // After the databases: a file they name was stored before its row was written. Each file is
    // read from the store only when the zip reaches it.
    for (const sha of evidence) zip.addLater(`evidence/${evidenceKey(sha)}`, () => store.get(sha));
    await zip.finish();
    chmodSync(file, 0o600);
    out(
      `已备份 ${names.length} 个数据库和 ${evidence.size} 个佐证材料文件到 ${file}。` +
        `Backed up ${names.length} databases and ${evidence.size} evidence files to ${file}.`,
    );
    return 0;
  } catch (error) {
    zip.abandon();
    throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** LEDGER_COUNTY: which county of the shared database. */
function countyOf(county: string | undefined): string {
  if (!county)
    throw new LedgerError(
      'bad-request',
      '设置了 DATABASE_URL，还需用 LEDGER_COUNTY 指明是哪个县。Set LEDGER_COUNTY with DATABASE_URL.',
    );
  return county;
}

export async function restoreCommand(
  dir: string,
  file: string,
  out: (line: string) => void,
  bucket: BucketSettings | undefined = bucketSettings(process.env),
): Promise<number> {
  const { DATABASE_URL, LEDGER_COUNTY } = process.env;
  if (DATABASE_URL) {
    // Into the bucket in use, or the data folder's own; kept by content, so putting one twice is harmless.
    const store = bucket ? new BucketEvidence(bucket) : new FolderEvidence(join(resolve(dir), 'evidence'));
    const { restorePostgres } = await import('./backup-postgres.ts');
    return restorePostgres(DATABASE_URL, countyOf(LEDGER_COUNTY), file, store, out);
  }
  const target = resolve(dir);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new LedgerError(
      'bad-request',
      `数据目录 ${dir} 不是空的：请换一个空目录恢复，或先移走现有数据。DATA_DIR must be empty to restore into.`,
    );
  }
  // Everything goes into a folder beside the target first, and is moved into place only when it all checks.
  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}-restoring-`));
  chmodSync(staging, 0o700);
  try {
    const read = await readBackup(file, staging, [ROWS]);
    const { evidence } = read;
    const exported = read.texts.get(ROWS);
    // A county exported from the shared database comes back as a data folder's databases.
    const names =
      exported !== undefined && !read.databases.includes('county.sqlite')
        ? await sqliteOfRows(parseRows(exported, file), staging)
        : read.databases;
    if (!names.includes('county.sqlite'))
      throw new LedgerError('corrupt', `${file} 中没有 county.sqlite，不是台账备份。Not a ledger backup.`);
    for (const name of names) {
      const db = await checkDatabase(join(staging, name), name, file);
      try {
        if (name === 'county.sqlite') {
          const ledgers = db.prepare('SELECT id FROM ledgers').all() as { id: string }[];
          const lost = ledgers.filter((l) => !names.includes(`ledgers/${l.id}.sqlite`)).map((l) => l.id);
          if (lost.length > 0)
            throw refuse(file, `缺少台账数据库 ${lost.join('、')}`, `ledger databases ${lost.join(', ')} are missing`);
        } else {
          const rows = db.prepare('SELECT DISTINCT sha256, name FROM evidence WHERE purged_at IS NULL').all() as {
            sha256: string;
            name: string;
          }[];
          const lost = rows.filter((r) => !evidence.has(r.sha256));
          if (lost.length > 0)
            throw refuse(
              file,
              `缺少 ${lost.length} 个佐证材料文件（如“${lost[0]!.name}”）`,
              `${lost.length} evidence files are missing`,
            );
        }
      } finally {
        db.close();
      }
    }
    // The files read went where a data folder keeps them; into the bucket instead when one is in use.
    if (bucket) {
      const store = new BucketEvidence(bucket);
      try {
        for (const sha of evidence) await store.put(sha, readFileSync(join(staging, 'evidence', evidenceKey(sha))));
      } finally {
        store.close();
      }
      rmSync(join(staging, 'evidence'), { recursive: true, force: true });
    }
    if (existsSync(target)) rmSync(target, { recursive: true });
    renameSync(staging, target);
    out(
      `已从 ${file} 恢复 ${names.length} 个数据库和 ${evidence.size} 个佐证材料文件到 ${dir}。` +
        `Restored ${names.length} databases and ${evidence.size} evidence files into ${dir}.`,
    );
    return 0;
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
