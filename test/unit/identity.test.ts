import { describe, expect, it } from 'vitest';
import { identifyRow, rowLabel, textKey } from '../../core/identity.ts';
import { MemoryMaster } from '../../core/memory-master.ts';
import type { IncomingRow } from '../../core/merge.ts';

/** Three tasks; task a's 反馈问题 was edited by the office at revision 2. */
function master() {
  const m = new MemoryMaster();
  for (const [id, no] of [
    ['a', 1],
    ['b', 2],
    ['c', 3],
  ] as const)
    m.addTask({ id, no, leadUnits: ['县水利局'], units: [] });
  m.set(
    [
      { taskId: 'a', unit: '', field: 'problem', value: '河道采砂管理不到位。' },
      { taskId: 'b', unit: '', field: 'problem', value: '饮用水源地保护不力。' },
      { taskId: 'c', unit: '', field: 'problem', value: '' },
    ],
    '导入',
  );
  m.set([{ taskId: 'a', unit: '', field: 'problem', value: '河道采砂管理仍不到位。' }], '办公室');
  return m;
}

const row = (r: Partial<IncomingRow>): IncomingRow => ({ values: {}, ...r });
const taskOf = (found: ReturnType<typeof identifyRow>) => ('task' in found ? found.task.id : found.reason);

describe('which task a row is', () => {
  it('is the stamped task id, when the row carries one and its text does not belong to another task', () => {
    const m = master();
    expect(taskOf(identifyRow(row({ taskId: 'b', no: 9 }), m, 2))).toBe('b');
    expect(taskOf(identifyRow(row({ taskId: 'b', values: { problem: '饮用水源地 保护不力。' } }), m, 2))).toBe('b');
    expect(taskOf(identifyRow(row({ taskId: 'zz', row: 5 }), m, 2))).toMatch(/^第5行的任务标识“zz”不在本台账中/);
    expect(taskOf(identifyRow(row({ taskId: 'b', values: { problem: '河道采砂管理仍不到位。' } }), m, 2))).toMatch(
      /反馈问题是任务1的，但它的任务标识属于任务2/,
    );
  });

  it('is the 序号 when there is no id and no fixed text to check', () => {
    const m = master();
    expect(taskOf(identifyRow(row({ no: 2 }), m, 2))).toBe('b');
    expect(taskOf(identifyRow(row({ no: 2, values: { problem: '  ' } }), m, 2))).toBe('b');
    expect(taskOf(identifyRow(row({ no: 7 }), m, 2))).toMatch(/^台账中没有序号为7的任务/);
    expect(taskOf(identifyRow(row({ row: 4 }), m, 2))).toBe('第4行没有序号，未采用。The row has no No.');
  });

  it("is the 序号 when the row's text is the task's now, or was at the submitter's base", () => {
    const m = master();
    expect(taskOf(identifyRow(row({ no: 1, values: { problem: '河道采砂管理仍不到位。' } }), m, 2))).toBe('a');
    // A sheet downloaded before the office's edit still says the old words.
    expect(taskOf(identifyRow(row({ no: 1, values: { problem: '河道采砂管理不到位。' } }), m, 1))).toBe('a');
    expect(taskOf(identifyRow(row({ no: 1, values: { problem: '河道采砂管理不到位。' } }), m, 2))).toMatch(
      /与台账中任何任务都不一致/,
    );
  });

  it("is no task when the 序号 and the text disagree, or the text is no task's", () => {
    const m = master();
    expect(taskOf(identifyRow(row({ no: 1, row: 6, values: { problem: '饮用水源地保护不力。' } }), m, 2))).toMatch(
      /^第6行的序号是1，但反馈问题是任务2的/,
    );
    expect(taskOf(identifyRow(row({ no: 3, values: { problem: '新增的问题。' } }), m, 2))).toMatch(
      /与台账中任何任务都不一致/,
    );
    expect(taskOf(identifyRow(row({ no: 8, values: { problem: '新增的问题。' } }), m, 2))).toMatch(
      /与台账中任何任务都不一致/,
    );
  });

  it('compares fixed text without its blanks and line breaks, and names a row by where it is', () => {
    expect(textKey(' 河道\n采砂　管理 ')).toBe('河道采砂管理'); // the ideographic space too
    expect(rowLabel(row({ row: 12, no: 3 }))).toBe('第12行');
    expect(rowLabel(row({ no: 3 }))).toBe('序号3');
    expect(rowLabel(row({ taskId: 'a' }))).toBe('任务“a”');
    expect(rowLabel(row({}))).toBe('任务“?”');
  });
});
