import { describe, expect, it } from 'vitest';
import { type ReportInput, roundReport, wordsText } from '../../core/report.ts';

const input = (over: Partial<ReportInput> = {}): ReportInput => ({
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
        { name: '白河镇', state: '未报' },
      ],
    },
  ],
  closedThisRound: [],
  awaitingClosure: [],
  openConflicts: [],
  office: '白河县整改工作领导小组办公室',
  ...over,
});

describe('the 整改情况报告', () => {
  it('counts the conflicts open, not only the units that sent nothing but conflicts', () => {
    const report = roundReport(input({ openConflicts: [{ no: 3 }, { no: 3 }] }));
    expect(report.summary.join('')).toContain('有冲突待裁定2处');
    expect(report.problems.join('')).toContain('有2处填报内容与台账现值不一致，待办公室裁定（序号3）');
  });

  it("prints each unit's words, and marks a cell in conflict instead of printing what it holds", () => {
    const text = wordsText(
      [
        { unit: '县水利局', progress: '办公室暂记：待核实', inConflict: true },
        { unit: '白河镇', progress: '排查排污口12个。', inConflict: false },
      ],
      120,
    );
    expect(text).toBe('县水利局：（有冲突，待办公室裁定）\n白河镇：排查排污口12个。');
    expect(text).not.toContain('暂记');
  });

  it('drafts 存在问题 and 下一步工作 from the overdue tasks, the units owing and the 销号 waiting, and signs it', () => {
    const task = {
      no: 23,
      problem: '河道采砂',
      deadline: '2021年1月底前',
      status: '正在推进',
      responsible: '相关乡镇人民政府',
      words: [],
    };
    const report = roundReport(input({ tasks: [task], awaitingClosure: [5] }));
    expect(report.overdue).toEqual([expect.objectContaining({ no: 23, units: '相关乡镇人民政府' })]);
    expect(report.problems).toEqual([
      '部分任务推进滞后。已过整改时限仍未完成的任务1项（序号23）。',
      '报送不够及时。本轮有1个单位未报送进展：白河镇。',
    ]);
    expect(report.nextSteps.join('')).toContain('申请销号的1项任务（序号5）审核佐证材料');
    expect(report.signature).toEqual({ office: '白河县整改工作领导小组办公室', date: '2021年2月6日' });
  });

  it('says so when nothing is wrong, rather than leaving the section empty', () => {
    const report = roundReport(
      input({ rounds: [{ period: '2021年1月', units: [{ name: '县水利局', state: '已报' }] }], office: '' }),
    );
    expect(report.problems).toEqual(['本轮各单位均已报送，没有逾期未完成的任务，也没有待裁定的内容。']);
    expect(report.signature.office).toBe('');
  });
});
