/**
 * Evidence (佐证材料): files a unit attaches to a task for a round. Checked by what they are (their
 * first bytes), never by their names; stored once per content under DATA_DIR/evidence; listed
 * with name, size, who and when; served only as downloads.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LedgerError } from './errors.ts';
import { detectFormat, FORMAT_NAME, type FileFormat } from './workbook/format.ts';

const MB = 1024 * 1024;

export const EVIDENCE_LIMITS = {
  /** Bytes in one file (LEDGER_EVIDENCE_FILE_MB, 20 by default); each file is one upload. */
  perFile: Number(process.env.LEDGER_EVIDENCE_FILE_MB ?? 20) * MB,
  /** Bytes a unit attaches to one task in one round (LEDGER_EVIDENCE_TOTAL_MB, 100 by default). */
  perReport: Number(process.env.LEDGER_EVIDENCE_TOTAL_MB ?? 100) * MB,
};

/** A size in MB as people write it. */
export const megabytes = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;

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
export function checkEvidence(name: string, bytes: Uint8Array): CheckedFile {
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
  return { name, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), format, type };
}

/** Files stored by their content: the same file uploaded twice is stored once. */
export class EvidenceFiles {
  constructor(private readonly dir: string) {}

  private pathOf(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  put(file: CheckedFile): void {
    const path = this.pathOf(file.sha256);
    if (existsSync(path)) return;
    mkdirSync(join(this.dir, file.sha256.slice(0, 2)), { recursive: true, mode: 0o700 });
    writeFileSync(path, file.bytes, { mode: 0o600 });
  }

  get(sha256: string): Uint8Array {
    return readFileSync(this.pathOf(sha256));
  }
}
