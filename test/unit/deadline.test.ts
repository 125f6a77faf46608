import { describe, expect, it } from 'vitest';
import { chineseDate, parseDeadline, todayIso } from '../../core/deadline.ts';

describe('deadlines in words', () => {
  it('reads 底前 and 底 as the last day of the month', () => {
    expect(parseDeadline('2019年4月底前')).toMatchObject({ kind: 'dated', due: '2019-04-30' });
    expect(parseDeadline('2019年12月底')).toMatchObject({ kind: 'dated', due: '2019-12-31' });
    expect(parseDeadline('2020年2月底前')).toMatchObject({ kind: 'dated', due: '2020-02-29' });
    expect(parseDeadline('2019年9月底')).toMatchObject({ kind: 'dated', due: '2019-09-30' });
  });

  it('keeps each milestone of a two-step deadline, carrying the year forward', () => {
    const d = parseDeadline('2019年11月30日前完成治理工程施工，12月30日前完成验收工作');
    expect(d).toEqual({
      kind: 'dated',
      text: '2019年11月30日前完成治理工程施工，12月30日前完成验收工作',
      due: '2019-12-30',
      milestones: [
        { date: '2019-11-30', wording: '2019年11月30日前完成治理工程施工', qualifier: '完成治理工程施工' },
        { date: '2019-12-30', wording: '12月30日前完成验收工作', qualifier: '完成验收工作' },
      ],
    });
  });

  it('keeps the qualifier of a dated deadline', () => {
    expect(parseDeadline('2019年4月底前完成招投标任务')).toMatchObject({
      kind: 'dated',
      due: '2019-04-30',
      milestones: [{ qualifier: '完成招投标任务' }],
    });
  });

  it('classes the open-ended phrasings', () => {
    expect(parseDeadline('立即整改，持续推进').kind).toBe('ongoing');
    expect(parseDeadline('立即整改，持续推进。').kind).toBe('ongoing');
    expect(parseDeadline('立即整改，长期坚持').kind).toBe('ongoing');
    expect(parseDeadline('已经完成，长期坚持').kind).toBe('done-ongoing');
  });

  it('reads full-width digits, dotted dates and 年底', () => {
    expect(parseDeadline('２０１９年６月底前')).toMatchObject({ due: '2019-06-30' });
    expect(parseDeadline('2019.6.30')).toMatchObject({ due: '2019-06-30' });
    expect(parseDeadline('2020年底前')).toMatchObject({ due: '2020-12-31' });
  });

  it('reports what it cannot read instead of guessing', () => {
    expect(parseDeadline('尽快')).toMatchObject({ kind: 'unreadable' });
    expect(parseDeadline('6月底前')).toMatchObject({ kind: 'unreadable', reason: expect.stringContaining('年份') });
    expect(parseDeadline('2019年2月30日')).toMatchObject({
      kind: 'unreadable',
      reason: expect.stringContaining('不是有效日期'),
    });
    expect(parseDeadline('  ')).toEqual({ kind: 'empty', text: '' });
  });
});

describe('deadlines a clerk writes otherwise', () => {
  it('reads 上旬, 中旬 and 下旬 as the 10th, the 20th and the last day', () => {
    expect(parseDeadline('2019年6月上旬')).toMatchObject({ kind: 'dated', due: '2019-06-10' });
    expect(parseDeadline('2019年6月中旬')).toMatchObject({ kind: 'dated', due: '2019-06-20' });
    expect(parseDeadline('2019年6月下旬')).toMatchObject({ kind: 'dated', due: '2019-06-30' });
  });

  it('finds no date in a month or day that does not exist', () => {
    expect(parseDeadline('2019年13月底前').kind).toBe('unreadable');
    expect(parseDeadline('2019年2月30日前').kind).toBe('unreadable');
    expect(parseDeadline('2019年4月0日前').kind).toBe('unreadable');
    expect(parseDeadline('2019年0月底').kind).toBe('unreadable');
    expect(parseDeadline('2019年2月29日').kind).toBe('unreadable');
    expect(parseDeadline('2020年2月29日')).toMatchObject({ kind: 'dated', due: '2020-02-29' });
    expect(parseDeadline('2019年12月31日')).toMatchObject({ kind: 'dated', due: '2019-12-31' });
    expect(parseDeadline('2019年1月1日')).toMatchObject({ kind: 'dated', due: '2019-01-01' });
  });

  it('reads 立即整改 as ongoing wherever the sentence goes, and says why nothing else was read', () => {
    expect(parseDeadline('立即整改，长期坚持').kind).toBe('ongoing');
    expect(parseDeadline('立即整改到位').kind).toBe('ongoing');
    const vague = parseDeadline('尽快完成整改，不得拖延');
    expect(vague).toMatchObject({ kind: 'unreadable', reason: expect.stringContaining('没有找到日期') });
  });

  it('keeps a milestone qualifier without the punctuation around it', () => {
    expect(parseDeadline('2019年4月底前，完成招投标任务。')).toMatchObject({
      milestones: [{ qualifier: '完成招投标任务' }],
    });
  });

  it('writes a day as a Chinese document dates it, and today as the device has it', () => {
    expect(chineseDate('2021-02-06')).toBe('2021年2月6日');
    expect(todayIso(new Date(2019, 10, 5, 12))).toBe('2019-11-05');
  });
});
