/**
 * Makes the upgrade test's fixture with the version of the product checked out: a county with a
 * closed round and an open one, submissions, a settled and an open conflict, an approved 销号,
 * evidence, and the answers that version gave to the routes the test asks again. Run it in a
 * worktree of the last released commit:
 *
 *   git worktree add /tmp/previous <commit> && cd /tmp/previous && npm ci
 *   npx tsx <this file> <out>/sqlite                     # a SQLite data folder
 *   DATABASE_URL=postgres://… npx tsx <this file> <out>/postgres   # then pg_dump, see test/fixtures/previous-version/README.md
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openCounty } from '../server/cases/open-county.ts';
import { ParsePool } from '../server/formats/workbook/parse-pool.ts';
import { createApp } from '../server/http/app.ts';
import { WriteLimiter } from '../server/http/write-limits.ts';

const OFFICE = 'upgrade-fixture-office-token';
const WATER = '县水利局';
const ENV = '县环境保护局';

const out = resolve(process.argv[2] ?? 'fixture');
mkdirSync(out, { recursive: true });
const { county } = await openCounty(out);
await county.setConfiguredOfficeToken(OFFICE);
const tokens: Record<string, string> = {};
for (const unit of [WATER, ENV]) tokens[unit] = (await county.issueUnitAccess(unit, { kind: 'office' })).token;
const pool = new ParsePool({ size: 1, timeoutMs: 20_000, maxMemoryMb: 256 });
let today = '2019-08-01';
const writes = new WriteLimiter({ perWindow: 1000, windowMs: 60_000, perRound: 1000 });
const app = createApp({ county, pool, today: () => today, maxBodyBytes: 2 * 1024 * 1024, writes });

async function call(path: string, token: string, init: RequestInit = {}): Promise<unknown> {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  const res = await app.request(path, { ...init, headers });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.headers.get('content-type')?.includes('json') ? res.json() : res.arrayBuffer();
}
const post = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const revision = async () => ((await call('/api/tasks', OFFICE)) as { revision: number }).revision;
const submit = async (token: string, rows: unknown[], base?: number) =>
  call('/api/submissions', token, post({ baseRevision: base ?? (await revision()), rows }));
const evidence = (name: string, text: string): RequestInit => {
  const form = new FormData();
  form.set('file', new File([new TextEncoder().encode(`%PDF-1.4\n% ${text}\n`)], name));
  return { method: 'POST', body: form };
};

// July's round: reported and closed.
today = '2019-07-25';
const july = (await call('/api/rounds', OFFICE, post({ period: '2019年7月', deadline: '2019-08-05' }))) as {
  id: string;
};
await submit(tokens[WATER]!, [{ no: 7, progress: '已完成截污工程。' }]);
await submit(tokens[ENV]!, [{ no: 13, progress: '已排查全部点位。', status: '已完成' }]);
await call('/api/tasks/13/evidence', tokens[ENV]!, evidence('整改前后照片.pdf', '七月佐证'));
await call(`/api/rounds/${july.id}/close`, OFFICE, { method: 'POST' });

// August's round, still open: a conflict settled, one left open, a 销号 approved.
today = '2019-08-20';
await call('/api/rounds', OFFICE, post({ period: '2019年8月', deadline: '2019-09-05' }));
const base = await revision();
await submit(OFFICE, [{ no: 7, unit: WATER, progress: '办公室更正：截污工程已完成80%。' }], base);
const first = (await submit(tokens[WATER]!, [{ no: 7, progress: '截污工程全部完成。' }], base)) as {
  conflicts: { id: number }[];
};
await call(`/api/conflicts/${first.conflicts[0]!.id}/resolve`, OFFICE, post({ value: '截污工程全部完成。' }));
const later = await revision();
await submit(OFFICE, [{ no: 8, unit: WATER, progress: '办公室核实：河道清理进行中。' }], later);
await submit(tokens[WATER]!, [{ no: 8, progress: '河道清理已完成。' }], later);
const asked = (await call('/api/tasks/13/closure', tokens[ENV]!, post({ note: '已全部整改到位' }))) as { id: number };
await call(`/api/closures/${asked.id}/approve`, OFFICE, { method: 'POST' });
await call('/api/tasks/13/evidence', tokens[ENV]!, evidence('验收报告.pdf', '八月验收'));

/** What the test asks the upgraded service again, as this version answered it. */
const answers: Record<string, unknown> = {};
for (const path of ['/api/tasks', '/api/conflicts', '/api/rounds', '/api/closures', '/api/tasks/13/evidence'])
  answers[path] = await call(path, OFFICE);
writeFileSync(
  join(out, '..', `${process.env.DATABASE_URL ? 'postgres' : 'sqlite'}-answers.json`),
  `${JSON.stringify({ officeToken: OFFICE, tokens, today, answers }, null, 2)}\n`,
);
await pool.close();
await county.close();
