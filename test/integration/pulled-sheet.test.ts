/**
 * The sheet the task pane pulls is the sheet a unit downloads: the pane's plan of it, cell by
 * cell, against the service's workbook as exceljs reads it.
 */
import { describe, expect, it } from 'vitest';
import { ledgerSheetPlan, pulledTasks, type Look, type SheetPlan } from '../../addin/sheet-plan.ts';
import { columnLetter } from '../../core/text.ts';
import { servicePerTest } from '../helpers/service.ts';
import { answerOf } from '../../server/http/client.ts';
import { unitWorkbook } from '../helpers/sheets.ts';
import { downloadLooks, workbookCell, type Seen } from '../helpers/looks.ts';

const service = servicePerTest();

function decode(address: string) {
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(address)!;
  const col = (l: string) => [...l].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return { top: Number(m[2]), left: col(m[1]!), bottom: Number(m[4] ?? m[2]), right: col(m[3] ?? m[1]!) };
}

/** The plan's cells: its values, and its looks folded in order (a later one wins). */
function planCells(plan: SheetPlan): Map<string, Seen> {
  const cells = new Map<string, Seen>();
  const at = (address: string) =>
    cells.get(address) ?? cells.set(address, { value: '', wrap: false, borders: false, unlocked: false }).get(address)!;
  const each = (address: string, fn: (a: string, i: number, j: number) => void) => {
    const r = decode(address);
    for (let row = r.top; row <= r.bottom; row++)
      for (let c = r.left; c <= r.right; c++) fn(`${columnLetter(c)}${row}`, row - r.top, c - r.left);
  };
  for (const { address, values } of plan.cells) each(address, (a, i, j) => (at(a).value = String(values[i]![j])));
  for (const [i, row] of plan.body.values.entries())
    for (const [j, v] of row.entries()) at(`${columnLetter(j + 1)}${plan.body.firstRow + i}`).value = String(v);
  const words = (look: Look, seen: Seen) => {
    if (look.font)
      seen.font = `${look.font.name} ${look.font.size}${look.font.bold ? ' bold' : ''} ${look.font.color ?? '#000000'}`;
    if (look.fill) seen.fill = look.fill;
    if (look.align) seen.align = look.align.toLowerCase();
    if (look.valign) seen.valign = look.valign === 'Center' ? 'middle' : 'top';
    if (look.wrap) seen.wrap = true;
    if (look.borders) seen.borders = true;
    if (look.unlocked) seen.unlocked = true;
  };
  for (const { address, look } of plan.looks) each(address, (a) => words(look, at(a)));
  return cells;
}

describe('the sheet the pane pulls', () => {
  it("is the unit's download, cell for cell: values, fonts, fills, alignment, borders, merges, sizes, dropdown and protection", async () => {
    const s = await service();
    await answerOf(s.office.rounds.$post({ json: { period: '2019年7月', deadline: '2019-08-05' } }));
    const unit = '县水利局';
    // The unit reported once, naming who filled it in: both copies fill that in ahead.
    await s.submit(unit, {
      baseRevision: 1,
      rows: [{ no: 7, progress: '截污工程完工。' }],
      reporter: { name: '王五', phone: '66000000' },
    });
    const ledgerId = (await answerOf(s.office.ledgers.$get())).ledgers[0]!.id;
    const answer = await answerOf((await s.unit(unit)).ledgers[':ledgerId'].tasks.$get({ param: { ledgerId } }));
    expect(answer.reporter).toEqual({ name: '王五', phone: '66000000' });
    const plan = ledgerSheetPlan({
      title: answer.title,
      unit,
      tasks: pulledTasks(answer),
      today: '2019-08-01',
      reportingDeadline: '2019-08-05',
      reporter: answer.reporter ?? undefined,
    });
    const workbook = await unitWorkbook(s, unit);
    const sheet = workbook.getWorksheet('整改台账')!;
    expect(plan.body.values.length).toBeGreaterThan(0);

    const width = plan.body.numberFormats.length;
    const lastRow = plan.body.firstRow + plan.body.values.length - 1;
    const merges = plan.looks.filter((l) => l.look.merge).map((l) => l.address);
    expect(merges.sort()).toEqual([...(sheet.model as { merges: string[] }).merges].sort());
    const covered = new Set(
      merges.flatMap((m) => {
        const r = decode(m);
        return Array.from({ length: r.right - r.left }, (_, j) => `${columnLetter(r.left + j + 1)}${r.top}`);
      }),
    );

    const planned = planCells(plan);
    const differences: string[] = [];
    for (let row = 1; row <= lastRow; row++) {
      for (let c = 1; c <= width; c++) {
        const address = `${columnLetter(c)}${row}`;
        if (covered.has(address)) continue;
        const ours = planned.get(address) ?? { value: '', wrap: false, borders: false, unlocked: false };
        const theirs = workbookCell(sheet.getCell(address));
        // The pane colours task rows when it checks them (校验), with fills it can put back.
        if (row >= plan.body.firstRow) {
          delete theirs.fill;
          delete ours.fill;
          if (theirs.font) theirs.font = theirs.font.replace(/ #\w+$/, '');
          if (ours.font) ours.font = ours.font.replace(/ #\w+$/, '');
        }
        const words = (seen: Seen) => JSON.stringify(seen, Object.keys(seen).sort());
        if (words(ours) !== words(theirs))
          differences.push(`${address}: pane ${words(ours)} / service ${words(theirs)}`);
      }
    }
    expect(differences.slice(0, 5)).toEqual([]);

    for (const { column, characters } of plan.columnWidths) expect(sheet.getColumn(column).width).toBe(characters);
    expect(plan.hiddenColumns.map((c) => sheet.getColumn(c).hidden)).toEqual(plan.hiddenColumns.map(() => true));
    for (const { row, points } of plan.rowHeights) expect([row, sheet.getRow(row).height]).toEqual([row, points]);
    const download = downloadLooks(sheet);
    expect(download.frozen).toEqual(plan.frozen);
    // exceljs reads a validation over a range back as one per cell.
    const listed = plan.lists.flatMap((l) => {
      const r = decode(l.address);
      return Array.from({ length: r.bottom - r.top + 1 }, (_, i) => [
        `${columnLetter(r.left)}${r.top + i}`,
        l.values.join(','),
      ]);
    });
    expect(listed).toEqual([...download.lists]);
    expect(download.protection.on).toBe(true);
    for (const allowed of plan.protection ?? []) expect(download.protection.allows).toContain(allowed);
  });
});
