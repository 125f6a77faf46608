/**
 * The spreadsheet host contract (addin/host.ts), once over every host: Excel (the simulated
 * Excel of test/host, with Office.js's discipline of load, sync and payload) and WPS (the fake
 * ET model, in both shapes a build may give its members). Each test runs once per host, named
 * for it. What only a real WPS can show is left to its self-test page.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearMarks, recheckRows, validate } from '../../addin/actions.ts';
import { excelHost } from '../../addin/excel/excel-host.ts';
import type { SpreadsheetHost } from '../../addin/host.ts';
import { ledgerSheetPlan, pulledTasks, type SheetPlan } from '../../addin/sheet-plan.ts';
import { documentMarkStore } from '../../addin/stores.ts';
import { propertyMarkStore } from '../../addin/wps/wps-marks.ts';
import { wpsHost } from '../../addin/wps/wps-host.ts';
import { columnLetter } from '../../core/text.ts';
import { answerOf } from '../../server/http/client.ts';
import { etFake } from '../helpers/et-fake.ts';
import {
  downloadLooks,
  simulatedLooks,
  wpsLooks,
  type Seen,
  type SheetLooks,
  type SimulatedSheet,
} from '../helpers/looks.ts';
import { pulledStamp, unitSheet } from '../helpers/pulled.ts';
import { seedRegistry } from '../helpers/seed.ts';
import { servicePerTest } from '../helpers/service.ts';
import { unitWorkbook } from '../helpers/sheets.ts';

const TODAY = '2019-08-01';
const registry = seedRegistry();
const SIMULATOR = readFileSync(new URL('../host/excel-simulator.js', import.meta.url), 'utf8');

interface HostUnderTest {
  host: SpreadsheetHost;
  looks(sheet: string): SheetLooks;
  /** A clerk types into a cell. */
  type(sheet: string, address: string, value: string): void;
  sheetNames(): string[];
  hidden(sheet: string): boolean;
  close(): void;
}

function simulatedExcel(): HostUnderTest {
  const window: Record<string, unknown> = {};
  new Function('window', SIMULATOR)(window);
  const { Excel, Office, __excel } = window as {
    Excel: { run: <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T> };
    Office: typeof globalThis.Office;
    __excel: {
      sim: { sheets: Map<string, SimulatedSheet & { visibility: string }> };
      edit(address: string, value: string, sheet: string): void;
      sheetNames(): string[];
    };
  };
  // The pane's document settings answer through Office.AsyncResultStatus.
  const office = (globalThis as { Office?: unknown }).Office;
  (globalThis as { Office?: unknown }).Office = Office;
  return {
    host: excelHost((batch) => Excel.run(batch), documentMarkStore(Office.context.document.settings)),
    looks: (sheet) => simulatedLooks(__excel.sim.sheets.get(sheet)!),
    type: (sheet, address, value) => __excel.edit(address, value, sheet),
    sheetNames: () => __excel.sheetNames(),
    hidden: (sheet) => __excel.sim.sheets.get(sheet)!.visibility !== 'Visible',
    close: () => {
      (globalThis as { Office?: unknown }).Office = office;
    },
  };
}

function fakeWps(methodsAsProperties: boolean): HostUnderTest {
  const fake = etFake({ Sheet1: [] }, { methodsAsProperties });
  const properties = () => fake.app.ActiveWorkbook!.CustomDocumentProperties;
  return {
    host: wpsHost(fake.app, propertyMarkStore(properties), fake.events),
    looks: (sheet) => wpsLooks(fake, sheet),
    type: (sheet, address, value) => fake.type(sheet, address, value),
    sheetNames: () => [...fake.sheets.keys()],
    hidden: (sheet) => fake.sheets.get(sheet)!.visible !== -1,
    close: () => {},
  };
}

const HOSTS = [
  { host: 'Excel', make: simulatedExcel },
  { host: 'WPS', make: () => fakeWps(false) },
  { host: 'WPS (methods as properties)', make: () => fakeWps(true) },
];

const { tasks } = unitSheet();
const unitPlan = (count = tasks.length) => unitSheet(count, '2019-08-05').plan;
const stampOf = (sheet: string, plan: SheetPlan) => pulledStamp(sheet, plan, tasks.slice(0, plan.body.values.length));

