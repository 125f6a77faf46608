import { describe, expect, it } from 'vitest';
import { consolidateFollowUp, derivedStatus } from '../../core/consolidate.ts';
import { FIELDS } from '../../core/fields.ts';
import { MemoryMaster } from '../../core/memory-master.ts';
import { missingTasks, OFFICE, ownsTask, type Actor, type IncomingRow } from '../../core/merge.ts';
import { taskRef } from '../../core/ownership.ts';
import { parsePlan } from '../../core/plan.ts';
import { fieldText } from '../../core/task.ts';
import { seedPlanText, seedRegistry } from '../helpers/seed.ts';

const registry = seedRegistry();
const tasks = parsePlan(seedPlanText()).tasks;

function seededMaster() {
  const master = new MemoryMaster();
  for (const t of tasks) master.addTask(taskRef(t, registry));
  master.set(
    tasks.flatMap((t) => FIELDS.map((field) => ({ taskId: t.id, unit: '', field, value: fieldText(t, field) }))),
    '导入',
  );
  return master;
}

const water: Actor = { kind: 'unit', unit: '县水利局' };
const town: Actor = { kind: 'unit', unit: '城关镇' };
const office: Actor = { kind: 'office' };

function submit(master: MemoryMaster, actor: Actor, baseRevision: number, rows: IncomingRow[], copy?: string) {
  return master.submit({ actor, baseRevision, rows, ...(copy ? { copy } : {}) });
}

describe('merging a submission into the master', () => {
  it('expands group names, so every township owns a task of 各乡镇人民政府', () => {
    const t7 = taskRef(tasks[6]!, registry);
    expect(t7.leadUnits).toEqual(['县环境保护局', '县住房和城乡建设局', '县水利局', '县城市管理局']);
    expect(t7.units).toHaveLength(14);
  });

  it("applies a unit's follow-up values on its own tasks, kept per unit", () => {
    const master = seededMaster();
    const r = submit(master, water, 1, [{ no: 7, values: { progress: '已完成截污工程。', status: '正在推进' } }]);
    expect(r.applied.map((a) => [a.no, a.unit, a.field])).toEqual([
      [7, '县水利局', 'progress'],
      [7, '县水利局', 'status'],
    ]);
    submit(master, town, 1, [{ no: 7, values: { progress: '已排查排污口12个。' } }]);
    expect(master.current({ taskId: '7', unit: '县水利局', field: 'progress' })?.value).toBe('已完成截污工程。');
    expect(master.current({ taskId: '7', unit: '城关镇', field: 'progress' })?.value).toBe('已排查排污口12个。');
  });

  it('rejects, with the reason, anything a unit may not change', () => {
    const master = seededMaster();
    const r = submit(master, water, 1, [
      { no: 7, values: { goal: '新目标', deadline: '2020年底', progress: '进展' } },
      { no: 24, values: { progress: '不是本单位的任务' } },
      { no: 99, values: { progress: '新增的行' } },
      { no: 8, values: { status: '完成了', remarks: '=HYPERLINK("x")' } },
    ]);
    expect(r.applied.map((a) => `${a.no}:${a.field}`)).toEqual(['7:progress']);
    expect(r.rejected.map((x) => `${x.no}:${x.field}`)).toEqual([
      '7:goal',
      '7:deadline',
      '24:*',
      '99:*',
      '8:status',
      '8:remarks',
    ]);
    expect(r.rejected.find((x) => x.field === 'goal')!.reason).toContain('只能由办公室修改');
    expect(r.rejected.find((x) => x.no === 99)!.reason).toContain('新增');
    expect(r.rejected.find((x) => x.field === 'status')!.reason).toContain('不在规定选项中');
  });

  it('lets a clerk correct and resend the same downloaded sheet: its own earlier submission is its base', () => {
    const master = seededMaster();
    submit(master, water, 1, [{ no: 7, values: { progress: '初稿' } }], 'copy-1');
    const again = submit(master, water, 1, [{ no: 7, values: { progress: '更正稿' } }], 'copy-1');
    expect(again.conflicts).toEqual([]);
    expect(master.current({ taskId: '7', unit: '县水利局', field: 'progress' })?.value).toBe('更正稿');
  });

  it('makes two clerks of one unit, each with its own copy of the same base, a conflict', () => {
    const master = seededMaster();
    submit(master, water, 1, [{ no: 7, values: { progress: '甲的稿' } }], 'copy-a');
    const second = submit(master, water, 1, [{ no: 7, values: { progress: '乙的稿' } }], 'copy-b');
    expect(second.applied).toEqual([]);
    expect(second.conflicts).toMatchObject([{ master: '甲的稿', incoming: '乙的稿', base: '' }]);
    expect(master.current({ taskId: '7', unit: '县水利局', field: 'progress' })?.value).toBe('甲的稿');
  });

  it('changes nothing when the same submission comes twice', () => {
    const master = seededMaster();
    const rows = [{ no: 7, values: { progress: '进展', status: '正在推进' } }];
    submit(master, water, 1, rows);
    const revision = master.revision;
    const twice = submit(master, water, 1, rows);
    expect(twice).toMatchObject({ applied: [], conflicts: [], rejected: [] });
    expect(master.revision).toBe(revision);
  });

  it('makes a conflict, never an overwrite, when someone else changed the cell since the base', () => {
    const master = seededMaster();
    submit(master, water, 1, [{ no: 7, values: { progress: '水利局原稿' } }]);
    const base = master.revision;
    submit(master, office, base, [{ no: 7, unit: '县水利局', values: { progress: '办公室改稿' } }]);
    const r = submit(master, water, base, [{ no: 7, values: { progress: '水利局新稿' } }]);
    expect(r.applied).toEqual([]);
    expect(r.conflicts).toMatchObject([
      {
        no: 7,
        unit: '县水利局',
        field: 'progress',
        base: '水利局原稿',
        master: '办公室改稿',
        masterBy: OFFICE,
        incoming: '水利局新稿',
        incomingBy: '县水利局',
      },
    ]);
    expect(master.current({ taskId: '7', unit: '县水利局', field: 'progress' })?.value).toBe('办公室改稿');
  });

  it('makes two office edits of a goal from the same base a conflict', () => {
    const master = seededMaster();
    submit(master, office, 1, [{ no: 3, values: { goal: '第一次修改' } }]);
    const r = submit(master, office, 1, [{ no: 3, values: { goal: '第二次修改' } }]);
    expect(r.conflicts).toMatchObject([
      { field: 'goal', base: tasks[2]!.goal, master: '第一次修改', incoming: '第二次修改' },
    ]);
  });

  it('leaves a cell alone when the submitter did not change it, whatever the master did', () => {
    const master = seededMaster();
    submit(master, office, 1, [{ no: 3, values: { goal: '办公室修改' } }]);
    const r = submit(master, { kind: 'unit', unit: '城关镇' }, 1, [
      { no: 3, values: { goal: tasks[2]!.goal, progress: '进展' } },
    ]);
    expect(r.rejected).toEqual([]);
    expect(r.applied.map((a) => a.field)).toEqual(['progress']);
  });

  it('reports tasks deleted from a whole sheet', () => {
    const master = seededMaster();
    const own = tasks
      .map((t) => taskRef(t, registry))
      .filter((t) => t.leadUnits.includes('县水利局') || t.units.includes('县水利局'));
    const submission = { actor: water, baseRevision: 1, rows: [{ no: 7, values: {} }], wholeSheet: true };
    expect(missingTasks(submission, own, master).map((r) => r.no)).toEqual(
      own.filter((t) => t.no !== 7).map((t) => t.no),
    );
  });
});

