import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../core/plan.ts';
import { colourOf } from '../../core/colour.ts';
import { validateTable, type Finding } from '../../core/rules.ts';
import { tableOfTasks } from '../../core/table.ts';
import { seedPlanText, seedRegistry } from '../helpers/seed.ts';

const registry = seedRegistry();
const seedTasks = () => parsePlan(seedPlanText()).tasks;
const validate = (tasks = seedTasks(), today = '2019-08-01', partial = false) =>
  validateTable(tableOfTasks(tasks), { registry, today, partial });
const of = (findings: Finding[], rule: string) => findings.filter((f) => f.rule === rule);

describe('validation rules', () => {
  it('gives every finding its rule, severity, cell, row, task and a Chinese message', () => {
    const findings = validate();
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.cell).toMatch(/^[A-L]\d+$/);
      expect(f.cell.endsWith(String(f.row))).toBe(true);
      expect(['error', 'warning', 'info']).toContain(f.severity);
      expect(f.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("flags the seed's own gaps: missing lead units are fine, a missing person is a warning", () => {
    const findings = validate();
    expect(of(findings, 'units-empty')).toEqual([]);
    const person = of(findings, 'required-empty').filter((f) => f.field === 'person');
    expect(person).toMatchObject([{ task: '27', severity: 'warning', cell: 'H29' }]);
  });

  it('reports aliases as info with the canonical name', () => {
    const alias = of(validate(), 'unit-alias').find((f) => f.task === '10');
    expect(alias).toMatchObject({ severity: 'info', field: 'leadUnits', cell: 'F12' });
    expect(alias!.message).toContain('县环境保护局');
  });

  it('judges overdue against the given day', () => {
    expect(of(validate(seedTasks(), '2019-05-01'), 'overdue').map((f) => f.task)).toEqual(['3', '18', '29']);
    const tasks = seedTasks();
    tasks[2]!.status = '已完成';
    tasks[2]!.progress = '已印发实施方案。';
    expect(of(validate(tasks, '2019-05-01'), 'overdue').map((f) => f.task)).toEqual(['18', '29']);
  });

  it('checks numbering: missing, not a number, duplicated, out of sequence', () => {
    const tasks = seedTasks().slice(0, 5);
    tasks[1]!.no = 1;
    tasks[3]!.no = 7;
    const findings = validate(tasks);
    expect(of(findings, 'no-duplicate')).toMatchObject([{ task: '1', cell: 'A4', severity: 'error' }]);
    expect(of(findings, 'no-sequence').map((f) => f.task)).toEqual(['3', '7', '5']);
    expect(of(validate(tasks, '2019-08-01', true), 'no-sequence')).toEqual([]);
    const table = tableOfTasks(seedTasks().slice(0, 2));
    table.rows[0]!.values.no = '一';
    table.rows[1]!.values.no = '';
    const numbering = validateTable(table, { registry, today: '2019-08-01' });
    expect(of(numbering, 'no-not-number')).toHaveLength(1);
    expect(of(numbering, 'no-missing')).toHaveLength(1);
  });

  it('checks cell contents a clerk gets wrong', () => {
    const tasks = seedTasks().slice(0, 3);
    tasks[0]!.status = '完成了';
    tasks[1]!.status = '已完成';
    tasks[2]!.remarks = '=SUM(A1:A3)';
    tasks[2]!.progress = ' 已部署 ';
    tasks[0]!.units = '县环境保护厅';
    tasks[1]!.leaders = '王小明';
    tasks[2]!.deadline = '尽快';
    tasks[0]!.goal = '';
    const findings = validate(tasks);
    expect(of(findings, 'status-invalid')).toMatchObject([{ task: '1', cell: 'K3', severity: 'error' }]);
    expect(of(findings, 'done-without-progress')).toMatchObject([{ task: '2', cell: 'J4' }]);
    expect(of(findings, 'formula-like')).toMatchObject([{ task: '3', cell: 'L5' }]);
    expect(of(findings, 'blank-edges')).toMatchObject([{ task: '3', cell: 'J5' }]);
    expect(of(findings, 'unit-unknown')[0]!.message).toContain('县环境保护局');
    expect(of(findings, 'leader-unknown')).toMatchObject([{ task: '2', cell: 'E4' }]);
    expect(of(findings, 'deadline-unreadable')).toMatchObject([{ task: '3', cell: 'I5', severity: 'error' }]);
    expect(of(findings, 'required-empty')).toMatchObject([{ task: '1', cell: 'C3', severity: 'error' }]);
  });

  it("finds another field's label glued into a cell", () => {
    const tasks = seedTasks().slice(0, 1);
    tasks[0]!.deadline = '2019年12月底前责任领导：';
    expect(of(validate(tasks), 'label-glued')).toMatchObject([{ cell: 'I3', field: 'deadline' }]);
  });
});

describe('one judgement of overdue, for the colour and the finding', () => {
  it('finds task 23 overdue on 2019-12-05 by its first milestone, as its colour does', () => {
    const tasks = seedTasks();
    const t23 = tasks.find((t) => t.no === 23)!;
    expect(t23.deadline).toContain('11月30日');
    const found = of(validate(tasks, '2019-12-05'), 'overdue').filter((f) => f.task === '23');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('第1个节点');
    expect(colourOf(t23, '2019-12-05').colour).toBe('overdue');
  });

  it('agrees with the colour on every task of the plan, on any day, whatever the status', () => {
    const tasks = seedTasks();
    for (const today of ['2019-04-30', '2019-05-01', '2019-11-30', '2019-12-01', '2019-12-31', '2020-01-01']) {
      for (const status of ['', '正在推进', '已完成']) {
        const withStatus = tasks.map((t) => ({ ...t, status }));
        const overdue = new Set(of(validate(withStatus, today), 'overdue').map((f) => f.task));
        for (const t of withStatus)
          expect(overdue.has(String(t.no)), `task ${t.no} on ${today} (${status})`).toBe(
            colourOf(t, today).colour === 'overdue',
          );
      }
    }
  });
});
