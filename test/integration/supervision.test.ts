/**
 * Supervision that runs itself: 预警 on a judging date without sending anything, the day's digest
 * sent once however often asked (and once across two processes on PostgreSQL), 督办单 issued,
 * signed for, answered, returned and closed, its Word document through LibreOffice, and 领导批示
 * seen by the task's units only.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDeadline } from '../../core/deadline.ts';
import { openCounty } from '../../server/cases/open-county.ts';
import { sendDueDigest } from '../../server/cases/alert-schedule.ts';
import { SupervisionDesk } from '../../server/cases/supervision.ts';
import { ChaseSender } from '../../server/integrations/chase-bot.ts';
import { clock } from '../../server/clock.ts';
import { countyOf, freshDatabase } from '../helpers/postgres.ts';
import { answerOf, type ApiClient } from '../../server/http/client.ts';
import { clientOf, OFFICE_TOKEN, refusalOf, servicePerTest } from '../helpers/service.ts';
import type { InferRequestType } from 'hono/client';
import { openpyxl } from '../helpers/openpyxl.ts';
import { sofficeConvert } from '../helpers/soffice.ts';

const service = servicePerTest();
const WATER = '县水利局';
afterEach(() => {
  clock.now = () => new Date();
});

type Service = Awaited<ReturnType<typeof service>>;
type Issue = InferRequestType<ApiClient['tasks'][':no']['supervision']['$post']>['json'];

/** A 督办单 issued by the office on a task. */
const issue = (office: ApiClient, no: number, json: Issue) =>
  office.tasks[':no'].supervision.$post({ param: { no: String(no) }, json });

/** A task of the demo plan due on 31 December 2019 alone, with its lead unit and a unit not on it. */
async function taskDueAtYearEnd(s: Service) {
  const { tasks } = await answerOf(s.office.tasks.$get());
  const task = tasks.find((t) => {
    const d = parseDeadline(t.deadline);
    return d.kind === 'dated' && d.milestones.length === 1 && d.due === '2019-12-31' && t.leadUnits.includes(WATER);
  })!;
  const outsider = (await s.ledger.taskRefs())
    .flatMap((t) => [...t.leadUnits, ...t.units])
    .find((u) => u !== WATER && !task.leadUnits.includes(u) && !task.units.includes(u))!;
  return { no: task.no, outsider };
}

