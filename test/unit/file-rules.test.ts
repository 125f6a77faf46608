/**
 * Rules a one-line change would break unseen, each pinned by a fast example: the newest saved
 * time among a copy's files, the zip guard's ratio below its total cap, the TIFF signatures.
 */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { type CopyVersion, olderVersion } from '../../core/copy-version.ts';
import { WorkbookError } from '../../server/formats/workbook/errors.ts';
import { imageExtension } from '../../server/formats/workbook/format.ts';
import { DEFAULT_LIMITS, unzipBounded } from '../../server/formats/workbook/guard.ts';

describe('a copy sent as several files', () => {
  const version = (savedAt: string, progress: string): CopyVersion => ({
    savedAt,
    receivedAt: '2026-12-01T08:00:00Z',
    cells: { 'task\u0000县水利局\u0000progress': progress },
  });

  it('orders a file by the newest saved time of all taken, not by the last one taken', () => {
    // Taken in the order sent: the file saved at 10:00 came after the one saved at 11:00.
    const taken = [
      version('2026-12-01T09:00:00Z', '初稿'),
      version('2026-12-01T11:00:00Z', '终稿'),
      version('2026-12-01T10:00:00Z', '二稿'),
    ];
    const file = { savedAt: '2026-12-01T10:30:00Z', cells: { 'task\u0000县水利局\u0000progress': '三稿' } };
    expect(olderVersion(file, taken, () => '')).toContain('早于本单位已提交的同一份报表');
    const later = { ...file, savedAt: '2026-12-01T11:30:00Z' };
    expect(olderVersion(later, taken, () => '')).toBeUndefined();
  });
});

describe('the zip guard', () => {
  const zipOf = (bytes: number) => zipSync({ 'xl/worksheets/sheet1.xml': new Uint8Array(bytes) });

  it('refuses a part expanding past the ratio though the whole stays under the total cap', () => {
    const bomb = zipOf(4 * 1024 * 1024); // zeros: thousands of times their stored size, 4 MB in all
    const refused = (() => {
      try {
        unzipBounded(bomb, DEFAULT_LIMITS);
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(WorkbookError);
    expect((refused as WorkbookError).message).toContain('倍');
  });

  it('takes a part of a megabyte or less however far it expands', () => {
    expect(unzipBounded(zipOf(1024 * 1024), DEFAULT_LIMITS).get('xl/worksheets/sheet1.xml')?.length).toBe(1024 * 1024);
  });
});

describe('image signatures', () => {
  it('knows a TIFF by either byte order, and not by a mix of the two', () => {
    expect(imageExtension(new Uint8Array([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]))).toBe('tif');
    expect(imageExtension(new Uint8Array([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]))).toBe('tif');
    expect(imageExtension(new Uint8Array([0x49, 0x49, 0x00, 0x2a, 0, 0, 0, 8]))).toBeUndefined();
    expect(imageExtension(new Uint8Array([0x4d, 0x4d, 0x2a, 0x00, 8, 0, 0, 0]))).toBeUndefined();
  });
});