describe("the master's combined cells", () => {
  const t7 = taskRef(tasks[6]!, registry);
  const empty = { progress: '', status: '', remarks: '' };

  it("holds the lead units' reports; a responsible unit's stays in the detail", () => {
    const values: Record<string, typeof empty> = {
      城关镇: { progress: '排查完毕', status: '已完成', remarks: '' },
      县水利局: { progress: '截污完成', status: '正在推进', remarks: '见附件' },
      县环境保护局: { progress: '监测达标', status: '', remarks: '' },
    };
    const combined = consolidateFollowUp(t7, (u) => values[u] ?? empty, { ...empty, progress: '办公室核实' });
    // Each unit's words verbatim, a line each; 城关镇's own report is pointed to, not crammed in.
    expect(combined.progress).toBe(
      '办公室：办公室核实\n县环境保护局：监测达标\n县水利局：截污完成\n（另有1个单位报送，见进展明细）',
    );
    expect(combined.remarks).toBe('县水利局：见附件');
    const t27 = taskRef(tasks[26]!, registry); // no lead unit: its responsible unit's words
    const city = consolidateFollowUp(t27, (u) => (u === '县城市管理局' ? values['县水利局']! : empty), empty);
    expect(city.progress).toBe('县城市管理局：截污完成');
  });

  it('derives the status from the least advanced lead unit, finished only when all lead units are', () => {
    const status = (s: Record<string, string>) => derivedStatus(t7, (u) => s[u] ?? '');
    expect(status({})).toBe('');
    expect(status({ 县水利局: '已完成' })).toBe('正在推进');
    expect(
      status({ 县环境保护局: '已完成', 县住房和城乡建设局: '已完成', 县水利局: '未启动', 县城市管理局: '已完成' }),
    ).toBe('未启动');
    expect(
      status({
        县环境保护局: '已完成',
        县住房和城乡建设局: '已完成',
        县水利局: '已完成',
        县城市管理局: '已完成',
        城关镇: '未启动',
      }),
    ).toBe('已完成');
    const t27 = taskRef(tasks[26]!, registry); // no lead unit: decided by the responsible unit
    expect(derivedStatus(t27, (u) => (u === '县城市管理局' ? '持续推进' : ''))).toBe('持续推进');
  });

  it('lets the office close a task off over the derived status', () => {
    expect(
      consolidateFollowUp(t7, () => ({ progress: '', status: '正在推进', remarks: '' }), {
        progress: '',
        status: '已销号',
        remarks: '',
      }).status,
    ).toBe('已销号');
  });
});

