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

  // Each upload: a unit's own sheet with every task's progress and status filled in.
  const shape = sheetShape(true);
  const files: { token: string; bytes: Uint8Array }[] = [];
  for (let i = 0; i < uploads; i++) {
    const unit = units[i % units.length];
    const res = await fetch(`${url}/api/units/${encodeURIComponent(unit!.name)}/sheet.xlsx`, {
      headers: { authorization: `Bearer ${unit!.token}` },
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.getWorksheet('整改台账')!;
    sheet.eachRow((row, n) => {
      if (n > shape.headerRow) {
        row.getCell(shape.fields.indexOf('progress') + 1).value = `第${i}次填报：${unit!.name}已推进。`;
        row.getCell(shape.fields.indexOf('status') + 1).value = '正在推进';
      }
    });
    files.push({ token: unit!.token, bytes: new Uint8Array(await workbook.xlsx.writeBuffer()) });
  }

  let bare = 0;
  for (const f of files) {
    const start = performance.now();
    await new ExcelJS.Workbook().xlsx.load(f.bytes as unknown as ExcelJS.Buffer);
    bare += performance.now() - start;
  }
  // Each upload's multipart body built once: encoding it is the client's work, not the service's.
  const bodies = await Promise.all(files.map(async (f) => ({ token: f.token, ...(await multipart(f.bytes)) })));
  /** All uploads, `clients` at a time; the wall time. */
  const uploadAll = async (clients: number) => {
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
          await res.arrayBuffer();
        }
      }),
    );
    return performance.now() - start;
  };
  // Warm the service up first, as a running service is: its code compiled, its workers started.
  await uploadAll(4);
  const oneByOne = await uploadAll(1);
  const fourAtOnce = await uploadAll(4);

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
