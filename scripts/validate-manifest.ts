/**
 * npm run validate: checks manifest.xml offline against the published XML add-in manifest
 * schemas (../shared/office-manifest-schemas, or MANIFEST_SCHEMAS), with libxml2 compiled to
 * WebAssembly (xmllint-wasm), so no network and no system package is needed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateXML } from 'xmllint-wasm';

export const SCHEMA_DIR = resolve(
  process.env.MANIFEST_SCHEMAS ?? join(import.meta.dirname, '..', '..', 'shared', 'office-manifest-schemas'),
);
const ROOT_SCHEMA = 'OfficeAppManifestV1_1.xsd';

export async function validateManifest(
  xml: string,
  schemaDir = SCHEMA_DIR,
): Promise<{ valid: boolean; errors: string[] }> {
  const files = readdirSync(schemaDir).filter((f) => f.endsWith('.xsd'));
  if (!files.includes(ROOT_SCHEMA)) throw new Error(`${ROOT_SCHEMA} not found in ${schemaDir}`);
  const result = await validateXML({
    xml: [{ fileName: 'manifest.xml', contents: xml }],
    schema: [{ fileName: ROOT_SCHEMA, contents: readFileSync(join(schemaDir, ROOT_SCHEMA), 'utf8') }],
    preload: files
      .filter((f) => f !== ROOT_SCHEMA)
      .map((f) => ({ fileName: f, contents: readFileSync(join(schemaDir, f), 'utf8') })),
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}

if (process.argv[1]?.endsWith('validate-manifest.ts')) {
  const file = process.argv[2] ?? join(import.meta.dirname, '..', 'manifest.xml');
  const { valid, errors } = await validateManifest(readFileSync(file, 'utf8'));
  if (valid) {
    console.log(`${file}: 清单符合架构 / the manifest is valid against ${SCHEMA_DIR}`);
  } else {
    console.error(`${file}: 清单不符合架构 / the manifest is not valid:\n${errors.join('\n')}`);
    process.exitCode = 1;
  }
}
