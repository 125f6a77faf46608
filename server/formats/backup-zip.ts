/**
 * A backup's zip, streamed both ways so that memory does not follow its size: yazl writes it (zip64
 * past 4 GiB), each entry read from its source only when the zip reaches it; yauzl reads it
 * through its central directory, one entry at a time, refusing what is not a zip, a truncated
 * archive, and entries that inflate past their declared size or far beyond what they take.
 */
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { LedgerError } from '../errors.ts';

/** A zip written to `file` (through `file.partial`, readable by its owner only). */
export class BackupWriter {
  private readonly zip = new yazl.ZipFile();
  private readonly written: Promise<void>;

  constructor(private readonly file: string) {
    this.written = pipeline(this.zip.outputStream, createWriteStream(`${file}.partial`, { mode: 0o600 }));
  }

  /** A file on disk, compressed; it must stay there until `finish`. */
  addFile(path: string, name: string): void {
    this.zip.addReadStreamLazy(name, { compress: true }, (done) => done(null, createReadStream(path)));
  }

  /** Bytes fetched only when the zip reaches them, stored as they are (photos and PDFs do not compress). */
  addLater(name: string, fetch: () => Promise<Uint8Array>): void {
    this.zip.addReadStreamLazy(name, { compress: false }, (done) =>
      fetch().then(
        (bytes) => done(null, streamOf(bytes)),
        (error) => done(error, undefined as unknown as Readable),
      ),
    );
  }

  addText(name: string, text: string): void {
    this.zip.addBuffer(Buffer.from(text, 'utf8'), name, { compress: true });
  }

  async finish(): Promise<void> {
    this.zip.end();
    try {
      await this.written;
      renameSync(`${this.file}.partial`, this.file);
    } catch (error) {
      rmSync(`${this.file}.partial`, { force: true });
      throw error;
    }
  }

  /** Gives up: the partial file goes. */
  abandon(): void {
    this.zip.outputStream.resume();
    rmSync(`${this.file}.partial`, { force: true });
  }
}

const streamOf = (bytes: Uint8Array): Readable =>
  Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]);

/** One entry of a backup being read: its name, declared size, and its bytes as a stream. */
export interface BackupEntry {
  name: string;
  size: number;
  open(): Promise<Readable>;
}

/** Past this size an entry may be at most this many times its compressed size: a zip bomb is not. */
const BOMB_FLOOR = 64 * 1024 * 1024;
const BOMB_RATIO = 200;

const notABackup = (file: string, why: string) =>
  new LedgerError(
    'corrupt',
    `${file} 不是完整的台账备份文件（${why}）；没有写入任何数据。Not a whole ledger backup: ${why}. Nothing was written.`,
  );

/**
 * The entries of a backup, one at a time: the next is read when the caller has dealt with this one.
 * `largest(name)` bounds each entry's declared size.
 */
export async function* backupEntries(file: string, largest: (name: string) => number): AsyncGenerator<BackupEntry> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true });
  } catch (error) {
    throw notABackup(file, (error as Error).message);
  }
  const next = () =>
    new Promise<yauzl.Entry | undefined>((resolve, reject) => {
      const onEntry = (entry: yauzl.Entry) => settle(() => resolve(entry));
      const onEnd = () => settle(() => resolve(undefined));
      const onError = (error: Error) => settle(() => reject(notABackup(file, error.message)));
      const settle = (then: () => void) => {
        zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
        then();
      };
      zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
      zip.readEntry();
    });
  try {
    for (let entry = await next(); entry; entry = await next()) {
      const { fileName: name, uncompressedSize: size, compressedSize } = entry;
      if (name.endsWith('/')) continue;
      if (size > largest(name) || (size > BOMB_FLOOR && size > compressedSize * BOMB_RATIO))
        throw notABackup(file, `${name} 解压后有 ${size} 字节，超出合理大小`);
      const current = entry;
      yield {
        name,
        size,
        open: () =>
          zip.openReadStreamPromise(current).then(
            (stream) => stream.on('error', () => {}) as Readable,
            (error: Error) => {
              throw notABackup(file, error.message);
            },
          ),
      };
    }
  } finally {
    zip.close();
  }
}

/** Writes an entry to a file, passing its bytes to `see` on the way (a hash, say). */
export async function saveEntry(entry: BackupEntry, path: string, file: string, see?: (chunk: Buffer) => void) {
  const stream = await entry.open();
  try {
    await pipeline(
      stream,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          see?.(chunk);
          yield chunk;
        }
      },
      createWriteStream(path, { mode: 0o600 }),
    );
  } catch (error) {
    // The disk the restore writes to (full, not writable) is not the backup's fault: said as what it is.
    const { code, syscall } = error as NodeJS.ErrnoException;
    if (syscall)
      throw new LedgerError(
        'bad-request',
        `恢复时无法写入 ${path}（${code}${code === 'ENOSPC' ? '：磁盘空间不足' : ''}）；没有写入任何数据。Cannot write ${path}: ${code}.`,
      );
    throw notABackup(file, `${entry.name}：${(error as Error).message}`);
  }
}
