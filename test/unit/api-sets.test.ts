/** The add-in calls only what the manifest declares, or what it uses only where the host has it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPTIONAL, PANE_API_SETS } from '../../addin/requirements.ts';
import { excelCalls, newer } from '../../scripts/api-sets.ts';

const manifest = readFileSync(join(import.meta.dirname, '..', '..', 'manifest.xml'), 'utf8');
const declared = /<Set Name="ExcelApi" MinVersion="([\d.]+)"/.exec(manifest)?.[1] ?? '0.0';

const optional = (member: string) =>
  Object.values(OPTIONAL).find((f) =>
    f.members.some((m) => m === member || (m.endsWith('.*') && member.startsWith(m.slice(0, -1)))),
  );

describe('the Excel API sets the add-in uses', () => {
  const calls = excelCalls();

  it('finds the calls and their sets in @types/office-js', () => {
    expect(calls.find((c) => c.member === 'Worksheet.notes')).toMatchObject({ set: 'ExcelApi', version: '1.18' });
    expect(calls.find((c) => c.member === 'Workbook.getActiveCell')).toMatchObject({ version: '1.7' });
    expect(calls.length).toBeGreaterThan(15);
  });

  it('needs no more than the manifest declares, except what is detected and done without', () => {
    expect(declared).toBe(PANE_API_SETS.ExcelApi);
    const beyond = calls.filter((c) => c.set === 'ExcelApi' && newer(c.version, declared));
    const undeclared = beyond.filter((c) => {
      const feature = optional(c.member);
      return !feature || newer(c.version, feature.version);
    });
    expect(undeclared.map((c) => `${c.member} (${c.set} ${c.version}, ${c.where})`)).toEqual([]);
    // Online- or desktop-only members would fail on the other hosts.
    expect(calls.filter((c) => c.set !== 'ExcelApi').map((c) => `${c.member} ${c.set}`)).toEqual([]);
  });
});
