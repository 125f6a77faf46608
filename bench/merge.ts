/** The core merge of one 500-row submission into a 10,000-task master, and daff's three-way merge of the same tables. */
import daff from 'daff';
import { FIELDS, type Field } from '../core/fields.ts';
import { MemoryMaster } from '../core/memory-master.ts';
import { mergeSubmission, type IncomingRow } from '../core/merge.ts';
import { fieldText } from '../core/task.ts';
import { repeatedSeedTasks } from './cases.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

export function mergeBench(taskCount = 10_000, rowCount = 500) {
  const tasks = repeatedSeedTasks(taskCount).map((t) => ({ ...t, progress: '', status: '' }));
  const unit = '县水利局';
  const master = new MemoryMaster();
  for (const t of tasks) master.addTask({ id: t.id, no: t.no, leadUnits: [unit], units: [] });
  master.set(
    tasks.flatMap((t) => FIELDS.map((field) => ({ taskId: t.id, unit: '', field, value: fieldText(t, field) }))),
    '导入',
  );
  const base = master.revision;
  // Since the base, the office touched every tenth of the rows the unit is about to send.
  master.set(
    tasks
      .slice(0, rowCount)
      .filter((_, i) => i % 10 === 0)
      .map((t) => ({ taskId: t.id, unit, field: 'progress' as Field, value: '办公室更正' })),
    '办公室',
  );

  const rows: IncomingRow[] = tasks.slice(0, rowCount).map((t, i) => ({
    no: t.no,
    values: { progress: `第${i}项已推进。`, status: '正在推进', remarks: i % 2 ? '见附件' : '' },
  }));
  const submission = { actor: { kind: 'unit' as const, unit }, baseRevision: base, rows };
  // Both warmed up alike before they are timed, as in a running service.
  for (let i = 0; i < 5; i++) mergeSubmission(submission, master);
  const ours = median(
    Array.from({ length: 15 }, () => {
      const start = performance.now();
      mergeSubmission(submission, master);
      return performance.now() - start;
    }),
  );

  // daff sees the same three tables flat: the task's fields with this unit's follow-up values.
  const header = [...FIELDS];
  const table = (valueFor: (t: (typeof tasks)[number], f: Field, i: number) => string) => [
    header,
    ...tasks.map((t, i) => FIELDS.map((f) => valueFor(t, f, i))),
  ];
  const parent = table((t, f) => fieldText(t, f));
  const local = table((t, f, i) => (f === 'progress' && i < rowCount && i % 10 === 0 ? '办公室更正' : fieldText(t, f)));
  const remote = table((t, f, i) => (i < rowCount && f in rows[i]!.values ? rows[i]!.values[f]! : fieldText(t, f)));
  const daffMerge = () => {
    const l = new daff.TableView(local.map((r) => [...r]));
    const start = performance.now();
    new daff.Merger(new daff.TableView(parent), l, new daff.TableView(remote), new daff.CompareFlags()).apply();
    return performance.now() - start;
  };
  for (let i = 0; i < 5; i++) daffMerge();
  return { ours, daff: median(Array.from({ length: 5 }, daffMerge)) };
}