describe('what the merge says besides applying', () => {
  it('warns when a submission claims a revision the ledger has not reached, and takes nothing twice from one sheet', () => {
    const master = seededMaster();
    const ahead = submit(master, water, 9, [{ no: 7, values: { progress: '未来版本' } }]);
    expect(ahead.warnings.join('')).toMatch(/版本/);
    const twice = submit(master, water, master.revision, [
      { no: 8, values: { progress: '第一行' } },
      { no: 8, values: { progress: '第二行' } },
    ]);
    expect(twice.applied.map((a) => a.value)).toEqual(['第一行']);
    expect(twice.rejected).toEqual([
      expect.objectContaining({ no: 8, field: '*', reason: expect.stringContaining('出现了两次') }),
    ]);
  });

  it("refuses the office's entry for a unit that is not on the task, and takes it for one that is", () => {
    const master = seededMaster();
    const wrong = submit(master, office, 1, [{ no: 7, unit: '县林业局', values: { progress: '代填' } }]);
    expect(wrong.applied).toEqual([]);
    expect(wrong.rejected[0]?.reason).toContain('县林业局不是任务7的牵头或责任单位');
    const right = submit(master, office, 1, [{ no: 7, unit: '县水利局', values: { progress: '代填' } }]);
    expect(right.applied).toEqual([expect.objectContaining({ unit: '县水利局', field: 'progress', value: '代填' })]);
  });

  it('says once that a sheet was renumbered, rather than refusing every row, and still takes its values by id', () => {
    const master = seededMaster();
    const t7 = tasks[6]!;
    const t8 = tasks[7]!;
    const r = submit(master, water, 1, [
      { taskId: t7.id, no: 70, values: { no: '70', progress: '按标识对应' } },
      { taskId: t8.id, no: 80, values: { no: '80' } },
    ]);
    expect(r.applied).toEqual([expect.objectContaining({ taskId: t7.id, value: '按标识对应' })]);
    expect(r.rejected).toEqual([]);
    expect(r.warnings).toEqual([expect.stringMatching(/^表中2行的序号与台账不同（如序号7的任务）/)]);
    // The office may renumber.
    const renumbered = submit(master, office, master.revision, [{ taskId: t8.id, no: 88, values: { no: '88' } }]);
    expect(renumbered.applied).toEqual([expect.objectContaining({ field: 'no', value: '88' })]);
  });

  it('refuses a value the unit sent before and has since been replaced by a newer one', () => {
    const master = seededMaster();
    submit(master, water, 1, [{ no: 7, values: { progress: '旧稿' } }]);
    submit(master, water, master.revision, [{ no: 7, values: { progress: '新稿' } }]);
    const resent = submit(master, water, 1, [{ no: 7, values: { progress: '旧稿' } }]);
    expect(resent.applied).toEqual([]);
    expect(resent.conflicts).toEqual([]);
    expect(resent.rejected).toEqual([
      expect.objectContaining({ no: 7, field: 'progress', reason: expect.stringContaining('县水利局填写的新值') }),
    ]);
  });

  it('refuses every unit edit on a task the office closed off, and lets the office reopen it', () => {
    const master = seededMaster();
    submit(master, office, 1, [{ no: 7, values: { status: '已销号' } }]);
    const late = submit(master, water, master.revision, [{ no: 7, values: { progress: '还在推进' } }]);
    expect(late.applied).toEqual([]);
    expect(late.rejected[0]?.reason).toContain('已由办公室销号');
    const reopened = submit(master, office, master.revision, [{ no: 7, values: { status: '正在推进' } }]);
    expect(reopened.applied).toHaveLength(1);
  });

  it('applies nothing from an older file of a copy once a newer one was taken, and lists what it would have changed', () => {
    const master = seededMaster();
    const newer = { actor: water, baseRevision: 1, copy: 'copy-1', savedAt: '2019-08-02T10:00:00Z' };
    master.submit({
      ...newer,
      rows: [
        { no: 7, values: { progress: '下午稿' } },
        { no: 8, values: { progress: '下午' } },
      ],
    });
    const older = master.submit({
      ...newer,
      savedAt: '2019-08-02T09:00:00Z',
      rows: [
        { no: 7, values: { progress: '上午稿' } },
        { no: 8, values: { progress: '下午' } },
      ],
    });
    expect(older.applied).toEqual([]);
    expect(older.warnings).toHaveLength(1);
    expect(older.rejected).toEqual([expect.objectContaining({ no: 7, field: 'progress' })]);
    expect(master.current({ taskId: tasks[6]!.id, unit: '县水利局', field: 'progress' })?.value).toBe('下午稿');
  });

  it("never takes what the consolidated master derives as the sender's words: the pointer, another unit's line", () => {
    const master = seededMaster();
    const t7 = tasks[6]!.id;
    submit(master, water, 1, [{ no: 7, values: { progress: '截污完成', remarks: '' } }]);
    submit(master, town, 1, [{ no: 7, values: { progress: '排查完毕' } }]);
    const city: Actor = { kind: 'unit', unit: '县城市管理局' };
    const copied = submit(master, city, master.revision, [
      {
        no: 7,
        values: {
          progress: '县水利局：截污完成\n（另有1个单位报送，见进展明细）',
          remarks: '县环境保护局：监测报告已归档',
        },
      },
    ]);
    expect(copied.applied).toEqual([]);
    expect(copied.conflicts).toEqual([]);
    expect(copied.rejected.map((r) => r.field)).toEqual(['progress', 'remarks']);
    expect(copied.rejected[0]!.reason).toContain('县水利局、“见进展明细”的提示');
    expect(copied.rejected[0]!.reason).toContain('本单位原有内容不变');
    expect(master.current({ taskId: t7, unit: '县城市管理局', field: 'progress' })).toBeUndefined();
    expect(master.current({ taskId: t7, unit: '县城市管理局', field: 'remarks' })).toBeUndefined();

    const mixed = submit(master, town, master.revision, [
      { no: 7, values: { progress: '县水利局：截污完成\n城关镇：排查完毕，已整改3处' } },
    ]);
    expect(mixed.applied).toEqual([]);
    expect(mixed.rejected[0]!.reason).toContain('请只填写本单位自己的内容');
    expect(master.current({ taskId: t7, unit: '城关镇', field: 'progress' })?.value).toBe('排查完毕');
    expect(
      submit(master, town, master.revision, [{ no: 7, values: { progress: '城关镇：排查完毕' } }]).rejected,
    ).toEqual([]);
  });

  it('keeps the words of a version sent before when a file of the same copy saved at the same second holds less', () => {
    const master = seededMaster();
    const same = { actor: water, baseRevision: 1, copy: 'copy-1', savedAt: '2019-08-02T10:00:00Z' };
    master.submit({
      ...same,
      rows: [
        { no: 7, values: { progress: '截污工程完工，验收通过' } },
        { no: 8, values: { progress: '乙' } },
        { no: 10, values: { progress: '丙' } },
      ],
    });
    const tie = master.submit({
      ...same,
      rows: [
        { no: 7, values: { progress: '截污工程完工' } },
        { no: 8, values: { progress: '' } },
        { no: 10, values: { progress: '丁' } },
      ],
    });
    expect(tie.applied).toEqual([]);
    expect(tie.rejected.map((r) => r.no)).toEqual([7, 8]);
    expect(tie.rejected[0]!.reason).toContain('2019-08-02 18:00:00');
    expect(tie.conflicts.map((c) => [c.no, c.master, c.incoming])).toEqual([[10, '丙', '丁']]);
    const progress = (i: number) =>
      master.current({ taskId: tasks[i]!.id, unit: '县水利局', field: 'progress' })?.value;
    expect([progress(6), progress(7), progress(9)]).toEqual(['截污工程完工，验收通过', '乙', '丙']);

    const more = master.submit({ ...same, rows: [{ no: 7, values: { progress: '截污工程完工，验收通过。已归档' } }] });
    expect(more.applied.map((a) => a.no)).toEqual([7]);
  });

  it('knows whose task it is: lead and responsible units own it, others do not', () => {
    const t7 = taskRef(tasks[6]!, registry);
    expect(ownsTask(t7, '县水利局')).toBe(true);
    expect(ownsTask(t7, '城关镇')).toBe(true);
    expect(ownsTask(t7, '县林业局')).toBe(false);
  });
});
