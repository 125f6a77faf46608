/** The ledger command run as a technician runs it, timed, with its peak resident memory (VmHWM from /proc). */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Runs `ledger <args>`; answers its time, its peak memory in MB while it ran, and what it printed. */
export function ledgerPeak(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ ms: number; peakMb: number; out: string }> {
  const root = join(import.meta.dirname, '..');
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, 'bin', 'ledger.js'), ...args], { cwd: root, env });
  let out = '';
  let peakKb = 0;
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const watch = setInterval(() => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
    } catch {}
  }, 50);
  return new Promise((resolve, reject) =>
    child.on('close', (status) => {
      clearInterval(watch);
      if (status !== 0) reject(new Error(out));
      else resolve({ ms: performance.now() - started, peakMb: Math.round(peakKb / 1024), out });
    }),
  );
}
