/**
 * Uploaded workbooks are parsed in worker threads with a memory cap and a time limit, so that
 * a file that slips past the reader's guards costs only its own request, never the service.
 */
import { Worker } from 'node:worker_threads';
import { WorkbookError, type WorkbookErrorCode } from './errors.ts';
import type { LedgerWorkbook } from './read.ts';

export interface ParsePoolOptions {
  size: number;
  timeoutMs: number;
  maxMemoryMb: number;
}

interface Job {
  bytes: Uint8Array;
  resolve: (workbook: LedgerWorkbook) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  job?: Job;
  timer?: NodeJS.Timeout;
}

type Reply =
  | { ready: true }
  | { ok: true; workbook: LedgerWorkbook }
  | { ok: false; error: { code: WorkbookErrorCode; message: string; format?: string } };

export class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(private readonly options: ParsePoolOptions = { size: 2, timeoutMs: 20_000, maxMemoryMb: 512 }) {}

  parse(bytes: Uint8Array): Promise<LedgerWorkbook> {
    return new Promise((resolve, reject) => {
      this.queue.push({ bytes, resolve, reject });
      this.next();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private next(): void {
    if (this.closed || this.queue.length === 0) return;
    let slot = this.slots.find((s) => !s.job);
    if (!slot && this.slots.length < this.options.size) slot = this.spawn();
    if (!slot) return;
    const job = this.queue.shift()!;
    const chosen = slot;
    chosen.job = job;
    void chosen.ready.then(() => {
      chosen.timer = setTimeout(() => {
        this.fail(
          chosen,
          new WorkbookError(
            'too-large',
            `工作簿过于复杂，${this.options.timeoutMs / 1000}秒内没有读完，已放弃。请删除多余的工作表、行列和格式后再提交。The workbook took too long to read.`,
          ),
        );
      }, this.options.timeoutMs);
      const copy = job.bytes.slice();
      chosen.worker.postMessage(copy, [copy.buffer]);
    });
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./parse-worker.mjs', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxMemoryMb },
    });
    let ready!: () => void;
    const slot: Slot = { worker, ready: new Promise((r) => (ready = r)) };
    worker.on('message', (reply: Reply) => {
      if ('ready' in reply) return ready();
      const job = slot.job;
      clearTimeout(slot.timer);
      slot.job = undefined;
      if (job) {
        if (reply.ok) job.resolve(reply.workbook);
        else job.reject(new WorkbookError(reply.error.code, reply.error.message, reply.error.format));
      }
      this.next();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.fail(
        slot,
        outOfMemory
          ? new WorkbookError(
              'too-large',
              `工作簿读取时占用内存超过${this.options.maxMemoryMb} MB，已放弃。请删除多余的工作表和行列后再提交。The workbook needs too much memory to read.`,
            )
          : new WorkbookError('corrupt', `文件无法读取（${error.message}）。The file could not be read.`),
      );
    });
    worker.on('exit', () =>
      this.fail(slot, new WorkbookError('corrupt', '读取文件的进程意外退出。The reader stopped unexpectedly.')),
    );
    this.slots.push(slot);
    return slot;
  }

  /** The slot's job fails; its worker is dropped and replaced on demand. */
  private fail(slot: Slot, error: WorkbookError): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    clearTimeout(slot.timer);
    slot.job?.reject(error);
    slot.job = undefined;
    void slot.worker.terminate();
    this.next();
  }
}
