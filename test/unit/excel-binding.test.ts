import { describe, expect, it } from 'vitest';
import { FIELDS, HEADER } from '../../core/fields.ts';
import { parsePlan } from '../../core/plan.ts';
import type { CellValue } from '../../core/table.ts';
import { fieldText, type Task } from '../../core/task.ts';
import { clearMarks, validate } from '../../addin/actions.ts';
import { excelHost } from '../../addin/excel/excel-host.ts';
import type { MarkStore } from '../../addin/host.ts';
import type { MarkRecord } from '../../addin/marking.ts';
import { repeatedSeedTasks } from '../../bench/cases.ts';
import { mockWorkbook } from '../helpers/excel-mock.ts';
import { Cancelled, progress } from '../../addin/progress.ts';
import { seedPlanText, seedRegistry } from '../helpers/seed.ts';

const registry = seedRegistry();

function memoryStore(): MarkStore & { records: Map<string, MarkRecord> } {
  const records = new Map<string, MarkRecord>();
  return {
    records,
    get: (sheet) => (records.has(sheet) ? structuredClone(records.get(sheet)) : undefined),
    set: async (record) => void records.set(record.sheet, structuredClone(record)),
    remove: async (sheet) => void records.delete(sheet),
  };
}

/** A clerk's sheet: a title row, the header on row 2, one row per task, and an extra column M. */
function sheetOf(tasks: Task[]): CellValue[][] {
  return [
    ['整改任务清单'],
    [...FIELDS.map((f) => HEADER[f]), '联系人'],
    ...tasks.map((t) => [...FIELDS.map((f) => (f === 'no' ? t.no : fieldText(t, f))), '张三']),
  ];
}

describe("the add-in's Excel binding, on office-addin-mock", () => {
  const tasks = parsePlan(seedPlanText())
    .tasks.slice(0, 6)
    .map((t) => ({ ...t }));
  tasks[0]!.status = '完成了'; // invalid status → K3
  tasks[2]!.status = '已完成';
  tasks[2]!.progress = '已印发方案。';

  it('colours rows by status and deadline and marks invalid cells with a fill and a note', async () => {
    const book = mockWorkbook('台账', sheetOf(tasks));
    const result = await validate(excelHost(book.Excel.run, memoryStore()), registry, '2019-05-15');
    expect(result.findings.find((f) => f.rule === 'status-invalid')).toMatchObject({ cell: 'K3' });
    expect(book.fills.get('K3')).toBe('#E4C1F9');
    expect(book.notes.get('K3')).toContain('完成状态“完成了”不在规定选项中');
    expect(book.fills.get('A5')).toBe('#C6EFCE'); // task 3 done: green
    expect(book.fills.get('B3')).toBe('#DDEBF7'); // task 1 ongoing: blue
    expect(book.fills.has('A8')).toBe(false); // task 6, due 2019-12-31: plain
    expect(book.fills.has('M3')).toBe(false); // the extra column is never touched
    expect(book.fills.has('A1')).toBe(false); // nor the title
  });

  it('restores the fills and notes that were there before, and touches nothing else', async () => {
    const before = {
      fills: { B4: '#FFFF00', M4: '#00FF00' },
      notes: { K3: '领导批示：本月必须完成', A10: '表外批注' },
    };
    const book = mockWorkbook('台账', sheetOf(tasks), before);
    const store = memoryStore();
    await validate(excelHost(book.Excel.run, store), registry, '2019-05-15');
    expect(book.notes.get('K3')).toContain('领导批示：本月必须完成');
    expect(book.notes.get('K3')).toContain('不在规定选项中');
    await validate(excelHost(book.Excel.run, store), registry, '2019-05-15'); // a second pass keeps the clerk's fills on record
    expect(await clearMarks(excelHost(book.Excel.run, store), '台账')).toBe(true);
    expect(Object.fromEntries(book.fills)).toEqual(before.fills);
    expect(Object.fromEntries(book.notes)).toEqual(before.notes);
    expect(store.records.size).toBe(0);
  });

  it("marks a unit's protected copy and leaves it protected as it was, also after clearing", async () => {
    const book = mockWorkbook('台账', sheetOf(tasks), { protected: true });
    const store = memoryStore();
    await validate(excelHost(book.Excel.run, store), registry, '2019-05-15');
    expect(book.fills.get('K3')).toBe('#E4C1F9');
    expect(book.protection).toEqual({ protected: true, options: { allowFormatRows: true } });
    expect(await clearMarks(excelHost(book.Excel.run, store), '台账')).toBe(true);
    expect(book.fills.size).toBe(0);
    expect(book.protection.protected).toBe(true);
    expect(book.log.filter((l) => l === 'unprotect' || l === 'protect')).toEqual([
      'unprotect',
      'protect',
      'unprotect',
      'protect',
    ]);
  });

  it('reads and marks a 5,000-row sheet in a few round trips, each under the 5 MB payload limit', async () => {
    const big = repeatedSeedTasks(5000);
    const book = mockWorkbook('台账', sheetOf(big));
    const result = await validate(excelHost(book.Excel.run, memoryStore()), registry, '2019-08-01');
    expect(result.read.table.rows).toHaveLength(5000);
    console.log(
      `5,000 rows: ${book.syncs} context.sync() calls, responses (MB)`,
      book.responses.map((b) => (b / 1e6).toFixed(2)).join(' '),
    );
    // (the mock refuses any answer over 5 MB, as Excel on the web does)
    const payload = book.responses.reduce((a, b) => a + b, 0);
    // One round trip for the head of the sheet, one per 4 MB of values, one to write.
    expect(book.syncs).toBeLessThanOrEqual(2 + Math.ceil(payload / (4 * 1024 * 1024)));
    expect(book.syncs).toBeLessThanOrEqual(4);
  });

  it('says how far reading a large sheet has come, and stops there, marking nothing, when the clerk cancels', async () => {
    const book = mockWorkbook('台账', sheetOf(repeatedSeedTasks(5000)));
    const seen: string[] = [];
    progress.cancelled = false;
    progress.onProgress = (text) => {
      seen.push(text);
      progress.cancelled = true; // 取消 after the first count
    };
    try {
      await expect(validate(excelHost(book.Excel.run, memoryStore()), registry, '2019-08-01')).rejects.toBeInstanceOf(
        Cancelled,
      );
      expect(seen[0]).toMatch(/^读取行 \d+ \/ 5002$/);
      expect(book.fills.size).toBe(0);
    } finally {
      progress.cancelled = false;
      progress.onProgress = () => {};
    }
  });

  it('reads rows far heavier than the head of the sheet by halving the chunk when Excel refuses it', async () => {
    const heavy = repeatedSeedTasks(1200).map((t, i) =>
      i < 40 ? { ...t, problem: '短', measures: '短', goal: '短' } : { ...t, measures: t.measures.repeat(10) },
    );
    const book = mockWorkbook('台账', sheetOf(heavy), { notes: { B900: '原有批注' } });
    const result = await validate(excelHost(book.Excel.run, memoryStore()), registry, '2019-08-01');
    expect(result.read.table.rows).toHaveLength(1200);
    expect(result.read.table.rows[1000]!.values.measures).toBe(heavy[1000]!.measures);
    expect(book.refusals).toBeGreaterThan(0); // the halving path really ran
    expect(result.read.notes.get('B900')).toBe('原有批注'); // and lost no note on the way
  });
});
