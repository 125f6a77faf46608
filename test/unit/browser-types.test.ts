/**
 * The pages and the add-in run in a browser or an Office host: their type check must refuse
 * Node's globals and modules, though they call the service through a typed client.
 */
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const PROBE = join(ROOT, 'server/pages/dashboard/node-probe.ts');

function pagesProgram(probe: string) {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.pages.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => {},
    },
  );
  if (!config) throw new Error('tsconfig.pages.json cannot be read');
  const host = ts.createCompilerHost(config.options);
  const { readFile, fileExists } = host;
  host.readFile = (name) => (name === PROBE ? probe : readFile(name));
  host.fileExists = (name) => name === PROBE || fileExists(name);
  return ts.createProgram([...config.fileNames, PROBE], config.options, host);
}

describe('the pages type check', () => {
  const program = pagesProgram(
    "import { apiClient } from '../../http/client.ts';\nexport const a = apiClient('', '');\nexport const b = Buffer.from('x');\n",
  );
  const files = program.getSourceFiles().map((f) => relative(ROOT, f.fileName));

  it('reads the API schema, not the service, and no declarations of Node', () => {
    expect(files.filter((f) => f.includes('@types/node/'))).toEqual([]);
    const service = files.filter((f) => f.startsWith('server/') && !f.startsWith('server/pages/'));
    expect(service.sort()).toEqual([
      'server/http/api-schema.ts',
      'server/http/client.ts',
      'server/http/routes/schemas.ts',
    ]);
  });

  it('refuses Buffer in a page', () => {
    const probe = program.getSourceFile(PROBE);
    const errors = ts
      .getPreEmitDiagnostics(program, probe)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Cannot find name 'Buffer'/);
  });
});
