import { describe, expect, it } from 'vitest';
import { WorkbookError } from '../../server/formats/workbook/errors.ts';
import { ParsePool } from '../../server/formats/workbook/parse-pool.ts';
import { ledgerWorkbookBuffer } from '../../server/formats/workbook/write.ts';
import { repeatedSeedTasks } from '../../bench/cases.ts';

const workbook = (count: number) =>
  ledgerWorkbookBuffer(repeatedSeedTasks(count), { title: '台账', today: '2019-08-01', ledgerId: 'pool', revision: 1 });

describe('uploads are parsed where a blow-up costs only that upload', () => {
  it('gives up on a workbook that needs more memory than allowed, and goes on serving', async () => {
    const pool = new ParsePool({ size: 1, timeoutMs: 60_000, maxMemoryMb: 24 });
    try {
      const error = await pool.parse(await workbook(5000)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkbookError);
      expect((error as WorkbookError).code).toBe('too-large');
      expect((error as WorkbookError).message).toContain('内存');
      const small = await pool.parse(await workbook(3));
      expect(small.tasks).toHaveLength(3);
    } finally {
      await pool.close();
    }
  });

  it('gives up on a workbook that takes longer than the time limit', async () => {
    const pool = new ParsePool({ size: 1, timeoutMs: 50, maxMemoryMb: 512 });
    try {
      const error = await pool.parse(await workbook(3000)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkbookError);
      expect((error as WorkbookError).message).toContain('没有读完');
    } finally {
      await pool.close();
    }
  });

  it('parses uploads side by side', async () => {
    const pool = new ParsePool({ size: 2, timeoutMs: 30_000, maxMemoryMb: 512 });
    try {
      const both = await Promise.all([pool.parse(await workbook(3)), pool.parse(await workbook(4))]);
      expect(both.map((w) => w.tasks.length)).toEqual([3, 4]);
    } finally {
      await pool.close();
    }
  });
});
