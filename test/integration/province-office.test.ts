/**
 * A city's supervision office (市督察办) over two counties on one PostgreSQL database: its roll-up
 * per county, its consolidated workbook read back by openpyxl, its page in Chromium, and that it
 * can read and nothing more.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCounty } from '../../server/cases/open-county.ts';
import { Province } from '../../server/cases/province.ts';
import type { County } from '../../server/cases/county.ts';
import { createProvinceApp } from '../../server/http/province-app.ts';
import { FolderEvidence } from '../../server/store/evidence-folder.ts';
import { openPool } from '../../server/store/postgres-connect.ts';
import { PgStorage } from '../../server/store/postgres-storage.ts';
import { launchChromium } from '../helpers/browser.ts';
import { openpyxl } from '../helpers/openpyxl.ts';
import { countyOf, freshDatabase } from '../helpers/postgres.ts';

const TOKEN = 'city-supervision-token-01';
const TODAY = '2019-08-20';
let url = '';
let province: Province;
const counties: County[] = [];
let app: ReturnType<typeof createProvinceApp>;
const call = (path: string, token = TOKEN) => app.request(path, { headers: { authorization: `Bearer ${token}` } });

/** A county of the shared database with the demo ledger, renamed, and something done in it. */
async function county(id: string, name: string, work: (c: County) => Promise<void>) {
  const { county } = await openCounty(mkdtempSync(join(tmpdir(), `ledger-${id}-`)), {
    storage: await countyOf(url, id),
  });
  await county.setRegistry({ ...county.registry.data, county: name }, { kind: 'import' });
  await work(county);
  counties.push(county);
  return county;
}

beforeAll(async () => {
  url = await freshDatabase();
  await county('jia', '甲县', async (c) => {
    const ledger = c.defaultLedger!;
    await ledger.openRound({ id: 'r8', period: '2019年8月', deadline: '2019-08-31' }, { kind: 'office' });
    await ledger.write(
      {
        actor: { kind: 'unit', unit: '县水利局' },
        baseRevision: 1,
        rows: [{ no: 7, values: { progress: '甲县水利局八月进展' } }],
      },
      'json',
    );
    await ledger.write(
      { actor: { kind: 'office' }, baseRevision: 2, rows: [{ no: 13, values: { status: '已销号' } }] },
      'json',
    );
  });
  await county('yi', '乙县', async () => {});
  province = await Province.open(
    url,
    ['jia', 'yi'],
    '示例市督察办',
    new FolderEvidence(mkdtempSync(join(tmpdir(), 'e-'))),
  );
  app = createProvinceApp({ province, token: TOKEN, today: () => TODAY });
});

afterAll(async () => {
  await province?.shutdown();
  for (const c of counties) await c.close();
});

