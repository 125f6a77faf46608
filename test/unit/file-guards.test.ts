/**
 * What guards a file before anything reads it, rule by rule with small examples: its format
 * from its first bytes, the zip reader, the zip guard's budget and ratio, and the bounds put on a
 * sheet's validations and merges. Fast, so that `npm run mutate` can hold every rule.
 */
import { zipSync, unzipSync, type Zippable } from 'fflate';
import { ZipFile } from 'yazl';
import { describe, expect, it } from 'vitest';
import { WorkbookError } from '../../server/formats/workbook/errors.ts';
import { detectFormat, FORMAT_NAME, imageExtension } from '../../server/formats/workbook/format.ts';
import {
  assertXlsx,
  boundSheetXml,
  DEFAULT_LIMITS,
  guardWorkbook,
  unzipBounded,
  type WorkbookLimits,
} from '../../server/formats/workbook/guard.ts';
import { unzipEntries } from '../../server/formats/workbook/zip.ts';

const text = (s: string) => new TextEncoder().encode(s);
const utf16 = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const OLE = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** What a call threw. */
function thrown(work: () => unknown): Error {
  try {
    work();
  } catch (error) {
    return error as Error;
  }
  throw new Error('nothing was thrown');
}

/** A BMP header of 26 bytes and more: size, reserved, pixel offset and DIB header size as given. */
function bmp({ size = 30, reserved = 0, offset = 26, header = 40, length = 30 } = {}) {
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  bytes.set([0x42, 0x4d]);
  view.setUint32(2, size, true);
  view.setUint32(6, reserved, true);
  view.setUint32(10, offset, true);
  view.setUint32(14, header, true);
  return bytes;
}

