/**
 * A PostgreSQL server for the tests: the one TEST_DATABASE_URL names (CI starts Debian's), or a
 * throwaway cluster of Debian's postgresql started here in a temporary folder and stopped after.
 * Started once per run by test/postgres-setup.ts; each test makes a database of its own on it.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './process.ts';

/** Debian's server programs, newest version first. */
function serverBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const bin = versions.map((v) => join(root, v, 'bin')).find((b) => existsSync(join(b, 'initdb')));
  if (!bin)
    throw new Error(
      "PostgreSQL is needed for these tests: set TEST_DATABASE_URL, or install Debian's postgresql (.ci/run does).",
    );
  return bin;
}

export interface Cluster {
  url: string;
  /** Stops it for good and removes its files. */
  stop: () => void;
  /** Stops the server, keeping its data, as an outage would; `resume` starts it again on the same port. */
  halt: () => void;
  resume: () => void;
}

/** Starts a cluster as the postgres user (the server refuses to run as root); answers its URL and how to stop it. */
export async function startCluster(): Promise<Cluster> {
  const bin = serverBin();
  const root = mkdtempSync(join(tmpdir(), 'ledger-pg-'));
  chmodSync(root, 0o755);
  const data = join(root, 'data');
  mkdirSync(data, { mode: 0o700 });
  const asRoot = userInfo().uid === 0;
  const run = (program: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, program), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, program), args, { stdio: 'pipe' });
  if (asRoot) {
    const { uid, gid } = userIdsOf('postgres');
    chownSync(root, uid, gid);
    chownSync(data, uid, gid);
  }
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  const start = () =>
    run('pg_ctl', [
      '-D',
      data,
      '-w',
      '-l',
      join(root, 'log'),
      '-o',
      `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
      'start',
    ]);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
    halt: () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
    resume: start,
  };
}

function userIdsOf(name: string): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, name]).toString());
  return { uid: id('-u'), gid: id('-g') };
}
