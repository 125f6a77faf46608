/**
 * Files converted by LibreOffice (an old .xls, a WPS .et, an .ods to .xlsx; a plan's .xls): one
 * conversion at a time, a few waiting (beyond them 503 with Retry-After) and one per submitter (a
 * unit's six tiny files never fill the queue for the others), each in a fresh profile, under a
 * memory cap and a time limit, its whole process group killed when it overruns. The cap holds for
 * each process's address space (prlimit) and for the memory the group holds together (LibreOffice
 * starts itself again on a fresh profile: the service adds up what they hold while they run). A
 * hostile spreadsheet costs its own request, never the server.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerError, type ErrorCode } from '../../errors.ts';

export interface ConverterOptions {
  /** Conversions waiting or running; one more is answered 503. */
  maxWaiting: number;
  /** The converter's address space, in MB. */
  memoryMb: number;
  timeoutMs: number;
  /** The program run, `soffice` unless a test gives its own. */
  command?: string;
}

export const CONVERTER_DEFAULTS: ConverterOptions = {
  maxWaiting: 4,
  memoryMb: Number(process.env.LEDGER_CONVERT_MB ?? 1024),
  timeoutMs: 60_000,
};

const PRLIMIT = ['/usr/bin/prlimit', '/bin/prlimit'].find(existsSync);
/** Linux's page size on the machines this runs on. */
const PAGE = 4096;

type Outcome = 'done' | 'missing' | 'timeout' | 'failed';

/** The memory every process in a group holds (resident), in bytes, from /proc (0 where there is none). */
export function groupResident(group: number): number {
  let total = 0;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return 0;
  }
  for (const pid of pids) {
    try {
      // After the command's name in parentheses: state, ppid, pgrp (5th field) … rss in pages (24th).
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === group) total += Number(fields[21]) * PAGE;
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}

/** Runs soffice in its own process group; resolves how it ended. */
function soffice(args: string[], options: ConverterOptions): Promise<Outcome> {
  const program = options.command ?? 'soffice';
  const cap = options.memoryMb * 1024 * 1024;
  const command = PRLIMIT ? [PRLIMIT, `--as=${cap}`, '--', program, ...args] : [program, ...args];
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { detached: true, stdio: 'ignore' });
    let ended: Outcome | undefined;
    const kill = (why: Outcome) => {
      ended ??= why;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {}
    };
    const timer = setTimeout(() => kill('timeout'), options.timeoutMs);
    const watch = setInterval(() => {
      if (child.pid && groupResident(child.pid) > cap) kill('failed');
    }, 200);
    const stop = () => {
      clearTimeout(timer);
      clearInterval(watch);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      stop();
      resolve(error.code === 'ENOENT' ? 'missing' : 'failed');
    });
    child.on('exit', (code) => {
      stop();
      resolve(ended ?? (code === 0 ? 'done' : 'failed'));
    });
  });
}

export class Converter {
  private waiting = 0;
  /** Conversions waiting or running, per submitter. */
  private readonly bySubmitter = new Map<string, number>();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(readonly options: ConverterOptions = CONVERTER_DEFAULTS) {}

  /**
   * The file converted (`to` may name a filter, as `xlsx:Calc MS Excel 2007 XML`), or a clear
   * refusal. A submitter (a unit's name) has one conversion waiting or running at a time.
   */
  convert(
    bytes: Uint8Array,
    from: string,
    to: string,
    code: ErrorCode = 'not-a-plan',
    submitter = '',
  ): Promise<Uint8Array> {
    const seconds = Math.ceil(this.options.timeoutMs / 1000);
    if (submitter && this.bySubmitter.get(submitter))
      return Promise.reject(
        new LedgerError(
          'busy',
          `${submitter}已有一个表格正在转换，请等它有了结果再上传下一个；也可以在 Excel 或 WPS 中“另存为” .xlsx 后上传，无需转换。` +
            'A file from this submitter is being converted; wait for its answer.',
          seconds,
        ),
      );
    if (this.waiting >= this.options.maxWaiting) {
      return Promise.reject(
        new LedgerError(
          'converter-busy',
          `服务器正在转换其他单位的表格，请${seconds}秒后再试；也可以在 Excel 或 WPS 中“另存为” .xlsx 后上传，无需转换。` +
            'The converter is busy; try again shortly, or save the file as .xlsx.',
          seconds,
        ),
      );
    }
    this.waiting++;
    this.bySubmitter.set(submitter, (this.bySubmitter.get(submitter) ?? 0) + 1);
    const turn = this.tail.then(() => this.run(bytes, from, to, code));
    this.tail = turn.catch(() => undefined);
    return turn.finally(() => {
      this.waiting--;
      const left = this.bySubmitter.get(submitter)! - 1;
      if (left > 0) this.bySubmitter.set(submitter, left);
      else this.bySubmitter.delete(submitter);
    });
  }

  private async run(bytes: Uint8Array, from: string, to: string, code: ErrorCode): Promise<Uint8Array> {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-convert-'));
    try {
      writeFileSync(join(dir, `in.${from}`), bytes);
      const outcome = await soffice(
        [
          `-env:UserInstallation=file://${dir}/profile`,
          '--headless',
          '--convert-to',
          to,
          '--outdir',
          join(dir, 'out'),
          join(dir, `in.${from}`),
        ],
        this.options,
      );
      const out = join(dir, 'out', `in.${to.split(':')[0]}`);
      if (outcome === 'done' && existsSync(out)) return readFileSync(out);
      throw new LedgerError(code, refusal(outcome, this.options));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

function refusal(outcome: Outcome, options: ConverterOptions): string {
  if (outcome === 'missing')
    return '服务器上没有安装 LibreOffice，无法转换旧版 Excel/WPS/OpenDocument 表格：请在 Excel 或 WPS 中“另存为” .xlsx 后再上传。Save it as .xlsx first.';
  if (outcome === 'timeout')
    return `这个表格${Math.round(options.timeoutMs / 1000)}秒内没有转换完，已放弃：请在 Excel 或 WPS 中删去多余的工作表后“另存为” .xlsx 再上传。The conversion took too long.`;
  return `这个表格无法转换（转换时出错，或所需内存超过${options.memoryMb} MB）：请在 Excel 或 WPS 中删去多余的工作表后“另存为” .xlsx 再上传。The file could not be converted.`;
}

/** The service's one converter. */
export const converter = new Converter();

export const convertWithLibreOffice = (
  bytes: Uint8Array,
  from: string,
  to: string,
  code?: ErrorCode,
  submitter?: string,
) => converter.convert(bytes, from, to, code, submitter);
