import { describe, expect, it } from 'vitest';
import { roundReport } from '../../core/report.ts';

describe('the 整改情况报告', () => {
  it('counts the conflicts open, not only the units that sent nothing but conflicts', () => {
    const report = roundReport({
      title: '白河县整改台账',
      period: '2021年1月',
      deadline: '2021-02-05',
      judgedOn: '2021-02-06',
      tasks: [],
      rounds: [
        {
          period: '2021年1月',
          units: [
            { name: '县水利局', state: '已报' },
            { name: '白河镇', state: '已报' },
          ],
        },
      ],
      closedThisRound: [],
      openConflicts: 2,
    });
    expect(report.summary.join('')).toContain('有冲突待裁定2处');
  });
});
