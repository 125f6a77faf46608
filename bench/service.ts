/**
 * The service end to end on loopback: 100 unit workbooks uploaded one after another against
 * the sum of bare exceljs reads of the same files, and JSON submissions per second (autocannon).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import ExcelJS from 'exceljs';
import { serve } from '@hono/node-server';
import { sheetShape } from '../core/layout.ts';
import { createApp } from '../server/http/app.ts';
import { openCounty } from '../server/cases/open-county.ts';
import { ParsePool } from '../server/formats/workbook/parse-pool.ts';
import { WriteLimiter } from '../server/http/write-limits.ts';
import { benchStorage, type Engine } from './cases.ts';

export async function serviceBench(uploads = 100, engine: Engine = 'sqlite') {
  const home = mkdtempSync(join(tmpdir(), 'ledger-bench-service-'));
  const { county } = await openCounty(home, { storage: await benchStorage(engine, 'service', home) });
  const ledger = county.defaultLedger!;
  await county.setConfiguredOfficeToken('bench-office-token-0001');
  const pool = new ParsePool({ size: 2, timeoutMs: 30_000, maxMemoryMb: 512 });
  // Throughput is measured, not the per-unit write limit (a unit's 20 a minute would answer 429).
  const writes = new WriteLimiter({
    perWindow: Number.MAX_SAFE_INTEGER,
    windowMs: 60_000,
    perRound: Number.MAX_SAFE_INTEGER,
  });
  const app = createApp({ county, pool, today: () => '2019-08-01', writes });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const units = await Promise.all(
    (await ledger.unitStatuses()).map(async (u) => ({
      name: u.name,
      token: (await county.issueUnitAccess(u.name, { kind: 'office' })).token,
    })),
  );

  /**
   * A round of uploads, each a unit's own sheet with every task's progress and status filled in.
   * A unit downloads its sheet once a round; its later files in the round are the same copy saved
   * again with more progress, so every upload carries something new for the master.
   */
  const shape = sheetShape(true);
  const round = async (name: string) => {
    const downloads = await Promise.all(
      units.map(async (unit) => {
        const res = await fetch(`${url}/api/units/${encodeURIComponent(unit.name)}/sheet.xlsx`, {
          headers: { authorization: `Bearer ${unit.token}` },
        });
        return new Uint8Array(await res.arrayBuffer());
      }),
    );
    const files: { token: string; bytes: Uint8Array }[] = [];
    for (let i = 0; i < uploads; i++) {
      const unit = units[i % units.length]!;
      const version = Math.floor(i / units.length);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(downloads[i % units.length] as unknown as ExcelJS.Buffer);
      workbook.modified = new Date(Date.now() + (version + 1) * 60_000);
      workbook.getWorksheet('整改台账')!.eachRow((row, n) => {
        if (n > shape.headerRow) {
          row.getCell(shape.fields.indexOf('progress') + 1).value = `${name}第${version + 1}版：${unit.name}已推进。`;
          row.getCell(shape.fields.indexOf('status') + 1).value = version % 2 ? '正在推进' : '持续推进';
        }
      });
      files.push({ token: unit.token, bytes: new Uint8Array(await workbook.xlsx.writeBuffer()) });
    }
    // Each upload's multipart body built once: encoding it is the client's work, not the service's.
    return Promise.all(files.map(async (f) => ({ token: f.token, bytes: f.bytes, ...(await multipart(f.bytes)) })));
  };

  /** A round's uploads, `clients` at a time; the wall time. */
  const uploadAll = async (bodies: Awaited<ReturnType<typeof round>>, clients: number) => {
    const queue = [...bodies];
    const start = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        for (let f = queue.shift(); f; f = queue.shift()) {
          const res = await fetch(`${url}/api/submissions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${f.token}`, 'content-type': f.type },
            body: f.body,
          });
          if (!res.ok) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
          const answer = (await res.json()) as { applied: unknown[] };
          if (answer.applied.length === 0) throw new Error(`an upload changed nothing: ${JSON.stringify(answer)}`);
        }
      }),
    );
    return performance.now() - start;
  };
  // Warm the service up first, as a running service is: its code compiled, its workers started.
  await uploadAll(await round('预热'), 4);
  // Each round downloaded just before it is sent, as the units' sheets are.
  const oneRound = await round('逐个');
  let bare = 0;
  for (const f of oneRound) {
    const start = performance.now();
    await new ExcelJS.Workbook().xlsx.load(f.bytes as unknown as ExcelJS.Buffer);
    bare += performance.now() - start;
  }
  const oneByOne = await uploadAll(oneRound, 1);
  const fourAtOnce = await uploadAll(await round('并发'), 4);

  const water = units.find((u) => u.name === '县水利局')!;
  const result = await autocannon({
    url: `${url}/api/submissions`,
    method: 'POST',
    connections: 10,
    duration: 5,
    headers: { authorization: `Bearer ${water.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      baseRevision: await ledger.revision(),
      rows: [
        { no: 7, progress: '截污工程完成。', status: '正在推进' },
        { no: 8, remarks: '见附件' },
      ],
    }),
  });
  server.close();
  await pool.close();
  await county.close();
  return {
    uploads,
    bare,
    oneByOne,
    fourAtOnce,
    perSecond: result.requests.average,
    errors: result.errors + result.non2xx,
  };
}

/** The workbook as a multipart/form-data body, as a browser would send it. */
async function multipart(bytes: Uint8Array): Promise<{ type: string; body: Uint8Array<ArrayBuffer> }> {
  const form = new FormData();
  form.set('file', new File([new Uint8Array(bytes)], 'sheet.xlsx'));
  const encoded = new Response(form);
  return { type: encoded.headers.get('content-type')!, body: new Uint8Array(await encoded.arrayBuffer()) };
}