/** The fills and notes of a sheet's table, as the clerk sees them. */
async function marksOn(h: HostUnderTest, sheet: string, plan: SheetPlan) {
  const looks = h.looks(sheet);
  const fills: Record<string, string> = {};
  const last = plan.body.firstRow + plan.body.values.length - 1;
  for (let row = 1; row <= last; row++)
    for (let c = 1; c <= plan.body.numberFormats.length; c++) {
      const fill = looks.cell(`${columnLetter(c)}${row}`).fill;
      if (fill) fills[`${columnLetter(c)}${row}`] = fill;
    }
  return { fills, notes: Object.fromEntries((await h.host.readTable(sheet)).notes) };
}

describe.each(HOSTS)('$host: the spreadsheet host contract', ({ make }) => {
  let h: HostUnderTest;
  beforeEach(() => {
    h = make();
  });
  afterEach(() => h.close());

  it('writes a pulled sheet and reads back its table, notes, stamp, protection and selection', async () => {
    const plan = unitPlan();
    const sheet = await h.host.writeSheet(plan);
    expect(sheet).toBe('整改台账');
    const stamp = stampOf(sheet, plan);
    await h.host.saveStamp(stamp);
    expect(h.hidden('_ledger')).toBe(true);
    expect(await h.host.activeSheet()).toBe(sheet);

    const read = await h.host.readTable(sheet);
    expect(read.table.rows.map((r) => [r.row, r.values.no, r.values.problem, r.values.deadline])).toEqual(
      tasks.map((t, i) => [plan.body.firstRow + i, String(t.no), t.problem, t.deadline]),
    );
    expect(read.table.reportingUnit).toBe('县水利局');
    expect(read.notes).toEqual(new Map());
    expect(read.stamp).toEqual(stamp);
    expect(await h.host.stamps()).toEqual([stamp]);
    expect(read.protection.protected).toBe(true);

    // A note goes on through the protection, which is put back as it was.
    await h.host.mark(sheet, [{ kind: 'addNote', address: 'C7', text: '请核实' }], [], read.protection);
    expect((await h.host.readTable(sheet)).notes).toEqual(new Map([['C7', '请核实']]));
    expect(await h.host.notesAt(sheet, ['C7', 'C8'])).toEqual(new Map([['C7', '请核实']]));
    expect((await h.host.protection(sheet)).protected).toBe(true);

    await h.host.select(sheet, 'B8');
    expect(await h.host.selectedRow()).toEqual({ sheet, row: 8 });
    const rows = await h.host.readRows(sheet, [plan.body.firstRow], 3);
    expect(rows.values.get(plan.body.firstRow)).toEqual(plan.body.values[0]!.slice(0, 3));
    expect(rows.protection.protected).toBe(true);

    // A second pull takes the sheet's place; a pull beside it takes a new name.
    const shorter = unitPlan(3);
    expect(await h.host.writeSheet(shorter, sheet)).toBe(sheet);
    expect((await h.host.readTable(sheet)).table.rows).toHaveLength(3);
    expect(h.sheetNames().filter((s) => s.startsWith('整改台账'))).toEqual(['整改台账']);
    expect(await h.host.writeSheet(plan)).toBe('整改台账2');
  });

  it('marks a checked sheet, re-checks a row the clerk changed, and 清除标记 puts every fill and note back', async () => {
    const plan = unitPlan();
    const sheet = await h.host.writeSheet(plan);
    await h.host.saveStamp(stampOf(sheet, plan));
    // The unit's own note, which the check must leave as it found it.
    await h.host.mark(
      sheet,
      [{ kind: 'addNote', address: 'C6', text: '单位自己的批注' }],
      [],
      await h.host.protection(sheet),
    );
    const before = await marksOn(h, sheet, plan);

    const checked = await validate(h.host, registry, TODAY);
    const marked = await marksOn(h, sheet, plan);
    expect(marked.fills).not.toEqual(before.fills);
    const edits: [number, number][] = [];
    await h.host.onEdit(sheet, (from, to) => edits.push([from, to]));
    const row = plan.body.firstRow + 1;
    h.type(sheet, `E${row}`, '完成了');
    expect(edits).toEqual([[row, row]]);

    const rechecked = await recheckRows(h.host, registry, checked, [row]);
    expect(rechecked.findings.some((f) => f.cell === `E${row}`)).toBe(true);
    expect((await h.host.notesAt(sheet, [`E${row}`])).get(`E${row}`)).toContain('完成了');
    expect((await h.host.protection(sheet)).protected).toBe(true);

    expect(await clearMarks(h.host, sheet)).toBe(true);
    expect(await marksOn(h, sheet, plan)).toEqual(before);
    expect(h.host.marks.get(sheet)).toBeUndefined();
    expect((await h.host.protection(sheet)).protected).toBe(true);
  });
});