describe('预警', () => {
  it('shows what a day raises without sending, to the office and the units on the task only', async () => {
    const s = await service();
    const { no, outsider } = await taskDueAtYearEnd(s);
    const on = async (day: string, as?: string) =>
      answerOf((as ? await s.unit(as) : s.office).alerts.$get({ query: { today: day } }));
    const first = await on('2019-12-20');
    expect(first.alerts).toContainEqual(expect.objectContaining({ no, level: 1, levelName: '临期', workdays: 7 }));
    expect((await on('2019-12-31')).alerts).toContainEqual(expect.objectContaining({ no, level: 2, office: true }));
    const late = (await on('2020-01-02')).alerts.find((a) => a.no === no);
    expect(late).toMatchObject({ level: 3, workdays: 1 });
    expect(late?.leaders.length).toBeGreaterThan(0);
    expect((await on('2019-12-20', WATER)).alerts.map((a) => a.no)).toContain(no);
    expect((await on('2019-12-20', outsider)).alerts.map((a) => a.no)).not.toContain(no);
    expect((await answerOf(s.office.alerts.sent.$get())).sent).toEqual([]);
  });

  it("sends the day's digest once however often asked, @-mentioning the leaders, and never at night", async () => {
    const s = await service();
    const { no } = await taskDueAtYearEnd(s);
    const posts: { body: string }[] = [];
    const bot = s.appWith({
      chase: {
        webhook: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test',
        intervalMs: 600_000,
        post: async (_url, body) => {
          posts.push({ body });
          return { status: 200, text: '{"errcode":0,"errmsg":"ok"}' };
        },
      },
    });
    const roster = s.county.registry.data;
    const task = (await answerOf(s.office.tasks.$get())).tasks.find((t) => t.no === no)!;
    const leader = s.county.registry.splitLeaders(task.leaders)[0]!;
    const leaders = roster.leaders.map((l) => (l.name === leader ? { ...l, phone: '13800000001' } : l));
    await answerOf(s.office.roster.$put({ query: {}, json: { ...roster, leaders } }));
    const send = (day: string) => clientOf(bot, OFFICE_TOKEN, day).alerts.send.$post();
    // A 督办单 not signed for by its day is told too.
    await answerOf(issue(await s.on('2019-12-30'), no, { demand: '限期完成验收' }));
    clock.now = () => new Date('2020-01-02T09:00:00+08:00');
    const once = await answerOf(send('2020-01-02'));
    expect(once.sent).toBeGreaterThan(0);
    expect(once.outcome).toBe('已推送到群');
    const again = await answerOf(send('2020-01-02'));
    expect(again.sent).toBe(0);
    expect(posts.length).toBeGreaterThan(0);
    const message = JSON.parse(posts[0]!.body);
    expect(message.text.content).toContain(`【逾期】序号${no}`);
    expect(message.text.mentioned_mobile_list).toContain('13800000001');
    expect(message.text.content).toContain('【督办未按时签收】督办〔2019〕第1号');
    const { sent } = await answerOf(s.office.alerts.sent.$get());
    expect(sent.find((r) => r.no === no)).toMatchObject({ level: 3, day: '2020-01-02' });
    clock.now = () => new Date('2020-01-03T23:00:00+08:00');
    expect(await refusalOf(send('2020-01-03'))).toMatchObject({
      status: 409,
      message: expect.stringContaining('夜间'),
    });
  });

  it("goes by itself once the office's hour has come, not before", async () => {
    const s = await service();
    await answerOf(s.office.settings.$put({ json: { alertDigestHour: 10 } }));
    const posts: string[] = [];
    const chase = new ChaseSender({
      webhook: 'https://oapi.dingtalk.com/robot/send?access_token=test',
      intervalMs: 600_000,
      post: async (_url, body) => {
        posts.push(body);
        return { status: 200, text: '{"errcode":0}' };
      },
    });
    clock.now = () => new Date('2020-01-02T09:30:00+08:00');
    expect((await sendDueDigest(s.county, chase)).sent).toBe(0);
    clock.now = () => new Date('2020-01-02T10:05:00+08:00');
    expect((await sendDueDigest(s.county, chase)).sent).toBeGreaterThan(0);
    expect((await sendDueDigest(s.county, chase)).sent).toBe(0);
    expect(posts).toHaveLength(1);
    expect(JSON.parse(posts[0]!).text.content).toContain('【整改预警】2020-01-02');
  });

  it('is told once when two processes on PostgreSQL send the same day together', async () => {
    const url = await freshDatabase();
    const open = async () =>
      (await openCounty(mkdtempSync(join(tmpdir(), 'ledger-alerts-')), { storage: await countyOf(url, 'alerts') }))
        .county;
    const one = await open();
    const two = await open();
    try {
      const told: string[] = [];
      const post = async (text: string) => {
        told.push(text);
        return 'ok';
      };
      const [a, b] = await Promise.all(
        [one, two].map((county) => new SupervisionDesk(county).sendDigest([county.defaultLedger!], '2020-01-02', post)),
      );
      const raised = (await new SupervisionDesk(one).alerts(one.defaultLedger!, '2020-01-02', { kind: 'office' }))
        .raised;
      expect(raised.length).toBeGreaterThan(0);
      expect([a!.sent, b!.sent].sort()).toEqual([0, raised.length]);
      expect(told).toHaveLength(1);
    } finally {
      await one.close();
      await two.close();
    }
  });
});

