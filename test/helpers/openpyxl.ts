import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs a Python snippet with Debian's openpyxl (an independent reader) on a workbook; `wb` is
 * the loaded workbook, and what the snippet prints comes back. Debian's python3, not whatever
 * python3 is first on the PATH: python3-openpyxl installs there.
 */
export function openpyxl(bytes: Uint8Array, snippet: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'openpyxl-')), 'book.xlsx');
  writeFileSync(file, bytes);
  const script = `import openpyxl, sys\nwb = openpyxl.load_workbook(sys.argv[1])\n${snippet}`;
  return execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' }).trim();
}

/** Edits a workbook with openpyxl (a snippet working on `wb`) and answers the saved bytes. */
export function openpyxlEdit(bytes: Uint8Array, snippet: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'openpyxl-'));
  const file = join(dir, 'book.xlsx');
  writeFileSync(file, bytes);
  const script = `import openpyxl, sys\nwb = openpyxl.load_workbook(sys.argv[1])\n${snippet}\nwb.save(sys.argv[1])`;
  execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return new Uint8Array(readFileSync(file));
}
