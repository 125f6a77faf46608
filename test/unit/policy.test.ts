import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  actorName,
  IMPORTER,
  mayOnTask,
  mayTakePart,
  OFFICE,
  ON_TASK,
  permits,
  POLICY,
  readableReporters,
  refusal,
  roleOn,
  type Actor,
} from '../../core/policy.ts';

const task = { leadUnits: ['县水利局', '县环境保护局'], units: ['城关镇', '赤土店镇'] };
const office: Actor = { kind: 'office' };
const lead: Actor = { kind: 'unit', unit: '县水利局' };
const responsible: Actor = { kind: 'unit', unit: '城关镇' };
const stranger: Actor = { kind: 'unit', unit: '县林业局' };

describe('who is who', () => {
  it('names each actor as the change log shows it', () => {
    expect(actorName(office)).toBe('办公室');
    expect(actorName({ kind: 'office', person: '李明' })).toBe('办公室·李明');
    expect(actorName({ kind: 'import' })).toBe('导入');
    expect(actorName(lead)).toBe('县水利局');
    expect([OFFICE, IMPORTER]).toEqual(['办公室', '导入']);
  });

  it("gives each actor its role on a task: the office and the import are the office's", () => {
    expect(roleOn(task, office)).toBe('office');
    expect(roleOn(task, { kind: 'import' })).toBe('office');
    expect(roleOn(task, lead)).toBe('lead');
    expect(roleOn(task, responsible)).toBe('responsible');
    expect(roleOn(task, stranger)).toBe('none');
  });
});

describe('the tables', () => {
  it('let units write only follow-up fields and never 已销号', () => {
    for (const role of ['lead', 'responsible'] as const) {
      expect(POLICY[role].fields).toEqual(['progress', 'status', 'remarks']);
      expect(POLICY[role].statuses).not.toContain('已销号');
      expect(POLICY[role].statuses).toContain('已完成');
    }
    expect(POLICY.office.statuses).toContain('已销号');
    expect(POLICY.none).toEqual({ fields: [], statuses: [] });
  });

  it('leave every county and ledger action to the office but reading, submitting, seeing its own 预警 and reporting a WPS self-test', () => {
    const forUnits = Object.entries(ACTIONS)
      .filter(([, kinds]) => (kinds as readonly string[]).includes('unit'))
      .map(([action]) => action);
    expect(forUnits.sort()).toEqual([
      'readAlerts',
      'readLedgers',
      'readRoster',
      'readTasks',
      'reportHostCheck',
      'submit',
    ]);
    expect(permits('readHostChecks', lead)).toBe(false);
    expect(permits('settleConflicts', office)).toBe(true);
    expect(permits('settleConflicts', lead)).toBe(false);
    expect(permits('submit', lead)).toBe(true);
    expect(permits('readMaster', { kind: 'import' })).toBe(false);
  });

  it('let a lead unit ask to close a task off and confirm, and only the office decide', () => {
    expect(mayOnTask('requestClosure', task, lead)).toBe(true);
    expect(mayOnTask('requestClosure', task, responsible)).toBe(false);
    expect(mayOnTask('confirmClosure', task, lead)).toBe(true);
    expect(mayOnTask('decideClosure', task, lead)).toBe(false);
    expect(mayOnTask('decideClosure', task, office)).toBe(true);
    expect(mayOnTask('readEvidence', task, stranger)).toBe(false);
    expect(mayOnTask('attachEvidence', task, responsible)).toBe(true);
    expect(mayOnTask('removeAnyEvidence', task, lead)).toBe(false);
    expect(mayOnTask('removeOwnEvidence', task, responsible)).toBe(true);
    expect(ON_TASK.readHistory).not.toContain('none');
  });

  it('say whether an actor takes part in a step on any task at all', () => {
    expect(mayTakePart('decideClosure', office)).toBe(true);
    expect(mayTakePart('decideClosure', lead)).toBe(false);
    expect(mayTakePart('requestClosure', lead)).toBe(true);
    expect(mayTakePart('requestClosure', office)).toBe(false);
    expect(mayTakePart('attachEvidence', responsible)).toBe(true);
  });
});

describe('a refusal', () => {
  it('names why, field by field, and lets through what the role may write', () => {
    expect(refusal('none', 'progress', 'x')).toContain('不是本单位牵头或负责的任务');
    expect(refusal('lead', 'problem', 'x')).toContain('反馈问题只能由办公室修改');
    expect(refusal('lead', 'progress', '已推进')).toBeUndefined();
    expect(refusal('lead', 'status', ' 已销号 ')).toContain('只能由办公室在审核佐证材料后设定');
    expect(refusal('lead', 'status', '已完成')).toBeUndefined();
    expect(refusal('lead', 'remarks', '已销号')).toBeUndefined();
    expect(refusal('office', 'status', '已销号')).toBeUndefined();
    expect(refusal('office', 'problem', 'x')).toBeUndefined();
  });

  it('refuses a unit anything on a task closed off, and not the office', () => {
    expect(refusal('lead', 'progress', 'x', true)).toContain('已由办公室销号');
    expect(refusal('responsible', 'progress', 'x', true)).toContain('已由办公室销号');
    expect(refusal('office', 'progress', 'x', true)).toBeUndefined();
    expect(refusal('lead', 'progress', 'x', false)).toBeUndefined();
  });
});

describe('whose reports a reader sees', () => {
  const reporters = ['县水利局', '县环境保护局', '城关镇', '赤土店镇'];
  it('all for the office and the lead units', () => {
    expect(readableReporters(task, reporters, office)).toEqual(reporters);
    expect(readableReporters(task, reporters, lead)).toEqual(reporters);
  });
  it("a responsible unit: its own and the lead units', not the other townships'", () => {
    expect(readableReporters(task, reporters, responsible)).toEqual(['县水利局', '县环境保护局', '城关镇']);
  });
  it('a stranger: the lead units only', () => {
    expect(readableReporters(task, reporters, stranger)).toEqual(['县水利局', '县环境保护局']);
  });
});