describe('the supervision office', () => {
  it('rolls each county up: tasks, overdue, 销号 done, who reported in the round', async () => {
    expect((await call('/api/province', 'wrong-token-for-this')).status).toBe(401);
    const res = await call(`/api/province?today=${TODAY}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.name).toBe('示例市督察办');
    const [jia, yi] = body.counties;
    const tasks = (await counties[0]!.defaultLedger!.taskRefs()).length;
    const units = await counties[0]!.defaultLedger!.unitCount();
    expect(jia).toMatchObject({ county: 'jia', name: '甲县', ledgers: 1, tasks, closedOff: 1, round: '2019年8月' });
    expect(jia).toMatchObject({ units, reported: 1 });
    expect(yi).toMatchObject({ county: 'yi', name: '乙县', ledgers: 1, tasks, closedOff: 0, round: null, units: 0 });
    // Judged later, more of the plan's deadlines have passed.
    const later = (await (await call('/api/province?today=2020-12-31')).json()).counties[1];
    expect(later.overdue).toBeGreaterThan(yi.overdue);
  });

  it('hands out one workbook: 汇总 and a sheet per county, as an independent reader sees it', async () => {
    const res = await call(`/api/province/master.xlsx?today=${TODAY}`);
    expect(res.status).toBe(200);
    expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toContain('示例市督察办整改台账汇总');
    const bytes = new Uint8Array(await res.arrayBuffer());
    writeFileSync(join(tmpdir(), 'province-master.xlsx'), bytes);
    const read = JSON.parse(
      openpyxl(
        bytes,
        `import json
s = wb['汇总']
rows = [[c.value for c in r] for r in s.iter_rows(min_row=3)]
jia = wb['甲县']
print(json.dumps({'sheets': wb.sheetnames, 'rows': rows, 'jia': jia.max_row - 2,
  'seven': [r[4].value for r in jia.iter_rows(min_row=3) if r[0].value == 7],
  'landscape': s.page_setup.orientation, 'title': s['A1'].value}, ensure_ascii=False))`,
      ),
    );
    expect(read.sheets).toEqual(['汇总', '甲县', '乙县']);
    expect(read.title).toContain('示例市督察办');
    expect(read.landscape).toBe('landscape');
    const tasks = (await counties[0]!.defaultLedger!.taskRefs()).length;
    expect(read.rows[0].slice(0, 5)).toEqual(['甲县', 1, tasks, expect.any(Number), 1]);
    expect(read.rows[1][0]).toBe('乙县');
    expect(read.rows[2][0]).toBe('合计');
    expect(read.rows[2][2]).toBe(tasks * 2);
    expect(read.jia).toBe(tasks);
    expect(read.seven[0]).toContain('甲县水利局八月进展');
  });

  it('reads and cannot write, even through its own connection', async () => {
    const pool = openPool(url, 1);
    try {
      const reader = PgStorage.reading(pool, 'jia');
      expect((await reader.county.ledgers()).length).toBe(1);
      await expect(reader.county.record('督察办', 'test', '写入')).rejects.toThrow(/permission denied/);
      await expect(reader.ledger(counties[0]!.defaultLedger!.ledgerId).setMeta('title', 'x')).rejects.toThrow(
        /permission denied/,
      );
    } finally {
      await pool.end();
    }
  });

  it('shows its page: sign in with the token, a line per county, the totals', async () => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
      await page.goto(`${base}/`);
      writeFileSync(join(tmpdir(), 'province-sign-in-360.png'), await page.screenshot());
      await page.fill('#token', 'not-the-token-at-all');
      await page.click('#sign-in-form button');
      await expect.poll(() => page.textContent('#sign-in-error')).toContain('令牌');
      await page.fill('#token', TOKEN);
      await page.click('#sign-in-form button');
      await page.waitForSelector('#board:not([hidden])');
      await expect.poll(() => page.locator('#counties tbody tr').count()).toBe(2);
      expect(await page.textContent('#counties tbody tr[data-county="jia"]')).toContain('甲县');
      expect(await page.textContent('#counties tfoot')).toContain('合计');
      expect(await page.textContent('#title')).toContain('示例市督察办');
      expect(await page.inputValue('#judged-on')).toBe(TODAY);
      writeFileSync(join(tmpdir(), 'province-360.png'), await page.screenshot({ fullPage: true }));
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
      expect(download.suggestedFilename()).toContain('示例市督察办整改台账汇总');
      await expect.poll(() => page.textContent('#status')).toBe('汇总表已下载。');
      writeFileSync(join(tmpdir(), 'province-downloaded-360.png'), await page.screenshot());
      await page.setViewportSize({ width: 800, height: 700 });
      writeFileSync(join(tmpdir(), 'province-800.png'), await page.screenshot({ fullPage: true }));
      await page.setViewportSize({ width: 1366, height: 768 });
      writeFileSync(join(tmpdir(), 'province-1366.png'), await page.screenshot({ fullPage: true }));
    } finally {
      await browser.close();
      server.close();
    }
  });
});
