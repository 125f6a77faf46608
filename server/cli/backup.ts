/**
 * ledger backup <file.zip> and ledger restore <file.zip>: every database of DATA_DIR (the county
 * and each ledger), copied with SQLite's online backup (consistent while the service runs), in
 * one zip; restore unpacks it into an empty DATA_DIR.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { unzipSync, zipSync } from 'fflate';
import { LedgerError } from '../errors.ts';

/** The databases of a data folder, as paths relative to it. */
function databases(dir: string): string[] {
  if (!existsSync(join(dir, 'county.sqlite'))) {
    throw new LedgerError('not-found', `${dir} 中没有台账数据（county.sqlite）。No county data in ${dir}.`);
  }
  const ledgers = existsSync(join(dir, 'ledgers'))
    ? readdirSync(join(dir, 'ledgers')).filter((f) => f.endsWith('.sqlite'))
    : [];
  return ['county.sqlite', ...ledgers.map((f) => join('ledgers', f))];
}

export async function backupCommand(dir: string, file: string, out: (line: string) => void): Promise<number> {
  const names = databases(dir);
  const scratch = mkdtempSync(join(tmpdir(), 'ledger-backup-'));
  try {
    const entries: Record<string, Uint8Array> = {};
    for (const name of names) {
      const copy = join(scratch, name.replace(/[\\/]/g, '__'));
      const db = new Database(join(dir, name), { readonly: true, fileMustExist: true });
      try {
        await db.backup(copy);
      } finally {
        db.close();
      }
      entries[name.replace(/\\/g, '/')] = readFileSync(copy);
    }
    writeFileSync(file, zipSync(entries, { level: 6 }));
    out(`已备份 ${names.length} 个数据库到 ${file}。Backed up ${names.length} databases to ${file}.`);
    return 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function restoreCommand(dir: string, file: string, out: (line: string) => void): number {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new LedgerError(
      'bad-request',
      `数据目录 ${dir} 不是空的：请换一个空目录恢复，或先移走现有数据。DATA_DIR must be empty to restore into.`,
    );
  }
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(readFileSync(file));
  } catch {
    throw new LedgerError('corrupt', `${file} 不是台账备份文件。Not a ledger backup.`);
  }
  const names = Object.keys(entries).filter((n) => /^(county\.sqlite|ledgers\/[\w-]+\.sqlite)$/.test(n));
  if (!names.includes('county.sqlite'))
    throw new LedgerError('corrupt', `${file} 中没有 county.sqlite，不是台账备份。Not a ledger backup.`);
  for (const name of names) {
    const target = join(dir, name);
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    writeFileSync(target, entries[name]!, { mode: 0o600 });
  }
  out(`已从 ${file} 恢复 ${names.length} 个数据库到 ${dir}。Restored ${names.length} databases into ${dir}.`);
  return 0;
}