describe('督办单', () => {
  it('is issued, signed for and answered by the units on the task, returned, closed, and numbered per year', async () => {
    const s = await service();
    const { no, outsider } = await taskDueAtYearEnd(s);
    const office = await s.on('2020-01-06');
    const issued = await answerOf(issue(office, no, { level: '红', demand: '三日内完成验收', replyDays: 3 }));
    expect(issued).toMatchObject({ title: '督办〔2020〕第1号', state: '待签收', replyBy: '2020-01-09', no });
    const second = await answerOf(issue(office, no, { demand: '再督' }));
    expect(second.title).toBe('督办〔2020〕第2号');
    const water = await s.unit(WATER);
    const other = await s.unit(outsider);
    const id = { param: { id: String(issued.id) } };
    const notice = (client: ApiClient) => client.supervision[':id'];

    expect((await notice(other).sign.$post(id)).status).toBe(403);
    expect(await refusalOf(notice(water).reply.$post({ ...id, json: { text: '已完成' } }))).toMatchObject({
      status: 409,
      message: expect.stringContaining('请先签收'),
    });
    expect((await notice(s.office).sign.$post(id)).status).toBe(403); // the office does not sign for a unit
    expect(await answerOf(notice(water).sign.$post(id))).toMatchObject({ state: '待回复' });
    const replied = await answerOf(
      notice(water).reply.$post({ ...id, json: { text: '已完成验收，报告见佐证材料。' } }),
    );
    expect(replied).toMatchObject({ state: '已回复' });
    const returned = await answerOf(notice(s.office).return.$post({ ...id, json: { reason: '缺少验收报告' } }));
    expect(returned).toMatchObject({ state: '待回复' });
    await answerOf(notice(water).reply.$post({ ...id, json: { text: '已补充验收报告。' } }));
    const closed = await answerOf(notice(s.office).close.$post(id));
    expect(closed.state).toBe('已办结');
    expect(closed.trail.map((t) => t.action)).toEqual(['下发', '签收', '回复', '退回', '回复', '办结']);

    // The unit sees it on its tasks; the other unit does not.
    expect((await answerOf(water.supervision.$get())).supervisions).toHaveLength(2);
    expect((await answerOf(other.supervision.$get())).supervisions).toEqual([]);
    // One left unsigned past its day is late, and shown with the alerts.
    const alerts = await answerOf(s.office.alerts.$get({ query: { today: '2020-01-10' } }));
    expect(alerts.supervisions.map((x) => [x.title, x.late])).toEqual([['督办〔2020〕第2号', '未按时签收']]);
  });

  it('is refused on a task closed off, and reads as an official notice through LibreOffice', async () => {
    const s = await service();
    const { no } = await taskDueAtYearEnd(s);
    const other = (await s.ledger.taskRefs()).find((t) => t.no !== no)!.no;
    const rows = [{ no: other, status: '已销号' }];
    await s.submit('office', { baseRevision: await s.ledger.revision(), rows });
    expect(await refusalOf(issue(s.office, other, { demand: '督办' }))).toMatchObject({
      status: 409,
      message: expect.stringContaining('已销号'),
    });
    const issued = await answerOf(issue(await s.on('2020-01-06'), no, { demand: '限期完成验收并报送佐证' }));
    const docx = await s.office.supervision[':id'].$get({ param: { id: `${issued.id}.docx` } });
    expect(docx.status).toBe(200);
    const pdf = await sofficeConvert(new Uint8Array(await docx.arrayBuffer()), 'docx', 'pdf');
    const dir = mkdtempSync(join(tmpdir(), 'ledger-supervision-'));
    writeFileSync(join(dir, 'notice.pdf'), pdf);
    const words = execFileSync('pdftotext', [join(dir, 'notice.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(words).toContain('督办通知单');
    expect(words).toContain('督办〔2020〕第1号');
    expect(words).toContain('限期完成验收并报送佐证');
    expect(words).toContain(`${WATER}`);
  });
});

describe('领导批示', () => {
  it('is recorded by the office and seen by the units on the task only', async () => {
    const s = await service();
    const { no, outsider } = await taskDueAtYearEnd(s);
    const body = { leader: '王冲', date: '2019-12-02', text: '请水利局加快推进，年底前务必完成。' };
    const water = await s.unit(WATER);
    const task = { param: { no: String(no) }, json: body };
    expect((await water.tasks[':no'].instructions.$post(task)).status).toBe(403);
    await answerOf(s.office.tasks[':no'].instructions.$post(task));
    expect((await answerOf(water.instructions.$get())).instructions).toEqual([
      expect.objectContaining({ no, leader: '王冲', text: body.text }),
    ]);
    expect((await answerOf((await s.unit(outsider)).instructions.$get())).instructions).toEqual([]);
  });
});

describe('约谈', () => {
  it('is recorded for a unit of the task only, and seen by that unit and the office', async () => {
    const s = await service();
    const { no, outsider } = await taskDueAtYearEnd(s);
    const talk = (unit: string) =>
      s.office.tasks[':no'].interviews.$post({
        param: { no: String(no) },
        json: { unit, person: '主要负责人', date: '2019-12-10', outcome: '责令十日内完成验收。' },
      });
    expect(await refusalOf(talk(outsider))).toMatchObject({
      status: 400,
      message: expect.stringContaining('不是任务'),
    });
    await answerOf(talk(WATER));
    expect((await answerOf((await s.unit(WATER)).interviews.$get())).interviews).toEqual([
      expect.objectContaining({ no, unit: WATER, person: '主要负责人' }),
    ]);
    expect((await answerOf((await s.unit(outsider)).interviews.$get())).interviews).toEqual([]);
    expect((await answerOf(s.office.interviews.$get())).interviews).toHaveLength(1);
  });
});

describe('the consolidated workbook', () => {
  it('prints the 预警 standing on its judging date, the 督办单 and the 批示', async () => {
    const s = await service();
    const { no } = await taskDueAtYearEnd(s);
    await answerOf(issue(await s.on('2020-01-06'), no, { demand: '限期完成验收' }));
    const task = { param: { no: String(no) } };
    const instruction = { leader: '王冲', date: '2019-12-02', text: '年底前务必完成。' };
    await answerOf(s.office.tasks[':no'].instructions.$post({ ...task, json: instruction }));
    const talk = { unit: WATER, person: '局长', date: '2019-12-20', outcome: '责令限期完成。' };
    await answerOf(s.office.tasks[':no'].interviews.$post({ ...task, json: talk }));
    const master = await s.office['master.xlsx'].$get({ query: { today: '2020-01-02' } });
    const bytes = new Uint8Array(await master.arrayBuffer());
    const read = JSON.parse(
      openpyxl(
        bytes,
        `import json
rows = lambda ws: [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
print(json.dumps({'alerts': rows(wb['预警']), 'notices': rows(wb['督办单']), 'notes': rows(wb['批示']), 'talks': rows(wb['约谈']), 'title': wb['预警']['A1'].value}, ensure_ascii=False))`,
      ),
    );
    expect(read.title).toContain('按2020-01-02判定');
    expect(read.alerts).toContainEqual(expect.arrayContaining([no, '逾期', '2019-12-31', '已逾期1个工作日']));
    expect(read.notices).toEqual([expect.arrayContaining(['督办〔2020〕第1号', no, '红', '限期完成验收', '待签收'])]);
    expect(read.notes).toEqual([[no, '王冲', '2019-12-02', '年底前务必完成。', '办公室']]);
    expect(read.talks).toEqual([[no, WATER, '局长', '2019-12-20', '责令限期完成。', '办公室']]);

    // The round's report says them too.
    const office = await s.on('2020-01-02');
    const round = await answerOf(office.rounds.$post({ json: { period: '2019年12月', deadline: '2020-01-10' } }));
    const report = await office.rounds[':id']['report.docx'].$get({ param: { id: round.id }, query: {} });
    const docx = await report.arrayBuffer();
    const words = (await mammoth.extractRawText({ buffer: Buffer.from(docx) })).value.replace(/\s+/g, '');
    expect(words).toContain('七、领导批示、督办和约谈情况');
    expect(words).toContain(`序号${no}：王冲同志2019年12月2日批示：“年底前务必完成。”`);
    expect(words).toContain(`督办〔2020〕第1号（红，序号${no}）：待签收`);
    expect(words).toContain(`序号${no}：2019年12月20日约谈${WATER}局长，责令限期完成。`);
  });
});