describe('a file is what its first bytes say', () => {
  it('names every format in Chinese, then English', () => {
    for (const name of Object.values(FORMAT_NAME)) expect(name).toMatch(/^[^/]*[\u4e00-\u9fff].*\/ [A-Za-z]/);
  });

  it('tells the Office and OpenDocument packages apart, and a plain zip', () => {
    expect(detectFormat(new Uint8Array())).toBe('empty');
    expect(detectFormat(zipSync({ 'xl/workbook.xml': text('<workbook/>') }))).toBe('xlsx');
    expect(detectFormat(zipSync({ 'xl/worksheets/sheet1.xml': text('<worksheet/>') }))).toBe('xlsx');
    expect(detectFormat(zipSync({ 'word/document.xml': text('<document/>') }))).toBe('docx');
    const open = (kind: string) =>
      zipSync({
        mimetype: [text(`application/vnd.oasis.opendocument.${kind}`), { level: 0 }],
        'content.xml': text('<x/>'),
      });
    expect(detectFormat(open('spreadsheet'))).toBe('ods');
    expect(detectFormat(open('text'))).toBe('odt');
    expect(detectFormat(zipSync({ 'readme.txt': text('hello') }))).toBe('zip');
    expect(detectFormat(new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Uint8Array(18)]))).toBe('zip');
  });

  it('reads an OpenDocument mimetype only in the first 4 KB', () => {
    const late = zipSync({
      'a.bin': [new Uint8Array(8192).fill(7), { level: 0 }],
      mimetype: [text('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }],
    });
    expect(detectFormat(late)).toBe('zip');
  });

  it('tells the Office 97-2003 files apart by their streams, a password-protected one first', () => {
    expect(detectFormat(concat(OLE, utf16('EncryptedPackage'), utf16('Workbook')))).toBe('encrypted-office');
    expect(detectFormat(concat(OLE, utf16('Workbook')))).toBe('xls');
    expect(detectFormat(concat(OLE, utf16('Book')))).toBe('xls');
    expect(detectFormat(concat(OLE, utf16('WordDocument')))).toBe('doc');
    expect(detectFormat(concat(OLE, text('Workbook')))).toBe('ole'); // the names are UTF-16 there
  });

  it('knows PDF, UTF-16 text, pictures, HTML saved as .xls, and plain text', () => {
    expect(detectFormat(text('%PDF-1.7'))).toBe('pdf');
    expect(detectFormat(new Uint8Array([0xff, 0xfe, 0x41, 0x00]))).toBe('text');
    expect(detectFormat(new Uint8Array([0xfe, 0xff, 0x00, 0x41]))).toBe('text');
    expect(detectFormat(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image');
    for (const html of ['<!DOCTYPE html><html>', '  \n<HTML><body>', '<table><tr><td>1'])
      expect(detectFormat(text(html))).toBe('html');
    expect(detectFormat(text('序号,反馈问题\n7,问题'))).toBe('text');
    expect(detectFormat(new Uint8Array([0x01, 0x00, 0x02]))).toBe('unknown');
    // A NUL after the first 4 KB does not make text binary.
    expect(detectFormat(concat(text('a'.repeat(4096)), new Uint8Array([0])))).toBe('text');
  });
});

describe('image signatures', () => {
  it('know PNG, JPEG, GIF and TIFF by their first bytes', () => {
    expect(imageExtension(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png');
    expect(imageExtension(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x00]))).toBeUndefined();
    expect(imageExtension(new Uint8Array([0xff, 0xd8, 0xff]))).toBe('jpg');
    expect(imageExtension(new Uint8Array([0xff, 0xd8, 0x00]))).toBeUndefined();
    expect(imageExtension(text('GIF89a'))).toBe('gif');
    expect(imageExtension(text('GIF7'))).toBeUndefined();
    expect(imageExtension(new Uint8Array([0x49, 0x49, 0x2a, 0x00]))).toBe('tif');
    expect(imageExtension(new Uint8Array([0x4d, 0x4d, 0x00, 0x2a]))).toBe('tif');
  });

  it('know a BMP by its headers, not by two letters', () => {
    expect(imageExtension(bmp())).toBe('bmp');
    for (const header of [12, 52, 56, 64, 108, 124]) expect(imageExtension(bmp({ header }))).toBe('bmp');
    expect(imageExtension(bmp({ header: 41 }))).toBeUndefined();
    expect(imageExtension(bmp({ size: 31 }))).toBeUndefined();
    expect(imageExtension(bmp({ reserved: 1 }))).toBeUndefined();
    expect(imageExtension(bmp({ offset: 25 }))).toBeUndefined();
    expect(imageExtension(bmp({ offset: 30 }))).toBeUndefined();
    expect(imageExtension(bmp({ offset: 29 }))).toBe('bmp');
    expect(imageExtension(bmp({ size: 25, length: 25 }))).toBeUndefined();
    expect(imageExtension(text('BM plain text, long enough to pass'))).toBeUndefined();
  });
});

/** The first central directory entry of a zip without a comment. */
const directoryOf = (zip: Uint8Array) => new DataView(zip.buffer, zip.byteOffset).getUint32(zip.length - 22 + 16, true);
function patched(zip: Uint8Array, set: (view: DataView) => void): Uint8Array {
  const copy = new Uint8Array(zip);
  set(new DataView(copy.buffer));
  return copy;
}

async function yazlZip(entries: Record<string, Uint8Array>, zip64: boolean): Promise<Uint8Array> {
  const zip = new ZipFile();
  for (const [name, data] of Object.entries(entries))
    zip.addBuffer(Buffer.from(data), name, { forceZip64Format: zip64 });
  zip.end({ forceZip64Format: zip64, comment: '' });
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

describe('the zip reader', () => {
  const all = () => true;

  it('reads stored and deflated entries, and names in UTF-8 when the entry says so', () => {
    const zip = zipSync({
      'a.xml': [text('<a>甲</a>'), { level: 0 }],
      '表/b.xml': [text('<b/>'.repeat(100)), { level: 9 }],
    });
    const entries = unzipEntries(zip, all);
    expect(new TextDecoder().decode(entries.get('a.xml'))).toBe('<a>甲</a>');
    expect(new TextDecoder().decode(entries.get('表/b.xml'))).toBe('<b/>'.repeat(100));
    // Without the UTF-8 flag the same bytes are a Latin-1 name.
    const at = directoryOf(zip);
    const second =
      at +
      46 +
      5 +
      new DataView(zip.buffer).getUint16(at + 30, true) +
      new DataView(zip.buffer).getUint16(at + 32, true);
    const latin = patched(zip, (v) => v.setUint16(second + 8, v.getUint16(second + 8, true) & ~0x800, true));
    expect([...unzipEntries(latin, all).keys()]).toEqual(['a.xml', Buffer.from('表/b.xml').toString('latin1')]);
  });

  it('shows each entry with its sizes before inflating it, and skips what is refused and folders', () => {
    const zip = zipSync({ 'dir/': new Uint8Array(), 'keep.xml': text('<k/>'), 'skip.xml': text('<s/>') });
    const seen: { name: string; size: number; originalSize: number }[] = [];
    const entries = unzipEntries(zip, (e) => {
      seen.push(e);
      return e.name !== 'skip.xml';
    });
    expect([...entries.keys()]).toEqual(['keep.xml']);
    expect(seen.map((e) => e.name)).toEqual(['dir/', 'keep.xml', 'skip.xml']);
    expect(seen[1]).toMatchObject({ originalSize: 4 });
  });

  it('finds the directory behind a comment, and through zip64 records', async () => {
    const zip = zipSync({ 'a.xml': text('<a/>') }, { comment: 'x'.repeat(300) });
    expect([...unzipEntries(zip, all).keys()]).toEqual(['a.xml']);
    const wide = await yazlZip({ 'a.xml': text('<a/>'), 'b.xml': text('<b>zip64</b>') }, true);
    expect(new TextDecoder().decode(unzipEntries(wide, all).get('b.xml'))).toBe('<b>zip64</b>');
    const narrow = await yazlZip({ 'a.xml': text('<a/>') }, false);
    expect([...unzipEntries(narrow, all).keys()]).toEqual(['a.xml']);
  });

  it('refuses what is malformed, each for its reason', () => {
    const zip = zipSync({ 'a.xml': text('<a>'.repeat(50)) });
    const at = directoryOf(zip);
    const refusal = (bytes: Uint8Array) => thrown(() => unzipEntries(bytes, all)).message;
    expect(refusal(text('not a zip at all, but long enough to look for one'))).toBe('no end of central directory');
    expect(refusal(patched(zip, (v) => v.setUint32(at, 0x02014b51, true)))).toBe('bad central directory entry');
    expect(refusal(patched(zip, (v) => v.setUint16(at + 8, 1, true)))).toBe('encrypted entry a.xml');
    expect(refusal(patched(zip, (v) => v.setUint16(at + 10, 12, true)))).toBe(
      'unknown compression method 12 for a.xml',
    );
    expect(refusal(patched(zip, (v) => v.setUint32(0, 0x04034b51, true)))).toBe('bad local header for a.xml');
    // Declared smaller than it inflates to: inflating stops at the declared size, before the whole is made.
    const lying = thrown(() =>
      unzipEntries(
        patched(zip, (v) => v.setUint32(at + 24, 10, true)),
        all,
      ),
    );
    expect(lying.message).not.toContain('not the size it declares');
    expect(lying.message).toMatch(/larger than|buffer/i);
    expect(refusal(patched(zip, (v) => v.setUint32(at + 24, 400, true)))).toBe('a.xml is not the size it declares');
    expect(refusal(patched(zip, (v) => v.setUint32(at + 20, 100_000, true)))).toBe(
      'a.xml runs past the end of the file',
    );
    const stored = zipSync({ 'a.xml': [text('<a/>'), { level: 0 }] });
    const storedAt = directoryOf(stored);
    expect(refusal(patched(stored, (v) => v.setUint32(storedAt + 24, 3, true)))).toBe(
      'a.xml is not the size it declares',
    );
  });

  it('steps over per-entry comments and local extra fields, and finds the directory behind the longest comment', () => {
    const zip = zipSync({
      'a.xml': [text('<a/>'), { comment: '第一个部件', extra: { 4660: new Uint8Array(6) } }],
      'b.xml': [text('<b/>'), { comment: 'second' }],
    });
    const entries = unzipEntries(zip, all);
    expect(new TextDecoder().decode(entries.get('a.xml'))).toBe('<a/>');
    expect(new TextDecoder().decode(entries.get('b.xml'))).toBe('<b/>');
    const longest = zipSync({ 'a.xml': text('<a/>') }, { comment: 'x'.repeat(0xffff) });
    expect([...unzipEntries(longest, all).keys()]).toEqual(['a.xml']);
  });

  it('reads the zip64 records when either the count or the offset is at its 32-bit mark, not otherwise', async () => {
    const wide = await yazlZip({ 'a.xml': text('<a/>'), 'b.xml': text('<b/>') }, true);
    const end = wide.length - 22;
    const record = Number(new DataView(wide.buffer).getBigUint64(end - 20 + 8, true));
    const directory = Number(new DataView(wide.buffer).getBigUint64(record + 48, true));
    // Only the count marked: the offset in the end record is the real one.
    const countOnly = patched(wide, (v) => v.setUint32(end + 16, directory, true));
    expect([...unzipEntries(countOnly, all).keys()]).toEqual(['a.xml', 'b.xml']);
    // Only the offset marked: the count in the end record is the real one.
    const offsetOnly = patched(wide, (v) => {
      v.setUint16(end + 8, 2, true);
      v.setUint16(end + 10, 2, true);
    });
    expect([...unzipEntries(offsetOnly, all).keys()]).toEqual(['a.xml', 'b.xml']);
    // A plain zip whose directory happens to end in the locator's signature is read as plain.
    const lookalike = zipSync({ 'a.xml': [text('<a/>'), { comment: `PK\u0006\u0007${'x'.repeat(16)}` }] });
    expect([...unzipEntries(lookalike, all).keys()]).toEqual(['a.xml']);
  });

  it('refuses a zip64 locator that points at no zip64 directory', async () => {
    const wide = await yazlZip({ 'a.xml': text('<a/>') }, true);
    const locator = wide.length - 22 - 20;
    const record = Number(new DataView(wide.buffer).getBigUint64(locator + 8, true));
    const broken = patched(wide, (v) => v.setUint32(record, 0x06064b51, true));
    expect(thrown(() => unzipEntries(broken, all)).message).toBe('bad zip64 end of central directory');
  });

  it('takes an empty entry', () => {
    expect(unzipEntries(zipSync({ 'empty.xml': new Uint8Array() }), all).get('empty.xml')?.length).toBe(0);
  });
});

describe('the zip guard', () => {
  const limits = (changes: Partial<WorkbookLimits>) => ({ ...DEFAULT_LIMITS, ...changes });
  const zeros = (n: number) => new Uint8Array(n);

  it('counts the parts against the limit', () => {
    const parts = (n: number) =>
      zipSync(Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}.xml`, text('<p/>')])));
    expect(unzipBounded(parts(3), limits({ maxEntries: 3 })).size).toBe(3);
    const refused = thrown(() => unzipBounded(parts(4), limits({ maxEntries: 3 })));
    expect(refused).toBeInstanceOf(WorkbookError);
    expect([(refused as WorkbookError).code, refused.message]).toEqual([
      'too-large',
      expect.stringContaining('超过3个'),
    ]);
  });

  it('budgets the bytes all parts expand to together', () => {
    const zip = zipSync({ 'a.xml': zeros(600), 'b.xml': zeros(400) });
    expect(unzipBounded(zip, limits({ maxExpandedBytes: 1000 })).size).toBe(2);
    const refused = thrown(() => unzipBounded(zip, limits({ maxExpandedBytes: 999 })));
    expect([(refused as WorkbookError).code, refused.message]).toEqual([
      'too-large',
      expect.stringContaining('压缩炸弹'),
    ]);
  });

  it('refuses a part of over a megabyte expanding past the ratio, not one at it or one of a megabyte', () => {
    const megabyte = 1024 * 1024;
    const stored = (n: number) => zipSync({ 'x.xml': [zeros(n), { level: 0 }] });
    const deflated = (n: number) => zipSync({ 'x.xml': [zeros(n), { level: 9 }] });
    expect(unzipBounded(stored(megabyte + 1), limits({ maxRatio: 1 })).size).toBe(1); // expands once: at the ratio
    expect(unzipBounded(deflated(megabyte), limits({ maxRatio: 1 })).size).toBe(1); // a megabyte: never refused
    const name = `xl/worksheets/${'长'.repeat(70)}.xml`;
    const bomb = zipSync({ [name]: [zeros(megabyte + 1), { level: 9 }] });
    let compressed = 0;
    unzipEntries(bomb, (e) => {
      compressed = e.size;
      return false;
    });
    const times = Math.round((megabyte + 1) / compressed);
    const refused = thrown(() => unzipBounded(bomb, limits({ maxRatio: 1 }))) as WorkbookError;
    expect(refused.code).toBe('too-large');
    expect(refused.message).toContain(`文件中的“${name.slice(0, 60)}”解压后是压缩时的${times}倍`);
    expect(refused.message).toContain(`expands ${times} times`);
  });

  it('calls a zip with its directory corrupt, and one cut short truncated', () => {
    const zip = zipSync({ 'a.xml': text('<a>'.repeat(50)) });
    const at = directoryOf(zip);
    const corrupt = thrown(() =>
      unzipBounded(
        patched(zip, (v) => v.setUint16(at + 10, 12, true)),
        DEFAULT_LIMITS,
      ),
    );
    expect((corrupt as WorkbookError).code).toBe('corrupt');
    expect(corrupt.message).toContain('文件已损坏');
    const truncated = thrown(() => unzipBounded(zip.subarray(0, zip.length - 30), DEFAULT_LIMITS));
    expect([(truncated as WorkbookError).code, truncated.message]).toEqual([
      'truncated',
      expect.stringContaining('文件不完整'),
    ]);
    // Only the end of a file is where its directory ends: a signature far before it does not count.
    const long = concat(new Uint8Array([0x50, 0x4b, 0x05, 0x06]), zeros(70_000));
    expect((thrown(() => unzipBounded(long, DEFAULT_LIMITS)) as WorkbookError).code).toBe('truncated');
  });

  it('lets only an .xlsx through, saying what each other file is and what to do', () => {
    expect(() => assertXlsx(zipSync({ 'xl/workbook.xml': text('<w/>') }))).not.toThrow();
    const refusal = (bytes: Uint8Array) => thrown(() => assertXlsx(bytes)) as WorkbookError;
    const encrypted = refusal(concat(OLE, utf16('EncryptedPackage')));
    expect([encrypted.code, encrypted.format]).toEqual(['encrypted', FORMAT_NAME['encrypted-office']]);
    expect(encrypted.message).toContain('取消打开密码');
    expect(refusal(concat(OLE, utf16('Workbook'))).message).toMatch(/而是旧版 Excel.*另存为/);
    expect(
      refusal(zipSync({ mimetype: [text('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }] })).message,
    ).toContain('另存为');
    expect(refusal(text('序号,问题')).message).toContain('在 Excel 中打开');
    expect(refusal(text('<html>')).message).toContain('网页格式');
    const pdf = refusal(text('%PDF-1.4'));
    expect([pdf.code, pdf.message]).toEqual(['not-xlsx', expect.stringContaining('请提交 Excel 工作簿')]);
    // A zip whose end was cut off is a truncated download, not some other zip.
    expect(refusal(zipSync({ 'a.txt': text('a') }).subarray(0, 20)).code).toBe('truncated');
    expect(refusal(zipSync({ 'a.txt': text('a') })).code).toBe('not-xlsx');
  });
});

describe("a sheet's validations and merges, bounded", () => {
  const limits = (changes: Partial<WorkbookLimits>) => ({ ...DEFAULT_LIMITS, ...changes });
  const sheet = (cells: string, tail = '') =>
    Buffer.from(`<worksheet><sheetData>${cells}</sheetData>${tail}</worksheet>`);
  const budget = () => ({ cells: 0, merged: 0 });

  it('counts every way a cell is written, and nothing else', () => {
    const cells = '<c r="A1"/><c\nr="A2"/><c\tr="A3"/><c\rr="A4"/><c>1</c><c/><cols><col min="1"/></cols>';
    const counted = budget();
    expect(boundSheetXml(sheet(cells), DEFAULT_LIMITS, counted)).toBeInstanceOf(Buffer);
    expect(counted.cells).toBe(6);
    const refused = thrown(() => boundSheetXml(sheet(cells), limits({ maxCells: 11 }), counted)) as WorkbookError;
    expect([refused.code, refused.message]).toEqual(['too-large', expect.stringContaining('超过11个')]);
    expect(boundSheetXml(sheet('<c r="A1"/>'), limits({ maxCells: 1 }), budget())).toBeInstanceOf(Buffer);
  });

  it('hands on a sheet with nothing to bound as the same bytes', () => {
    const xml = sheet('<c r="A1"/>', '<mergeCells><mergeCell ref="A1:B2"/></mergeCells>');
    expect(boundSheetXml(xml, DEFAULT_LIMITS, budget())).toBe(xml);
    const plain = sheet('<c r="A1"/>');
    expect(boundSheetXml(plain, DEFAULT_LIMITS, budget())).toBe(plain);
  });

  it('takes out validations over more cells than the limit, counting every range of each', () => {
    const validated = (sqref: string) =>
      sheet(
        '<c r="A1"/>',
        `<dataValidations count="1"><dataValidation type="list" sqref="${sqref}"><formula1>"a"</formula1></dataValidation></dataValidations>`,
      );
    const kept = validated('A1:A5 C1:C5');
    expect(boundSheetXml(kept, limits({ maxValidatedCells: 10 }), budget())).toBe(kept);
    const out = boundSheetXml(validated('A1:A5 C1:C6'), limits({ maxValidatedCells: 10 }), budget()).toString('latin1');
    expect(out).toBe('<worksheet><sheetData><c r="A1"/></sheetData></worksheet>');
    // A reference it cannot read counts as one cell; so does a doubled space, none.
    const at = (sqref: string, max: number) =>
      boundSheetXml(validated(sqref), limits({ maxValidatedCells: max }), budget()).includes('dataValidation');
    expect(at('A1:A9 nonsense', 10)).toBe(true);
    expect(at('A1:A9 nonsense', 9)).toBe(false);
    expect(at('A1:A5  C1:C5', 10)).toBe(true);
    for (const junk of ['xA1:B5', 'A1x:B5', 'A1:B5x']) expect([junk, at(junk, 9)]).toEqual([junk, true]);
    expect(at('$A$1:$B$5', 9)).toBe(false);
  });

  it('clips a merge over more than 100,000 cells to the cells that exist, and budgets the merged cells', () => {
    const merged = (ref: string, cells = '<c r="B2"/><c r="D40"/>') =>
      sheet(cells, `<mergeCells><mergeCell ref="${ref}"/></mergeCells>`);
    expect(boundSheetXml(merged('A1:XFD1048576'), DEFAULT_LIMITS, budget()).toString()).toContain(
      '<mergeCell ref="A1:D40"/>',
    );
    expect(boundSheetXml(merged('$A$1:$XFD$1048576'), DEFAULT_LIMITS, budget()).toString()).toContain(
      '<mergeCell ref="A1:D40"/>',
    );
    // Starting below and right of every cell: one cell kept.
    expect(boundSheetXml(merged('E50:XFD1048576'), DEFAULT_LIMITS, budget()).toString()).toContain(
      '<mergeCell ref="E50:E50"/>',
    );
    // 100,000 cells exactly: left as written.
    const exact = merged('A1:A100000');
    expect(boundSheetXml(exact, DEFAULT_LIMITS, budget())).toBe(exact);
    const counted = budget();
    boundSheetXml(merged('A1:B3'), DEFAULT_LIMITS, counted);
    expect(counted.merged).toBe(6);
    const refused = thrown(() =>
      boundSheetXml(merged('A1:B3'), limits({ maxMergedCells: 11 }), counted),
    ) as WorkbookError;
    expect([refused.code, refused.message]).toEqual(['too-large', expect.stringContaining('超过11个')]);
    expect(() => boundSheetXml(merged('A1:B3'), limits({ maxMergedCells: 6 }), budget())).not.toThrow();
    expect(boundSheetXml(merged('A1:nonsense'), DEFAULT_LIMITS, budget()).toString()).toBe(
      '<worksheet><sheetData><c r="B2"/><c r="D40"/></sheetData><mergeCells></mergeCells></worksheet>',
    );
    // The cells' extent is their greatest row and column, in whatever order they come, two-letter columns too.
    const clipped = (cells: string) =>
      boundSheetXml(merged('A1:XFD1048576', cells), DEFAULT_LIMITS, budget()).toString();
    expect(clipped('<c r="D40"/><c r="B2"/>')).toContain('<mergeCell ref="A1:D40"/>');
    expect(clipped('<c r="D2"/><c r="B40"/>')).toContain('<mergeCell ref="A1:D40"/>');
    expect(clipped('<c r="AB7"/>')).toContain('<mergeCell ref="A1:AB7"/>');
    // Written with a space before its end, or with $: a small merge stays byte for byte, a big one is clipped.
    const spaced = sheet('<c r="C3"/>', '<mergeCells><mergeCell ref="A1:XFD1048576" /></mergeCells>');
    expect(boundSheetXml(spaced, DEFAULT_LIMITS, budget()).toString()).toContain('<mergeCell ref="A1:C3"/>');
    const dollars = merged('$A$1:$B$3');
    expect(boundSheetXml(dollars, DEFAULT_LIMITS, budget())).toBe(dollars);
  });

  it('passes the text between the markup byte for byte', () => {
    const xml = sheet(
      '<c r="A1" t="inlineStr"><is><t>整改</t></is></c>',
      '<mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>',
    );
    const out = boundSheetXml(xml, DEFAULT_LIMITS, budget());
    expect(out.toString('utf8')).toContain('<t>整改</t>');
    expect(out.toString('utf8')).toContain('<mergeCell ref="A1:A1"/>');
  });
});

describe('the workbook guard', () => {
  const book = (sheetXml: string, extra: Zippable = {}) =>
    zipSync({ 'xl/workbook.xml': text('<workbook/>'), 'xl/worksheets/sheet1.xml': text(sheetXml), ...extra });

  it('hands on an ordinary workbook as the same bytes', () => {
    const bytes = book('<worksheet><sheetData><c r="A1"/></sheetData></worksheet>');
    expect(guardWorkbook(bytes)).toBe(bytes);
  });

  it('rewrites only the sheets it bounded', () => {
    const big =
      '<worksheet><sheetData><c r="C3"/></sheetData><mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>';
    const bytes = book(big, { 'xl/worksheets/_rels/sheet1.xml.rels': text('<Relationships/>') });
    const out = unzipSync(guardWorkbook(bytes));
    expect(new TextDecoder().decode(out['xl/worksheets/sheet1.xml'])).toContain('<mergeCell ref="A1:C3"/>');
    expect(new TextDecoder().decode(out['xl/worksheets/_rels/sheet1.xml.rels'])).toBe('<Relationships/>');
  });

  it('bounds only the sheets, and counts every sheet against one budget', () => {
    const big = '<mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>';
    const bytes = zipSync({
      'xl/workbook.xml': text('<workbook/>'),
      'xl/worksheets/_rels/sheet1.xml.rels': text(big),
      'xl/worksheets/sheet1.xml.bak': text(big),
      'docs/xl/worksheets/sheet1.xml': text(big),
    });
    expect(guardWorkbook(bytes)).toBe(bytes);
    const two = book('<c r="A1"/>', { 'xl/worksheets/sheet2.xml': text('<c r="A1"/>') });
    expect(() => guardWorkbook(two, { ...DEFAULT_LIMITS, maxCells: 2 })).not.toThrow();
    expect(() => guardWorkbook(two, { ...DEFAULT_LIMITS, maxCells: 1 })).toThrow('超过1个');
  });

  it('refuses an .xlsx without its workbook part', () => {
    const refused = thrown(() =>
      guardWorkbook(zipSync({ 'xl/worksheets/sheet1.xml': text('<worksheet/>') })),
    ) as WorkbookError;
    expect([refused.code, refused.message]).toEqual(['corrupt', expect.stringContaining('xl/workbook.xml')]);
  });
});
