/**
 * One benchmark case per process, so each reports its own peak memory (maxRSS).
 * Usage: tsx bench/cases.ts <case> <tasks> <dir>; prints {"ms": …, "maxRssMB": …}.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { FIELDS } from '../core/fields.ts';
import { parsePlan } from '../core/plan.ts';
import { fieldText, type Task } from '../core/task.ts';
import { readLedgerWorkbook } from '../server/formats/workbook/read.ts';
import { writeLedgerWorkbook } from '../server/formats/workbook/write.ts';
import { SEED_PLAN } from '../server/seeds.ts';
import { masterWorkbook } from '../server/cases/downloads.ts';
import type { County } from '../server/cases/county.ts';
import { openCounty } from '../server/cases/open-county.ts';
import { addCounty, PgStorage } from '../server/store/postgres-storage.ts';
import { SqliteStorage, type Storage } from '../server/store/storage.ts';

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

/** A new, empty database on the PostgreSQL server at `server`: its URL. */
export async function scratchDatabase(server: string, prefix = 'ledger_bench'): Promise<string> {
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A county's roster of `units` units and one ledger of `count` tasks, each led by one unit and
 * answered for by three more (so each unit holds about 30 of 300): the bench's county.
 */
export async function unitsAndLedger(county: County, name: string, units: number, count: number) {
  const names = Array.from({ length: units }, (_, i) => `第${i + 1}单位`);
  await county.setRegistry(
    { county: name, units: names.map((unit) => ({ name: unit, kind: 'government' })), groups: [], leaders: [] },
    { kind: 'import' },
  );
  const tasks = repeatedSeedTasks(count).map((t, i) => ({
    ...t,
    leadUnits: names[i % units]!,
    units: [1, 2, 3].map((k) => names[(i + k * 7) % units]).join('、'),
    progress: '',
    status: '',
  }));
  const ledger = await county.createLedger({ title: `${name}整改台账`, tasks, source: 'bench' }, { kind: 'import' });
  return { names, ledger };
}

const values = (task: Task) => FIELDS.map((f) => (f === 'no' ? task.no : fieldText(task, f)));

export type Engine = 'sqlite' | 'postgresql';

/**
 * Where a bench county keeps its data: SQLite in its folder, or a county of its own in the
 * database DATABASE_URL names (a scratch database: the bench leaves its counties there).
 */
export async function benchStorage(engine: Engine, name: string, dir: string): Promise<Storage> {
  if (engine === 'sqlite') return new SqliteStorage(dir);
  const county = `bench-${name}-${process.pid}-${Date.now() % 100_000}`;
  await addCounty(process.env.DATABASE_URL!, county);
  return PgStorage.connect(process.env.DATABASE_URL!, county);
}

/**
 * The consolidated workbook a province asks for: `count` tasks, each reported on by 40 units
 * (count × 40 rows in 进展明细). The ledger is built first; only the workbook is timed (the median
 * of three builds after a first), and the peak memory is the process's.
 */
async function masterOf(count: number, dir: string, engine: Engine): Promise<number> {
  const names = Array.from({ length: 40 }, (_, i) => `第${i + 1}镇`);
  const home = join(dir, `county-${count}-${process.pid}`);
  const { county } = await openCounty(home, {
    seed: false,
    storage: await benchStorage(engine, `master-${count}`, home),
  });
  await county.setRegistry(
    { county: '基准县', units: names.map((name) => ({ name, kind: 'township' })), groups: [], leaders: [] },
    { kind: 'import' },
  );
  const tasks = repeatedSeedTasks(count).map((t) => ({
    ...t,
    leadUnits: names[0]!,
    units: names.join('、'),
    progress: '',
    status: '',
  }));
  const ledger = await county.createLedger({ title: '基准台账', tasks, source: 'bench' }, { kind: 'import' });
  for (const unit of names)
    await ledger.write(
      {
        actor: { kind: 'unit', unit },
        baseRevision: await ledger.revision(),
        rows: tasks.map((t) => ({
          taskId: t.id,
          values: { progress: `${unit}：已完成排查，整改措施落实到位，正在巩固成效。`.repeat(2), status: '正在推进' },
        })),
      },
      'json',
    );
  // Timed as a running service answers it: the first build warms the code up, then the median of three.
  await masterWorkbook(ledger, '2019-08-01');
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    await masterWorkbook(ledger, '2019-08-01');
    times.push(performance.now() - start);
  }
  await county.close();
  return times.sort((a, b) => a - b)[1]!;
}

export const cases: Record<string, (tasks: Task[], dir: string) => Promise<void | number>> = {
  'master-40-units': (tasks, dir) => masterOf(tasks.length, dir, 'sqlite'),
  'master-40-units-postgresql': (tasks, dir) => masterOf(tasks.length, dir, 'postgresql'),
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
  const timed = await run(tasks, dir);
  const ms = typeof timed === 'number' ? timed : performance.now() - start;
  console.log(JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
}
