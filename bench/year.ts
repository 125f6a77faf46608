/**
 * A county's year: 12 monthly rounds of 40 units on 300 tasks (each task led by one unit and
 * answered for by three more, so each unit holds about 30), every unit sending its sheet three
 * times a round (the same copy saved again with more progress) and one evidence file. Printed for
 * round 1 and round 12: upload latency (median, 95th percentile), the consolidated workbook and
 * the round's Word report; then the year's backup and restore (time, peak memory).
 * Run alone with `npx tsx bench/year.ts`, or as part of `npm run bench`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sheetShape } from '../core/layout.ts';
import { openCounty } from '../server/cases/open-county.ts';
import { ParsePool } from '../server/formats/workbook/parse-pool.ts';
import { createApp } from '../server/http/app.ts';
import { WriteLimiter } from '../server/http/write-limits.ts';
import { unitsAndLedger } from './cases.ts';
import { ledgerPeak } from './peak.ts';

const UNITS = 40;
const TASKS = 300;
const MONTHS = 12;
const OFFICE = 'bench-year-office-token';
const EVIDENCE_KB = 200;

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q)]!;

export interface RoundFigures {
  uploadMedian: number;
  upload95: number;
  master: number;
  report: number;
}

export async function yearBench() {
  const work = mkdtempSync(join(tmpdir(), 'ledger-year-'));
  const dir = join(work, 'data');
  const { county } = await openCounty(dir, { seed: false });
  await county.setConfiguredOfficeToken(OFFICE);
  const { names, ledger } = await unitsAndLedger(county, '基准县', UNITS, TASKS);
  const tasks = await ledger.taskRefs();
  const tokens = new Map<string, string>();
  for (const unit of names) tokens.set(unit, (await county.issueUnitAccess(unit, { kind: 'office' })).token);
  let today = '2019-01-01';
  const pool = new ParsePool({ size: 2, timeoutMs: 30_000, maxMemoryMb: 512 });
  const unlimited = { perWindow: Number.MAX_SAFE_INTEGER, windowMs: 60_000, perRound: Number.MAX_SAFE_INTEGER };
  const app = createApp({
    county,
    pool,
    today: () => today,
    writes: new WriteLimiter(unlimited),
    attachments: new WriteLimiter(unlimited),
  });
  const call = async (path: string, token: string, init: RequestInit = {}) => {
    const res = await app.request(path, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res;
  };
  const shape = sheetShape(true);
  const timed = async (work: () => Promise<Response>) => {
    const start = performance.now();
    await (await work()).arrayBuffer();
    return performance.now() - start;
  };

  const rounds: RoundFigures[] = [];
  for (let month = 1; month <= MONTHS; month++) {
    const mm = String(month).padStart(2, '0');
    today = `2019-${mm}-20`;
    const opened = await call('/api/rounds', OFFICE, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ period: `2019年${month}月`, deadline: `2019-${mm}-28` }),
    });
    const { id } = (await opened.json()) as { id: string };
    const latencies: number[] = [];
    for (const unit of names) {
      const token = tokens.get(unit)!;
      const sheet = await (await call(`/api/units/${encodeURIComponent(unit)}/sheet.xlsx`, token)).arrayBuffer();
      for (let version = 1; version <= 3; version++) {
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(sheet);
        workbook.modified = new Date(Date.UTC(2019, month - 1, 20, 8, version));
        workbook.getWorksheet('整改台账')!.eachRow((row, n) => {
          if (n <= shape.headerRow) return;
          row.getCell(shape.fields.indexOf('progress') + 1).value =
            `${month}月第${version}次：${unit}已完成本月排查，整改措施落实到位。`;
          row.getCell(shape.fields.indexOf('status') + 1).value = '正在推进';
        });
        const form = new FormData();
        form.set('file', new File([new Uint8Array(await workbook.xlsx.writeBuffer())], `${unit}.xlsx`));
        latencies.push(await timed(() => call('/api/submissions', token, { method: 'POST', body: form })));
      }
      const task = tasks.find((t) => t.leadUnits.includes(unit))!;
      const evidence = new FormData();
      const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(EVIDENCE_KB * 1024)]);
      evidence.set('file', new File([pdf], `${month}月现场照片.pdf`));
      await call(`/api/tasks/${task.no}/evidence`, token, { method: 'POST', body: evidence });
    }
    const master = await timed(() => call('/api/master.xlsx', OFFICE));
    const report = await timed(() => call(`/api/rounds/${id}/report.docx`, OFFICE));
    rounds.push({ uploadMedian: quantile(latencies, 0.5), upload95: quantile(latencies, 0.95), master, report });
    today = `2019-${mm}-28`;
    await call(`/api/rounds/${id}/close`, OFFICE, { method: 'POST' });
  }
  await pool.close();
  await county.close();

  const env = { ...process.env, DATA_DIR: dir };
  const zip = join(work, 'year.zip');
  const backup = await ledgerPeak(['backup', zip], env);
  const size = statSync(zip).size;
  const restore = await ledgerPeak(['restore', zip], { ...env, DATA_DIR: join(work, 'restored') });
  rmSync(work, { recursive: true, force: true });
  return { first: rounds[0]!, last: rounds.at(-1)!, backup, restore, backupMb: size / 1024 ** 2 };
}

export function printYear(year: Awaited<ReturnType<typeof yearBench>>, line: (...s: string[]) => void) {
  const ms = (x: number) => `${Math.round(x)} ms`;
  const ratio = (a: number, b: number) => {
    const r = a / b;
    return `${r.toFixed(2)}× round 1, target ≤ 1.2× ${r <= 1.2 ? 'OK' : 'MISSED'}`;
  };
  const { first, last } = year;
  line('year: upload, round 1 (median / 95th)', `${ms(first.uploadMedian)} / ${ms(first.upload95)}`);
  line(
    'year: upload, round 12 (median / 95th)',
    `${ms(last.uploadMedian)} / ${ms(last.upload95)}`,
    ratio(last.upload95, first.upload95),
  );
  line('year: consolidated workbook, round 1', ms(first.master));
  line('year: consolidated workbook, round 12', ms(last.master), ratio(last.master, first.master));
  line('year: Word report, round 1', ms(first.report));
  line('year: Word report, round 12', ms(last.report), ratio(last.report, first.report));
  line(
    `year: backup (${year.backupMb.toFixed(0)} MB)`,
    `${(year.backup.ms / 1000).toFixed(1)} s, peak ${year.backup.peakMb} MB`,
  );
  line('year: restore', `${(year.restore.ms / 1000).toFixed(1)} s, peak ${year.restore.peakMb} MB`);
}

if (process.argv[1]?.endsWith('year.ts')) {
  const started = performance.now();
  printYear(await yearBench(), (label, value, target = '') =>
    console.log(`${label.padEnd(44)} ${value.padEnd(34)} ${target}`),
  );
  console.log(`(the year took ${((performance.now() - started) / 1000).toFixed(0)} s to play)`);
}
