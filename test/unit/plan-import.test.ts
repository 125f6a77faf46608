import type { Task } from '../../core/task.ts';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../core/plan.ts';
import { seedPlanText } from '../helpers/seed.ts';

describe('importing the seeded plan', () => {
  const plan = parsePlan(seedPlanText());

  it('finds all 31 tasks, numbered 1 to 31, as the plan says', () => {
    expect(plan.tasks).toHaveLength(31);
    expect(plan.statedCount).toBe(31);
    expect(plan.tasks.map((t) => t.no)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    expect(plan.title).toBe('省委省政府环境保护督察反馈意见整改任务清单及责任分工');
  });

  it('keeps every field verbatim', () => {
    const t7 = plan.tasks[6]!;
    expect(t7.problem.startsWith('一些河流断面水质长期超标。2018年1-10月份')).toBe(true);
    expect(t7.goal).toBe('全县地表水国、省、市重点监控的3个断面达到或优于Ⅱ类水质断面比例达到90%以上。');
    expect(t7.leaders).toBe('宋晓庆、刘国杰、王冲');
    expect(t7.leadUnits).toBe('县环境保护局、县住房城乡建设局、县水利局、县城市管理局');
    expect(t7.units).toBe('各乡镇人民政府');
    expect(t7.person).toBe('各牵头单位、责任单位主要负责人');
    expect(t7.deadline).toBe('2019年12月底前');
    expect(plan.tasks[0]!.leaders).toBe('董炳麓  王明朗');
    expect(plan.tasks[18]!.deadline).toBe('立即整改，持续推进。');
    expect(plan.tasks[22]!.deadline).toBe('2019年11月30日前完成治理工程施工，12月30日前完成验收工作。');
  });

  it('loses no character of the attachment', () => {
    // Every non-blank character of the task list, labels and numbers aside, is in some field.
    const text = seedPlanText();
    const list = text.slice(text.indexOf('1.生态环境保护思想认识'), text.indexOf('栾川县人民政府办公室'));
    const strip = (s: string) => s.replace(/\s/g, '');
    const fromFields = plan.tasks
      .map((t) => [t.problem, t.goal, t.measures, t.leaders, t.leadUnits, t.units, t.person, t.deadline].join(''))
      .join('');
    const labels =
      /^\d+[.．]|整改目标：|整改措施：|责\s*任\s*领\s*导：|牵头单位：|责任单位：|责\s*任\s*人：|整改时限：/gm;
    const same = strip(fromFields) === strip(list.replace(labels, ''));
    expect(same).toBe(true);
  });

  it('leaves missing fields empty and says so', () => {
    const t27 = plan.tasks[26]!;
    expect(t27.leadUnits).toBe('');
    expect(t27.person).toBe('');
    const missing = plan.irregularities.filter((i) => i.kind === 'missing-field').map((i) => `${i.task}:${i.field}`);
    expect(missing).toEqual(['24:leadUnits', '27:leadUnits', '27:person', '30:leadUnits']);
  });

  it('reports each irregularity with its task', () => {
    const kinds = plan.irregularities.map((i) => `${i.kind}@${i.task ?? '-'}`);
    expect(kinds).toContain('continued-line@7');
    expect(kinds).toContain('stray-label@10');
    expect(kinds).toContain('number-style@11');
    expect(kinds.filter((k) => k.startsWith('label-spelling'))).toHaveLength(1);
    expect(plan.irregularities.find((i) => i.kind === 'label-spelling')!.message).toContain('任务15、19');
    expect(plan.tasks[9]!.deadline).toBe('2019年12月底前');
  });
});

describe("importing another county's plan of the same shape", () => {
  const other = [
    '某县整改方案',
    '附件',
    '整改任务清单',
    '涉及我县的问题共4个：',
    '1．城区黑臭水体治理滞后。',
    '整改措施：（1）截污纳管。',
    '（2）清淤疏浚。',
    '责任单位：县水务局',
    '整改目标：消除黑臭水体。',
    '责任领导：张三、李四',
    '牵头单位：县生态环境局、',
    '县城管局',
    '整改时限：2021年6月底前',
    '',
    '3、秸秆焚烧。',
    '整改目标：零火点。',
    '整改措施：加强巡查。',
    '责  任  人：各乡镇主要负责人',
    '完成时限：立即整改，长期坚持',
    '3、扬尘管控。',
    '整改目标：降尘。',
    '整改措施：洒水。',
    '责任单位：县住建局整改时限：2021年底',
    '',
    '某县人民政府办公室 2021年3月1日印发',
  ].join('\n');
  const plan = parsePlan(other);

  it('reads reordered labels, other names and other separators', () => {
    expect(plan.tasks.map((t) => t.no)).toEqual([1, 3, 3]);
    const [t1, t3, t3b] = plan.tasks as [Task, Task, Task];
    expect(t1.measures).toBe('（1）截污纳管。\n（2）清淤疏浚。');
    expect(t1.leadUnits).toBe('县生态环境局、县城管局');
    expect(t1.units).toBe('县水务局');
    expect(t3.person).toBe('各乡镇主要负责人');
    expect(t3.deadline).toBe('立即整改，长期坚持');
    expect(t3b.units).toBe('县住建局');
    expect(t3b.deadline).toBe('2021年底');
    expect(new Set(plan.tasks.map((t) => t.id)).size).toBe(3);
  });

  it('reports skipped and repeated numbers, glued labels and the wrong count', () => {
    const kinds = plan.irregularities.map((i) => `${i.kind}@${i.task ?? '-'}`);
    expect(kinds).toEqual(
      expect.arrayContaining(['numbering@3', 'glued-label@3', 'count-mismatch@-', 'continued-line@1']),
    );
    expect(plan.irregularities.filter((i) => i.kind === 'numbering')).toHaveLength(2);
    expect(plan.irregularities.find((i) => i.kind === 'count-mismatch')!.message).toContain('共4个');
  });

  it('says so when there is no task list at all', () => {
    const none = parsePlan('关于做好某项工作的通知\n各单位：请认真落实。');
    expect(none.tasks).toHaveLength(0);
    expect(none.irregularities[0]!.kind).toBe('no-tasks');
  });
});

describe("the plan's title", () => {
  it("is the attachment's heading, without the notice above it or a placeholder line", () => {
    const text = [
      '青山县人民政府办公室',
      '关于印发青山县生态环境问题整改方案的通知',
      '（正文略）',
      '附件',
      '青山县生态环境问题整改任务清单及责任分工',
      '',
      '1.城区污水管网建设滞后。',
      '整改目标：完成改造。',
      '牵头单位：县住房和城乡建设局',
      '整改时限：2020年6月底前',
    ].join('\n');
    expect(parsePlan(text).title).toBe('青山县生态环境问题整改任务清单及责任分工');
    expect(parsePlan(text.replace('附件\n', '')).title).toBe(
      '关于印发青山县生态环境问题整改方案的通知青山县生态环境问题整改任务清单及责任分工',
    );
  });
});
