import { readdirSync } from 'node:fs';
import { join } from 'node:path';
/** 佐证材料: attached by a unit, checked by content, kept once, and in the office's archive of the task with the same bytes. */
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { answerOf, type ApiClient, attachEvidenceTo, submitRowsTo } from '../../server/http/client.ts';
import { clientOf, refusalOf, servicePerTest } from '../helpers/service.ts';

const service = servicePerTest();
type Service = Awaited<ReturnType<typeof service>>;

/** A unit attaches a file to a task through the typed client: the raw answer, for its status. */
const attaching = async (s: Service, unit: string, no: number, bytes: Uint8Array, name: string) =>
  attachEvidenceTo(await s.unit(unit), s.ledger.ledgerId, no, new File([new Uint8Array(bytes)], name));
/** …and what the service says it kept. */
const attached = async (s: Service, unit: string, no: number, bytes: Uint8Array, name: string) =>
  answerOf(attaching(s, unit, no, bytes, name));
/** The files on a task, as the office lists them. */
/** A round opened by the office, its deadline possibly past. */
const openRound = (s: Service, period: string, deadline: string) =>
  answerOf(s.office.rounds.$post({ json: { period, deadline, confirmPast: true } }));
/** A task's archive (档案), for the office; a unit is refused it. */
const taskArchive = (client: ApiClient, no: number) =>
  client.tasks[':no']['evidence.zip'].$get({ param: { no: String(no) } });
/** A download's bytes, which must succeed. */
const downloaded = async (download: Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> }>) => {
  const res = await download;
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
};
const evidenceOn = async (s: Service, no: number) =>
  (await answerOf(s.office.tasks[':no'].evidence.$get({ param: { no: String(no) } }))).evidence;
const PNG = new Uint8Array([
  0x89,
  0x50,
  0x4e,
  0x47,
  0x0d,
  0x0a,
  0x1a,
  0x0a,
  ...new TextEncoder().encode('整改前后对比照片'),
]);

/** A 19 MB PDF, the nth: five of them fill a unit's 100 MB on a task in a round. */
const pdf = (n: number) => {
  const bytes = new Uint8Array(19 * 1024 * 1024);
  bytes.set(new TextEncoder().encode(`%PDF-1.4\n% 第${n}份\n`));
  return bytes;
};

