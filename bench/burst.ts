/**
 * A deadline day: 40 units each sending its sheet three times (the same copy saved again with
 * more progress) at random moments within two minutes, to one service process on SQLite, and to
 * two processes on one PostgreSQL database (a throwaway cluster of Debian's postgresql, or
 * DATABASE_URL's server). Prints every answer's status and the latency's median and 95th
 * percentile. Alone: `npx tsx bench/burst.ts [seconds]`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sheetShape } from '../core/layout.ts';
import { openCounty } from '../server/cases/open-county.ts';
import { addCounty, PgStorage } from '../server/store/postgres-storage.ts';
import { startCluster } from '../test/helpers/postgres-server.ts';
import { startService, stopService, type Running } from '../test/helpers/process.ts';
import { scratchDatabase, unitsAndLedger } from './cases.ts';

const UNITS = 40;
const TASKS = 300;
const OFFICE = 'bench-burst-office-token';
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q)]!;

export interface BurstFigures {
  sent: number;
  answered200: number;
  median: number;
  p95: number;
}

/** The county with its units' tokens; `storage` on PostgreSQL, else SQLite in `dir`. */
async function county(dir: string, database?: string) {
  if (database) await addCounty(database, 'burst');
  const { county } = await openCounty(dir, {
    seed: false,
    ...(database ? { storage: await PgStorage.connect(database, 'burst') } : {}),
  });
  await county.setConfiguredOfficeToken(OFFICE);
  const { names } = await unitsAndLedger(county, '基准县', UNITS, TASKS);
  const tokens = [];
  for (const unit of names)
    tokens.push({ unit, token: (await county.issueUnitAccess(unit, { kind: 'office' })).token });
  await county.close();
  return tokens;
}

/** Each unit's three files: its sheet as downloaded, saved again with more progress each time. */
async function files(service: Running, tokens: { unit: string; token: string }[]) {
  const shape = sheetShape(true);
  const out: { token: string; body: FormData }[] = [];
  for (const { unit, token } of tokens) {
    const res = await fetch(`${service.url}/api/units/${encodeURIComponent(unit)}/sheet.xlsx`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const downloaded = new Uint8Array(await res.arrayBuffer());
    for (let version = 1; version <= 3; version++) {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(downloaded as unknown as ExcelJS.Buffer);
      workbook.modified = new Date(Date.now() + version * 60_000);
      workbook.getWorksheet('整改台账')!.eachRow((row, n) => {
        if (n <= shape.headerRow) return;
        row.getCell(shape.fields.indexOf('progress') + 1).value = `第${version}次：${unit}已完成本月排查。`;
        row.getCell(shape.fields.indexOf('status') + 1).value = '正在推进';
      });
      const body = new FormData();
      body.set('file', new File([new Uint8Array(await workbook.xlsx.writeBuffer())], `${unit}.xlsx`));
      out.push({ token, body });
    }
  }
  return out;
}

/** Every file sent at a random moment within `seconds`, a unit's in the order saved; to the services in turn. */
async function burst(services: Running[], sends: { token: string; body: FormData }[], seconds: number) {
  const byUnit = new Map<string, { token: string; body: FormData }[]>();
  for (const s of sends) byUnit.set(s.token, [...(byUnit.get(s.token) ?? []), s]);
  const moments = [...byUnit.values()].flatMap((own) =>
    own.map((send, i) => ({ send, at: ((i + Math.random()) / own.length) * seconds * 1000 })),
  );
  const latencies: number[] = [];
  let answered200 = 0;
  const start = performance.now();
  await Promise.all(
    moments.map(async ({ send, at }, i) => {
      await new Promise((r) => setTimeout(r, Math.max(0, at - (performance.now() - start))));
      const began = performance.now();
      const res = await fetch(`${services[i % services.length]!.url}/api/submissions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${send.token}` },
        body: send.body,
      });
      await res.arrayBuffer();
      latencies.push(performance.now() - began);
      if (res.status === 200) answered200++;
    }),
  );
  return { sent: sends.length, answered200, median: quantile(latencies, 0.5), p95: quantile(latencies, 0.95) };
}

export async function burstBench(seconds = 120): Promise<{ sqlite: BurstFigures; postgresql: BurstFigures }> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-burst-'));
  const tokens = await county(dir);
  const one = await startService({ DATA_DIR: dir, LEDGER_OFFICE_TOKEN: OFFICE });
  let sqlite: BurstFigures;
  try {
    sqlite = await burst([one], await files(one, tokens), seconds);
  } finally {
    await stopService(one);
  }
  const cluster = process.env.DATABASE_URL ? undefined : await startCluster();
  try {
    const server = process.env.DATABASE_URL ?? cluster!.url;
    const url = await scratchDatabase(server, 'ledger_burst');
    const pgTokens = await county(mkdtempSync(join(tmpdir(), 'ledger-burst-pg-')), url);
    const env = { DATABASE_URL: url, LEDGER_COUNTY: 'burst', LEDGER_OFFICE_TOKEN: OFFICE };
    const two = [
      await startService({ ...env, DATA_DIR: mkdtempSync(join(tmpdir(), 'ledger-burst-a-')) }),
      await startService({ ...env, DATA_DIR: mkdtempSync(join(tmpdir(), 'ledger-burst-b-')) }),
    ];
    try {
      return { sqlite, postgresql: await burst(two, await files(two[0]!, pgTokens), seconds) };
    } finally {
      await Promise.all(two.map((s) => stopService(s)));
    }
  } finally {
    cluster?.stop();
  }
}

export function printBurst(
  { sqlite, postgresql }: Awaited<ReturnType<typeof burstBench>>,
  line: (label: string, value: string, target?: string) => void,
) {
  const show = (f: BurstFigures) =>
    `${f.answered200}/${f.sent} answered, ${Math.round(f.median)} / ${Math.round(f.p95)} ms`;
  const ok = (f: BurstFigures) =>
    `target: all answered, 95th < 1 s ${f.answered200 === f.sent && f.p95 < 1000 ? 'OK' : 'MISSED'}`;
  line('deadline burst, SQLite, one process (median / 95th)', show(sqlite), ok(sqlite));
  line('deadline burst, PostgreSQL, two processes', show(postgresql), ok(postgresql));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const line = (label: string, value: string, target = '') =>
    console.log(`${label.padEnd(52)} ${value.padEnd(30)} ${target}`);
  printBurst(await burstBench(Number(process.argv[2] ?? 120)), line);
}
