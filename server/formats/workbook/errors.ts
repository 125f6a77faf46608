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
