import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateManifest } from '../../scripts/validate-manifest.ts';

const manifest = readFileSync(join(import.meta.dirname, '..', '..', 'manifest.xml'), 'utf8');

describe('the add-in manifest', () => {
  it('is valid against the published schemas, offline', async () => {
    expect(await validateManifest(manifest)).toEqual({ valid: true, errors: [] });
  });

  it('fails validation when it is broken', async () => {
    const broken = manifest.replace(
      '<Permissions>ReadWriteDocument</Permissions>',
      '<Permissions>Everything</Permissions>',
    );
    const result = await validateManifest(broken);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toContain('Permissions');
  });

  it("names the task pane, icons and commands on the service's own HTTPS origin, in Chinese and English", () => {
    expect(manifest).toContain('<Host Name="Workbook"/>');
    expect(manifest).toContain('https://localhost:3000/addin/taskpane.html');
    expect(manifest).toMatch(/DisplayName DefaultValue="整改台账[^"]*Rectification Ledger"/);
    for (const size of [16, 32, 80])
      expect(manifest).toContain(
        `<bt:Image id="Icon.${size}x${size}" DefaultValue="https://localhost:3000/addin/assets/icon-${size}.png"/>`,
      );
  });
});
