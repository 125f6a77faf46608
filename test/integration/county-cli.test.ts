/** The county's command line, as an office's technician runs it: import into a data folder, back up, restore. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ledgerPeak } from '../../bench/peak.ts';
import { answerOf, apiClient, attachEvidenceTo, submitRowsTo, uploadTo } from '../../server/http/client.ts';
import { openCounty } from '../../server/cases/open-county.ts';
import { ledgerCli, ledgerCliAsync, startService, stopService, type Running } from '../helpers/process.ts';
import { QINGSHAN_PLAN_PATH } from '../helpers/qingshan.ts';

const OFFICE = 'county-cli-office-token';
const PLAN = QINGSHAN_PLAN_PATH;
const ICON = fileURLToPath(new URL('../../addin/assets/icon-80.png', import.meta.url));
const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => stopService(r, 'SIGKILL')));
});
async function start(dir: string) {
  const service = await startService({ DATA_DIR: dir, LEDGER_OFFICE_TOKEN: OFFICE });
  running.push(service);
  return service;
}
/** The office's typed client of a running service. */
const officeOf = (service: Running) => apiClient(service.url, OFFICE);

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
      '“县住房城乡建设局”不在名册中，已作为新单位加入（按常用的简称和写法，“县住房城乡建设局”即“县住房和城乡建设局”',
    );

    const service = await start(dir);
    const office = officeOf(service);
    const { ledgers } = await answerOf(office.ledgers.$get());
    expect(ledgers).toHaveLength(1);
    expect(ledgers[0]!.tasks).toBe(5);
    const file = new File([readFileSync(workbook)], 'master.xlsx');
    expect((await answerOf(uploadTo(office, ledgers[0]!.id, file))).applied).toEqual([]);
  });

  it("gives a new county the plan's own units, never the bundled county's, with groups as groups", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ledger-new-county-')), 'data');
    const result = ledgerCli(['import', PLAN, '--into', dir, '--title', '青山县整改台账'], {});
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('“各乡镇人民政府”不在名册中，已作为单位组加入（成员：全部乡镇）');
    expect(result.stdout).toContain('“东坪镇”不在名册中，已作为新单位加入');
    const { county } = await openCounty(dir, { seed: false });
    try {
      const roster = county.registry.data;
      expect(roster.units.map((u) => u.name)).not.toContain('城关镇');
      expect(roster.groups.map((g) => g.name)).toEqual(['各乡镇人民政府']);
      expect(county.registry.expand('各乡镇人民政府').sort()).toEqual(['东坪镇', '西河乡']);
      expect(county.ledgers()[0]!.title).toBe('青山县整改台账');
      expect(roster.county).toBe('青山县');
    } finally {
      await county.close();
    }
  });

  it('starts a new county from its own 单位名册 file with --roster and --county', async () => {
    const work = mkdtempSync(join(tmpdir(), 'ledger-roster-'));
    const roster = join(work, '名册.csv');
    writeFileSync(
      roster,
      '单位名称,简称/别称,类别,所属单位组\n县住房和城乡建设局,县住房城乡建设局,县直部门,\n东坪镇,,乡镇,各乡镇人民政府\n西河乡,,乡镇,各乡镇人民政府\n',
    );
    const dir = join(work, 'data');
    const result = ledgerCli(['import', PLAN, '--into', dir, '--roster', roster, '--county', '青山县'], {});
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain('“县住房城乡建设局”不在名册中');
    expect(result.stdout).not.toContain('“各乡镇人民政府”不在名册中');
    const { county } = await openCounty(dir, { seed: false });
    try {
      expect(county.registry.data.county).toBe('青山县');
      expect(county.registry.expand('各乡镇人民政府').sort()).toEqual(['东坪镇', '西河乡']);
    } finally {
      await county.close();
    }
  });

  it('backs up the whole county while serving: reports, a closed round and evidence, restored byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-backup-'));
    const service = await start(dir);
    const office = officeOf(service);
    const { ledgerId } = await answerOf(office.tasks.$get());
    await answerOf(
      submitRowsTo(office, ledgerId, {
        baseRevision: 1,
        rows: [{ no: 7, unit: '县水利局', progress: '备份前写入的进展' }],
      }),
    );
    const round = await answerOf(
      office.rounds.$post({ json: { period: '2019年7月', deadline: '2019-08-05', confirmPast: true } }),
    );
    const photos = [readFileSync(ICON), Buffer.concat([readFileSync(ICON), Buffer.from('另一张')])];
    for (const [n, bytes] of photos.entries()) {
      await answerOf(attachEvidenceTo(office, ledgerId, 7, new File([bytes], `整改照片${n + 1}.png`)));
    }
    await answerOf(office.rounds[':id'].close.$post({ param: { id: round.id } }));
    const before = await answerOf(office.evidence.$get());

    const zip = join(dir, '..', `${Date.now()}-backup.zip`);
    const backup = ledgerCli(['backup', zip], { DATA_DIR: dir });
    expect(backup.status).toBe(0);
    expect(backup.stdout).toContain('2 个佐证材料文件');
    expect(statSync(zip).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'ledgers')).mode & 0o777).toBe(0o700);
    await stopService(service);

    const restored = join(mkdtempSync(join(tmpdir(), 'ledger-restored-')), 'data');
    expect(ledgerCli(['restore', zip], { DATA_DIR: restored }).status).toBe(0);
    expect(ledgerCli(['restore', zip], { DATA_DIR: restored }).stdout).toContain('不是空的');
    const again = await start(restored);
    const restoredOffice = officeOf(again);
    const tasks = await answerOf(restoredOffice.tasks.$get());
    expect(tasks.tasks.find((t) => t.no === 7)!.byUnit['县水利局']!.progress).toBe('备份前写入的进展');
    const { rounds } = await answerOf(restoredOffice.rounds.$get());
    expect(rounds.map((r) => [r.id, Boolean(r.closedAt)])).toEqual([[round.id, true]]);
    const after = await answerOf(restoredOffice.evidence.$get());
    expect(after).toEqual(before);
    for (const [n, bytes] of photos.entries()) {
      const listed = after.evidence.find((e) => e.name === `整改照片${n + 1}.png`)!;
      const res = await restoredOffice.evidence[':id'].$get({ param: { id: String(listed.id) } });
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    }
    expect((await restoredOffice['evidence.zip'].$get({ query: {} })).status).toBe(200);
  }, 90_000);

  it('restores a backup in memory that does not follow its size', async () => {
    const work = mkdtempSync(join(tmpdir(), 'ledger-big-backup-'));
    try {
      const dir = join(work, 'data');
      const { county } = await openCounty(dir);
      const water = { kind: 'unit' as const, unit: '县水利局' };
      // 285 MB of photographs' worth: five 19 MB files on each of three tasks.
      for (const no of [7, 8, 10])
        for (let n = 0; n < 5; n++) {
          const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(19 * 1024 * 1024)]);
          await county.defaultLedger!.evidence.attach(no, water, { name: `现场${no}-${n}.pdf`, bytes });
        }
      await county.close();
      const zip = join(work, 'big.zip');
      expect((await ledgerPeak(['backup', zip], { ...process.env, DATA_DIR: dir })).out).toContain('15 个佐证材料文件');
      expect(statSync(zip).size).toBeGreaterThan(285 * 1024 * 1024);
      const restore = await ledgerPeak(['restore', zip], { ...process.env, DATA_DIR: join(work, 'restored') });
      expect(restore.out).toContain('15 个佐证材料文件');
      expect(restore.peakMb).toBeLessThan(240);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    // 285 MB written, backed up and restored through the disk: about 18 s on a quiet machine.
  }, 120_000);
});

