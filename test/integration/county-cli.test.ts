/** The county's command line, as an office's technician runs it: import into a data folder, back up, restore. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ledgerCli, startService, stopService, type Running } from '../helpers/process.ts';
import { QINGSHAN_PLAN_PATH } from '../helpers/qingshan.ts';

const OFFICE = 'county-cli-office-token';
const PLAN = QINGSHAN_PLAN_PATH;
const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => stopService(r, 'SIGKILL')));
});
async function start(dir: string) {
  const service = await startService({ DATA_DIR: dir, LEDGER_OFFICE_TOKEN: OFFICE });
  running.push(service);
  return service;
}
const get = (service: Running, path: string) =>
  fetch(`${service.url}${path}`, { headers: { authorization: `Bearer ${OFFICE}` } }).then((r) => r.json());

describe('the county from the command line', () => {
  it('imports a plan into a data folder, which the service then serves, and accepts the stamped workbook back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-into-'));
    const roster = join(dir, '..', `${Date.now()}-roster.json`);
    writeFileSync(
      roster,
      JSON.stringify({
        county: '青山县',
        units: [
          { name: '东坪镇', kind: 'township' },
          { name: '西河乡', kind: 'township' },
        ],
        groups: [{ name: '各乡镇人民政府', memberKinds: ['township'] }],
        leaders: [],
      }),
    );
    const workbook = join(dir, '..', `${Date.now()}-master.xlsx`);
    const result = ledgerCli(['import', PLAN, '--into', dir, '--registry', roster, '-o', workbook], {});
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('已建立台账');
    expect(result.stdout).toContain(
      '“县住房城乡建设局”不在名册中，已作为新单位加入（可能与“县住房和城乡建设局”是同一单位',
    );

    const service = await start(dir);
    const { ledgers } = await get(service, '/api/ledgers');
    expect(ledgers).toHaveLength(1);
    expect(ledgers[0].tasks).toBe(5);
    const form = new FormData();
    form.set('file', new File([readFileSync(workbook)], 'master.xlsx'));
    const upload = await fetch(`${service.url}/api/submissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${OFFICE}` },
      body: form,
    });
    expect(upload.status).toBe(200);
    expect((await upload.json()).applied).toEqual([]);
  });

  it("backs up a running service's data and restores it into an empty folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-backup-'));
    const service = await start(dir);
    await fetch(`${service.url}/api/submissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${OFFICE}`, 'content-type': 'application/json' },
      body: JSON.stringify({ baseRevision: 1, rows: [{ no: 7, unit: '县水利局', progress: '备份前写入的进展' }] }),
    });
    const zip = join(dir, '..', `${Date.now()}-backup.zip`);
    const backup = ledgerCli(['backup', zip], { DATA_DIR: dir });
    expect(backup.status).toBe(0);
    await stopService(service);

    const restored = mkdtempSync(join(tmpdir(), 'ledger-restored-'));
    expect(ledgerCli(['restore', zip], { DATA_DIR: restored }).status).toBe(0);
    expect(ledgerCli(['restore', zip], { DATA_DIR: restored }).stdout).toContain('不是空的');
    const again = await start(restored);
    const tasks = await get(again, '/api/tasks');
    expect(tasks.tasks.find((t: { no: number }) => t.no === 7).byUnit['县水利局'].progress).toBe('备份前写入的进展');
  });
});
