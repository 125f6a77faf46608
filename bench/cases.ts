/**
 * One benchmark case per process, so each reports its own peak memory (maxRSS).
 * Usage: tsx bench/cases.ts <case> <tasks> <dir>; prints {"ms": …, "maxRssMB": …}.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { FIELDS } from '../core/fields.ts';
import { parsePlan } from '../core/plan.ts';
import { fieldText, type Task } from '../core/task.ts';
import { readLedgerWorkbook } from '../server/formats/workbook/read.ts';
import { writeLedgerWorkbook } from '../server/formats/workbook/write.ts';
import { SEED_PLAN } from '../server/seeds.ts';

export function repeatedSeedTasks(count: number): Task[] {
  const seed = parsePlan(readFileSync(SEED_PLAN, 'utf8')).tasks;
  return Array.from({ length: count }, (_, i) => {
    const t = seed[i % seed.length]!;
    return {
      ...t,
      id: String(i + 1),
      no: i + 1,
      progress: i % 3 ? '已制定方案，正在推进。' : '',
      status: (['正在推进', '已完成', '未启动'] as const)[i % 3]!,
    };
  });
}

const values = (task: Task) => FIELDS.map((f) => (f === 'no' ? task.no : fieldText(task, f)));

const cases: Record<string, (tasks: Task[], dir: string) => Promise<void>> = {
  async 'exceljs-write-normal'(tasks, dir) {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('sheet');
    for (const task of tasks) sheet.addRow(values(task));
    await workbook.xlsx.writeFile(join(dir, 'bare.xlsx'));
  },
  async 'exceljs-write-stream'(tasks, dir) {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: join(dir, 'bare-stream.xlsx'),
      useSharedStrings: true,
      useStyles: true,
    });
    const sheet = workbook.addWorksheet('sheet');
    for (const task of tasks) sheet.addRow(values(task)).commit();
    sheet.commit();
    await workbook.commit();
  },
  async 'ledger-write'(tasks, dir) {
    const stream = createWriteStream(join(dir, `ledger-${tasks.length}.xlsx`));
    const closed = once(stream, 'close');
    await writeLedgerWorkbook(
      tasks,
      { title: '整改任务清单及责任分工', today: '2019-08-01', ledgerId: 'bench', revision: 1 },
      stream,
    );
    await closed;
  },
  async 'exceljs-read-normal'(tasks, dir) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(join(dir, `ledger-${tasks.length}.xlsx`)) as unknown as ExcelJS.Buffer);
    let cells = 0;
    workbook.worksheets[0]!.eachRow((row) => (cells += row.cellCount));
  },
  async 'exceljs-read-stream'(tasks, dir) {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(join(dir, `ledger-${tasks.length}.xlsx`), {
      sharedStrings: 'cache',
      worksheets: 'emit',
    });
    let _cells = 0;
    for await (const sheet of reader) for await (const row of sheet) _cells += (row as ExcelJS.Row).cellCount;
  },
  async 'ledger-read'(tasks, dir) {
    const read = await readLedgerWorkbook(readFileSync(join(dir, `ledger-${tasks.length}.xlsx`)));
    if (read.tasks.length !== tasks.length) throw new Error(`read ${read.tasks.length} of ${tasks.length} tasks`);
  },
};

if (process.argv[1]?.endsWith('cases.ts')) {
  const [name = '', count, dir = ''] = process.argv.slice(2);
  const run = cases[name];
  if (!run) throw new Error(`No bench case ${name}`);
  const tasks = repeatedSeedTasks(Number(count));
  const start = performance.now();
  await run(tasks, dir);
  const ms = performance.now() - start;
  console.log(JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
}
