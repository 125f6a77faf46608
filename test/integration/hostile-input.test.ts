/** Careless and hostile input: nothing lost, nothing stored that breaks the master, the service stays up. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLedgerWorkbook } from '../../server/formats/workbook/read.ts';
import { WriteLimiter } from '../../server/http/write-limits.ts';
import { openpyxl } from '../helpers/openpyxl.ts';
import { servicePerTest } from '../helpers/service.ts';
import { rowOfTask, taskOf, UNIT_COLUMN, unitWorkbook, uploadAs } from '../helpers/sheets.ts';

const service = servicePerTest();

describe('cells a file does not really hold', () => {
  it('leaves a formula saved without its result out, with a warning naming the cell', async () => {
    const s = await service();
    await s.asUnit(
      '县水利局',
      '/api/submissions',
      s.json({ baseRevision: 1, rows: [{ no: 7, progress: '已报的进展' }] }),
    );
    const workbook = await unitWorkbook(s, '县水利局');
    const sheet = workbook.getWorksheet('整改台账')!;
    const row = rowOfTask(sheet, 7);
    sheet.getCell(row, UNIT_COLUMN.progress).value = { formula: 'CONCATENATE("a","b")' } as never;
    const body = await uploadAs(s, '县水利局', workbook);
    expect(body.applied).toEqual([]);
    expect(body.warnings.join('\n')).toContain(`D${row}（整改进展）无法读取（公式没有保存计算结果）`);
    expect((await taskOf(s, 7)).byUnit['县水利局']!.progress).toBe('已报的进展');
  });

  it('never copies a merged follow-up cell into several tasks, and names the range', async () => {
    const s = await service();
    await s.asUnit(
      '县水利局',
      '/api/submissions',
      s.json({ baseRevision: 1, rows: [{ no: 8, progress: '第8项原有进展' }] }),
    );
    const workbook = await unitWorkbook(s, '县水利局');
    const sheet = workbook.getWorksheet('整改台账')!;
    const row7 = rowOfTask(sheet, 7);
    sheet.getCell(row7, UNIT_COLUMN.progress).value = '合并后写的进展';
    sheet.mergeCells(row7, UNIT_COLUMN.progress, row7 + 1, UNIT_COLUMN.progress);
    const body = await uploadAs(s, '县水利局', workbook);
    expect(body.applied).toEqual([{ no: 7, field: 'progress', unit: '县水利局' }]);
    expect(body.warnings.join('\n')).toContain(`合并单元格D${row7}:D${row7 + 1}`);
    expect((await taskOf(s, 8)).byUnit['县水利局']!.progress).toBe('第8项原有进展');
  });
});

describe('limits before any work', () => {
  it('answers a 1 MB unit name with 422 at once, and the service stays responsive', async () => {
    const s = await service();
    const res = await s.asOffice(
      '/api/submissions',
      s.json({ baseRevision: 1, rows: [{ no: 7, unit: '县'.repeat(1_000_000), progress: 'x' }] }),
    );
    expect(res.status).toBe(413); // over the body limit of this service (2 MB of UTF-8)
    const named = await s.asOffice(
      '/api/submissions',
      s.json({ baseRevision: 1, rows: [{ no: 7, unit: '县'.repeat(101), progress: 'x' }] }),
    );
    expect(named.status).toBe(422);
    expect((await named.json()).error.code).toBe('too-long');
    expect((await s.call('/api/health')).status).toBe(200);
  });

  it('refuses more than 5,000 rows with 413 and a cell over 32,767 characters with 422', async () => {
    const s = await service();
    const rows = Array.from({ length: 5001 }, () => ({ no: 7 }));
    expect((await s.asOffice('/api/submissions', s.json({ baseRevision: 1, rows }))).status).toBe(413);
    const long = await s.asOffice(
      '/api/submissions',
      s.json({ baseRevision: 1, rows: [{ no: 7, remarks: 'x'.repeat(32_768) }] }),
    );
    expect(long.status).toBe(422);
    expect(await s.ledger.revision()).toBe(1);
  });
});

describe('characters a workbook cannot hold', () => {
  it('removes U+FFFF and control characters with a warning; the master stays readable everywhere', async () => {
    const s = await service();
    const res = await (
      await s.asUnit(
        '县水利局',
        '/api/submissions',
        s.json({ baseRevision: 1, rows: [{ no: 7, progress: '进展\uFFFF含\u0001控制字符' }] }),
      )
    ).json();
    expect(res.warnings.join('')).toContain('控制字符');
    expect((await taskOf(s, 7)).byUnit['县水利局']!.progress).toBe('进展含控制字符');
    const bytes = new Uint8Array(await (await s.asOffice('/api/master.xlsx')).arrayBuffer());
    expect((await readLedgerWorkbook(bytes)).tasks).toHaveLength(31);
    expect(
      openpyxl(
        bytes,
        "print(any('进展含控制字符' in str(c.value) for row in wb['变更记录'].iter_rows() for c in row))",
      ),
    ).toBe('True');
  });
});

describe('whose reports a unit reads', () => {
  it("shows a township its own and the lead units' reports on a shared task, in tasks and in history", async () => {
    const s = await service();
    await s.asUnit(
      '县水利局',
      '/api/submissions',
      s.json({ baseRevision: 1, rows: [{ no: 7, progress: '牵头单位的进展' }] }),
    );
    await s.asUnit(
      '赤土店镇',
      '/api/submissions',
      s.json({ baseRevision: 1, rows: [{ no: 7, progress: '赤土店镇的进展', remarks: '赤土店镇备注' }] }),
    );
    const town = await (await s.asUnit('城关镇', '/api/tasks')).json();
    const t7 = town.tasks.find((t: { no: number }) => t.no === 7);
    expect(t7.progress).toBe('县水利局：牵头单位的进展');
    expect(JSON.stringify(t7)).not.toContain('赤土店镇的进展');
    const history = await (await s.asUnit('城关镇', '/api/history?task=7')).json();
    expect(JSON.stringify(history)).not.toContain('赤土店镇');
    expect(JSON.stringify(history)).toContain('牵头单位的进展');
    const lead = await (await s.asUnit('县水利局', '/api/tasks')).json();
    expect(lead.tasks.find((t: { no: number }) => t.no === 7).byUnit['赤土店镇']!.progress).toBe('赤土店镇的进展');
  });
});

describe('access', () => {
  it('refuses an office token shorter than 16 characters', async () => {
    const s = await service();
    await expect(s.county.setConfiguredOfficeToken('a')).rejects.toThrow(/至少要16个字符/);
  });

  it('keeps the database and its WAL files readable by the owner only', async () => {
    const s = await service();
    await s.asUnit('县水利局', '/api/submissions', s.json({ baseRevision: 1, rows: [{ no: 7, progress: 'x' }] }));
    const ledger = join('ledgers', `${s.ledger.ledgerId}.sqlite`);
    for (const file of ['county.sqlite', 'county.sqlite-wal', ledger, `${ledger}-wal`]) {
      expect(statSync(join(s.dir, file)).mode & 0o777).toBe(0o600);
    }
  });

  it('sends security headers on pages and API answers; the pane may be framed by Office only', async () => {
    const s = await service();
    for (const path of ['/api/health', '/api/tasks', '/']) {
      const res = await s.call(path);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
    const pane = await s.call('/addin/taskpane.html');
    expect(pane.headers.get('content-security-policy')).toContain('https://*.officeapps.live.com');
  });

  it('opens a round only on a real date', async () => {
    const s = await service();
    const open = (deadline: string) => s.asOffice('/api/rounds', s.json({ period: '2019年2月', deadline }));
    expect((await open('2019-02-31')).status).toBe(400);
    expect((await open('2019-13-01')).status).toBe(400);
    expect((await s.asOffice('/api/rounds', s.json({ period: '', deadline: '2019-09-28' }))).status).toBe(400);
    expect((await (await s.asOffice('/api/rounds')).json()).rounds).toEqual([]);
    expect((await open('2019-09-28')).status).toBe(200);
  });
});

describe('what one unit can write', () => {
  it('answers 429 with Retry-After past a few submissions a minute, and keeps only a sample of what it refused', async () => {
    const s = await service();
    const app = s.appWith({
      writes: new WriteLimiter({ perWindow: 3, windowMs: 60_000, perRound: 1000 }),
    });
    const junk = Array.from({ length: 2000 }, (_, i) => ({ no: 1000 + i, progress: '垃圾数据'.repeat(20) }));
    const send = async () =>
      app.request('/api/submissions', {
        method: 'POST',
        headers: { authorization: `Bearer ${await s.tokenOf('县水利局')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ baseRevision: 1, rows: junk }),
      });
    for (let i = 0; i < 3; i++) {
      const answer = await (await send()).json();
      expect(answer.rejected).toHaveLength(2000);
    }
    const limited = await send();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited.json()).error.message).toContain('提交得太频繁');
    const office = await s.asOffice('/api/submissions', s.json({ baseRevision: 1, rows: [] }));
    expect(office.status).toBe(200);
    const stored = (await s.stored().db.all('SELECT result FROM submissions WHERE actor = ?', ['县水利局'])) as {
      result: string;
    }[];
    expect(stored).toHaveLength(3);
    for (const { result } of stored) {
      expect(JSON.parse(result)).toMatchObject({ rejectedCount: 2000 });
      expect(JSON.parse(result).rejected).toHaveLength(50);
      expect(result.length).toBeLessThan(20_000);
    }
  });

  it("stops a unit at the round's bound of submissions, telling it to ask the office", async () => {
    const s = await service();
    await s.asOffice('/api/rounds', s.json({ period: '2019年8月', deadline: '2019-09-05', confirmPast: true }));
    const app = s.appWith({
      writes: new WriteLimiter({ perWindow: 100, windowMs: 60_000, perRound: 2 }),
    });
    const send = async (n: number) =>
      app.request('/api/submissions', {
        method: 'POST',
        headers: { authorization: `Bearer ${await s.tokenOf('县水利局')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ baseRevision: await s.ledger.revision(), rows: [{ no: 7, progress: `第${n}次` }] }),
      });
    expect((await send(1)).status).toBe(200);
    expect((await send(2)).status).toBe(200);
    const third = await send(3);
    expect(third.status).toBe(429);
    expect((await third.json()).error.message).toContain('本轮已提交2次');
  });

  it('keeps the bound between rounds too, over 30 days', async () => {
    const s = await service();
    const app = s.appWith({ writes: new WriteLimiter({ perWindow: 100, windowMs: 60_000, perRound: 2 }) });
    const send = async (n: number) =>
      app.request('/api/submissions', {
        method: 'POST',
        headers: { authorization: `Bearer ${await s.tokenOf('县水利局')}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          baseRevision: await s.ledger.revision(),
          rows: [{ no: 7, progress: '很长的文字'.repeat(6000) + n }],
        }),
      });
    expect((await send(1)).status).toBe(200);
    expect((await send(2)).status).toBe(200);
    const third = await send(3);
    expect(third.status).toBe(429);
    expect((await third.json()).error.message).toContain('近30天已提交2次');
  });
});
