/**
 * A county moving into the city's PostgreSQL database, and backed up there: `ledger backup` of a
 * SQLite data folder restored with DATABASE_URL into a county of the shared database; that
 * county backed up (the project's own export) and restored into another database; nothing lost,
 * tokens still valid, and a county that has data never overwritten.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { unzipSync, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { openCounty } from '../../server/cases/open-county.ts';
import { SqliteStorage } from '../../server/store/storage.ts';
import type { County } from '../../server/cases/county.ts';
import { countyOf, freshDatabase } from '../helpers/postgres.ts';
import { ledgerCliAsync } from '../helpers/process.ts';
import { QINGSHAN_PLAN_PATH } from '../helpers/qingshan.ts';
import { answerOf, attachEvidenceTo } from '../../server/http/client.ts';
import { testService } from '../helpers/service.ts';

const ICON = readFileSync(fileURLToPath(new URL('../../addin/assets/icon-80.png', import.meta.url)));
const OFFICE = { kind: 'office' } as const;
const opened: County[] = [];
afterEach(async () => {
  for (const county of opened.splice(0)) await county.close();
});

/** A county of the shared database, served from `dir` (where its evidence files are). */
async function countyIn(url: string, id: string, dir: string) {
  const { county } = await openCounty(dir, {
    seed: false,
    storage: await countyOf(url, id),
  });
  opened.push(county);
  return county;
}

/** What a county holds that must survive the move, as its office and units see it. */
async function contents(county: County) {
  const ledger = county.defaultLedger!;
  return {
    ledgers: county.ledgers().map((l) => [l.ledgerId, l.title]),
    revision: await ledger.revision(),
    tasks: await ledger.taskViews(OFFICE),
    rounds: await ledger.rounds(),
    conflicts: await ledger.conflicts('all'),
    evidence: await ledger.evidence.all(OFFICE),
    roster: county.registry.data,
  };
}

