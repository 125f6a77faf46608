/**
 * 通报 scoring on a real round: points from the ledger's own records (reported on time or late,
 * 销号), the office's adjustment logged and shown, frozen when the round closes, and the Word
 * 通报 read back through LibreOffice.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clock } from '../../server/clock.ts';
import { answerOf, attachEvidenceTo, type ScoresAnswer } from '../../server/http/client.ts';
import { refusalOf, servicePerTest } from '../helpers/service.ts';
import { openpyxl } from '../helpers/openpyxl.ts';
import { sofficeConvert } from '../helpers/soffice.ts';

const service = servicePerTest('2019-08-20');
const WATER = '县水利局';
const ENV = '县环境保护局';
afterEach(() => {
  clock.now = () => new Date();
});

type Service = Awaited<ReturnType<typeof service>>;
const round = (id: string) => ({ param: { id } });

const at = (instant: string) => {
  clock.now = () => new Date(instant);
};

/** A round of August 2019 due on the 10th: 县水利局 reports on time, 县环境保护局 late and closes task 13 off. */
async function roundWithRecords(s: Service) {
  at('2019-08-01T01:00:00Z');
  const { id } = await answerOf(
    s.office.rounds.$post({ json: { period: '2019年8月', deadline: '2019-08-10', confirmPast: true } }),
  );
  at('2019-08-05T02:00:00Z');
  const report = async (unit: string, no: number, fields: Record<string, string>) =>
    s.submit(unit, { baseRevision: await s.ledger.revision(), rows: [{ no, ...fields }] });
  expect((await report(WATER, 7, { progress: '截污管网已开工。' })).applied).toHaveLength(1);
  at('2019-08-12T02:00:00Z');
  expect((await report(ENV, 13, { progress: '已完成整改。', status: '已完成' })).applied).toHaveLength(2);
  const env = await s.unit(ENV);
  const pdf = new File([new TextEncoder().encode('%PDF-1.4\n% 验收\n')], '验收报告.pdf');
  await answerOf(attachEvidenceTo(env, s.ledger.ledgerId, 13, pdf));
  const asked = await answerOf(
    env.tasks[':no'].closure.$post({ param: { no: '13' }, json: { note: '已全部整改到位' } }),
  );
  await answerOf(s.office.closures[':id'].approve.$post({ param: { id: String(asked.id) } }));
  return id;
}

const scoresOf = (s: Service, id: string) => answerOf(s.office.rounds[':id'].scores.$get({ ...round(id), query: {} }));
const adjust = (s: Service, id: string, json: { unit: string; points: number; reason: string }) =>
  s.office.rounds[':id'].scores.adjustments.$post({ ...round(id), json });
const unitIn = (scores: ScoresAnswer, unit: string) => scores.units.find((u) => u.unit === unit)!;

