/**
 * A submission as it arrives, into the ledger's one write path: JSON rows, or an uploaded
 * workbook (an .xls, WPS .et or .ods converted to .xlsx first, when LibreOffice is installed).
 * An upload alone is read on the service's thread, where a small workbook reads fastest; one sent
 * beside others, by the workers.
 */
import { actorName, type Actor } from '../../core/policy.ts';
import { detectFormat } from '../formats/workbook/format.ts';
import { convertWithLibreOffice } from '../formats/workbook/libreoffice.ts';
import type { ParsePool } from '../formats/workbook/parse-pool.ts';
import type { Ledger, SubmissionOutcome } from './ledger.ts';
import { fromJson, fromWorkbook, type Input } from './submission-input.ts';

export interface Written {
  outcome: SubmissionOutcome;
  warnings: string[];
}

export class Submitting {
  /** Submissions being handled by this service now. */
  private inHand = 0;

  constructor(private readonly pool: ParsePool) {}

  json(ledger: Ledger, actor: Actor, body: Parameters<typeof fromJson>[2]): Promise<Written> {
    return this.held(async () => write(ledger, await fromJson(ledger, actor, body)));
  }

  upload(ledger: Ledger, actor: Actor, form: { file: File; unit?: string; baseRevision?: number }): Promise<Written> {
    return this.held(async () => {
      const bytes = await asXlsx(new Uint8Array(await form.file.arrayBuffer()), actorName(actor));
      const workbook = await this.pool.parse(bytes, actorName(actor), { inPlace: this.inHand === 1 });
      return write(ledger, await fromWorkbook(ledger, actor, workbook, form));
    });
  }

  private async held<T>(work: () => Promise<T>): Promise<T> {
    this.inHand++;
    try {
      return await work();
    } finally {
      this.inHand--;
    }
  }
}

async function write(ledger: Ledger, { submission, source, warnings, loggedAs }: Input): Promise<Written> {
  return { outcome: await ledger.write(submission, source, undefined, loggedAs), warnings };
}

/** An .xls, WPS .et or .ods sheet converted to .xlsx; anything else as it came. */
async function asXlsx(bytes: Uint8Array, submitter: string): Promise<Uint8Array> {
  const format = detectFormat(bytes);
  if (format !== 'xls' && format !== 'ods') return bytes;
  return convertWithLibreOffice(bytes, format, 'xlsx', 'not-xlsx', submitter);
}