describe('evidence', () => {
  it("takes a phone's 30 photos in one go, and the report sent right after: attaching is not submitting", async () => {
    const s = await service();
    // The limits a county runs with (the test service lifts them).
    const water = clientOf(s.appWith({}), await s.tokenOf('县水利局'));
    const photo = (n: number) =>
      new File([new Uint8Array([...PNG, ...new TextEncoder().encode(`第${n}张`)])], `IMG_${n}.png`);
    await Promise.all(
      Array.from({ length: 30 }, (_, n) => answerOf(attachEvidenceTo(water, s.ledger.ledgerId, 7, photo(n)))),
    );
    const report = await answerOf(
      submitRowsTo(water, s.ledger.ledgerId, {
        baseRevision: await s.ledger.revision(),
        rows: [{ no: 7, progress: '照片已上传' }],
      }),
    );
    expect(report.applied).toHaveLength(1);
    expect(await evidenceOn(s, 7)).toHaveLength(30);
  });

  it('files what is attached between rounds under no round, never the closed one, and lets the unit remove it', async () => {
    const s = await service();
    const opened = await openRound(s, '2019年7月', '2019-08-05');
    await answerOf(s.office.rounds[':id'].close.$post({ param: { id: opened.id } }));
    const between = await attached(s, '县水利局', 7, PNG, '轮次之间.png');
    expect(between.round).toBe('');
    const removed = await (await s.unit('县水利局')).evidence[':id'].$delete({ param: { id: String(between.id) } });
    expect(removed.status).toBe(200);
  });

  it("is attached by a unit of the task, listed, and downloaded by the office in the task's zip with the same bytes", async () => {
    const s = await service();
    // A PNG named .jpg is kept as what it is.
    const photo = await attached(s, '县水利局', 7, PNG, '整改后照片.jpg');
    expect(photo).toMatchObject({
      unit: '县水利局',
      name: '整改后照片.png',
      size: PNG.length,
      uploadedBy: '县水利局',
    });
    expect((await evidenceOn(s, 7)).map((e) => e.name)).toEqual(['整改后照片.png']);
    const water = await s.unit('县水利局');
    const one = await water.evidence[':id'].$get({ param: { id: String(photo.id) } });
    expect(one.headers.get('content-disposition')).toContain('attachment');
    expect(new Uint8Array(await one.arrayBuffer())).toEqual(PNG);
    const zip = unzipSync(await downloaded(taskArchive(s.office, 7)));
    expect(zip[`佐证材料/县水利局/${photo.id}-整改后照片.png`]).toEqual(PNG);
    expect(Object.keys(zip)).toContain('任务7-变更记录.xlsx');
    expect((await taskArchive(water, 7)).status).toBe(403);
    const round = unzipSync(await downloaded(s.office['evidence.zip'].$get({ query: {} })));
    expect(round[`任务7/县水利局/${photo.id}-整改后照片.png`]).toEqual(PNG);
    expect((await attaching(s, '县林业局', 7, PNG, 'x.png')).status).toBe(403);
    // One list for a unit's page: the tasks it is on, with their 序号; nothing of other tasks.
    const mine = (await answerOf(water.evidence.$get())).evidence;
    expect(mine).toEqual([expect.objectContaining({ id: photo.id, no: 7, name: '整改后照片.png' })]);
    expect((await answerOf((await s.unit('县林业局')).evidence.$get())).evidence).toEqual([]);
  });

  it('refuses what is not a document or picture whatever its name, and what is too large, storing nothing', async () => {
    const s = await service();
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]);
    const html = new TextEncoder().encode('<!doctype html><script>alert(1)</script>');
    const zeros = zipSync({ 'zeros.bin': new Uint8Array(100 * 1024 * 1024) });
    const big = new Uint8Array(21 * 1024 * 1024);
    big.set(new TextEncoder().encode('%PDF-1.4\n'));
    const refusals = [
      await refusalOf(attaching(s, '县水利局', 7, exe, '照片.jpg')),
      await refusalOf(attaching(s, '县水利局', 7, html, '报告.pdf')),
      await refusalOf(attaching(s, '县水利局', 7, zeros, '材料.zip')),
      await refusalOf(attaching(s, '县水利局', 7, big, '大文件.pdf')),
    ];
    expect(refusals.map((r) => r.status)).toEqual([415, 415, 415, 413]);
    expect(refusals[1]!.message).toContain('网页');
    expect(await evidenceOn(s, 7)).toEqual([]);
  });

  it('counts a removed file against the quota until it is purged, and purges it after the retention unless a 销号 rests on it', async () => {
    const s = await service();
    const water = await s.unit('县水利局');
    const attach = (no: number, n: number) => attaching(s, '县水利局', no, pdf(n), `第${n}份.pdf`);
    const remove = (id: number) => answerOf(water.evidence[':id'].$delete({ param: { id: String(id) } }));
    // Uploading and deleting over and over does not grow the store past the quota.
    for (let n = 1; n <= 5; n++) await remove((await answerOf(attach(7, n))).id);
    expect((await attach(7, 6)).status).toBe(413);
    // A file on task 8, removed, whose task then asks for 销号 with what is left: kept.
    const cited = await answerOf(attach(8, 7));
    await answerOf(attach(8, 8));
    await remove(cited.id);
    await s.submit('县水利局', { baseRevision: await s.ledger.revision(), rows: [{ no: 8, status: '已完成' }] });
    await answerOf(water.tasks[':no'].closure.$post({ param: { no: '8' }, json: { note: '已完成' } }));

    // The office keeps removed files 60 days instead of 30; nothing is purged within them.
    const keepFor = (evidenceRetentionDays: number, client = s.office) =>
      client.settings.$put({ json: { evidenceRetentionDays } });
    expect(await answerOf(s.office.settings.$get())).toMatchObject({ evidenceRetentionDays: 30 });
    expect(await refusalOf(keepFor(0))).toMatchObject({
      status: 400,
      message: expect.stringContaining('删除的佐证材料保留天数至少为 1'),
    });
    expect((await keepFor(1, water)).status).toBe(403);
    expect(await answerOf(keepFor(60))).toMatchObject({ evidenceRetentionDays: 60 });
    const days = (n: number) => new Date(Date.now() + n * 86_400_000);
    expect(await s.county.purgeEvidence(days(31))).toEqual({ files: 0, bytes: 0, retentionDays: 60 });
    const purged = await s.county.purgeEvidence(days(61));
    expect(purged.files).toBe(5);
    expect(purged.bytes).toBe(5 * 19 * 1024 * 1024);
    const stored = readdirSync(join(s.dir, 'evidence'), { recursive: true }).filter((f) => String(f).length > 3);
    expect(stored).toHaveLength(2); // 第8份 on file, and 第7份 that the 销号 request rests on
    expect((await attach(7, 9)).status).toBe(200);
    const log = (await s.county.store.history()).map((h) => h.detail).join('\n');
    expect(log).toContain('删除的佐证材料保留天数：30 → 60');
    expect(log).toContain('已清除删除超过60天的佐证材料5个');
  });

  it('takes up to 100 MB per task and round from a unit, and a file sent twice once', async () => {
    const s = await service();
    for (const n of [1, 2, 3, 4, 5]) {
      expect((await attaching(s, '县水利局', 7, pdf(n), `第${n}份.pdf`)).status).toBe(200);
    }
    await attached(s, '县水利局', 7, pdf(5), '第5份（重发）.pdf');
    expect(await refusalOf(attaching(s, '县水利局', 7, pdf(6), '第6份.pdf'))).toMatchObject({
      status: 413,
      message: expect.stringContaining('超过100 MB'),
    });
    expect((await evidenceOn(s, 7)).map((e) => e.name)).toEqual([
      '第1份.pdf',
      '第2份.pdf',
      '第3份.pdf',
      '第4份.pdf',
      '第5份.pdf',
    ]);
    // Another unit on the same task has its own 100 MB.
    expect((await attaching(s, '县环保局', 7, pdf(6), '第6份.pdf')).status).toBe(200);
  });

  it('is stored and served under what it really is: a GIF/HTML polyglot named .hta is a .gif, two letters BM are no bitmap', async () => {
    const s = await service();
    const polyglot = new TextEncoder().encode('GIF89a<html><script>alert(1)</script></html>');
    const gif = await attached(s, '县水利局', 7, polyglot, '整改照片.hta');
    expect(gif.name).toBe('整改照片.gif');
    const served = await s.office.evidence[':id'].$get({ param: { id: String(gif.id) } });
    expect(decodeURIComponent(served.headers.get('content-disposition')!)).toContain('整改照片.gif');
    expect(served.headers.get('content-disposition')).not.toContain('.hta');
    expect(served.headers.get('content-disposition')).toContain(`filename="evidence-${gif.id}.gif"`);
    const zip = await taskArchive(s.office, 7);
    expect(zip.headers.get('content-disposition')).toContain('filename="evidence-task-7.zip"');

    const fake = new TextEncoder().encode('BM@echo off\r\ndel /q C:\\*\r\n');
    expect((await attaching(s, '县水利局', 7, fake, '整改报告.bat')).status).toBe(415);
    const bmp = new Uint8Array(58);
    const view = new DataView(bmp.buffer);
    bmp.set([0x42, 0x4d]);
    view.setUint32(2, bmp.length, true);
    view.setUint32(10, 54, true);
    view.setUint32(14, 40, true);
    const real = await attached(s, '县水利局', 7, bmp, '现场.bat');
    expect(real.name).toBe('现场.bmp');
  });

  it('keeps names short and plain: no path, no hidden or bidi characters, at most 100 characters, archives intact', async () => {
    const s = await service();
    const names = ['photo\u202egpj.hta', '..\\..\\windows/system32/../x.jpg', `${'很长的名字'.repeat(5000)}.jpg`];
    const stored: string[] = [];
    for (const [n, name] of names.entries()) {
      const bytes = new Uint8Array([...PNG, n]);
      stored.push((await attached(s, '县水利局', 7, bytes, name)).name);
    }
    expect(stored[0]).toBe('photogpj.png');
    expect(stored[1]).toBe('x.png');
    expect([...stored[2]!].length).toBeLessThanOrEqual(100);
    expect(stored[2]).toMatch(/^很长的名字.*\.png$/);
    for (const archive of [taskArchive(s.office, 7), s.office['evidence.zip'].$get({ query: {} })]) {
      const entries = Object.keys(unzipSync(await downloaded(archive)));
      expect(entries.filter((e) => e.includes('县水利局'))).toHaveLength(3);
      for (const entry of entries) {
        expect(entry).not.toMatch(/\.\.|\\|[\u202a-\u202e]/);
        expect(entry.length).toBeLessThan(140);
      }
    }
  });

  it('is removed by its unit while the round is open, by the office any time, and stays on record', async () => {
    const s = await service();
    const round = await openRound(s, '2019年8月', '2019-09-05');
    const attach = async (unit: string, n: number) =>
      (await attached(s, unit, 7, new Uint8Array([...PNG, n]), `照片${n}.png`)).id;
    const [mine, other, later] = [
      await attach('县水利局', 1),
      await attach('县环保局', 2),
      await attach('县水利局', 3),
    ];
    const remove = async (who: string, id: number) =>
      (who === '办公室' ? s.office : await s.unit(who)).evidence[':id'].$delete({ param: { id: String(id) } });
    expect((await remove('县水利局', other)).status).toBe(403);
    expect((await remove('县水利局', mine)).status).toBe(200);
    const listed = async () => (await evidenceOn(s, 7)).map((e) => e.id);
    expect(await listed()).toEqual([other, later]);
    expect((await s.office.evidence[':id'].$get({ param: { id: String(mine) } })).status).toBe(404);

    await answerOf(s.office.rounds[':id'].close.$post({ param: { id: round.id } }));
    expect(await refusalOf(remove('县水利局', later))).toMatchObject({
      status: 409,
      message: expect.stringContaining('请联系办公室'),
    });
    expect((await remove('办公室', later)).status).toBe(200);
    expect(await listed()).toEqual([other]);
    const kept = await s.stored().db.all('SELECT id, removed_by FROM evidence WHERE removed_at IS NOT NULL');
    expect(kept).toEqual([
      { id: mine, removed_by: '县水利局' },
      { id: later, removed_by: '办公室' },
    ]);
  });
});
