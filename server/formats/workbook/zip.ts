/**
 * The entries of a zip (an .xlsx or a .docx), found through its central directory and inflated
 * by Node's zlib. Each entry is shown to `accept` with its declared sizes before anything is
 * inflated, and inflates into at most its declared size: an entry that expands past what it
 * declares stops there, and the zip is refused. Throws a plain Error for anything malformed.
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipEntryInfo {
  name: string;
  /** Bytes stored in the zip. */
  size: number;
  /** Bytes the entry declares it expands to. */
  originalSize: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END_OF_DIRECTORY = 0x06064b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const MAX_32 = 0xffffffff;

export function unzipEntries(bytes: Uint8Array, accept: (entry: ZipEntryInfo) => boolean): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const u64 = (at: number) => Number(view.getBigUint64(at, true));

  let end = bytes.length - 22;
  const earliest = Math.max(0, end - 0xffff);
  while (end >= earliest && u32(end) !== END_OF_DIRECTORY) end--;
  if (end < earliest) throw new Error('no end of central directory');
  let count = u16(end + 10);
  let at = u32(end + 16);
  if ((count === 0xffff || at === MAX_32) && end >= 20 && u32(end - 20) === ZIP64_LOCATOR) {
    const zip64End = u64(end - 12);
    if (u32(zip64End) !== ZIP64_END_OF_DIRECTORY) throw new Error('bad zip64 end of central directory');
    count = u64(zip64End + 32);
    at = u64(zip64End + 48);
  }

  const entries = new Map<string, Uint8Array>();
  for (let i = 0; i < count; i++) {
    if (u32(at) !== DIRECTORY_ENTRY) throw new Error('bad central directory entry');
    const flags = u16(at + 8);
    const method = u16(at + 10);
    let size = u32(at + 20);
    let originalSize = u32(at + 24);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    let offset = u32(at + 42);
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    const name = Buffer.from(nameBytes).toString(flags & 0x800 ? 'utf8' : 'latin1');
    // Zip64 keeps the sizes and offset that do not fit in 32 bits in an extra field, in this order.
    for (let x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength; x += 4 + u16(x + 2)) {
      if (u16(x) !== 1) continue;
      let field = x + 4;
      const next = () => {
        const value = u64(field);
        field += 8;
        return value;
      };
      if (originalSize === MAX_32) originalSize = next();
      if (size === MAX_32) size = next();
      if (offset === MAX_32) offset = next();
    }
    at += 46 + nameLength + extraLength + u16(at + 32);

    if (!accept({ name, size, originalSize }) || name.endsWith('/')) continue;
    if (flags & 1) throw new Error(`encrypted entry ${name}`);
    if (u32(offset) !== LOCAL_HEADER) throw new Error(`bad local header for ${name}`);
    const start = offset + 30 + u16(offset + 26) + u16(offset + 28);
    const stored = bytes.subarray(start, start + size);
    if (stored.length !== size) throw new Error(`${name} runs past the end of the file`);
    const data = method === 0 ? stored : method === 8 ? inflate(stored, originalSize) : null;
    if (!data) throw new Error(`unknown compression method ${method} for ${name}`);
    if (data.length !== originalSize) throw new Error(`${name} is not the size it declares`);
    entries.set(name, data);
  }
  return entries;
}

/**
 * Inflated into one buffer a byte larger than declared (zlib returns it as it is, with no copy
 * of 16 KB chunks into one), throwing once the output passes the declared size.
 */
const inflate = (stored: Uint8Array, declared: number) =>
  inflateRawSync(stored, { maxOutputLength: Math.max(declared, 1), chunkSize: Math.max(declared + 1, 64) });
