/**
 * Uploaded workbooks and plans are read in worker threads with a memory cap and a time limit, so
 * that a file that slips past the readers' guards costs only its own request, never the service.
 * A small workbook (a unit's month, within SMALL_WORKBOOK) is bounded by that guard already: sent
 * while the service has nothing else in hand, it is read on the service's own thread, one at a
 * time (handing it to a worker and back took longer than reading it); sent beside others, in a
 * worker without the cap. A cap as low as ours puts V8 in its low-memory mode, where it collected
 * the old generation every eight small reads and each read took 1.7 times as long.
 * Each submitter has at most one file being read and a few waiting; the next file read is the
 * oldest of a submitter with none being read, so one unit's slow files never hold up another's.
 */
import { Worker } from 'node:worker_threads';
import { LedgerError } from '../../errors.ts';
import { readingFailure, WorkbookError, type WorkbookErrorCode } from './errors.ts';
import { DEFAULT_LIMITS, type WorkbookLimits } from './guard.ts';
import { readLedgerWorkbook, type LedgerWorkbook } from './read.ts';

/**
 * What is read without the memory cap (on the service's own thread, or in an uncapped worker):
 * bounded like a large JSON body (under a tenth of a second here), so that no file read on the
 * service's thread holds up other requests for long. Larger go to a capped worker.
 */
export const SMALL_WORKBOOK: WorkbookLimits & { maxFileBytes: number } = {
  maxFileBytes: 128 * 1024,
  maxExpandedBytes: 512 * 1024,
  maxEntries: 100,
  maxCells: 10_000,
  maxMergedCells: 10_000,
  // exceljs expands a validation cell by cell (100,000 cells: a quarter of a second here); the reader needs none.
  maxValidatedCells: 10_000,
  maxRatio: 200,
};

export interface ParsePoolOptions {
  size: number;
  timeoutMs: number;
  maxMemoryMb: number;
  /** Files one submitter may have waiting beside the one being read. */
  waitingPerSubmitter?: number;
}

/** What a worker reads a file as: a ledger workbook, or a plan's text. */
export type ParseKind = 'workbook' | 'plan';

interface Job {
  kind: ParseKind;
  bytes: Uint8Array;
  /** Who sent the file: a unit's name, the office, or '' for the service itself. */
  owner: string;
  resolve: (value: never) => void;
  reject: (error: Error) => void;
  /** The caller's word that nothing else waits for the service's thread. */
  inPlace: boolean;
  /** Read only under the memory cap: a plan, a large file, or one found to expand past SMALL_WORKBOOK. */
  capped: boolean;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  /** Started with the memory cap; one without it reads only small workbooks. */
  capped: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
}

type Reply =
  | { ready: true }
  | { ok: true; value: never }
  | { ok: false; error: { code: WorkbookErrorCode; message: string; format?: string } };

export class ParsePool {
  private readonly slots: Slot[] = [];
  /** The small workbook being read on the service's own thread. */
  private here: Job | undefined;
  private readonly queue: Job[] = [];
  /** When each submitter's last file was taken, counted in files taken. */
  private readonly served = new Map<string, number>();
  private turns = 0;
  private lastServed = (owner: string) => this.served.get(owner) ?? -1;
  private closed = false;

  constructor(private readonly options: ParsePoolOptions = { size: 2, timeoutMs: 20_000, maxMemoryMb: 512 }) {}

  /**
   * A workbook, read in a worker, or right here when it is small and `inPlace` (the caller's word
   * that nothing else waits for this thread: with other requests in hand, the workers read it).
   */
  parse(bytes: Uint8Array, owner = '', { inPlace = true } = {}): Promise<LedgerWorkbook> {
    return this.run('workbook', bytes, owner, inPlace);
  }

  /** A plan file (.txt, .docx) as text, read behind the plan's zip guard. */
  readPlan(bytes: Uint8Array, owner = ''): Promise<string> {
    return this.run('plan', bytes, owner);
  }

  private run<T>(kind: ParseKind, bytes: Uint8Array, owner: string, inPlace = false): Promise<T> {
    const waiting = this.options.waitingPerSubmitter ?? 2;
    const mine = this.queue.filter((j) => j.owner === owner).length;
    if (owner && mine >= waiting) {
      return Promise.reject(
        new LedgerError(
          'busy',
          `${owner}已有${mine + 1}个文件正在读取或排队，请等前面的提交有了结果再提交。` +
            'Files from this submitter are already being read; wait for their answers.',
          30,
        ),
      );
    }
    return new Promise<T>((resolve, reject) => {
      const capped = kind !== 'workbook' || bytes.byteLength > SMALL_WORKBOOK.maxFileBytes;
      this.queue.push({ kind, bytes, owner, resolve: resolve as (value: never) => void, reject, inPlace, capped });
      this.next();
    });
  }

