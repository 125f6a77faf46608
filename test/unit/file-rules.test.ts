/**
 * Rules a one-line change would break unseen, each pinned by a fast example: the newest saved
 * time among a copy's files, the zip guard's ratio below its total cap, the TIFF signatures.
 */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { cellId, type CopyVersion, olderVersion, tiedCell, tiedOlder, tiedVersion } from '../../core/copy-version.ts';
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

describe('which file of a copy is older', () => {
  it('knows a cell by its task, unit and field', () => {
    expect(cellId({ taskId: 't1', unit: '县水利局', field: 'progress' })).toBe('t1\u0000县水利局\u0000progress');
  });

  const ID = 'task\u0000县水利局\u0000progress';
  const taken = (savedAt: string | null, progress: string, receivedAt = '2026-12-01T08:00:00Z'): CopyVersion => ({
    savedAt,
    receivedAt,
    cells: { [ID]: progress },
  });
  const file = (savedAt: string | null, progress: string) => ({ savedAt, cells: { [ID]: progress } });
  const downloaded = () => '下载时的内容';

  it('is never a first file', () => {
    expect(olderVersion(file('2026-12-01T09:00:00Z', '初稿'), [], downloaded)).toBeUndefined();
  });

  it('goes by the saved time when both say one, the newest of all taken, ignoring those that do not', () => {
    const versions = [taken('2026-12-01T09:00:00Z', '初稿'), taken(null, '无时间的稿')];
    expect(olderVersion(file('2026-12-01T08:59:59Z', '更早'), versions, downloaded)).toMatch(
      /保存于2026-12-01 16:59:59，早于.*保存于2026-12-01 17:00:00的版本/,
    );
    expect(olderVersion(file('2026-12-01T09:00:01Z', '下载时的内容'), versions, downloaded)).toBeUndefined();
  });

  it('at the same saved time, or without one, goes by content', () => {
    const versions = [taken('2026-12-01T09:00:00Z', '初稿', '2026-12-01T09:05:00Z'), taken(null, '二稿')];
    // The same as the newest taken: sent again, not older.
    expect(olderVersion(file(null, '二稿'), versions, downloaded)).toBeUndefined();
    // The untouched download after filled versions.
    expect(olderVersion(file(null, '下载时的内容'), versions, downloaded)).toContain('下载后未填写的原表');
    // A version taken before the newest, sent again: named with when it came.
    expect(olderVersion(file('2026-12-01T09:00:00Z', '初稿'), versions, downloaded)).toContain('2026-12-01 17:05');
    // New words: not older.
    expect(olderVersion(file(null, '三稿'), versions, downloaded)).toBeUndefined();
  });

  it('reads a cell a version leaves out as empty', () => {
    const versions: CopyVersion[] = [{ savedAt: null, receivedAt: '2026-12-01T08:00:00Z', cells: {} }];
    expect(olderVersion(file(null, ''), versions, () => '')).toBeUndefined();
  });

  it('is the same as a version only when every cell is', () => {
    const other = 'task\u0000城关镇\u0000progress';
    const versions: CopyVersion[] = [
      { savedAt: null, receivedAt: '2026-12-01T08:00:00Z', cells: { [ID]: '甲', [other]: '乙' } },
      { savedAt: null, receivedAt: '2026-12-01T09:00:00Z', cells: { [ID]: '丙', [other]: '乙' } },
    ];
    // One cell as the newest holds it is not the newest: the file is the earlier version.
    expect(olderVersion({ savedAt: null, cells: { [ID]: '甲', [other]: '乙' } }, versions, downloaded)).toContain(
      '较早版本',
    );
  });

  it('is the newest taken, sent again, even when an earlier one held the same', () => {
    const versions = [
      taken(null, '一', '2026-12-01T08:00:00Z'),
      taken(null, '二', '2026-12-01T09:00:00Z'),
      taken(null, '一', '2026-12-01T10:00:00Z'),
    ];
    expect(olderVersion(file(null, '一'), versions, downloaded)).toBeUndefined();
    expect(olderVersion(file(null, '二'), versions, downloaded)).toContain('2026-12-01 17:00');
    expect(olderVersion(file(null, '二'), versions, downloaded)).toContain('it changes nothing');
    expect(olderVersion(file(null, '下载时的内容'), versions, downloaded)).toContain('The untouched download');
    expect(
      olderVersion(file('2026-12-01T00:00:00Z', '早'), [taken('2026-12-01T01:00:00Z', '晚')], downloaded),
    ).toContain('saved before a newer version');
  });
});

describe('a file tied on saved time with one taken', () => {
  const ID = 'task\u0000县水利局\u0000progress';
  const at = '2026-12-01T09:00:00Z';
  const taken = (progress: string): CopyVersion => ({ savedAt: at, receivedAt: at, cells: { [ID]: progress } });

  it('is tied only with the last version of the same time, and only when it holds other words', () => {
    expect(tiedVersion({ savedAt: null, cells: { [ID]: '甲' } }, [taken('乙')])).toBeUndefined();
    const unsaved: CopyVersion = { savedAt: null, receivedAt: at, cells: { [ID]: '乙' } };
    expect(tiedVersion({ savedAt: null, cells: { [ID]: '甲' } }, [unsaved])).toBeUndefined();
    expect(tiedVersion({ savedAt: at, cells: { [ID]: '乙' } }, [taken('甲'), taken('乙')])).toBeUndefined();
    const versions = [taken('甲'), taken('乙')];
    expect(tiedVersion({ savedAt: at, cells: { [ID]: '丙' } }, versions)).toBe(versions[1]);
    expect(tiedVersion({ savedAt: '2026-12-01T09:00:01Z', cells: { [ID]: '丙' } }, versions)).toBeUndefined();
  });

  it('is judged cell by cell on content', () => {
    expect(tiedCell('新', undefined, '原')).toBe('take'); // the tied version did not send this cell
    expect(tiedCell('同', '同', '原')).toBe('take');
    expect(tiedCell('新', '原', '原')).toBe('take'); // the tied version left the download's value
    expect(tiedCell('原', '已报', '原')).toBe('older'); // back to the download's value
    expect(tiedCell('  ', '已报', '原')).toBe('older'); // a blank
    expect(tiedCell('已报', '已报内容更多', '原')).toBe('older'); // a shorter draft
    expect(tiedCell('已报内容更多', ' 已报 ', '原')).toBe('take'); // adds to it
    expect(tiedCell('另一种说法', '已报', '原')).toBe('office');
    expect(tiedCell(' 已报 ', '已报内容更多', '原')).toBe('older'); // the same shorter draft, spaced
    expect(tiedOlder(at)).toContain('2026-12-01 17:00:00');
    expect(tiedOlder(at)).toContain('not taken');
  });
});
