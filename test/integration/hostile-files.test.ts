/**
 * Files that would take the service down, stall it, or hold up other units: each is refused
 * with a message, costs only its own request, and the service goes on answering.
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { repeatedSeedTasks } from '../../bench/cases.ts';
import { Converter } from '../../server/formats/workbook/libreoffice.ts';
import { ParsePool } from '../../server/formats/workbook/parse-pool.ts';
import { ledgerWorkbookBuffer } from '../../server/formats/workbook/write.ts';
import { answerOf } from '../../server/http/client.ts';
import { refusalOf, servicePerTest } from '../helpers/service.ts';
import { QINGSHAN_PLAN_PATH } from '../helpers/qingshan.ts';
import { seedPlanText } from '../helpers/seed.ts';

const service = servicePerTest();

/** The office's preview of a plan file (the call: its refusal is read with refusalOf). */
const preview = (s: Awaited<ReturnType<typeof service>>, bytes: Uint8Array, name: string) =>
  s.office.ledgers.preview.$post({ form: { file: new File([new Uint8Array(bytes)], name) } });

/** A .docx with this document part. */
const docx = (document: Uint8Array) =>
  zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types/>'),
    'word/document.xml': document,
  });

const DOCUMENT = `<?xml version="1.0" encoding="UTF-8"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>1.一些河流断面水质长期超标。</w:t></w:r></w:p></w:body></w:document>`;

describe('plans that would take the service down', () => {
  it('refuses a .docx that inflates past its limits (a zip bomb) with 413, and goes on serving', async () => {
    const s = await service();
    const bomb = docx(strToU8(`${DOCUMENT}${' '.repeat(80 * 1024 * 1024)}`));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(await refusalOf(preview(s, bomb, '整改方案.docx'))).toMatchObject({
      status: 413,
      message: expect.stringMatching(/压缩炸弹|超过/),
    });
    expect((await s.office.health.$get()).status).toBe(200);
  });

  it('answers a truncated .docx and one declaring a DTD or entities with 422 and a message', async () => {
    const s = await service();
    const whole = docx(strToU8(DOCUMENT));
    const truncated = whole.subarray(0, Math.floor(whole.length * 0.6));
    const entities = docx(
      strToU8(
        `<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>${DOCUMENT.slice(DOCUMENT.indexOf('<w:document'))}`,
      ),
    );
    for (const [bytes, words] of [
      [truncated, '文件不完整'],
      [entities, 'DTD'],
    ] as const) {
      const error = await refusalOf(preview(s, bytes, '整改方案.docx'));
      expect(error.status).toBe(422);
      expect(error.message).toContain('这个 Word 文档无法读取');
      expect(error.message).toContain(words);
    }
  });

  it("reads a plan saved as Notepad's Unicode (UTF-16 with its byte order mark)", async () => {
    const s = await service();
    const text = seedPlanText();
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
    expect((await answerOf(preview(s, utf16, '整改方案.txt'))).tasks).toHaveLength(31);
  });
});

