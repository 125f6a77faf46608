import { describe, expect, it } from 'vitest';
import { readingFailure, WorkbookError } from '../../server/formats/workbook/errors.ts';
import { ParsePool, SMALL_WORKBOOK, type ParsePoolOptions } from '../../server/formats/workbook/parse-pool.ts';
import { ledgerWorkbookBuffer } from '../../server/formats/workbook/write.ts';
import { repeatedSeedTasks } from '../../bench/cases.ts';
import { testService } from '../helpers/service.ts';
import { unitSheetBytes, uploadAs } from '../helpers/sheets.ts';

const workbook = (count: number) =>
  ledgerWorkbookBuffer(repeatedSeedTasks(count), { title: '台账', today: '2019-08-01', ledgerId: 'pool', revision: 1 });

/** A pool for one test, closed after it. */
async function withPool(options: ParsePoolOptions, use: (pool: ParsePool) => Promise<void>): Promise<void> {
  const pool = new ParsePool(options);
  try {
    await use(pool);
  } finally {
    await pool.close();
  }
}

describe('uploads are parsed where a blow-up costs only that upload', () => {
  it('gives up on a workbook that needs more memory than allowed, and goes on serving', () =>
    withPool({ size: 1, timeoutMs: 60_000, maxMemoryMb: 24 }, async (pool) => {
      const error = await pool.parse(await workbook(5000)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkbookError);
      expect((error as WorkbookError).code).toBe('too-large');
      expect((error as WorkbookError).message).toContain('内存');
      // A new worker reads the next file.
      const small = await pool.parse(await workbook(3), '', { inPlace: false });
      expect(small.tasks).toHaveLength(3);
      expect(pool.threads).toBe(1);
    }));

  it('gives up on a workbook that takes longer than the time limit', () =>
    withPool({ size: 1, timeoutMs: 50, maxMemoryMb: 512 }, async (pool) => {
      const error = await pool.parse(await workbook(3000)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkbookError);
      expect((error as WorkbookError).message).toContain('没有读完');
    }));

  it('answers every file still waiting or being read when it closes, none left pending', async () => {
    const pool = new ParsePool({ size: 1, timeoutMs: 60_000, maxMemoryMb: 512 });
    const files = await Promise.all([workbook(2000), workbook(3)]);
    const answers = files.map((f, i) => pool.parse(f, `单位${i}`, { inPlace: false }).catch((e: unknown) => e));
    await new Promise((r) => setTimeout(r, 50)); // the first is in the worker, the second waits
    await pool.close();
    for (const answer of await Promise.all(answers)) expect((answer as Error).message).toContain('服务正在停止');
  });

  it('logs a fault of its own with an id, and tells the clerk that id', () => {
    const logged: unknown[][] = [];
    const log = console.error;
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      const error = readingFailure(new TypeError("Cannot read properties of undefined (reading 'cells')"));
      const id = /错误编号 ([0-9a-f]{8})/.exec(error.message)?.[1];
      expect(id).toBeDefined();
      expect(error.message).not.toContain('Cannot read');
      expect(String(logged[0]?.[0])).toContain(id);
      expect(logged[0]?.[1]).toBeInstanceOf(TypeError);
    } finally {
      console.error = log;
    }
  });

  it('parses uploads side by side in its workers', () =>
    withPool({ size: 2, timeoutMs: 30_000, maxMemoryMb: 512 }, async (pool) => {
      const [three, four] = [await workbook(3), await workbook(4)];
      const both = await Promise.all([three, four].map((f) => pool.parse(f, '', { inPlace: false })));
      expect(both.map((w) => w.tasks.length)).toEqual([3, 4]);
      expect(pool.threads).toBe(2);
    }));

  it("reads a unit's small workbook on the service's own thread, and one larger than it looks in a worker", () =>
    withPool({ size: 2, timeoutMs: 30_000, maxMemoryMb: 512 }, async (pool) => {
      expect((await pool.parse(await workbook(3))).tasks).toHaveLength(3);
      expect(pool.threads).toBe(0);
      // 600 tasks zip to under SMALL_WORKBOOK's file size but expand past what is read in place.
      const large = await workbook(600);
      expect(large.byteLength).toBeLessThanOrEqual(SMALL_WORKBOOK.maxFileBytes);
      expect((await pool.parse(large)).tasks).toHaveLength(600);
      expect(pool.threads).toBe(1);
    }));

  it('reads one small workbook in place at a time: the others that arrive meanwhile go to the workers', () =>
    withPool({ size: 2, timeoutMs: 30_000, maxMemoryMb: 512 }, async (pool) => {
      const files = await Promise.all([3, 4, 5].map(workbook));
      const read = await Promise.all(files.map((f, i) => pool.parse(f, `单位${i}`)));
      expect(read.map((w) => w.tasks.length)).toEqual([3, 4, 5]);
      expect(pool.threads).toBe(2);
    }));

  it('reads small workbooks beside others in a worker without the memory cap, and one that expands past them under it', () =>
    // A worker capped at 8 MB cannot read even three tasks: what it reads fails for memory.
    withPool({ size: 1, timeoutMs: 60_000, maxMemoryMb: 8 }, async (pool) => {
      expect((await pool.parse(await workbook(3), '', { inPlace: false })).tasks).toHaveLength(3);
      // 600 tasks zip to under SMALL_WORKBOOK's file size: only the cap may read them.
      const large = await workbook(600);
      expect(large.byteLength).toBeLessThanOrEqual(SMALL_WORKBOOK.maxFileBytes);
      const error = await pool.parse(large, '', { inPlace: false }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'too-large' });
      expect((error as WorkbookError).message).toContain('内存');
      expect(pool.threads).toBe(0);
    }));

  it('answers a broken small file read in place as the workers would', () =>
    withPool({ size: 1, timeoutMs: 30_000, maxMemoryMb: 512 }, async (pool) => {
      const file = await workbook(3);
      const error = await pool.parse(file.subarray(0, file.byteLength - 100)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'truncated' });
      expect(pool.threads).toBe(0);
    }));

  it("reads an upload alone on the service's own thread, and uploads that arrive together in the workers", async () => {
    const s = await testService();
    try {
      await uploadAs(s, '城关镇', await unitSheetBytes(s, '城关镇'));
      expect(s.pool.inPlaceReads).toBe(1);
      const water = await unitSheetBytes(s, '县水利局');
      const roads = await unitSheetBytes(s, '县交通运输局');
      // Both taken (a refusal would throw), read beside each other.
      await Promise.all([uploadAs(s, '县水利局', water), uploadAs(s, '县交通运输局', roads)]);
      expect(s.pool.inPlaceReads).toBe(1);
      expect(s.pool.threads).toBe(1);
    } finally {
      await s.close();
    }
  });
});
