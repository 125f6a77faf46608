/**
 * Every Excel API member the add-in calls, with the requirement set @types/office-js gives it
 * ("[Api set: ExcelApi 1.18]"), found by the TypeScript checker over addin/. `npm run api-sets`
 * prints them; test/unit/api-sets.test.ts holds them to the manifest.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface ExcelCall {
  /** Class.member, as @types/office-js names them. */
  member: string;
  set: string;
  version: string;
  where: string;
}

const ROOT = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The newest set a declaration's comment names (a member may say ExcelApi 1.7 for reading and 1.9 for writing). */
function apiSet(declaration: ts.Declaration): { set: string; version: string } | undefined {
  const text = declaration.getSourceFile().text.slice(declaration.getFullStart(), declaration.getStart());
  const found = [...text.matchAll(/\[Api set: (ExcelApi(?:Online|Desktop)?) (\d+)\.(\d+)\]/g)];
  if (found.length === 0) return undefined;
  const newest = found.reduce((a, b) =>
    Number(b[2]) * 1000 + Number(b[3]) > Number(a[2]) * 1000 + Number(a[3]) ? b : a,
  );
  return { set: newest[1]!, version: `${newest[2]}.${newest[3]}` };
}

export function excelCalls(): ExcelCall[] {
  const files = sources(join(ROOT, 'addin'));
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    noEmit: true,
    types: ['office-js'],
    resolveJsonModule: true,
  });
  const checker = program.getTypeChecker();
  const calls = new Map<string, ExcelCall>();
  for (const file of program.getSourceFiles().filter((f) => files.includes(f.fileName))) {
    const visit = (node: ts.Node) => {
      if (ts.isPropertyAccessExpression(node)) {
        const symbol = checker.getSymbolAtLocation(node.name);
        const declaration = symbol?.declarations?.[0];
        const owner = declaration?.parent;
        if (
          declaration &&
          owner &&
          ts.isClassDeclaration(owner) &&
          declaration.getSourceFile().fileName.includes('@types/office-js') &&
          owner.parent?.parent &&
          ts.isModuleDeclaration(owner.parent.parent) &&
          owner.parent.parent.name.getText() === 'Excel'
        ) {
          const found = apiSet(declaration);
          const member = `${owner.name?.getText()}.${node.name.getText()}`;
          if (found && !calls.has(member)) {
            const { line } = file.getLineAndCharacterOfPosition(node.getStart());
            calls.set(member, { member, ...found, where: `${relative(ROOT, file.fileName)}:${line + 1}` });
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return [...calls.values()].sort((a, b) => a.member.localeCompare(b.member));
}

const newer = (a: string, b: string) => {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am! * 1000 + an! > bm! * 1000 + bn!;
};
export { newer };

if (process.argv[1]?.endsWith('api-sets.ts')) {
  for (const c of excelCalls()) console.log(`${c.set} ${c.version}\t${c.member}\t${c.where}`);
}
