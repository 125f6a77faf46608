/**
 * npm run bench: the core's validation and merge speed, workbook writing and reading against
 * bare exceljs as the floor (each case in its own process for its peak memory), and the
 * service end to end on loopback, a county's year (bench/year.ts) and a city of 100 counties on
 * PostgreSQL (bench/city.ts). Prints a table.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateTable } from '../core/rules.ts';
import { tableOfTasks } from '../core/table.ts';
import { loadRegistry } from '../server/seeds.ts';
import { cases, repeatedSeedTasks } from './cases.ts';
import { mergeBench } from './merge.ts';
import { serviceBench } from './service.ts';
import { printYear, yearBench } from './year.ts';
import { burstBench, printBurst } from './burst.ts';
import { cityBench, printCity } from './city.ts';
import { phoneBench, printPhone } from './phone.ts';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

function validateBench(count: number) {
  const table = tableOfTasks(repeatedSeedTasks(count));
  const context = { registry: loadRegistry(), today: '2019-08-01' };
  validateTable(table, context); // warm up
  const times = Array.from({ length: 10 }, () => {
    const start = performance.now();
    validateTable(table, context);
    return performance.now() - start;
  });
  return median(times);
}

const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
type CaseResult = { ms: number; maxRssMB: number };
const runCase = (name: string, count: number) =>
  JSON.parse(
    execFileSync('npx', ['tsx', join(import.meta.dirname, 'cases.ts'), name, String(count), dir], { encoding: 'utf8' }),
  ) as CaseResult;

/**
 * Each case `runs` times, each run in its own process, the cases taking turns (A, B, A, B…):
 * this machine's speed drifts by a quarter within minutes, and a ratio of two cases run one
 * after the other measured the drift as much as the code. The median time, the highest peak.
 */
function caseBenches(cases: [name: string, count: number][]): CaseResult[] {
  const results = cases.map((): CaseResult[] => []);
  for (let run = 0; run < runs; run++)
    for (const [c, [name, count]] of cases.entries()) results[c]!.push(runCase(name, count));
  return results.map((r) => ({ ms: median(r.map((x) => x.ms)), maxRssMB: Math.max(...r.map((x) => x.maxRssMB)) }));
}
const caseBench = (name: string, count: number) => caseBenches([[name, count]])[0]!;

const line = (label: string, value: string, target = '') =>
  console.log(`${label.padEnd(44)} ${value.padEnd(34)} ${target}`);
console.log(`ledger bench (median of ${runs} runs, each case in its own process, compared cases taking turns)\n`);

const v = validateBench(10_000);
line('core: validate 10,000 tasks', `${v.toFixed(1)} ms`, `target < 50 ms ${v < 50 ? 'OK' : 'MISSED'}`);

const n = 10_000;
// The ledger's write first: the reads read the file it writes.
const [ledgerWrite, streamWrite, normalWrite] = caseBenches([
  ['ledger-write', n],
  ['exceljs-write-stream', n],
  ['exceljs-write-normal', n],
]) as [CaseResult, CaseResult, CaseResult];
const [ledgerRead, normalRead, streamRead] = caseBenches([
  ['ledger-read', n],
  ['exceljs-read-normal', n],
  ['exceljs-read-stream', n],
]) as [CaseResult, CaseResult, CaseResult];
const fmt = (r: { ms: number; maxRssMB: number }) => `${(r.ms / 1000).toFixed(2)} s, peak ${Math.round(r.maxRssMB)} MB`;
line('exceljs bare write, normal (10,000)', fmt(normalWrite));
line('exceljs bare write, streaming (10,000)', fmt(streamWrite));
const wr = ledgerWrite.ms / streamWrite.ms;
line(
  'ledger write, styled (10,000)',
  fmt(ledgerWrite),
  `${wr.toFixed(2)}× streaming floor, target ≤ 1.5× ${wr <= 1.5 ? 'OK' : 'MISSED'}`,
);
line('exceljs bare read, normal (same file)', fmt(normalRead));
line('exceljs bare read, streaming (same file)', fmt(streamRead));
const rr = ledgerRead.ms / normalRead.ms;
line(
  'ledger read (guard + table)',
  fmt(ledgerRead),
  `${rr.toFixed(2)}× normal read, target ≤ 1.3× ${rr <= 1.3 ? 'OK' : 'MISSED'}`,
);
// The same two reads in one warm process, taking turns: what a service that has read before pays.
const warm = { ledger: [] as number[], normal: [] as number[] };
for (let run = 0; run < runs + 2; run++) {
  const [ledgerCase, normalCase] = [cases['ledger-read']!, cases['exceljs-read-normal']!];
  const tasks = repeatedSeedTasks(n);
  for (const [times, read] of [
    [warm.ledger, ledgerCase],
    [warm.normal, normalCase],
  ] as const) {
    const start = performance.now();
    await read(tasks, dir);
    if (run >= 2) times.push(performance.now() - start);
  }
}
const warmRatio = median(warm.ledger) / median(warm.normal);
line(
  'ledger read against exceljs, one warm process',
  `${(median(warm.ledger) / 1000).toFixed(2)} s vs ${(median(warm.normal) / 1000).toFixed(2)} s`,
  `${warmRatio.toFixed(2)}×, target ≤ 1.3× ${warmRatio <= 1.3 ? 'OK' : 'MISSED'}`,
);
const big = caseBench('ledger-write', 50_000);
line(
  'ledger write, styled (50,000)',
  fmt(big),
  `peak ${(big.maxRssMB / ledgerWrite.maxRssMB).toFixed(2)}× the 10,000-task peak`,
);

