/**
 * `ledger backup` and `ledger restore` when DATABASE_URL is set: one county (LEDGER_COUNTY) of the
 * shared PostgreSQL database, as the project's own export: its rows (rows.json) and its evidence
 * files, in one zip. The whole database, every county at once, is backed up with pg_dump (README).
 * Restore takes such a zip, or a SQLite data folder's backup (a county moving into the city's or
 * province's database), into a county that has nothing yet, checking everything first.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerError } from '../errors.ts';
import { BackupWriter } from '../formats/backup-zip.ts';
import { type EvidenceStore, evidenceKey } from '../store/evidence-store.ts';
import { type CountyRows, exportCounty, importCounty, type Rows } from '../store/postgres-export.ts';
import { checkDatabase, parseRows, readBackup, refuse, ROWS, tablesIn } from './backup-files.ts';

const MANIFEST = 'ledger-export.json';
/** The files a county's rows keep (a purged file's row stays, its bytes do not). */
const named = (rows: CountyRows) =>
  new Set(
    Object.values(rows.ledgers).flatMap((t) =>
      (t.evidence ?? []).filter((e) => e.purged_at == null).map((e) => String(e.sha256)),
    ),
  );

export async function backupPostgres(
  url: string,
  county: string,
  file: string,
  store: EvidenceStore,
  out: (line: string) => void,
): Promise<number> {
  const rows = await exportCounty(url, county);
  const ledgers = Object.keys(rows.ledgers);
  if (ledgers.length === 0 && Object.values(rows.county).every((t) => t.length === 0))
    throw new LedgerError('not-found', `数据库中没有县“${county}”的数据。No data for county ${county}.`);
  const zip = new BackupWriter(file);
  try {
    zip.addText(
      MANIFEST,
      JSON.stringify({ format: 'ledger-county', version: 1, county, ledgers, at: new Date().toISOString() }),
    );
    zip.addText(ROWS, JSON.stringify(rows));
    const hashes = named(rows);
    // Each file read from the store only when the zip reaches it.
    for (const sha of hashes) zip.addLater(`evidence/${evidenceKey(sha)}`, () => store.get(sha));
    await zip.finish();
    out(
      `已备份县“${county}”的 ${ledgers.length} 本台账和 ${hashes.size} 个佐证材料文件到 ${file}。` +
        `Backed up county ${county}: ${ledgers.length} ledgers and ${hashes.size} evidence files to ${file}.`,
    );
    return 0;
  } catch (error) {
    zip.abandon();
    throw error;
  }
}

/** A SQLite data folder's backup, read into `folder`, as rows: the county's database and each ledger's. */
async function rowsOfSqlite(folder: string, databases: string[], file: string): Promise<CountyRows> {
  const read = async (name: string): Promise<Record<string, Rows>> => {
    if (!databases.includes(name)) throw refuse(file, `缺少 ${name}`, `${name} is missing`);
    // Checked as the SQLite restore checks it: whole, with this version's schema.
    const db = await checkDatabase(join(folder, name), name, file);
    try {
      return Object.fromEntries(tablesIn(name).map((t) => [t, db.prepare(`SELECT * FROM ${t}`).all() as Rows]));
    } finally {
      db.close();
    }
  };
  const county = await read('county.sqlite');
  const ledgers: CountyRows['ledgers'] = {};
  for (const { id } of (county.ledgers ?? []) as { id: string }[]) ledgers[id] = await read(`ledgers/${id}.sqlite`);
  return { county, ledgers };
}

export async function restorePostgres(
  url: string,
  county: string,
  file: string,
  store: EvidenceStore,
  out: (line: string) => void,
): Promise<number> {
  const scratch = mkdtempSync(join(tmpdir(), 'ledger-restore-'));
  try {
    const { databases, evidence, texts } = await readBackup(file, scratch, [ROWS]);
    let rows: CountyRows;
    const exported = texts.get(ROWS);
    if (exported !== undefined) rows = parseRows(exported, file);
    else if (databases.includes('county.sqlite')) rows = await rowsOfSqlite(scratch, databases, file);
    else
      throw new LedgerError(
        'corrupt',
        `${file} 中既没有 ${ROWS} 也没有 county.sqlite，不是台账备份。Not a ledger backup.`,
      );

    const lost = [...named(rows)].filter((sha) => !evidence.has(sha));
    if (lost.length > 0)
      throw refuse(file, `缺少 ${lost.length} 个佐证材料文件`, `${lost.length} evidence files are missing`);

    // The files first, one at a time: a row never names a file the store lacks, and one put twice is harmless.
    for (const sha of evidence) await store.put(sha, readFileSync(join(scratch, 'evidence', evidenceKey(sha))));
    await importCounty(url, county, rows);
    out(
      `已从 ${file} 恢复 ${Object.keys(rows.ledgers).length} 本台账和 ${evidence.size} 个佐证材料文件到县“${county}”。` +
        `Restored ${Object.keys(rows.ledgers).length} ledgers and ${evidence.size} evidence files into county ${county}.`,
    );
    return 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
