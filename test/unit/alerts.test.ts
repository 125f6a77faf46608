/** 预警 levels on China's calendar: working days with 调休, the three levels, and tasks that raise none. */
import { describe, expect, it } from 'vitest';
import { type AlertTask, alertsOn } from '../../core/alerts.ts';
import { parseDeadline } from '../../core/deadline.ts';
import { CHINA_CALENDAR } from '../../server/integrations/work-calendar.ts';

const task = (deadline: string, status = '正在推进', no = 1): AlertTask => ({
  id: String(no),
  no,
  problem: '问题',
  deadline: parseDeadline(deadline),
  status,
  leadUnits: ['县水利局'],
  units: ['城关镇'],
  leaders: ['王冲'],
});
const rules = { warnBefore: [7, 3], overdueEvery: 5 };
const raised = (t: AlertTask, day: string) =>
  alertsOn([t], day, rules, CHINA_CALENDAR).raised.map((a) => [a.level, a.workdays]);

describe('预警 on the official calendar', () => {
  it('raises level 1 seven and three working days before, level 2 on the day, level 3 after the New Year holiday', () => {
    const due = task('2019年12月底前');
    expect(raised(due, '2019-12-20')).toEqual([[1, 7]]);
    expect(raised(due, '2019-12-23')).toEqual([]);
    expect(raised(due, '2019-12-26')).toEqual([[1, 3]]);
    expect(raised(due, '2019-12-31')).toEqual([[2, 0]]);
    // 1 January is a holiday: the first working day after is the 2nd, and again five working days on.
    expect(raised(due, '2020-01-01')).toEqual([]);
    expect(raised(due, '2020-01-02')).toEqual([[3, 1]]);
    expect(raised(due, '2020-01-08')).toEqual([]);
    expect(raised(due, '2020-01-09')).toEqual([[3, 6]]);
  });

  it('counts a 调休 Saturday as a working day and the National Day week as none', () => {
    // 12 October 2019 was a Saturday worked in lieu: three working days before the 14th fall on the 10th.
    expect(raised(task('2019年10月14日前'), '2019-10-10')).toEqual([[1, 3]]);
    expect(raised(task('2019年10月14日前'), '2019-10-09')).toEqual([]);
    // 1–7 October are off and Sunday 29 September was worked: seven working days before the 10th
    // are the 26th, 27th, 29th, 30th, 8th, 9th and 10th, so the warning comes on the 25th.
    expect(raised(task('2019年10月10日前'), '2019-09-25')).toEqual([[1, 7]]);
    expect(raised(task('2019年10月10日前'), '2019-09-26')).toEqual([]);
  });

  it('tells the units, then the office, then the leaders; ongoing and finished tasks raise none', () => {
    const [warn] = alertsOn([task('2019年12月底前')], '2019-12-20', rules, CHINA_CALENDAR).raised;
    expect(warn).toMatchObject({ office: false, leaders: [], leadUnits: ['县水利局'], units: ['城关镇'] });
    const [late] = alertsOn([task('2019年12月底前')], '2020-01-02', rules, CHINA_CALENDAR).raised;
    expect(late).toMatchObject({ office: true, leaders: ['王冲'] });
    for (const quiet of [
      task('立即整改，长期坚持'),
      task('2019年12月底前', '已销号'),
      task('2019年12月底前', '已完成'),
    ])
      expect(alertsOn([quiet], '2020-01-02', rules, CHINA_CALENDAR).standing).toEqual([]);
  });

  it('raises each milestone of a task on its own', () => {
    const two = task('2019年11月30日前完成治理工程施工，2019年12月底前完成验收');
    const on = alertsOn([two], '2019-12-26', rules, CHINA_CALENDAR);
    expect(on.standing.map((a) => [a.milestone, a.level])).toEqual([
      ['2019-11-30', 3],
      ['2019-12-31', 1],
    ]);
  });
});
