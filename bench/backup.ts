/**
 * npx tsx bench/backup.ts [GiB]: a county holding that much evidence (PDFs of random bytes, 20 MB
 * each, attached through the ledger's own use case), then `ledger backup` and `ledger restore` as
 * a technician runs them, each timed with its peak memory (VmHWM, read from /proc while it runs).
 * Restore's memory should not follow the backup's size.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const gib = Number(process.argv[2] ?? 1);
const FILE_MB = 20;
// One unit may attach as much as the bench needs to one task in one round.
process.env.LEDGER_EVIDENCE_TOTAL_MB = String(Math.ceil(gib * 1024) + 100);
const { openCounty } = await import('../server/cases/open-county.ts');
const { ledgerPeak: peakOf } = await import('./peak.ts');

const work = mkdtempSync(join(tmpdir(), 'ledger-backup-bench-'));
try {
  const dir = join(work, 'data');
  const { county } = await openCounty(dir);
  const ledger = county.defaultLedger!;
  const files = Math.ceil((gib * 1024) / FILE_MB);
  for (let n = 0; n < files; n++) {
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(FILE_MB * 1024 * 1024 - 9)]);
    await ledger.evidence.attach(7, { kind: 'unit', unit: '县水利局' }, { name: `现场${n}.pdf`, bytes });
  }
  await county.close();
  const env = { ...process.env, DATA_DIR: dir };
  const zip = join(work, 'backup.zip');
  const backup = await peakOf(['backup', zip], env);
  const size = statSync(zip).size;
  rmSync(join(dir, 'evidence'), { recursive: true, force: true });
  const restore = await peakOf(['restore', zip], { ...env, DATA_DIR: join(work, 'restored') });
  console.log(
    `backup of ${(size / 1024 ** 3).toFixed(2)} GiB (${files} evidence files): ` +
      `backup ${(backup.ms / 1000).toFixed(1)} s, peak ${backup.peakMb} MB; ` +
      `restore ${(restore.ms / 1000).toFixed(1)} s, peak ${restore.peakMb} MB`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
