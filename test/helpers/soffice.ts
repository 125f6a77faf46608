import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Converts a file with LibreOffice, as a clerk re-saving it would; returns the new file's bytes. */
export function sofficeConvert(bytes: Uint8Array, from: string, to: string): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'soffice-'));
  const input = join(dir, `in.${from}`);
  writeFileSync(input, bytes);
  execFileSync(
    'soffice',
    [
      `-env:UserInstallation=file://${dir}/profile`,
      '--headless',
      '--convert-to',
      to,
      '--outdir',
      join(dir, 'out'),
      input,
    ],
    {
      stdio: 'ignore',
      timeout: 120_000,
    },
  );
  return readFileSync(join(dir, 'out', `in.${to.split(':')[0]}`));
}