describe('a county moving between databases', () => {
  it('goes from a SQLite data folder into the shared database, and from there into another, whole', async () => {
    // A county on SQLite with a month in it: reports, a conflict, a closed round, a photo.
    const s = await testService();
    const water = await s.tokenOf('县水利局');
    await s.submit('县水利局', { baseRevision: 1, rows: [{ no: 7, progress: '截污完成' }] });
    await s.submit('office', { baseRevision: 2, rows: [{ no: 7, unit: '县水利局', progress: '办公室改' }] });
    await s.submit('县水利局', { baseRevision: 2, rows: [{ no: 7, progress: '水利局再报' }] });
    const round = await answerOf(
      s.office.rounds.$post({ json: { period: '2019年7月', deadline: '2019-08-05', confirmPast: true } }),
    );
    const icon = new File([new Uint8Array(ICON)], '整改后.png');
    await answerOf(attachEvidenceTo(await s.unit('县水利局'), s.ledger.ledgerId, 7, icon));
    await answerOf(s.office.rounds[':id'].close.$post({ param: { id: round.id } }));
    const before = await contents(s.county);
    expect(before.conflicts).toHaveLength(1);
    const sqliteZip = join(mkdtempSync(join(tmpdir(), 'ledger-move-')), 'county.zip');
    const backup = await ledgerCliAsync(['backup', sqliteZip], { DATA_DIR: s.dir });
    expect(backup.status).toBe(0);
    await s.close();

    const city = await freshDatabase();
    const folder = () => mkdtempSync(join(tmpdir(), 'ledger-into-'));
    const cli = (command: string, zip: string, url: string, county: string, dir: string) =>
      ledgerCliAsync([command, zip], { DATA_DIR: dir, DATABASE_URL: url, LEDGER_COUNTY: county });
    const home = folder();
    const moved = await cli('restore', sqliteZip, city, 'luanchuan', home);
    expect(moved.stderr).toBe('');
    expect(moved.stdout).toContain('1 本台账和 1 个佐证材料文件');
    const there = await countyIn(city, 'luanchuan', home);
    expect(await contents(there)).toEqual(before);
    expect(await there.actorForToken(water)).toEqual({ kind: 'unit', unit: '县水利局' });
    // The command line works on the shared database too: a new device for a unit.
    const issued = await ledgerCliAsync(['token', '水利局'], {
      DATA_DIR: home,
      DATABASE_URL: city,
      LEDGER_COUNTY: 'luanchuan',
    });
    expect(issued.status).toBe(0);
    const device = issued.stdout.trim().split('\n').at(-1)!;
    expect(await there.actorForToken(device)).toEqual({ kind: 'unit', unit: '县水利局' });
    const photo = await there.defaultLedger!.evidence.file(before.evidence[0]!.id, OFFICE);
    expect(Buffer.from(photo.bytes).equals(ICON)).toBe(true);

    // A county that has data is never overwritten.
    const again = await cli('restore', sqliteZip, city, 'luanchuan', folder());
    expect(again.status).toBe(2);
    expect(again.stdout).toContain('已有县“luanchuan”的数据');
    // A SQLite backup whose ledger database lacks a table is refused whole, as the SQLite restore refuses it.
    const parts = unzipSync(readFileSync(sqliteZip));
    const ledgerDb = Object.keys(parts).find((n) => n.startsWith('ledgers/'))!;
    const scratch = join(mkdtempSync(join(tmpdir(), 'ledger-move-')), 'ledger.sqlite');
    writeFileSync(scratch, parts[ledgerDb]!);
    const db = new Database(scratch);
    db.exec('DROP TABLE closures');
    db.close();
    parts[ledgerDb] = readFileSync(scratch);
    const damagedZip = join(mkdtempSync(join(tmpdir(), 'ledger-move-')), 'damaged.zip');
    writeFileSync(damagedZip, zipSync(parts));
    const damaged = await cli('restore', damagedZip, city, 'damaged', folder());
    expect(damaged.status).toBe(2);
    expect(damaged.stdout + damaged.stderr).toContain('缺少数据表 closures');
    expect((await countyIn(city, 'damaged', folder())).ledgers()).toEqual([]);

    // Backed up from the shared database (its own export), restored into another database.
    const pgZip = join(mkdtempSync(join(tmpdir(), 'ledger-move-')), 'export.zip');
    const exported = await cli('backup', pgZip, city, 'luanchuan', home);
    expect(exported.stdout).toContain('1 本台账和 1 个佐证材料文件');
    const province = await freshDatabase();
    const copyHome = folder();
    expect((await cli('restore', pgZip, province, 'luanchuan-copy', copyHome)).status).toBe(0);
    const copy = await countyIn(province, 'luanchuan-copy', copyHome);
    expect(await contents(copy)).toEqual(before);

    // Leaving the shared database for a machine of its own: the export restored into a SQLite data folder.
    const own = join(folder(), 'data');
    const left = await ledgerCliAsync(['restore', pgZip], { DATA_DIR: own });
    expect(left.stdout + left.stderr).toContain('已从');
    const { county: alone } = await openCounty(own, { seed: false, storage: new SqliteStorage(own) });
    opened.push(alone);
    expect(await contents(alone)).toEqual(before);
    expect(await alone.actorForToken(water)).toEqual({ kind: 'unit', unit: '县水利局' });

    // Restored beside other counties, the ids are the county's own, and new writes go on from them.
    const secondHome = folder();
    const placed = await cli('restore', pgZip, city, 'second', secondHome);
    expect(placed.stdout + placed.stderr).toContain('已从');
    const second = await countyIn(city, 'second', secondHome);
    const next = await second.defaultLedger!.write(
      {
        actor: { kind: 'unit', unit: '县水利局' },
        baseRevision: before.revision,
        rows: [{ no: 8, values: { progress: '新的一月' } }],
      },
      'json',
    );
    expect(next.result.applied).toHaveLength(1);
    const elsewhere = await there.defaultLedger!.write(
      {
        actor: { kind: 'unit', unit: '县水利局' },
        baseRevision: before.revision,
        rows: [{ no: 8, values: { progress: '原县的新一月' } }],
      },
      'json',
    );
    expect(elsewhere.submission).not.toBe(next.submission);
    expect((await second.defaultLedger!.taskViews(OFFICE)).find((t) => t.no === 8)?.byUnit['县水利局']?.progress).toBe(
      '新的一月',
    );
  }, 90_000);

  it('takes a new plan from the command line into a county of the shared database', async () => {
    const url = await freshDatabase();
    const home = mkdtempSync(join(tmpdir(), 'ledger-import-pg-'));
    const env = { DATA_DIR: home, DATABASE_URL: url, LEDGER_COUNTY: 'qingshan' };
    const made = await ledgerCliAsync(['import', QINGSHAN_PLAN_PATH, '--into', home, '--county', '青山县'], env);
    expect(made.status).toBe(0);
    expect(made.stdout).toContain('已建立台账');
    const county = await countyIn(url, 'qingshan', home);
    expect(county.registry.data.county).toBe('青山县');
    expect(county.ledgers()).toHaveLength(1);
    expect((await county.defaultLedger!.taskRefs()).length).toBeGreaterThan(0);
    // Another county of the same database sees none of it.
    const other = await countyIn(url, 'elsewhere', mkdtempSync(join(tmpdir(), 'ledger-elsewhere-')));
    expect(other.ledgers()).toEqual([]);
  }, 60_000);
});
