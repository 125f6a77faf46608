/** The pane's actions on the host interface alone, with a spreadsheet in memory in place of Excel. */
import { describe, expect, it } from 'vitest';
import { clearMarks, markConflicts, recheckRows, stampToSubmit, validate } from '../../addin/actions.ts';
import { ERROR_MARK } from '../../core/colour.ts';
import { memoryHost } from '../helpers/memory-host.ts';
import { pulledStamp, unitSheet } from '../helpers/pulled.ts';
import { seedRegistry } from '../helpers/seed.ts';

const registry = seedRegistry();
const TODAY = '2019-08-01';

/** A unit's sheet pulled into an empty workbook: six tasks of the seed plan, protected as handed out. */
async function pulled() {
  const host = memoryHost({ Sheet1: [] });
  const { plan, tasks } = unitSheet();
  const sheet = await host.writeSheet(plan);
  await host.saveStamp(pulledStamp(sheet, plan, tasks));
  const frame = new Map(host.sheets.get(sheet)!.fills);
  return { host, sheet, tasks, frame, row: (no: number) => plan.body.firstRow + tasks.findIndex((t) => t.no === no) };
}

describe("the pane's actions, on any spreadsheet host", () => {
  it('keeps the last submission’s conflicts marked through every re-check, until the next answer', async () => {
    const { host, sheet, row } = await pulled();
    const checked = await validate(host, registry, TODAY);
    const cell = `D${row(2)}`;
    await markConflicts(host, checked, [
      { no: 2, field: 'progress', master: '办公室核实', masterBy: '县政府办', incoming: '已完成' },
    ]);
    const marked = host.sheets.get(sheet)!;
    expect(marked.fills.get(cell)).toBe(`#${ERROR_MARK.fill}`);
    expect(marked.notes.get(cell)).toContain('冲突：台账现值为“办公室核实”');
    expect(marked.protected).toBe(true); // lifted for the marks, and put back

    const again = await validate(host, registry, TODAY);
    expect(marked.notes.get(cell)).toContain('冲突');
    host.sheets.get(sheet)!.values[row(2) - 1]![4] = '完成了'; // a wrong status on the same row
    const rechecked = await recheckRows(host, registry, again, [row(2)]);
    expect(rechecked.findings.some((f) => f.cell === `E${row(2)}`)).toBe(true);
    expect(marked.notes.get(cell)).toContain('冲突');
    expect(marked.notes.get(`E${row(2)}`)).toContain('完成了');

    // The next submission had no conflict: the mark goes, the check's own marks stay.
    await markConflicts(host, rechecked, []);
    expect(marked.notes.has(cell)).toBe(false);
    expect(marked.fills.get(cell)).not.toBe(`#${ERROR_MARK.fill}`);
    expect(marked.notes.get(`E${row(2)}`)).toContain('完成了');
  });

  it('清除标记 puts the pulled sheet back as it was, conflicts and all', async () => {
    const { host, sheet, frame } = await pulled();
    const checked = await validate(host, registry, TODAY);
    await markConflicts(host, checked, [
      { no: 1, field: 'status', master: '正在推进', masterBy: '县政府办', incoming: '已完成' },
    ]);
    expect(await clearMarks(host, sheet)).toBe(true);
    const after = host.sheets.get(sheet)!;
    expect(Object.fromEntries(after.fills)).toEqual(Object.fromEntries(frame));
    expect(after.notes.size).toBe(0);
    expect(after.protected).toBe(true);
    expect(host.marks.get(sheet)).toBeUndefined();
  });

  it('leaves the protection as the clerk left it: a live re-check does not put back what was lifted', async () => {
    const { host, sheet, row } = await pulled();
    const checked = await validate(host, registry, TODAY);
    const marked = host.sheets.get(sheet)!;
    marked.protected = false; // 审阅 → 撤消工作表保护, after the check
    marked.values[row(2) - 1]![4] = '完成了';
    await recheckRows(host, registry, checked, [row(2)]);
    expect(marked.notes.get(`E${row(2)}`)).toContain('完成了');
    expect(marked.protected).toBe(false);
  });

  it("submits a sheet only under its own stamp: not another sheet's, and not without one", async () => {
    const { host, sheet } = await pulled();
    expect(stampToSubmit(await host.readTable(sheet)).unit).toBe('县水利局');
    const [stamp] = await host.stamps();
    // The stamp names tasks this sheet does not hold: another unit's copy took the sheet's name.
    await host.saveStamp({ ...stamp!, rows: stamp!.rows.map((r) => ({ ...r, taskId: `${r.taskId}-x` })) });
    await expect(host.readTable(sheet).then(stampToSubmit)).rejects.toThrow('属于另一张表');
    // The sheet was renamed: its stamp stays with the old name.
    host.sheets.set('改过名', host.sheets.get(sheet)!);
    await expect(host.readTable('改过名').then(stampToSubmit)).rejects.toThrow('没有台账版本标识');
  });
});