describe('a backup that would not serve: refused, nothing written, exit 2', () => {
  let work = '';
  let good = '';
  let entries: Record<string, Uint8Array> = {};
  let ledgerDb = '';
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'ledger-bad-backup-'));
    const dir = join(work, 'data');
    ledgerCli(['import', PLAN, '--into', dir], {});
    good = join(work, 'good.zip');
    expect(ledgerCli(['backup', good], { DATA_DIR: dir }).status).toBe(0);
    entries = unzipSync(readFileSync(good));
    ledgerDb = Object.keys(entries).find((n) => n.startsWith('ledgers/'))!;
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** The backup with one of its databases changed by a statement, as a hand or an older version left it. */
  const altered = (name: string, sql: string) => {
    const path = join(work, `altered-${Math.random()}.sqlite`);
    writeFileSync(path, entries[name]!);
    const db = new Database(path);
    db.exec(sql);
    db.close();
    return { ...entries, [name]: new Uint8Array(readFileSync(path)) };
  };
  /** Restores each backup side by side, each into its own folder: each refused with its reason, nothing left behind. */
  const refusedAll = (cases: [string, Record<string, Uint8Array>, string][]) =>
    Promise.all(
      cases.map(async ([name, files, message]) => {
        writeFileSync(join(work, name), zipSync(files));
        const target = join(work, `restored-${name}`);
        const result = await ledgerCliAsync(['restore', join(work, name)], { DATA_DIR: target });
        expect(result.status, name).toBe(2);
        expect(result.stdout, name).toContain(message);
        expect(result.stdout, name).toMatch(/没有写入任何数据|不是台账备份/);
        expect(existsSync(target), name).toBe(false);
      }),
    );

  it("accepts an older version's backup (before numbered migrations) and migrates it", async () => {
    const older = join(work, 'older.zip');
    const before = 'ALTER TABLE submissions DROP COLUMN sent; PRAGMA user_version = 0';
    writeFileSync(older, zipSync(altered(ledgerDb, before)));
    const upgraded = await ledgerCliAsync(['restore', older], { DATA_DIR: join(work, 'restored-older') });
    expect(upgraded.status).toBe(0);
  });

  it('refuses a backup cut short, and a file that is no zip at all', async () => {
    const raw = readFileSync(good);
    const damaged: [string, Uint8Array][] = [
      ['truncated.zip', raw.subarray(0, Math.floor(raw.length / 2))],
      ['photo.zip', strToU8('GIF89a 不是压缩文件')],
    ];
    await Promise.all(
      damaged.map(async ([name, bytes]) => {
        writeFileSync(join(work, name), bytes);
        const target = join(work, `restored-${name}`);
        const result = await ledgerCliAsync(['restore', join(work, name)], { DATA_DIR: target });
        expect(result.status, name).toBe(2);
        expect(result.stdout, name).toContain('不是完整的台账备份文件');
        expect(existsSync(target), name).toBe(false);
      }),
    );
  });

  it('refuses databases a hand changed: a trigger or a column added, a column missing', async () => {
    await refusedAll([
      [
        'trigger.zip',
        altered(
          'county.sqlite',
          'CREATE TRIGGER keep_links AFTER UPDATE ON tokens BEGIN UPDATE tokens SET revoked_at = NULL WHERE id = NEW.id; END',
        ),
        '多出 trigger keep_links',
      ],
      ['column.zip', altered(ledgerDb, 'ALTER TABLE cells ADD COLUMN note TEXT'), '多出 column cells.note'],
      ['missing.zip', altered('county.sqlite', 'ALTER TABLE tokens DROP COLUMN label'), '缺少 column tokens.label'],
    ]);
  });

  it('refuses what is no ledger backup: not a database, no ledger, tampered evidence, a bomb, other files', async () => {
    await refusedAll([
      ['text.zip', { 'county.sqlite': strToU8('这不是数据库') }, 'county.sqlite 不是完好的数据库'],
      ['no-ledger.zip', { 'county.sqlite': entries['county.sqlite']! }, '缺少台账数据库'],
      [
        'tampered.zip',
        { ...entries, [`evidence/ab/${'ab'.padEnd(64, '0')}`]: strToU8('改过的文件') },
        '与其校验值不符',
      ],
      ['bomb.zip', { 'county.sqlite': new Uint8Array(256 * 1024 * 1024) }, '解压后有 268435456 字节，超出合理大小'],
      ['notes.zip', { 'readme.txt': strToU8('不是备份') }, '中没有 county.sqlite，不是台账备份'],
    ]);
    expect(readdirSync(work).filter((f) => f.includes('restoring'))).toEqual([]);
  });
});