const province = caseBench('master-40-units', 300);
line(
  'consolidated workbook, 300 tasks × 40 units',
  fmt(province),
  `12,000 detail rows, target < 1 s ${province.ms < 1000 ? 'OK' : 'MISSED'}`,
);

console.log('');
const merge = mergeBench();
line(
  'core: merge 500 rows into 10,000 tasks',
  `${merge.ours.toFixed(1)} ms`,
  `target < 20 ms ${merge.ours < 20 ? 'OK' : 'MISSED'}`,
);
line(
  'daff: the same three tables',
  `${merge.daff.toFixed(1)} ms`,
  `ours / daff = ${(merge.ours / merge.daff).toFixed(3)}, target < 0.1 ${merge.ours / merge.daff < 0.1 ? 'OK' : 'MISSED'}`,
);

const service = await serviceBench(100);
line('100 unit workbooks: bare exceljs reads', `${(service.bare / 1000).toFixed(2)} s`);
// Uploads against bare reads, shown without a target: an upload's own work costs about three bare
// reads, and a county's peak is a deadline day (the burst below), not one stream.
line(
  '100 uploads end to end, one by one',
  `${(service.oneByOne / 1000).toFixed(2)} s`,
  `${(service.oneByOne / service.bare).toFixed(2)}× the reads`,
);
line(
  '100 uploads end to end, four at a time',
  `${(service.fourAtOnce / 1000).toFixed(2)} s`,
  `${(service.fourAtOnce / service.bare).toFixed(2)}× the reads`,
);
line(
  'JSON submissions (autocannon, 10 connections)',
  `${Math.round(service.perSecond)} /s, ${service.errors} errors`,
  `target ≥ 200/s ${service.perSecond >= 200 ? 'OK' : 'MISSED'}`,
);

console.log('');
printYear(await yearBench(), line);

console.log('');
printBurst(await burstBench(), line);
printPhone(await phoneBench(), line);

console.log('');
printCity(await cityBench(), line);

// The same service on PostgreSQL, when DATABASE_URL names a scratch database (its counties stay there).
if (process.env.DATABASE_URL) {
  console.log('\nPostgreSQL (DATABASE_URL), beside SQLite above');
  const pg = await serviceBench(100, 'postgresql');
  line(
    '100 uploads end to end, one by one',
    `${(pg.oneByOne / 1000).toFixed(2)} s`,
    `${(pg.oneByOne / service.oneByOne).toFixed(2)}× SQLite`,
  );
  line(
    '100 uploads end to end, four at a time',
    `${(pg.fourAtOnce / 1000).toFixed(2)} s`,
    `${(pg.fourAtOnce / service.fourAtOnce).toFixed(2)}× SQLite`,
  );
  line(
    'JSON submissions (autocannon, 10 connections)',
    `${Math.round(pg.perSecond)} /s, ${pg.errors} errors`,
    `${(pg.perSecond / service.perSecond).toFixed(2)}× SQLite`,
  );
  const pgMaster = caseBench('master-40-units-postgresql', 300);
  line(
    'consolidated workbook, 300 tasks × 40 units',
    fmt(pgMaster),
    `${(pgMaster.ms / province.ms).toFixed(2)}× SQLite, target < 1 s ${pgMaster.ms < 1000 ? 'OK' : 'MISSED'}`,
  );
}
