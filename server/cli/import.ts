/** ledger import <plan> -o <master.xlsx>: the plan as the familiar workbook, irregularities reported. */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parsePlan } from '../../core/plan.ts';
import { validateTable } from '../../core/rules.ts';
import { tableOfTasks } from '../../core/table.ts';
import { TEXT_FIELDS } from '../../core/task.ts';
import { readPlanFile } from '../plan/read-plan-file.ts';
import type { Registry } from '../../core/registry.ts';
import { ledgerWorkbookBuffer } from '../workbook/write.ts';
import { DEFAULT_SHEET } from '../workbook/write.ts';

export interface ImportArgs {
  plan: string;
  output: string;
  today: string;
  registry: Registry;
  json: boolean;
}

export async function importCommand(args: ImportArgs, out: (line: string) => void): Promise<number> {
  const text = await readPlanFile(readFileSync(args.plan));
  const plan = parsePlan(text);
  if (plan.tasks.length === 0) {
    out(plan.irregularities.map((i) => i.message).join('\n'));
    return 1;
  }
  const headerRow = 3;
  const findings = validateTable(tableOfTasks(plan.tasks, DEFAULT_SHEET, headerRow), {
    registry: args.registry,
    today: args.today,
  });
  const bytes = await ledgerWorkbookBuffer(plan.tasks, {
    title: plan.title || '整改任务清单及责任分工',
    today: args.today,
    ledgerId: randomUUID(),
    revision: 1,
    findings,
  });
  writeFileSync(args.output, bytes);

  const fields = plan.tasks.reduce((n, t) => n + TEXT_FIELDS.filter((f) => t[f]).length + 1, 0);
  if (args.json) {
    out(
      JSON.stringify(
        { tasks: plan.tasks.length, fields, irregularities: plan.irregularities, output: args.output },
        null,
        2,
      ),
    );
    return 0;
  }
  for (const i of plan.irregularities) out(`第${i.line}行  ${i.message}`);
  out(
    `${plan.tasks.length} 项任务，${fields} 个字段，${plan.irregularities.length} 处不规范；已写入 ${args.output}` +
      `  (${plan.tasks.length} tasks, ${fields} fields, ${plan.irregularities.length} irregularities)`,
  );
  return 0;
}
