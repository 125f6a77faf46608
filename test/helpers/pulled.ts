/** A unit's sheet as the pane pulls it: the seed plan's first tasks, and the stamp a pull records. */
import { ledgerSheetPlan, type SheetPlan } from '../../addin/sheet-plan.ts';
import { parsePlan } from '../../core/plan.ts';
import type { Stamp } from '../../core/stamp.ts';
import type { Task } from '../../core/task.ts';
import { seedPlanText } from './seed.ts';

export const PULLED_ON = '2019-08-01';

/** 县水利局's copy of the first `count` tasks, judged on PULLED_ON. */
export function unitSheet(count = 6, reportingDeadline?: string): { plan: SheetPlan; tasks: Task[] } {
  const tasks = parsePlan(seedPlanText()).tasks.slice(0, count);
  const plan = ledgerSheetPlan({ title: '整改任务清单', unit: '县水利局', tasks, today: PULLED_ON, reportingDeadline });
  return { plan, tasks };
}

/** The stamp a pull records for the sheet written from `plan`. */
export function pulledStamp(sheet: string, plan: SheetPlan, tasks: Task[]): Stamp {
  return {
    ledgerId: 'l1',
    kind: 'unit',
    unit: '县水利局',
    revision: 1,
    judgedOn: PULLED_ON,
    copy: 'c1',
    sheet,
    headerRow: plan.headerRow,
    rows: tasks.map((t, i) => ({ row: plan.body.firstRow + i, taskId: t.id, no: t.no })),
  };
}
