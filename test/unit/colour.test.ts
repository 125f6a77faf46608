import { describe, expect, it } from 'vitest';
import { colourOf } from '../../core/colour.ts';

describe('row colour', () => {
  const today = '2019-06-15';
  it('is green when done and grey when closed off, whatever the deadline', () => {
    expect(colourOf({ status: '已完成', deadline: '2019年4月底前' }, today).colour).toBe('done');
    expect(colourOf({ status: '已销号', deadline: '尽快' }, today).colour).toBe('closed');
  });
  it('judges a deadline of several milestones on the first one not met, and names it', () => {
    // Task 23 of the plan: 施工 by 11月30日, 验收 by 12月30日.
    const deadline = '2019年11月30日前完成治理工程施工，12月30日前完成验收工作。';
    const early = colourOf({ status: '正在推进', deadline }, '2019-11-10');
    expect(early.colour).toBe('due-soon');
    expect(early.reason).toContain('第1个节点“2019年11月30日前完成治理工程施工”（2019-11-30');
    const after = colourOf({ status: '正在推进', deadline }, '2019-12-05');
    expect(after.colour).toBe('overdue');
    expect(after.reason).toContain('已过5天');
    expect(colourOf({ status: '已完成', deadline }, '2019-12-05').colour).toBe('done');
  });
  it('marks a task with no progress this round after the reporting deadline, unless it is red already', () => {
    const quiet = colourOf({ status: '正在推进', deadline: '2019年12月底前', unreported: true }, today);
    expect(quiet.colour).toBe('unreported');
    expect(quiet.reason).toContain('本轮报送截止后仍未报进展');
    expect(colourOf({ status: '', deadline: '2019年4月底前', unreported: true }, today).colour).toBe('overdue');
    expect(colourOf({ status: '已完成', deadline: '2019年12月底前', unreported: true }, today).colour).toBe('done');
  });
  it('is red when the deadline has passed and the task is not done', () => {
    const c = colourOf({ status: '正在推进', deadline: '2019年4月底前' }, today);
    expect(c).toMatchObject({ colour: 'overdue', judgedOn: today });
    expect(c.reason).toContain('2019-04-30');
  });
  it('is amber within the warning window, neutral before it', () => {
    expect(colourOf({ status: '', deadline: '2019年6月底前' }, today).colour).toBe('due-soon');
    expect(colourOf({ status: '', deadline: '2019年12月底前' }, today).colour).toBe('pending');
    expect(colourOf({ status: '', deadline: '2019年12月底前' }, today, { dueSoonDays: 200 }).colour).toBe('due-soon');
  });
  it('gives ongoing tasks their own colour', () => {
    expect(colourOf({ status: '持续推进', deadline: '立即整改，持续推进' }, today).colour).toBe('ongoing');
    expect(colourOf({ status: '', deadline: '已经完成，长期坚持' }, today).colour).toBe('ongoing');
  });
  it('does not judge an unreadable deadline, and says why', () => {
    const c = colourOf({ status: '', deadline: '尽快' }, today);
    expect(c.colour).toBe('pending');
    expect(c.reason).toContain('无法识别');
  });
});
