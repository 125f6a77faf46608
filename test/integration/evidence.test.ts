/** 佐证材料: attached by a unit, checked by content, kept once, and in the office's archive of the task with the same bytes. */
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { servicePerTest } from '../helpers/service.ts';

const service = servicePerTest();
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

describe('evidence', () => {
  it("is attached by a unit of the task, listed, and downloaded by the office in the task's zip with the same bytes", async () => {
    const s = service();
    const res = await s.asUnit('县水利局', '/api/tasks/7/evidence', file(PNG, '整改后照片.jpg'));
    expect(res.status).toBe(200);
    const attached = await res.json();
    expect(attached).toMatchObject({
      unit: '县水利局',
      name: '整改后照片.jpg',
      size: PNG.length,
      uploadedBy: '县水利局',
    });
    const listed = await (await s.asOffice('/api/tasks/7/evidence')).json();
    expect(listed.evidence.map((e: { name: string }) => e.name)).toEqual(['整改后照片.jpg']);
    const one = await s.asUnit('县水利局', `/api/evidence/${attached.id}`);
    expect(one.headers.get('content-disposition')).toContain('attachment');
    expect(new Uint8Array(await one.arrayBuffer())).toEqual(PNG);
    const zip = unzipSync(new Uint8Array(await (await s.asOffice('/api/tasks/7/evidence.zip')).arrayBuffer()));
    expect(zip[`佐证材料/县水利局/${attached.id}-整改后照片.jpg`]).toEqual(PNG);
    expect(Object.keys(zip)).toContain('任务7-变更记录.xlsx');
    expect((await s.asUnit('县水利局', '/api/tasks/7/evidence.zip')).status).toBe(403);
    const round = unzipSync(new Uint8Array(await (await s.asOffice('/api/evidence.zip')).arrayBuffer()));
    expect(round[`任务7/县水利局/${attached.id}-整改后照片.jpg`]).toEqual(PNG);
    expect((await s.asUnit('县林业局', '/api/tasks/7/evidence', file(PNG, 'x.png'))).status).toBe(403);
    // One list for a unit's page: the tasks it is on, with their 序号; nothing of other tasks.
    const mine = (await (await s.asUnit('县水利局', '/api/evidence')).json()).evidence;
    expect(mine).toEqual([expect.objectContaining({ id: attached.id, no: 7, name: '整改后照片.jpg' })]);
    expect((await (await s.asUnit('县林业局', '/api/evidence')).json()).evidence).toEqual([]);
  });

  it('refuses what is not a document or picture whatever its name, and what is too large, storing nothing', async () => {
    const s = service();
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
    expect((await (await s.asOffice('/api/tasks/7/evidence')).json()).evidence).toEqual([]);
  });

  it('takes up to 100 MB per task and round from a unit, and a file sent twice once', async () => {
    const s = service();
    const pdf = (n: number) => {
      const bytes = new Uint8Array(19 * 1024 * 1024);
      bytes.set(new TextEncoder().encode(`%PDF-1.4\n% 第${n}份\n`));
      return bytes;
    };
    for (const n of [1, 2, 3, 4, 5]) {
      expect((await s.asUnit('县水利局', '/api/tasks/7/evidence', file(pdf(n), `第${n}份.pdf`))).status).toBe(200);
    }
    const again = await s.asUnit('县水利局', '/api/tasks/7/evidence', file(pdf(5), '第5份（重发）.pdf'));
    expect(again.status).toBe(200);
    const sixth = await s.asUnit('县水利局', '/api/tasks/7/evidence', file(pdf(6), '第6份.pdf'));
    expect(sixth.status).toBe(413);
    expect((await sixth.json()).error.message).toContain('超过100 MB');
    const listed = (await (await s.asOffice('/api/tasks/7/evidence')).json()).evidence;
    expect(listed.map((e: { name: string }) => e.name)).toEqual([
      '第1份.pdf',
      '第2份.pdf',
      '第3份.pdf',
      '第4份.pdf',
      '第5份.pdf',
    ]);
    // Another unit on the same task has its own 100 MB.
    expect((await s.asUnit('县环保局', '/api/tasks/7/evidence', file(pdf(6), '第6份.pdf'))).status).toBe(200);
  });
});
