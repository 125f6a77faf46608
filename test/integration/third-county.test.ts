/**
 * A third county, written for these tests, set up as its office would: its own 单位名册 from a
 * file, then its plan (heading 白河县, the usual abbreviations and group phrases), through the
 * service's API and the command line.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCounty } from '../../server/cases/open-county.ts';
import { ledgerCli } from '../helpers/process.ts';
import { answerOf, type PreviewAnswer } from '../../server/http/client.ts';
import { clientOf, emptyCountyPerTest, refusalOf } from '../helpers/service.ts';

const OFFICE = 'baihe-office-token-0001';
const PLAN = join(import.meta.dirname, '..', 'fixtures', 'baihe-plan.txt');
const ROSTER = [
  '单位名称,简称/别称,类别,所属单位组',
  '县委办公室,,县委部门,',
  '县委宣传部,,县委部门,',
  '县政府办公室,,县直部门,',
  '县环境保护局,,县直部门,县直有关部门',
  '县住房和城乡建设局,,县直部门,县直有关部门',
  '白河镇,,乡镇,',
  '清水乡,,乡镇,',
].join('\n');

const emptyCounty = emptyCountyPerTest(OFFICE, { today: () => '2021-01-15' });

const fileOf = (bytes: Uint8Array | string, name: string) =>
  new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name);

/** The county and what its office does through the API: the roster from a file, a plan previewed and created. */
async function newCounty() {
  const { county, app } = await emptyCounty();
  const office = clientOf(app, OFFICE);
  return {
    county,
    office,
    rosterFile: (text: string, name: string, named: { county?: string } = {}) =>
      answerOf(office.roster.file.$post({ form: { file: fileOf(text, name), ...named } })),
    preview: (plan: Uint8Array, name: string) =>
      answerOf(office.ledgers.preview.$post({ form: { file: fileOf(plan, name) } })),
    create: (plan: Uint8Array, name: string, units: string) =>
      answerOf(office.ledgers.$post({ form: { file: fileOf(plan, name), units } })),
  };
}

/** The office's answer to each name the preview found new: what was proposed, as the dashboard preselects it. */
const acceptProposals = (preview: PreviewAnswer) =>
  JSON.stringify(
    preview.units
      .filter((u) => u.status === 'new' || u.status === 'new-group')
      .map((u) => ({ written: u.written, as: ('proposal' in u && u.proposal) || '' })),
  );

