/**
 * A city over its counties on one PostgreSQL database: 100 counties of 300 tasks × 40 units
 * (each with a round open and a quarter of its units reported), read by the supervision office.
 * Prints `/api/province`, the city workbook and one county's drill-down, first and warm, beside
 * the same for 3 counties. Uses DATABASE_URL's server when set, else a throwaway cluster of
 * Debian's postgresql. Run alone with `npx tsx bench/city.ts [counties]`, or in `npm run bench`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCounty } from '../server/cases/open-county.ts';
import { Province } from '../server/cases/province.ts';
import { createProvinceApp } from '../server/http/province-app.ts';
import { FolderEvidence } from '../server/store/evidence-folder.ts';
import { addCounty, PgStorage } from '../server/store/postgres-storage.ts';
import { startCluster } from '../test/helpers/postgres-server.ts';
import { scratchDatabase, unitsAndLedger } from './cases.ts';

const UNITS = 40;
const TASKS = 300;
const TOKEN = 'bench-city-office-token';
const TODAY = '2019-08-20';

/** A county as a month leaves it: its ledger, a round open, a quarter of its units reported. */
async function makeCounty(url: string, id: string, name: string) {
  await addCounty(url, id);
  const { county } = await openCounty(mkdtempSync(join(tmpdir(), `city-${id}-`)), {
    storage: await PgStorage.connect(url, id),
    seed: false,
  });
  const { names, ledger } = await unitsAndLedger(county, name, UNITS, TASKS);
  await ledger.openRound({ id: 'r8', period: '2019年8月', deadline: '2019-08-31' }, { kind: 'office' });
  const refs = await ledger.taskRefs();
  for (const unit of names.slice(0, UNITS / 4)) {
    const mine = refs.filter((t) => t.leadUnits.includes(unit));
    await ledger.write(
      {
        actor: { kind: 'unit', unit },
        baseRevision: await ledger.revision(),
        rows: mine.map((t) => ({
          no: t.no,
          values: { progress: `${unit}八月进展：已完成排查。`, status: '正在推进' },
        })),
      },
      'json',
    );
  }
  await county.close();
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await work();
  return [performance.now() - start, result];
}

export interface CityFigures {
  counties: number;
  open: number;
  rollUp: number;
  rollUpWarm: number;
  workbook: number;
  drillDown: number;
}

async function measure(url: string, ids: string[]): Promise<CityFigures> {
  const [open, province] = await timed(() =>
    Province.open(url, ids, '基准市督察办', new FolderEvidence(mkdtempSync(join(tmpdir(), 'city-e-')))),
  );
  const app = createProvinceApp({ province, token: TOKEN, today: () => TODAY });
  const get = async (path: string) => {
    const res = await app.request(path, { headers: { authorization: `Bearer ${TOKEN}` } });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    await res.arrayBuffer();
  };
  const [rollUp] = await timed(() => get('/api/province'));
  const [rollUpWarm] = await timed(() => get('/api/province'));
  const [workbook] = await timed(() => get('/api/province/master.xlsx'));
  const [drillDown] = await timed(() => get(`/api/province/counties/${ids[0]}`));
  await province.shutdown();
  return { counties: ids.length, open, rollUp, rollUpWarm, workbook, drillDown };
}

/** A scratch database on `server` with `count` counties made: its URL. */
export async function cityBenchSetup(server: string, count: number): Promise<string> {
  const url = await scratchDatabase(server);
  for (let i = 0; i < count; i++) await makeCounty(url, `c${String(i + 1).padStart(3, '0')}`, `第${i + 1}县`);
  return url;
}

export async function cityBench(countyCount = 100): Promise<{ few: CityFigures; many: CityFigures; made: number }> {
  const cluster = process.env.DATABASE_URL ? undefined : await startCluster();
  try {
    const url = await scratchDatabase(process.env.DATABASE_URL ?? cluster!.url);
    const ids = Array.from({ length: countyCount }, (_, i) => `c${String(i + 1).padStart(3, '0')}`);
    const [made] = await timed(async () => {
      for (const [i, id] of ids.entries()) await makeCounty(url, id, `第${i + 1}县`);
    });
    const few = await measure(url, ids.slice(0, 3));
    const many = await measure(url, ids);
    return { few, many, made };
  } finally {
    cluster?.stop();
  }
}

export function printCity(
  { few, many, made }: Awaited<ReturnType<typeof cityBench>>,
  line: (label: string, value: string, target?: string) => void,
) {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const ok = (ms: number, target: number) => `target < ${target} s ${ms < target * 1000 ? 'OK' : 'MISSED'}`;
  line(`city: ${many.counties} counties made (300 tasks × 40 units)`, s(made));
  line('city: /api/province, 3 counties (first, warm)', `${s(few.rollUp)}, ${s(few.rollUpWarm)}`);
  line(
    `city: /api/province, ${many.counties} counties (first, warm)`,
    `${s(many.rollUp)}, ${s(many.rollUpWarm)}`,
    ok(many.rollUpWarm, 0.5),
  );
  line('city: workbook, 3 counties', s(few.workbook));
  line(`city: workbook, ${many.counties} counties`, s(many.workbook), ok(many.workbook, 5));
  line("city: one county's drill-down (3 / 100 open)", `${s(few.drillDown)} / ${s(many.drillDown)}`);
  line('city: start, 3 / 100 counties', `${s(few.open)} / ${s(many.open)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const line = (label: string, value: string, target = '') =>
    console.log(`${label.padEnd(52)} ${value.padEnd(24)} ${target}`);
  printCity(await cityBench(Number(process.argv[2] ?? 100)), line);
}
