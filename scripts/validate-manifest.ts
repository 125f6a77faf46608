/**
 * npm run validate: checks manifest.xml. The checks written here always run; the validation
 * against Microsoft's published XML manifest schemas runs where they are given (MANIFEST_SCHEMAS,
 * a folder of .xsd files), offline, with libxml2 compiled to WebAssembly (xmllint-wasm).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { checkManifest } from './check-manifest.ts';

export const SCHEMA_DIR = process.env.MANIFEST_SCHEMAS ? resolve(process.env.MANIFEST_SCHEMAS) : undefined;
const ROOT_SCHEMA = 'OfficeAppManifestV1_1.xsd';

export async function validateManifest(xml: string, schemaDir: string): Promise<{ valid: boolean; errors: string[] }> {
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
  const xml = readFileSync(file, 'utf8');
  const problems = checkManifest(xml);
  if (SCHEMA_DIR) problems.push(...(await validateManifest(xml, SCHEMA_DIR)).errors);
  else
    console.log(
      '未设置 MANIFEST_SCHEMAS，跳过按微软发布的架构校验。Schema validation skipped: set MANIFEST_SCHEMAS to a folder of the published .xsd files.',
    );
  if (problems.length === 0) {
    console.log(`${file}: 清单无误 / the manifest is valid${SCHEMA_DIR ? ` (schemas: ${SCHEMA_DIR})` : ''}`);
  } else {
    console.error(`${file}: 清单有误 / the manifest is not valid:\n${problems.join('\n')}`);
    process.exitCode = 1;
  }
}
