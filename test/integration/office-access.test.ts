/** The office cannot lock itself out: the last office access stays, and the configured token is re-admitted at start. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openCounty } from '../../server/cases/open-county.ts';
import { answerOf } from '../../server/http/client.ts';
import { OFFICE_TOKEN, refusalOf, servicePerTest } from '../helpers/service.ts';
import { bytesOf, loadWorkbook } from '../helpers/sheets.ts';

const service = servicePerTest();
type Service = Awaited<ReturnType<typeof service>>;

/** The office's access made from OFFICE_TOKEN (no person named). */
const configuredAccess = async (s: Service) =>
  (await answerOf(s.office.access.$get())).access.find((a) => a.kind === 'office' && !a.person)!;
const revoke = (s: Service, id: number) => s.office.access[':id'].revoke.$post({ param: { id: String(id) } });

describe('office access', () => {
  it('refuses to revoke the last office access, and says why', async () => {
    const s = await service();
    const configured = await configuredAccess(s);
    expect(await refusalOf(revoke(s, configured.id))).toMatchObject({
      status: 409,
      message: expect.stringContaining('最后一个有效的令牌'),
    });
    expect((await s.office.ledgers.$get()).status).toBe(200);
  });

  it('re-admits the configured token at the next start after it was revoked beside another office account', async () => {
    const s = await service();
    const person = await answerOf(s.office.access.office.$post({ json: { person: '王科员' } }));
    await answerOf(revoke(s, (await configuredAccess(s)).id));
    expect((await s.office.ledgers.$get()).status).toBe(401);
    await s.county.close();

    const { county } = await openCounty(s.dir, { seed: false });
    try {
      await county.setConfiguredOfficeToken(OFFICE_TOKEN);
      expect(await county.actorForToken(OFFICE_TOKEN)).toMatchObject({ kind: 'office' });
      expect(await county.actorForToken(person.token)).toMatchObject({ kind: 'office', person: '王科员' });
    } finally {
      await county.close();
    }
  });
});

describe('the roster', () => {
  it("refuses an alias that is another unit's name with 422 naming both, saving nothing", async () => {
    const s = await service();
    const roster = await answerOf(s.office.roster.$get());
    const edited = structuredClone(roster);
    const office = edited.units.find((u) => u.name === '县委办公室')!;
    office.aliases = [...(office.aliases ?? []), '县纪委监委'];
    expect(await refusalOf(s.office.roster.$put({ query: {}, json: edited }))).toMatchObject({
      status: 422,
      message: expect.stringContaining('“县纪委监委”既是“县委办公室”的别称，又是“县纪委监委”的名称'),
    });
    expect(await answerOf(s.office.roster.$get())).toEqual(roster);
    const link = await answerOf(s.office.access.units.$post({ json: { unit: '县纪委监委' } }));
    expect(link.unit).toBe('县纪委监委');
  });
});

describe("the county's 单位名册 from a file", () => {
  it('fills the template, takes it back with aliases, kinds and groups, and the plan then reads with it', async () => {
    const s = await service();
    const template = await s.office.roster['template.xlsx'].$get();
    expect(template.status).toBe(200);
    const workbook = await loadWorkbook(await template.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, '单位名称', '简称/别称', '类别', '所属单位组']);
    sheet.addRow(['县住房和城乡建设局', '住建局、县住建局', '县直部门（政府）', '县直有关部门']);
    sheet.addRow(['县委办公室', '县委办', '县委部门', '']);
    sheet.addRow(['东坪镇', '', '乡镇', '各乡镇人民政府、相关乡镇人民政府']);
    sheet.addRow(['西河乡', '', '乡镇', '各乡镇人民政府']);
    const file = new File([await bytesOf(workbook)], '名册.xlsx');
    const { roster } = await answerOf(s.office.roster.file.$post({ form: { file } }));
    expect(roster.units).toEqual([
      { name: '县住房和城乡建设局', aliases: ['住建局', '县住建局'], kind: 'government' },
      { name: '县委办公室', aliases: ['县委办'], kind: 'party' },
      { name: '东坪镇', kind: 'township' },
      { name: '西河乡', kind: 'township' },
    ]);
    expect(roster.groups).toContainEqual({ name: '各乡镇人民政府', members: ['东坪镇', '西河乡'] });
    expect(s.county.registry.resolve('住建局')).toMatchObject({ kind: 'unit', canonical: '县住房和城乡建设局' });
  });

  it('reads a CSV saved by Excel in GB18030, and refuses one whose names clash, naming both', async () => {
    const s = await service();
    const gb18030 = (text: string) =>
      execFileSync('python3', ['-c', "import sys; sys.stdout.buffer.write(sys.stdin.read().encode('gb18030'))"], {
        input: text,
      });
    const csv = (text: string) =>
      s.office.roster.file.$post({ form: { file: new File([new Uint8Array(gb18030(text))], '名册.csv') } });
    const ok = await answerOf(
      csv('单位名称,简称/别称,类别,所属单位组\n县水利局,"水利局、县水利",县直部门,\n城关镇,,乡镇,各乡镇人民政府\n'),
    );
    expect(ok.roster.units).toHaveLength(2);
    const clash = csv('单位名称,简称/别称,类别\n县委办公室,县纪委监委,县委部门\n县纪委监委,,县委部门\n');
    expect(await refusalOf(clash)).toMatchObject({
      status: 422,
      message: expect.stringContaining('“县纪委监委”既是“县委办公室”的别称'),
    });
    expect(s.county.registry.data.units).toHaveLength(2);
  });
});
