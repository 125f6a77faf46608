import { readdirSync } from 'node:fs';
import { join } from 'node:path';
/** 佐证材料: attached by a unit, checked by content, kept once, and in the office's archive of the task with the same bytes. */
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { answerOf, attachEvidenceTo } from '../../server/http/client.ts';
import { servicePerTest } from '../helpers/service.ts';

const service = servicePerTest();
type Service = Awaited<ReturnType<typeof service>>;

/** A unit attaches a file to a task through the typed client: the raw answer, for its status. */
const attaching = async (s: Service, unit: string, no: number, bytes: Uint8Array, name: string) =>
  attachEvidenceTo(await s.unit(unit), s.ledger.ledgerId, no, new File([new Uint8Array(bytes)], name));
/** …and what the service says it kept. */
const attached = async (s: Service, unit: string, no: number, bytes: Uint8Array, name: string) =>
  answerOf(attaching(s, unit, no, bytes, name));
/** The files on a task, as the office lists them. */
const evidenceOn = async (s: Service, no: number) =>
  (await answerOf(s.office.tasks[':no'].evidence.$get({ param: { no: String(no) } }))).evidence;
const file = (bytes: Uint8Array, name: string): RequestInit => {
  const form = new FormData();
  form.set('file', new File([new Uint8Array(bytes)], name));
  return { method: 'POST', body: form };
};
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
    const app = s.appWith({}); // the limits a county runs with
    const token = await s.tokenOf('县水利局');
    const photo = (n: number) => new Uint8Array([...PNG, ...new TextEncoder().encode(`第${n}张`)]);
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, n) =>
        app.request('/api/tasks/7/evidence', {
          ...file(photo(n), `IMG_${n}.png`),
          headers: { authorization: `Bearer ${token}` },
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    const report = await app.request('/api/submissions', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ baseRevision: await s.ledger.revision(), rows: [{ no: 7, progress: '照片已上传' }] }),
    });
    expect(report.status).toBe(200);
    expect(await evidenceOn(s, 7)).toHaveLength(30);
  });

  it('files what is attached between rounds under no round, never the closed one, and lets the unit remove it', async () => {
    const s = await service();
    const opened = await (
      await s.asOffice('/api/rounds', s.json({ period: '2019年7月', deadline: '2019-08-05', confirmPast: true }))
    ).json();
    await s.asOffice(`/api/rounds/${opened.id}/close`, { method: 'POST' });
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
    const one = await s.asUnit('县水利局', `/api/evidence/${photo.id}`);
    expect(one.headers.get('content-disposition')).toContain('attachment');
    expect(new Uint8Array(await one.arrayBuffer())).toEqual(PNG);
    const zip = unzipSync(new Uint8Array(await (await s.asOffice('/api/tasks/7/evidence.zip')).arrayBuffer()));
    expect(zip[`佐证材料/县水利局/${photo.id}-整改后照片.png`]).toEqual(PNG);
    expect(Object.keys(zip)).toContain('任务7-变更记录.xlsx');
    expect((await s.asUnit('县水利局', '/api/tasks/7/evidence.zip')).status).toBe(403);
    const round = unzipSync(new Uint8Array(await (await s.asOffice('/api/evidence.zip')).arrayBuffer()));
    expect(round[`任务7/县水利局/${photo.id}-整改后照片.png`]).toEqual(PNG);
    expect((await attaching(s, '县林业局', 7, PNG, 'x.png')).status).toBe(403);
    // One list for a unit's page: the tasks it is on, with their 序号; nothing of other tasks.
    const mine = (await answerOf((await s.unit('县水利局')).evidence.$get())).evidence;
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
    const answers = [
      await s.asUnit('县水利局', '/api/tasks/7/evidence', file(exe, '照片.jpg')),
      await s.asUnit('县水利局', '/api/tasks/7/evidence', file(html, '报告.pdf')),
      await s.asUnit('县水利局', '/api/tasks/7/evidence', file(zeros, '材料.zip')),
      await s.asUnit('县水利局', '/api/tasks/7/evidence', file(big, '大文件.pdf')),
    ];
    expect(answers.map((r) => r.status)).toEqual([415, 415, 415, 413]);
    expect((await answers[1]!.json()).error.message).toContain('网页');
    expect(await evidenceOn(s, 7)).toEqual([]);
  });

  it('counts a removed file against the quota until it is purged, and purges it after the retention unless a 销号 rests on it', async () => {
    const s = await service();
    const token = await s.tokenOf('县水利局');
    const attach = (no: number, n: number) =>
      s.asUnit('县水利局', `/api/tasks/${no}/evidence`, file(pdf(n), `第${n}份.pdf`));
    const remove = (id: number) => s.call(`/api/evidence/${id}`, { method: 'DELETE', token });
    // Uploading and deleting over and over does not grow the store past the quota.
    for (let n = 1; n <= 5; n++) {
      const attached = await (await attach(7, n)).json();
      expect((await remove(attached.id)).status).toBe(200);
    }
    const sixth = await attach(7, 6);
    expect(sixth.status).toBe(413);
    // A file on task 8, removed, whose task then asks for 销号 with what is left: kept.
    const cited = await (await attach(8, 7)).json();
    await attach(8, 8);
    await remove(cited.id);
    await s.submit('县水利局', { baseRevision: await s.ledger.revision(), rows: [{ no: 8, status: '已完成' }] });
    expect((await s.asUnit('县水利局', '/api/tasks/8/closure', s.json({ note: '已完成' }))).status).toBe(200);

    // The office keeps removed files 60 days instead of 30; nothing is purged within them.
    const settings = (body: unknown) => s.asOffice('/api/settings', { ...s.json(body), method: 'PUT' });
    expect(await (await s.asOffice('/api/settings')).json()).toMatchObject({ evidenceRetentionDays: 30 });
    const zero = await settings({ evidenceRetentionDays: 0 });
    expect(zero.status).toBe(400);
    expect((await zero.json()).error.message).toContain('删除的佐证材料保留天数至少为 1');
    expect(
      (await s.asUnit('县水利局', '/api/settings', { ...s.json({ evidenceRetentionDays: 1 }), method: 'PUT' })).status,
    ).toBe(403);
    expect(await (await settings({ evidenceRetentionDays: 60 })).json()).toMatchObject({ evidenceRetentionDays: 60 });
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
      expect((await s.asUnit('县水利局', '/api/tasks/7/evidence', file(pdf(n), `第${n}份.pdf`))).status).toBe(200);
    }
    const again = await s.asUnit('县水利局', '/api/tasks/7/evidence', file(pdf(5), '第5份（重发）.pdf'));
    expect(again.status).toBe(200);
    const sixth = await s.asUnit('县水利局', '/api/tasks/7/evidence', file(pdf(6), '第6份.pdf'));
    expect(sixth.status).toBe(413);
    expect((await sixth.json()).error.message).toContain('超过100 MB');
    expect((await evidenceOn(s, 7)).map((e) => e.name)).toEqual([
      '第1份.pdf',
      '第2份.pdf',
      '第3份.pdf',
      '第4份.pdf',
      '第5份.pdf',
    ]);
    // Another unit on the same task has its own 100 MB.
    expect((await s.asUnit('县环保局', '/api/tasks/7/evidence', file(pdf(6), '第6份.pdf'))).status).toBe(200);
  });

  it('is stored and served under what it really is: a GIF/HTML polyglot named .hta is a .gif, two letters BM are no bitmap', async () => {
    const s = await service();
    const polyglot = new TextEncoder().encode('GIF89a<html><script>alert(1)</script></html>');
    const attached = await (await s.asUnit('县水利局', '/api/tasks/7/evidence', file(polyglot, '整改照片.hta'))).json();
    expect(attached.name).toBe('整改照片.gif');
    const served = await s.asOffice(`/api/evidence/${attached.id}`);
    expect(decodeURIComponent(served.headers.get('content-disposition')!)).toContain('整改照片.gif');
    expect(served.headers.get('content-disposition')).not.toContain('.hta');
    expect(served.headers.get('content-disposition')).toContain(`filename="evidence-${attached.id}.gif"`);
    const zip = await s.asOffice('/api/tasks/7/evidence.zip');
    expect(zip.headers.get('content-disposition')).toContain('filename="evidence-task-7.zip"');

    const fake = new TextEncoder().encode('BM@echo off\r\ndel /q C:\\*\r\n');
    const bat = await s.asUnit('县水利局', '/api/tasks/7/evidence', file(fake, '整改报告.bat'));
    expect(bat.status).toBe(415);
    const bmp = new Uint8Array(58);
    const view = new DataView(bmp.buffer);
    bmp.set([0x42, 0x4d]);
    view.setUint32(2, bmp.length, true);
    view.setUint32(10, 54, true);
    view.setUint32(14, 40, true);
    const real = await (await s.asUnit('县水利局', '/api/tasks/7/evidence', file(bmp, '现场.bat'))).json();
    expect(real.name).toBe('现场.bmp');
  });

  it('keeps names short and plain: no path, no hidden or bidi characters, at most 100 characters, archives intact', async () => {
    const s = await service();
    const names = ['photo\u202egpj.hta', '..\\..\\windows/system32/../x.jpg', `${'很长的名字'.repeat(5000)}.jpg`];
    const stored: string[] = [];
    for (const [n, name] of names.entries()) {
      const bytes = new Uint8Array([...PNG, n]);
      const res = await s.asUnit('县水利局', '/api/tasks/7/evidence', file(bytes, name));
      expect(res.status).toBe(200);
      stored.push((await res.json()).name);
    }
    expect(stored[0]).toBe('photogpj.png');
    expect(stored[1]).toBe('x.png');
    expect([...stored[2]!].length).toBeLessThanOrEqual(100);
    expect(stored[2]).toMatch(/^很长的名字.*\.png$/);
    for (const path of ['/api/tasks/7/evidence.zip', '/api/evidence.zip']) {
      const res = await s.asOffice(path);
      expect(res.status).toBe(200);
      const entries = Object.keys(unzipSync(new Uint8Array(await res.arrayBuffer())));
      expect(entries.filter((e) => e.includes('县水利局'))).toHaveLength(3);
      for (const entry of entries) {
        expect(entry).not.toMatch(/\.\.|\\|[\u202a-\u202e]/);
        expect(entry.length).toBeLessThan(140);
      }
    }
  });

  it('is removed by its unit while the round is open, by the office any time, and stays on record', async () => {
    const s = await service();
    await s.asOffice('/api/rounds', s.json({ period: '2019年8月', deadline: '2019-09-05', confirmPast: true }));
    const attach = async (unit: string, n: number) =>
      (await attached(s, unit, 7, new Uint8Array([...PNG, n]), `照片${n}.png`)).id;
    const [mine, other, later] = [
      await attach('县水利局', 1),
      await attach('县环保局', 2),
      await attach('县水利局', 3),
    ];
    const remove = (who: string, id: number) =>
      who === '办公室'
        ? s.asOffice(`/api/evidence/${id}`, { method: 'DELETE' })
        : s.asUnit(who, `/api/evidence/${id}`, { method: 'DELETE' });
    expect((await remove('县水利局', other)).status).toBe(403);
    expect((await remove('县水利局', mine)).status).toBe(200);
    const listed = async () => (await evidenceOn(s, 7)).map((e) => e.id);
    expect(await listed()).toEqual([other, later]);
    expect((await s.asOffice(`/api/evidence/${mine}`)).status).toBe(404);

    const { rounds } = await (await s.asOffice('/api/rounds')).json();
    await s.asOffice(`/api/rounds/${rounds[0].id}/close`, { method: 'POST' });
    const closed = await remove('县水利局', later);
    expect(closed.status).toBe(409);
    expect((await closed.json()).error.message).toContain('请联系办公室');
    expect((await remove('办公室', later)).status).toBe(200);
    expect(await listed()).toEqual([other]);
    const kept = await s.stored().db.all('SELECT id, removed_by FROM evidence WHERE removed_at IS NOT NULL');
    expect(kept).toEqual([
      { id: mine, removed_by: '县水利局' },
      { id: later, removed_by: '办公室' },
    ]);
  });
});
