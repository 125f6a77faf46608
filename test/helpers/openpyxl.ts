import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
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
