/**
 * A refusal answered before a large body is read arrives as a refusal: a client still uploading
 * gets the status and the message (请…秒后再试, 超过10 MB), not a broken connection.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, stopService, type Running } from '../helpers/process.ts';
import { prepareDataDir } from '../helpers/service.ts';

let service: Running;
let water: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-refusals-'));
  water = await prepareDataDir(dir, '县水利局');
  service = await startService({ DATA_DIR: dir, LEDGER_OFFICE_TOKEN: 'refusals-office-token' });
});
afterAll(async () => {
  if (service) await stopService(service);
});

/** A workbook upload of this many megabytes, as the unit page or the add-in sends it. */
const upload = (path: string, megabytes: number) => {
  const form = new FormData();
  form.set('file', new File([new Uint8Array(megabytes * 1024 * 1024)], '进展.xlsx'));
  return fetch(`${service.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${water}` }, body: form });
};

describe('refusals answered before the body is read', () => {
  it('answers 413 with its message to a 200 MB upload', async () => {
    const refused = await upload('/api/submissions', 200);
    expect(refused.status).toBe(413);
    expect((await refused.json()).error.message).toContain('超过10 MB');
  });

  it('answers 429 with Retry-After and its message to an upload past the minute limit', async () => {
    const json = { authorization: `Bearer ${water}`, 'content-type': 'application/json' };
    for (let i = 0; i < 20; i++)
      await fetch(`${service.url}/api/submissions`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ baseRevision: 1, rows: [] }),
      });
    const refused = await upload('/api/submissions', 9);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await refused.json()).error.message).toMatch(/请\d+秒后再试/);
  });
});
