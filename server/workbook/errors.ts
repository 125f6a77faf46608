/** Why a file could not be read as a ledger workbook, in words a clerk can act on. */

export type WorkbookErrorCode =
  | 'not-xlsx'
  | 'encrypted'
  | 'truncated'
  | 'corrupt'
  | 'too-large'
  | 'no-table';

export class WorkbookError extends Error {
  constructor(
    readonly code: WorkbookErrorCode,
    /** Chinese first, English after: "……。 …." */
    message: string,
    /** The file's real format, when it could be recognised. */
    readonly format?: string,
  ) {
    super(message);
    this.name = 'WorkbookError';
  }
}
