/**
 * ledger import <plan> [-o <master.xlsx>] [--into <DATA_DIR>]: the plan as the familiar workbook
 * and/or as a new ledger of the county in DATA_DIR, irregularities reported. A workbook written
 * with --into carries the new ledger's stamp, so the service accepts it back.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parsePlan } from '../../core/plan.ts';
import type { Registry } from '../../core/registry.ts';
import { validateTable } from '../../core/rules.ts';
import { tableOfTasks } from '../../core/table.ts';
import { TEXT_FIELDS } from '../../core/task.ts';
import { openCounty } from '../cases/open-county.ts';
import { readPlanFile } from '../formats/plan-file.ts';
import { readRosterFile } from '../formats/roster-file.ts';
import { unitFindings } from '../cases/plan-import.ts';
import { LEDGER_SHEET } from '../../core/layout.ts';
import { ledgerWorkbookBuffer } from '../formats/workbook/write.ts';

export interface ImportArgs {
  plan: string;
  output?: string;
  /** A DATA_DIR: the plan becomes a ledger of the county there. */
  into?: string;
  /** The new ledger's title; else the plan's. */
  title?: string;
  /** A roster given with --registry: a new county starts from it, never from the bundled one. */
  roster?: Registry;
  /** A 单位名册 file (.xlsx, .csv) given with --roster, for a new county. */
  rosterFile?: string;
  /** A new county's name; else its plan's. */
  county?: string;
  today: string;
  /** For checking the workbook -o writes: the roster given, the county's, or the bundled one. */
  registry: Registry;
  json: boolean;
}

export async function importCommand(args: ImportArgs, out: (line: string) => void): Promise<number> {
  const plan = parsePlan(await readPlanFile(readFileSync(args.plan)));
  if (plan.tasks.length === 0) {
    out(plan.irregularities.map((i) => i.message).join('\n'));
    return 1;
  }
  const title = args.title?.trim() || plan.title || '整改任务清单及责任分工';
  let ledgerId: string = randomUUID();
  const notes: string[] = [];
  if (args.into) {
    const { county } = await openCounty(args.into, { seed: false });
    try {
      const fresh = county.registry.data.units.length === 0;
      if (fresh && args.rosterFile) {
        const read = await readRosterFile(readFileSync(args.rosterFile));
        notes.push(...read.problems);
        await county.setRegistry(
          { county: args.county ?? '', units: read.data.units, groups: read.data.groups, leaders: [] },
          { kind: 'import' },
          'roster-imported',
        );
      } else if (fresh && args.roster)
        await county.setRegistry(args.roster.data, { kind: 'import' }, 'roster-imported');
      if (args.county) await county.nameIfUnnamed(args.county, { kind: 'office', person: '命令行' });
      const unknown = unitFindings(plan.tasks, county.registry).filter(
        (u) => u.status === 'new' || u.status === 'new-group',
      );
      for (const u of unknown) {
        notes.push(
          u.status === 'new-group'
            ? `“${u.written}”不在名册中，已作为单位组加入（成员：${u.memberKinds.includes('township') ? '全部乡镇' : '全部县直部门'}）。`
            : `“${u.written}”不在名册中，已作为新单位加入${u.proposal ? `（${u.reason}，可能是同一单位，请在工作台的名册中核对）` : ''}。`,
        );
      }
      const by = { kind: 'office', person: '命令行' } as const;
      const ledger = await county.createLedger(
        { title, tasks: plan.tasks, source: args.plan },
        by,
        county.rosterForPlan(
          plan,
          unknown.map((u) => ({ written: u.written, as: '' })),
          by,
        ),
      );
      ledgerId = ledger.ledgerId;
      notes.push(`已建立台账“${ledger.title}”（${ledgerId}），位于 ${args.into}。Ledger created in ${args.into}.`);
    } finally {
      await county.close();
    }
  }
  if (args.output) {
    const headerRow = 3;
    const findings = validateTable(tableOfTasks(plan.tasks, LEDGER_SHEET, headerRow), {
      registry: args.registry,
      today: args.today,
    });
    writeFileSync(
      args.output,
      await ledgerWorkbookBuffer(plan.tasks, { title, today: args.today, ledgerId, revision: 1, findings }),
    );
  }

  const fields = plan.tasks.reduce((n, t) => n + TEXT_FIELDS.filter((f) => t[f]).length + 1, 0);
  if (args.json) {
    out(
      JSON.stringify(
        {
          tasks: plan.tasks.length,
          fields,
          irregularities: plan.irregularities,
          output: args.output,
          into: args.into,
          ledgerId,
        },
        null,
        2,
      ),
    );
    return 0;
  }
  for (const i of plan.irregularities) out(`第${i.line}行  ${i.message}`);
  for (const note of notes) out(note);
  out(
    `${plan.tasks.length} 项任务，${fields} 个字段，${plan.irregularities.length} 处不规范${args.output ? `；已写入 ${args.output}` : ''}` +
      `  (${plan.tasks.length} tasks, ${fields} fields, ${plan.irregularities.length} irregularities)`,
  );
  return 0;
}