describe('通报 scores', () => {
  it("follow from the round's records, each explained, ranked with ties; the office's adjustment is logged", async () => {
    const s = await service();
    const id = await roundWithRecords(s);
    const scores = await scoresOf(s, id);
    expect(scores.frozen).toBe(false);
    expect(unitIn(scores, WATER).reasons).toContainEqual(expect.objectContaining({ item: 'onTime', points: 2 }));
    const env = unitIn(scores, ENV).reasons;
    expect(env).toContainEqual(expect.objectContaining({ item: 'late', points: -1 }));
    expect(env).toContainEqual(expect.objectContaining({ item: 'closed', points: 3, detail: '序号13' }));
    const silent = scores.units.find((u) => u.reasons.some((r) => r.item === 'missing'))!;
    expect(silent.reasons[0]).toMatchObject({ item: 'missing', points: -3 });
    for (const u of scores.units) {
      expect(u.score).toBe(u.reasons.reduce((sum, r) => sum + r.points, 0));
      expect(u.rank).toBe(1 + scores.units.filter((o) => o.score > u.score).length);
    }
    expect(scores.formula).toContain('按时报送+2');

    const water = await s.unit(WATER);
    expect((await water.rounds[':id'].scores.$get({ ...round(id), query: {} })).status).toBe(403);
    expect((await adjust(s, id, { unit: WATER, points: 0, reason: '无' })).status).toBe(400);
    expect((await adjust(s, id, { unit: '不存在的局', points: 2, reason: '无' })).status).toBe(404);
    const adjusted = await answerOf(adjust(s, id, { unit: WATER, points: 3, reason: '主动整改到位' }));
    expect(unitIn(adjusted, WATER).score).toBe(unitIn(scores, WATER).score + 3);
    expect(unitIn(adjusted, WATER).reasons.at(-1)).toMatchObject({ item: 'adjustment', points: 3 });
    expect((await s.county.history()).at(-1)).toMatchObject({
      action: 'score-adjusted',
      detail: expect.stringContaining(`${WATER}加3分：主动整改到位`),
    });
  });

  it('are frozen when the round closes: a later rule change and adjustment leave them be, in the 评分 sheet too', async () => {
    const s = await service();
    const id = await roundWithRecords(s);
    at('2019-08-20T02:00:00Z');
    const before = await scoresOf(s, id);
    await answerOf(s.office.rounds[':id'].close.$post(round(id)));
    const table = await answerOf(s.office.scoring.$get());
    const changed = await answerOf(
      s.office.scoring.$put({ json: { ...table.rules, points: { ...table.rules.points, onTime: 5 } } }),
    );
    expect(changed.rules.points.onTime).toBe(5);
    const after = await scoresOf(s, id);
    expect(after.frozen).toBe(true);
    expect(after.units).toEqual(before.units);
    const workbook = await s.office.rounds[':id']['master.xlsx'].$get(round(id));
    const sheet = JSON.parse(
      openpyxl(
        new Uint8Array(await workbook.arrayBuffer()),
        'import json\nws = wb["评分"]\nprint(json.dumps([[c for c in r] for r in ws.iter_rows(values_only=True)], ensure_ascii=False))',
      ),
    ) as (string | number | null)[][];
    expect(sheet[0]![0]).toBe('通报评分：2019年8月（本轮已结束，得分已固定）');
    expect(sheet[1]).toEqual(['排名', '单位', '类别', '得分', '得分说明']);
    const water = sheet.find((row) => row[1] === WATER)!;
    expect(water[3]).toBe(unitIn(before, WATER).score);
    expect(water[4]).toContain('按时报送+2');
    expect(sheet.some((row) => row[1] === '按时报送' && row[3] === '+2')).toBe(true); // the rules as they were
    expect((await refusalOf(adjust(s, id, { unit: WATER, points: 1, reason: '补' }))).status).toBe(409);
  });

  it('print in the Word 通报: praise, units named, the ranking and the rule table', async () => {
    const s = await service();
    const id = await roundWithRecords(s);
    await answerOf(adjust(s, id, { unit: WATER, points: 3, reason: '主动整改到位' }));
    const docx = await s.office.rounds[':id']['notice.docx'].$get({ ...round(id), query: {} });
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-disposition')).toContain('.docx');
    const pdf = await sofficeConvert(new Uint8Array(await docx.arrayBuffer()), 'docx', 'pdf');
    const dir = mkdtempSync(join(tmpdir(), 'ledger-notice-'));
    writeFileSync(join(dir, 'notice.pdf'), pdf);
    const words = execFileSync('pdftotext', [join(dir, 'notice.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(words).toContain('关于2019年8月整改任务推进情况的通报');
    expect(words).toContain(`对按时报送、推进有力的${WATER}予以通报表扬`);
    expect(words).toContain('办公室加减分+3（主动整改到位');
    expect(words).toContain(`本轮迟报的单位：${ENV}`);
    expect(words).toContain('评分规则');
    expect(words).toContain('审核销号（每项）');
    expect(words).toContain('逾期未完成任务数×−2');
    expect(words).toContain('逾期未完成任务2项−4（序号12、17）');
  });
});