describe('LibreOffice, capped', () => {
  // One LibreOffice conversion makes the .ods both tests convert back, whichever runs first (or alone).
  let converted: Promise<Uint8Array> | undefined;
  const ods = () =>
    (converted ??= ledgerWorkbookBuffer(repeatedSeedTasks(2), {
      title: '台账',
      today: '2019-08-01',
      ledgerId: 'x',
      revision: 1,
    }).then((xlsx) =>
      new Converter({ maxWaiting: 4, memoryMb: 2048, timeoutMs: 60_000 }).convert(xlsx, 'xlsx', 'ods'),
    ));

  it('refuses a conversion that needs more memory than the cap, saying why in Chinese', async () => {
    const small = new Converter({ maxWaiting: 4, memoryMb: 64, timeoutMs: 30_000 });
    const error = await small.convert(await ods(), 'ods', 'xlsx', 'not-xlsx').catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'not-xlsx' });
    expect((error as Error).message).toContain('所需内存超过64 MB');
  });

  it('runs one conversion at a time and answers 503 with Retry-After beyond its queue', async () => {
    const one = new Converter({ maxWaiting: 1, memoryMb: 2048, timeoutMs: 60_000 });
    const file = await ods();
    const first = one.convert(file, 'ods', 'xlsx');
    const second = await one.convert(file, 'ods', 'xlsx').catch((e: Error) => e);
    expect(second).toMatchObject({ code: 'converter-busy', status: 503, retryAfter: 60 });
    expect((await first).length).toBeGreaterThan(1000);
  });

  it("keeps one conversion per unit in the queue: a unit's second file waits its turn, another unit's goes in", async () => {
    // A converter that takes a second and fails: the queue's rules, without LibreOffice's time.
    const dir = mkdtempSync(join(tmpdir(), 'converter-fair-'));
    const slow = join(dir, 'slow.sh');
    writeFileSync(slow, '#!/bin/sh\nsleep 1\nexit 1\n');
    chmodSync(slow, 0o755);
    const fair = new Converter({ maxWaiting: 4, memoryMb: 2048, timeoutMs: 30_000, command: slow });
    const outcome = (p: Promise<Uint8Array>) =>
      p.then(
        () => ({ code: 'converted', message: '' }),
        (e: { code: string; message: string }) => e,
      );
    const first = outcome(fair.convert(new Uint8Array([1]), 'ods', 'xlsx', 'not-xlsx', '县水利局'));
    const again = await outcome(fair.convert(new Uint8Array([2]), 'ods', 'xlsx', 'not-xlsx', '县水利局'));
    expect(again).toMatchObject({ code: 'busy', status: 429, retryAfter: 30 });
    expect(again.message).toContain('县水利局已有一个表格正在转换');
    const other = outcome(fair.convert(new Uint8Array([3]), 'ods', 'xlsx', 'not-xlsx', '城关镇'));
    expect(await first).toMatchObject({ code: 'not-xlsx' });
    expect(await other).toMatchObject({ code: 'not-xlsx' });
    // Its turn over, the unit's next file goes in.
    const next = await outcome(fair.convert(new Uint8Array([4]), 'ods', 'xlsx', 'not-xlsx', '县水利局'));
    expect(next).toMatchObject({ code: 'not-xlsx' });
  });

  it('stops a conversion whose processes together pass the cap, though each stays under it', async () => {
    // Two processes of 150 MB each under a 250 MB cap, as LibreOffice's restart on a fresh profile can make.
    const dir = mkdtempSync(join(tmpdir(), 'converter-group-'));
    const twin = join(dir, 'twin.sh');
    const grow = 'import time; x = bytearray(150 * 1024 * 1024); time.sleep(20)';
    writeFileSync(twin, `#!/bin/sh\n/usr/bin/python3 -c '${grow}' &\n/usr/bin/python3 -c '${grow}'\n`);
    chmodSync(twin, 0o755);
    const capped = new Converter({ maxWaiting: 1, memoryMb: 250, timeoutMs: 30_000, command: twin });
    const started = Date.now();
    const error = await capped.convert(new Uint8Array([1]), 'ods', 'xlsx', 'not-xlsx').catch((e: Error) => e);
    expect((error as Error).message).toContain('所需内存超过250 MB');
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe("one unit's slow files never hold up another's", () => {
  it('reads at most one file per submitter at a time, takes another submitter next, and answers 429 beyond a short queue', async () => {
    const pool = new ParsePool({ size: 1, timeoutMs: 60_000, maxMemoryMb: 512, waitingPerSubmitter: 2 });
    try {
      const slow = await ledgerWorkbookBuffer(repeatedSeedTasks(600), {
        title: '台账',
        today: '2019-08-01',
        ledgerId: 'x',
        revision: 1,
      });
      const small = await ledgerWorkbookBuffer(repeatedSeedTasks(2), {
        title: '台账',
        today: '2019-08-01',
        ledgerId: 'x',
        revision: 1,
      });
      const order: string[] = [];
      const mark = (name: string) => (w: unknown) => {
        order.push(name);
        return w;
      };
      const a1 = pool.parse(slow, '城关镇').then(mark('城关镇1'));
      const a2 = pool.parse(slow, '城关镇').then(mark('城关镇2'));
      const a3 = pool.parse(slow, '城关镇').then(mark('城关镇3'));
      const refused = await pool.parse(slow, '城关镇').catch((e: Error) => e);
      expect(refused).toMatchObject({ code: 'busy', status: 429 });
      expect((refused as Error).message).toContain('城关镇已有');
      const b = pool.parse(small, '县水利局').then(mark('县水利局'));
      await Promise.all([a1, a2, a3, b]);
      expect(order.indexOf('县水利局')).toBeLessThan(order.indexOf('城关镇2'));
    } finally {
      await pool.close();
    }
  });
});

describe('a Word plan cited as Word shows it', () => {
  it("cites an irregularity by its paragraph's opening words, not a line number", async () => {
    const s = await service();
    const paragraphs = [
      '附件',
      '青山县整改任务清单',
      '1.城区污水管网建设滞后。',
      '整改目标：完成改造。',
      '牵头单位：县住房和城乡建设局',
      '责 任 人：主要负责人',
      '整改时限：2020年6月底前',
      '2.矿山复绿滞后。',
      '整改目标：完成复绿。',
      '牵头单位：县自然资源局',
      '责任人：主要负责人',
      '整改时限：2020年12月底前',
      '3.养殖污染。',
      '整改目标：配套设施。',
      '牵头单位：县农业农村局',
      '责 任 人：主要负责人',
      '整改时限：2020年12月底前',
    ];
    const body = paragraphs.map((p) => `<w:p><w:r><w:t>${p}</w:t></w:r></w:p>`).join('');
    const document = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
    const { irregularities } = await answerOf(preview(s, docx(strToU8(document)), '整改方案.docx'));
    expect(irregularities).toContainEqual(
      expect.objectContaining({
        task: 2,
        where: '以“2.矿山复绿滞后。”开头的段落',
        message: expect.stringContaining('标签写法不一'),
      }),
    );
    expect(JSON.stringify(irregularities)).not.toMatch(/第\d+行/);
  });
});

describe("another county's plan", () => {
  it("is named in the preview when the county's roster belongs to another county", async () => {
    const s = await service(); // the seed county, 栾川县
    const plan = readFileSync(QINGSHAN_PLAN_PATH);
    const { irregularities } = await answerOf(preview(s, new Uint8Array(plan), '青山县整改方案.txt'));
    expect(irregularities[0]).toEqual({
      where: '方案标题',
      message: expect.stringContaining('这份方案是青山县的，本县名册是栾川县的'),
    });
    const own = await answerOf(preview(s, new TextEncoder().encode(seedPlanText()), '栾川县整改方案.txt'));
    expect(JSON.stringify(own.irregularities)).not.toContain('这份方案是');
  });
});
