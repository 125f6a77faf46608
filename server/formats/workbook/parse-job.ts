/** Inside a worker thread: reads one uploaded file per message (a workbook, or a plan's text) and posts back what it found. */
import { parentPort } from 'node:worker_threads';
import { readPlanFile } from '../plan-file.ts';
import { readingFailure, WorkbookError } from './errors.ts';
import type { ParseKind } from './parse-pool.ts';
import type { WorkbookLimits } from './guard.ts';
import { readLedgerWorkbook } from './read.ts';

parentPort!.on(
  'message',
  async ({ kind, bytes, limits }: { kind: ParseKind; bytes: Uint8Array; limits: WorkbookLimits }) => {
    try {
      const value = kind === 'plan' ? await readPlanFile(bytes) : await readLedgerWorkbook(bytes, limits);
      parentPort!.postMessage({ ok: true, value });
    } catch (error) {
      const e = readingFailure(error);
      const format = e instanceof WorkbookError ? e.format : undefined;
      parentPort!.postMessage({ ok: false, error: { code: e.code, message: e.message, format } });
    }
  },
);
parentPort!.postMessage({ ready: true });
