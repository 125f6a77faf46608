/** ledger validate <file.xlsx>: the core rules over a workbook; exit 0 clean, 1 errors, 2 unreadable. */
import { readFileSync } from 'node:fs';
import { HEADER_EN } from '../../core/fields.ts';
import { countBySeverity, validateTable, type Finding } from '../../core/rules.ts';
import type { Registry } from '../../core/registry.ts';
import { WorkbookError } from '../formats/workbook/errors.ts';
import { readLedgerWorkbook } from '../formats/workbook/read.ts';

export interface ValidateArgs {
  file: string;
  today: string;
  registry: Registry;
  json: boolean;
}

const SEVERITY_ZH = { error: '错误', warning: '警告', info: '提示' } as const;

export async function validateCommand(args: ValidateArgs, out: (line: string) => void): Promise<number> {
  let findings: Finding[];
  try {
    const { table, stamp } = await readLedgerWorkbook(readFileSync(args.file));
    const partial = Boolean(table.reportingUnit || stamp?.unit);
    findings = validateTable(table, { registry: args.registry, today: args.today, partial });
  } catch (error) {
    if (!(error instanceof WorkbookError) && (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const message = error instanceof WorkbookError ? error.message : `找不到文件 ${args.file}。File not found.`;
    out(args.json ? JSON.stringify({ error: message }) : message);
    return 2;
  }
  const counts = countBySeverity(findings);
  if (args.json) {
    out(JSON.stringify(findings, null, 2));
  } else {
    for (const f of findings) {
      out(
        `${SEVERITY_ZH[f.severity]}  ${f.sheet}!${f.cell || '-'}  序号${f.task || '-'}  ${f.rule} (${HEADER_EN[f.field]})  ${f.message}`,
      );
    }
    out(
      `${counts.error} 个错误，${counts.warning} 个警告，${counts.info} 条提示（按${args.today}判定）` +
        `  (${counts.error} errors, ${counts.warning} warnings, ${counts.info} notes, judged on ${args.today})`,
    );
  }
  return counts.error > 0 ? 1 : 0;
}
