import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkManifest } from '../../scripts/check-manifest.ts';
import { SCHEMA_DIR, validateManifest } from '../../scripts/validate-manifest.ts';

const manifest = readFileSync(join(import.meta.dirname, '..', '..', 'manifest.xml'), 'utf8');

describe('the add-in manifest', () => {
  it("has what Office requires, every address on the service's one origin, and the pane's requirement sets", () => {
    expect(checkManifest(manifest)).toEqual([]);
  });

  it('says what is wrong with a broken one', () => {
    const broken = manifest
      .replace('<Permissions>ReadWriteDocument</Permissions>', '')
      .replace('https://localhost:3000/addin/help.html', 'https://elsewhere.example/help.html')
      .replace('<Set Name="ExcelApi" MinVersion="1.9"/>', '<Set Name="ExcelApi" MinVersion="1.1"/>');
    const problems = checkManifest(broken).join('\n');
    expect(problems).toContain('Permissions ReadWriteDocument');
    expect(problems).toContain('elsewhere.example');
    expect(problems).toContain('ExcelApi must be declared at 1.9');
  });

  it.skipIf(!SCHEMA_DIR)(
    'is valid against the published schemas (MANIFEST_SCHEMAS), and fails when broken',
    async () => {
      expect(await validateManifest(manifest, SCHEMA_DIR!)).toEqual({ valid: true, errors: [] });
      const broken = manifest.replace(
        '<Permissions>ReadWriteDocument</Permissions>',
        '<Permissions>Everything</Permissions>',
      );
      const result = await validateManifest(broken, SCHEMA_DIR!);
      expect(result.valid).toBe(false);
      expect(result.errors.join('\n')).toContain('Permissions');
    },
  );

  it("names the task pane, icons and commands on the service's own HTTPS origin, in Chinese and English", () => {
    expect(manifest).toContain('https://localhost:3000/addin/taskpane.html');
    expect(manifest).toMatch(/DisplayName DefaultValue="整改台账[^"]*Rectification Ledger"/);
    for (const size of [16, 32, 80]) {
      expect(manifest).toContain(
        `<bt:Image id="Icon.${size}x${size}" DefaultValue="https://localhost:3000/addin/assets/icon-${size}.png"/>`,
      );
    }
  });
});