describe('a new county, 白河县, set up right the first time', () => {
  it('imports its roster, previews its plan with proposals it can trust, and creates the ledger', async () => {
    const c = await newCounty();
    const { county } = c;
    await c.rosterFile(ROSTER, '白河县单位名册.csv');
    const preview = await c.preview(readFileSync(PLAN), '整改方案.txt');
    expect(preview.title).toBe('白河县生态环境保护督察反馈问题整改任务清单');
    expect(preview.county).toBe('白河县');
    const finding = (written: string) => preview.units.find((u) => u.written === written);
    expect(finding('县委办')).toMatchObject({ status: 'new', proposal: '县委办公室' });
    expect(finding('政府办')).toMatchObject({ status: 'new', proposal: '县政府办公室' });
    expect(finding('住建局')).toMatchObject({ status: 'new', proposal: '县住房和城乡建设局' });
    expect(finding('环保局')).toMatchObject({ status: 'new', proposal: '县环境保护局' });
    expect(finding('各乡镇党委、政府')).toMatchObject({ status: 'new-group', memberKinds: ['township'] });
    expect(finding('相关乡镇人民政府')).toMatchObject({ status: 'new-group' });
    expect(finding('县直有关部门')).toMatchObject({ status: 'group', members: 2 });
    expect(finding('政府')).toBeUndefined();

    // The office accepts what was proposed, as the dashboard's preselected choices send it.
    await c.create(readFileSync(PLAN), '整改方案.txt', acceptProposals(preview));
    const ledger = county.ledgers()[0]!;
    const refs = await ledger.taskRefs();
    const task = (no: number) => refs.find((t) => t.no === no)!;
    expect(task(1).leadUnits).toEqual(['县委办公室', '县政府办公室']);
    expect(task(1).units.sort()).toEqual(['清水乡', '白河镇']);
    expect(task(2).leadUnits).toEqual(['县住房和城乡建设局']);
    expect(task(3).units.sort()).toEqual(['清水乡', '白河镇']);
    expect(county.registry.data.county).toBe('白河县'); // named by its first plan's heading
  });

  it('from the command line: its own roster file, its name, never the bundled county', async () => {
    const work = mkdtempSync(join(tmpdir(), 'ledger-baihe-cli-'));
    writeFileSync(join(work, '名册.csv'), ROSTER);
    const dir = join(work, 'data');
    const result = ledgerCli(
      ['import', PLAN, '--into', dir, '--roster', join(work, '名册.csv'), '--county', '白河县'],
      {},
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('“县委办”不在名册中，已作为新单位加入（按常用的简称和写法，“县委办”即“县委办公室”');
    expect(result.stdout).toContain('“各乡镇党委、政府”不在名册中，已作为单位组加入（成员：全部乡镇）');
    expect(result.stdout).not.toContain('城关镇');
    const { county } = await openCounty(dir, { seed: false });
    try {
      expect(county.registry.data.county).toBe('白河县');
      expect(county.ledgers()[0]!.title).toBe('白河县生态环境保护督察反馈问题整改任务清单');
    } finally {
      await county.close();
    }
  });

  it('keeps the county name typed beside a roster file, and a group the plan made when the file is imported again', async () => {
    const { county, office, rosterFile, preview, create } = await newCounty();
    await rosterFile(ROSTER, '名册.csv', { county: '白河县' });
    expect(county.registry.data.county).toBe('白河县');
    const plan = readFileSync(PLAN);
    await create(plan, '整改方案.txt', acceptProposals(await preview(plan, '整改方案.txt')));
    const towns = async (no: number) =>
      (await county.ledgers()[0]!.taskRefs()).find((t) => t.no === no)!.units.filter((u) => /[乡镇]$/.test(u));
    const before = await towns(1);
    expect(before.sort()).toEqual(['清水乡', '白河镇']);

    const again = await rosterFile(ROSTER, '名册.csv');
    expect(again.problems.join('')).toContain(
      '名册文件中没有单位组“各乡镇党委、政府”（台账“白河县生态环境保护督察反馈问题整改任务清单”的任务1',
    );
    expect(again.roster.county).toBe('白河县');
    expect((await towns(1)).sort()).toEqual(before.sort());

    // By hand: dropping it is refused with where it is used, until the office confirms.
    const roster = again.roster;
    roster.groups = roster.groups.filter((g) => g.name !== '各乡镇党委、政府');
    expect(await refusalOf(office.roster.$put({ query: {}, json: roster }))).toMatchObject({
      status: 409,
      message: expect.stringContaining('“各乡镇党委、政府”（台账'),
    });
    expect(county.registry.data.groups.map((g) => g.name)).toContain('各乡镇党委、政府');
    await answerOf(office.roster.$put({ query: { dropGroups: '1' }, json: roster }));
    expect(await towns(1)).toEqual([]);
  });

  it('reads a group whose name holds a 、 from the roster file, as the template says to write it', async () => {
    const { county, rosterFile } = await newCounty();
    const file = [
      '单位名称,简称/别称,类别,所属单位组',
      '白河镇,,乡镇,各乡镇党委、政府、相关乡镇人民政府',
      '清水乡,,乡镇,"各乡镇党委、政府、“沿河乡镇、街道”"',
    ].join('\n');
    await rosterFile(file, '名册.csv');
    const groups = Object.fromEntries(county.registry.data.groups.map((g) => [g.name, g.members]));
    expect(groups).toEqual({
      '各乡镇党委、政府': ['白河镇', '清水乡'],
      相关乡镇人民政府: ['白河镇'],
      '沿河乡镇、街道': ['清水乡'],
    });
  });

  it('takes a 名册.xlsx given as --registry as the roster file, and refuses a roster that is not JSON with exit 2', async () => {
    const work = mkdtempSync(join(tmpdir(), 'ledger-baihe-registry-'));
    writeFileSync(join(work, '名册.csv'), ROSTER);
    const dir = join(work, 'data');
    const taken = ledgerCli(['import', PLAN, '--into', dir, '--registry', join(work, '名册.csv')], {});
    expect(taken.status).toBe(0);
    expect(taken.stdout).not.toContain('“县环境保护局”不在名册中');
    writeFileSync(join(work, '名册.txt'), '单位名称\n县委办公室\n');
    const refused = ledgerCli(['import', PLAN, '-o', join(work, 'm.xlsx'), '--registry', join(work, '名册.txt')], {});
    expect(refused.status).toBe(2);
    expect(refused.stdout).toContain('请用 --roster');
    expect(refused.stdout + refused.stderr).not.toMatch(/\n\s+at /);
  });
});