describe.each(HOSTS)('$host: the pulled sheet', ({ make }) => {
  const service = servicePerTest();

  it("is the unit's download, cell for cell: values, fonts, fills, alignment, borders, merges, sizes, dropdown and protection", async () => {
    const h = make();
    try {
      const s = await service();
      await answerOf(s.office.rounds.$post({ json: { period: '2019年7月', deadline: '2019-08-05' } }));
      const unit = '县水利局';
      const client = await s.unit(unit);
      await s.submit(unit, {
        baseRevision: 1,
        rows: [{ no: 7, progress: '截污工程完工。' }],
        reporter: { name: '王五', phone: '66000000' },
      });
      const answer = await answerOf(client.tasks.$get());
      const plan = ledgerSheetPlan({
        title: answer.title,
        unit,
        tasks: pulledTasks(answer),
        today: TODAY,
        reportingDeadline: '2019-08-05',
        reporter: answer.reporter ?? undefined,
      });
      const sheet = await h.host.writeSheet(plan);
      const workbook = await unitWorkbook(s, unit);
      const theirs = downloadLooks(workbook.getWorksheet('整改台账')!);
      const ours = h.looks(sheet);

      expect([...ours.merges].sort()).toEqual([...theirs.merges].sort());
      const covered = new Set(
        ours.merges.flatMap((m) => {
          const [first, last] = m.split(':');
          const row = Number(/\d+/.exec(first!)![0]);
          const from = /[A-Z]+/.exec(first!)![0];
          const to = /[A-Z]+/.exec(last!)![0];
          const cols = [...to].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
          const start = [...from].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
          return Array.from({ length: cols - start }, (_, j) => `${columnLetter(start + j + 1)}${row}`);
        }),
      );
      const width = plan.body.numberFormats.length;
      const lastRow = plan.body.firstRow + plan.body.values.length - 1;
      const words = (seen: Seen) => JSON.stringify(seen, Object.keys(seen).sort());
      const differences: string[] = [];
      for (let row = 1; row <= lastRow; row++)
        for (let c = 1; c <= width; c++) {
          const address = `${columnLetter(c)}${row}`;
          if (covered.has(address)) continue;
          const [a, b] = [ours.cell(address), theirs.cell(address)];
          // Task rows are coloured by 校验 in the pane, by status in the download: the rest is the same.
          if (row >= plan.body.firstRow)
            for (const seen of [a, b]) {
              delete seen.fill;
              if (seen.font) seen.font = seen.font.replace(/ #\w+$/, '');
            }
          if (words(a) !== words(b)) differences.push(`${address}: host ${words(a)} / download ${words(b)}`);
        }
      expect(differences.slice(0, 5)).toEqual([]);

      for (const { column } of plan.columnWidths)
        expect(Math.abs((ours.width(column) ?? 0) - (theirs.width(column) ?? 0))).toBeLessThan(0.1);
      for (const column of plan.hiddenColumns)
        expect([column, ours.hidden(column)]).toEqual([column, theirs.hidden(column)]);
      for (const { row } of plan.rowHeights) expect([row, ours.height(row)]).toEqual([row, theirs.height(row)]);
      expect(ours.frozen).toEqual(theirs.frozen);
      expect(Object.fromEntries(ours.lists)).toEqual(Object.fromEntries(theirs.lists));
      expect(ours.protection.on).toBe(true);
      expect(theirs.protection.on).toBe(true);
      expect([...ours.protection.allows].sort()).toEqual([...theirs.protection.allows].sort());
    } finally {
      h.close();
    }
  });
});
