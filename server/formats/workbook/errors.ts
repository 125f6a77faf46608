/** Why a file could not be read as a ledger workbook, in words a clerk can act on. */
import { randomUUID } from 'node:crypto';
import { LedgerError } from '../../errors.ts';

export type WorkbookErrorCode =
  | 'not-xlsx'
  | 'encrypted'
  | 'truncated'
  | 'corrupt'
  | 'too-large'
  | 'no-table'
  | 'ambiguous'
  | 'sheets-differ'
  | 'foreign-stamp'
  | 'not-a-plan';

export class WorkbookError extends LedgerError {
  override name = 'WorkbookError';
  constructor(
    override readonly code: WorkbookErrorCode,
    message: string,
    /** The file's real format, when it could be recognised. */
    readonly format?: string,
  ) {
    super(code, message);
  }
}

/**
 * Any failure while reading a file, as the clerk is told it: the reader's own words; else a fault
 * of ours (a bug, not the file), logged with an id the clerk can quote to the office, who finds
 * the log line by it.
 */
export function readingFailure(error: unknown): LedgerError {
  if (error instanceof LedgerError) return error;
  const id = randomUUID().slice(0, 8);
  console.error(`读取文件时出错 reading failed [${id}]`, error);
  return new WorkbookError(
    'corrupt',
    `文件无法读取，可能是系统出错：请把错误编号 ${id} 告诉办公室。The file could not be read (error ${id}).`,
  );
}