  /** Worker threads started (a small workbook read in place needs none). */
  get threads(): number {
    return this.slots.length;
  }

  private readHereCount = 0;

  /** Workbooks read on the service's own thread so far. */
  get inPlaceReads(): number {
    return this.readHereCount;
  }

  /** Stops the workers; every file still waiting or being read is answered, none left pending. */
  async close(): Promise<void> {
    this.closed = true;
    const stopped = new LedgerError('stopping', '服务正在停止，文件没有读取，请稍后重新提交。The service is stopping.');
    for (const job of this.queue.splice(0)) job.reject(stopped);
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      clearTimeout(slot.timer);
      slot.job?.reject(stopped);
      slot.job = undefined;
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private next(): void {
    if (this.closed || this.queue.length === 0) return;
    // Round robin over submitters: of those with no file being read, the one served longest ago.
    const reading = new Set([...this.slots.map((s) => s.job?.owner), this.here?.owner]);
    let index = -1;
    for (const [i, j] of this.queue.entries()) {
      if (j.owner && reading.has(j.owner)) continue;
      if (index < 0 || this.lastServed(j.owner) < this.lastServed(this.queue[index]!.owner)) index = i;
    }
    if (index < 0) return;
    const job = this.queue[index]!;
    const here = !this.here && job.inPlace && !job.capped;
    const slot = here ? undefined : this.slotFor(job);
    if (!here && !slot) return;
    this.queue.splice(index, 1);
    this.served.set(job.owner, ++this.turns);
    if (!slot) {
      this.readHere(job);
      this.next();
      return;
    }
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
      // A copy of its own to hand over: a Buffer's slice() is a view of memory others still use.
      const copy = new Uint8Array(job.bytes);
      const limits = chosen.capped ? DEFAULT_LIMITS : SMALL_WORKBOOK;
      chosen.worker.postMessage({ kind: job.kind, bytes: copy, limits }, [copy.buffer]);
    });
  }

  /**
   * An idle worker that may read the job, or a new one. A capped job, with every thread taken
   * and none capped idle, has an idle uncapped worker make way for a capped one.
   */
  private slotFor(job: Job): Slot | undefined {
    const idle = this.slots.filter((s) => !s.job);
    const fitting = job.capped ? idle.find((s) => s.capped) : (idle.find((s) => !s.capped) ?? idle[0]);
    if (fitting) return fitting;
    if (this.slots.length < this.options.size) return this.spawn(job.capped);
    const uncapped = idle[0];
    if (!uncapped) return undefined;
    this.drop(uncapped);
    return this.spawn(true);
  }

  /** A workbook found to expand past SMALL_WORKBOOK, back at the front of the queue for a capped worker. */
  private underTheCap(job: Job): void {
    job.capped = true;
    this.queue.unshift(job);
  }

  /** A small workbook read right here; one found larger than it looked goes to a capped worker. */
  private readHere(job: Job): void {
    this.here = job;
    this.readHereCount++;
    void readLedgerWorkbook(job.bytes, SMALL_WORKBOOK)
      .then(
        (workbook) => job.resolve(workbook as never),
        (error: unknown) => {
          if (error instanceof WorkbookError && error.code === 'too-large') this.underTheCap(job);
          else job.reject(readingFailure(error));
        },
      )
      .finally(() => {
        this.here = undefined;
        this.next();
      });
  }

  private spawn(capped: boolean): Slot {
    const worker = new Worker(new URL('./parse-worker.mjs', import.meta.url), {
      resourceLimits: capped ? { maxOldGenerationSizeMb: this.options.maxMemoryMb } : undefined,
    });
    let ready!: () => void;
    const slot: Slot = { worker, ready: new Promise((r) => (ready = r)), capped };
    worker.on('message', (reply: Reply) => {
      if ('ready' in reply) return ready();
      const job = slot.job;
      clearTimeout(slot.timer);
      slot.job = undefined;
      if (job) {
        if (reply.ok) job.resolve(reply.value);
        else if (reply.error.code === 'too-large' && !slot.capped) this.underTheCap(job);
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
          : (readingFailure(error) as WorkbookError),
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
    if (!this.slots.includes(slot)) return;
    const job = slot.job;
    this.drop(slot);
    job?.reject(error);
    this.next();
  }

  /** The worker stopped and forgotten; its 'exit' then finds no slot to fail. */
  private drop(slot: Slot): void {
    this.slots.splice(this.slots.indexOf(slot), 1);
    clearTimeout(slot.timer);
    slot.job = undefined;
    void slot.worker.terminate();
  }
}
