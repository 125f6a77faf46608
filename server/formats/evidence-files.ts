/**
 * Evidence (佐证材料): files a unit attaches to a task for a round. Checked by what they are (their
 * first bytes), never by their names; stored once per content (server/store/evidence-store); listed
 * with name, size, who and when; served only as downloads.
 */
import { createHash } from 'node:crypto';
import { Zip, ZipPassThrough } from 'fflate';
import { HIDDEN } from '../../core/limits.ts';
import { LedgerError } from '../errors.ts';
import { detectFormat, FORMAT_NAME, imageExtension, type FileFormat } from './workbook/format.ts';

const MB = 1024 * 1024;

export const EVIDENCE_LIMITS = {
  /** Bytes in one file (LEDGER_EVIDENCE_FILE_MB, 20 by default); each file is one upload. */
  perFile: Number(process.env.LEDGER_EVIDENCE_FILE_MB ?? 20) * MB,
  /** Bytes a unit attaches to one task in one round (LEDGER_EVIDENCE_TOTAL_MB, 100 by default). */
  perReport: Number(process.env.LEDGER_EVIDENCE_TOTAL_MB ?? 100) * MB,
};

/** A size in MB as people write it. */
export const megabytes = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;

/** The extension a file of each format is stored and served under, whatever its name said. */
const EXTENSION: Partial<Record<FileFormat, string>> = {
  pdf: 'pdf',
  docx: 'docx',
  xlsx: 'xlsx',
  doc: 'doc',
  xls: 'xls',
  odt: 'odt',
  ods: 'ods',
};

export const NAME_LIMIT = 100;

/**
 * A file's name as it is kept and served: no path, no hidden characters, at most 100 characters,
 * and the extension of what the file really is.
 */
export function evidenceName(written: string, extension: string): string {
  const base = written.split(/[\\/]/).pop() ?? '';
  const visible = base.replace(HIDDEN, '').replace(/^[.\s]+|[.\s]+$/g, '');
  const stem = visible.replace(/\.[^.]{1,10}$/, '') || '佐证材料';
  return `${[...stem].slice(0, NAME_LIMIT - extension.length - 1).join('')}.${extension}`;
}

/** The extension a file's bytes call for, or undefined when it may not be evidence. */
export function extensionOf(bytes: Uint8Array): string | undefined {
  const format = detectFormat(bytes);
  return format === 'image' ? imageExtension(bytes) : EXTENSION[format];
}

/** A stored file's name as it is served (files kept before names were checked are made safe too). */
export const servedName = (name: string, bytes: Uint8Array) => evidenceName(name, extensionOf(bytes) ?? 'bin');

/** A path inside an archive from names people gave: no separators, no dot-only parts. */
export const archivePath = (...parts: string[]) =>
  parts
    .map(
      (p) =>
        p
          .replace(HIDDEN, '')
          .replace(/[\\/:]/g, '_')
          .replace(/^\.+$/, '_') || '_',
    )
    .join('/');

/** What evidence may be, and the type it is served as. */
const ACCEPTED: Partial<Record<FileFormat, string>> = {
  image: 'application/octet-stream',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
};

export interface CheckedFile {
  name: string;
  bytes: Uint8Array;
  sha256: string;
  format: FileFormat;
  type: string;
}

/** A file as evidence, or a clear refusal: too large, or not a document or picture whatever its name. */
export function checkEvidence(written: string, bytes: Uint8Array): CheckedFile {
  const name = [...(written.split(/[\\/]/).pop() ?? '').replace(HIDDEN, '')].slice(0, 40).join('');
  if (bytes.length > EVIDENCE_LIMITS.perFile) {
    throw new LedgerError(
      'too-large',
      `“${name}”超过${megabytes(EVIDENCE_LIMITS.perFile)}，请压缩或拆分后再上传。` +
        `The file is larger than ${megabytes(EVIDENCE_LIMITS.perFile)}.`,
    );
  }
  const format = detectFormat(bytes);
  const type = ACCEPTED[format];
  if (!type) {
    throw new LedgerError(
      'unsupported-media-type',
      `“${name}”实际是${FORMAT_NAME[format]}，不能作为佐证材料：请上传图片、PDF、Word 或 Excel 文件。Evidence must be an image, PDF, Word or Excel file.`,
    );
  }
  return {
    name: evidenceName(written, extensionOf(bytes)!),
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    format,
    type,
  };
}

/** One entry of an archive: its path and its bytes, fetched only when the archive reaches it. */
export type ArchiveEntry = () => Promise<{ path: string; bytes: Uint8Array }>;

/**
 * A zip streamed to the client a file at a time, as the client reads it: a round's archive of
 * hundreds of photos is never held in memory whole.
 */
export function archiveStream(entries: Iterable<ArchiveEntry>): ReadableStream<Uint8Array> {
  const next = entries[Symbol.iterator]();
  let zip: Zip;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      zip = new Zip((error, chunk, final) => {
        if (error) return controller.error(error);
        controller.enqueue(chunk);
        if (final) controller.close();
      });
    },
    async pull() {
      const entry = next.next();
      if (entry.done) return zip.end();
      const { path, bytes } = await entry.value();
      const file = new ZipPassThrough(path);
      zip.add(file);
      file.push(bytes, true);
    },
  });
}
