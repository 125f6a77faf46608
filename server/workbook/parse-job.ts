/** Inside a worker thread: reads one uploaded workbook per message and posts back what it found. */
import { parentPort } from 'node:worker_threads';
import { WorkbookError } from './errors.ts';
import { readLedgerWorkbook } from './read.ts';

parentPort!.on('message', async (bytes: Uint8Array) => {
  try {
    parentPort!.postMessage({ ok: true, workbook: await readLedgerWorkbook(bytes) });
  } catch (error) {
    const e =
      error instanceof WorkbookError
        ? error
        : new WorkbookError('corrupt', `文件无法读取（${(error as Error).message}）。The file could not be read.`);
    parentPort!.postMessage({ ok: false, error: { code: e.code, message: e.message, format: e.format } });
  }
});
parentPort!.postMessage({ ready: true });
