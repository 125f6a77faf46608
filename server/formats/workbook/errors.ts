/** Why a file could not be read as a ledger workbook, in words a clerk can act on. */
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

/** Any failure while reading a file, as the clerk is told it: the reader's own words, or "could not be read". */
export function readingFailure(error: unknown): LedgerError {
  if (error instanceof LedgerError) return error;
  return new WorkbookError('corrupt', `文件无法读取（${(error as Error).message}）。The file could not be read.`);
}
