import { describe, expect, it } from 'vitest';
import { colourOf } from '../../core/colour.ts';

describe('row colour', () => {
  const today = '2019-06-15';
  it('is green when done or closed, whatever the deadline', () => {
    expect(colourOf({ status: '已完成', deadline: '2019年4月底前' }, today).colour).toBe('done');
    expect(colourOf({ status: '已销号', deadline: '尽快' }, today).colour).toBe('done');
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
