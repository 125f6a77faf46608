/**
 * What the task pane's buttons do, apart from the page: validate and colour, clear the marks,
 * re-check changed rows, and mark conflicts. The spreadsheet is reached only through a
 * SpreadsheetHost (Excel, or a stand-in in tests), the marks recorded in its MarkStore.
 */
import type { Colouring } from '../core/colour.ts';
import { FIELDS, FOLLOW_UP_FIELDS, isFollowUp, type Field } from '../core/fields.ts';
import type { Registry } from '../core/registry.ts';
import { validateTable, type Finding } from '../core/rules.ts';
import { FOREIGN_STAMP, stampedTaskId, stampFits, type Stamp } from '../core/stamp.ts';
import { cellText, parseTaskNo, type LedgerTable } from '../core/table.ts';
import { columnLetter } from '../core/text.ts';
import { ERROR_MARK } from '../core/colour.ts';
import {
  cellMarkOps,
  colourOps,
  findingMarks,
  recordFills,
  restoreOps,
  rowColourings,
  unrecordedAreas,
  type CellMark,
  type MarkRecord,
} from './marking.ts';
import type { SheetRead, SpreadsheetHost } from './host.ts';

export interface Validation {
  read: SheetRead;
  findings: Finding[];
  colourings: Map<number, Colouring>;
  today: string;
}

/**
 * 校验: reads the table, runs the core rules, colours every row by status and deadline, marks
 * each invalid cell with a fill and a note, and records what the cells looked like before.
 */
export async function validate(host: SpreadsheetHost, registry: Registry, today: string): Promise<Validation> {
  const read = await host.readTable();
  const partial = Boolean(read.table.reportingUnit || read.stamp?.unit);
  const findings = validateTable(read.table, { registry, today, partial });
  const colourings = rowColourings(read.table, today);
  await mark(host, read, colourings, findingMarks(findings), { present: read.notes });
  return { read, findings, colourings, today };
}

/**
 * Which of the marked cells have a note the add-in did not write (its text goes after ours),
 * and the ops that undo the earlier marks: only for the add-in's notes still there, since a
 * clerk may have deleted one.
 */
function notesBefore(marks: CellMark[], record: MarkRecord | undefined, present: Map<string, string>) {
  const recorded = new Map((record?.notes ?? []).map((n) => [n.address, n.previous]));
  const foreign = new Map<string, string>();
  for (const m of marks) {
    const previous = recorded.get(m.address);
    if (previous !== undefined) {
      if (previous !== null) foreign.set(m.address, previous);
    } else if (present.has(m.address)) {
      foreign.set(m.address, present.get(m.address)!);
    }
  }
  const undo = record ? restoreOps({ ...record, notes: record.notes.filter((n) => present.has(n.address)) }) : [];
  return { foreign, undo };
}

/**
 * Puts marks on the sheet after undoing the earlier ones, reading (in the same round trip,
 * before the writes) the fills of rows not yet on record, and records the cells' old state.
 * The last submission's conflicts stay marked through every re-check, until the next answer
 * replaces them (`conflicts`).
 */
async function mark(
  host: SpreadsheetHost,
  read: SheetRead,
  colourings: Map<number, Colouring>,
  findings: CellMark[],
  options: { present?: Map<string, string>; conflicts?: CellMark[] } = {},
) {
  const earlier = host.marks.get(read.sheet);
  const conflicts = options.conflicts ?? earlier?.conflicts ?? [];
  const marks = withConflicts(findings, conflicts);
  const present = options.present ?? (await notesNow(host, read.sheet, marks, earlier));
  const { foreign, undo } = notesBefore(marks, earlier, present);
  const cells = cellMarkOps(marks, foreign);
  const fillAt = await host.mark(
    read.sheet,
    [...undo, ...colourOps(read.table, colourings), ...cells.ops],
    unrecordedAreas(read.table, earlier),
    read.protection,
  );
  await host.marks.set({ ...recordFills(read.table, fillAt, earlier), notes: cells.notes, conflicts });
}

/** One mark a cell: a conflict's message first, then what the check found there. */
function withConflicts(findings: CellMark[], conflicts: CellMark[]): CellMark[] {
  const found = new Map(findings.map((m) => [m.address, m]));
  const merged = conflicts.map((c) => {
    const finding = found.get(c.address);
    found.delete(c.address);
    return finding ? { ...c, text: `${c.text}\n${finding.text}` } : c;
  });
  return [...merged, ...found.values()];
}

/** The notes now on the cells the add-in noted or is about to note. */
function notesNow(host: SpreadsheetHost, sheet: string, marks: CellMark[], record: MarkRecord | undefined) {
  return host.notesAt(sheet, [
    ...new Set([...marks.map((m) => m.address), ...(record?.notes ?? []).map((n) => n.address)]),
  ]);
}

/** 清除标记: every fill and note the add-in made goes, and what was there before comes back. */
export async function clearMarks(host: SpreadsheetHost, sheet: string): Promise<boolean> {
  const record = host.marks.get(sheet);
  if (!record) return false;
  const present = await host.notesAt(
    sheet,
    record.notes.map((n) => n.address),
  );
  const notes = record.notes.filter((n) => present.has(n.address));
  await host.mark(sheet, restoreOps({ ...record, notes }), [], await host.protection(sheet));
  await host.marks.remove(sheet);
  return true;
}

/**
 * After an edit: re-reads only the changed rows (one round trip), validates the table with them,
 * and marks again; marks are ranges of rows, so redoing them all costs a round trip whatever
 * the table's size.
 */
export async function recheckRows(
  host: SpreadsheetHost,
  registry: Registry,
  last: Validation,
  rows: number[],
): Promise<Validation> {
  const table = last.read.table;
  const inTable = rows.filter((r) => table.rows.some((row) => row.row === r));
  if (inTable.length === 0) return last;
  const lastColumn = Math.max(...Object.values(table.columns).map(Number), ...table.extraColumns.map((c) => c.column));
  const fresh = await host.readRows(last.read.sheet, inTable, lastColumn);
  const updated = {
    ...table,
    rows: table.rows.map((row) => {
      const cells = fresh.values.get(row.row);
      if (!cells) return row;
      const values = { ...row.values };
      for (const field of FIELDS) {
        const c = table.columns[field];
        if (c !== undefined) values[field] = cellText(cells[c - 1], field);
      }
      return { ...row, values };
    }),
  };
  const read = { ...last.read, table: updated, protection: fresh.protection };
  const findings = validateTable(updated, {
    registry,
    today: last.today,
    partial: Boolean(updated.reportingUnit || read.stamp?.unit),
  });
  const colourings = rowColourings(updated, last.today);
  await mark(host, read, colourings, findingMarks(findings));
  return { read, findings, colourings, today: last.today };
}

/** The stamp a sheet is submitted under: a sheet without its own (never pulled, or another sheet's) is refused. */
export function stampToSubmit(read: SheetRead): Stamp {
  if (!read.stamp)
    throw new Error(
      '这张表没有台账版本标识：请先用“拉取本单位报表”或“新建台账”取得报表，在其中填写后再提交。The sheet has no stamp: pull your sheet first.',
    );
  if (!stampFits(read.stamp, read.table)) throw new Error(FOREIGN_STAMP);
  return read.stamp;
}

/**
 * The rows a submission sends: a unit its follow-up values, the office every field. Each row
 * carries its task id from the sheet's stamp and its 反馈问题, so that the service can tell
 * which task it is even after the sheet was sorted or renumbered.
 */
export function submissionRows(read: SheetRead, office: boolean) {
  const fields: readonly Field[] = office ? FIELDS : ['problem', ...FOLLOW_UP_FIELDS];
  return read.table.rows.flatMap((r) => {
    const no = parseTaskNo(r.values.no);
    const id = stampedTaskId(read.stamp, r.row, no);
    if (no === undefined && id === undefined) return [];
    const row: Record<string, string | number> = {};
    if (no !== undefined) row.no = no;
    if (id !== undefined) row.id = id;
    for (const f of fields) if (f !== 'no' && read.table.columns[f] !== undefined) row[f] = r.values[f];
    return [row];
  });
}

/** A short fingerprint of a table's follow-up values: a sheet whose fingerprint moved since its last pull or submission has unsent edits. */
export function followUpFingerprint(table: LedgerTable): string {
  const text = JSON.stringify(table.rows.map((r) => FOLLOW_UP_FIELDS.map((f) => r.values[f])));
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return `${table.rows.length}-${hash.toString(16)}`;
}

export interface ConflictShown {
  no: number;
  field: Field;
  master: string;
  masterBy: string;
  incoming: string;
}

/**
 * Marks the cells a submission found in conflict, with what the master holds and who set it,
 * in place of the conflicts an earlier submission marked; the check's own marks stay.
 */
export async function markConflicts(
  host: SpreadsheetHost,
  checked: Validation,
  conflicts: ConflictShown[],
): Promise<void> {
  const { read } = checked;
  const marks: CellMark[] = [];
  for (const c of conflicts) {
    const row = read.table.rows.find((r) => parseTaskNo(r.values.no) === c.no);
    const column = read.table.columns[c.field];
    if (!row || column === undefined) continue;
    marks.push({
      address: `${columnLetter(column)}${row.row}`,
      row: row.row,
      color: ERROR_MARK.fill,
      text: `冲突：台账现值为“${c.master}”（${c.masterBy}填写），你提交的是“${c.incoming}”。台账暂保留现值，等待办公室裁定。Conflict: the office will settle it.`,
    });
  }
  if (marks.length === 0 && !host.marks.get(read.sheet)?.conflicts?.length) return;
  await mark(host, read, checked.colourings, findingMarks(checked.findings), { conflicts: marks });
}

/** The task on the selected row of a sheet pulled from the service: where 佐证材料 go. */
export async function selectedTask(host: SpreadsheetHost): Promise<{ ledgerId: string; no: number }> {
  const { sheet, row } = await host.selectedRow();
  const read = await host.readTable(sheet);
  if (!read.stamp)
    throw new Error('这张表不是从服务拉取的报表：请先拉取本单位报表。The sheet was not pulled from the service.');
  const no = parseTaskNo(read.table.rows.find((r) => r.row === row)?.values.no ?? '');
  if (no === undefined)
    throw new Error("请先在表中选中要上传佐证材料的任务所在的行。Select a cell on the task's row first.");
  return { ledgerId: read.stamp.ledgerId, no };
}

/**
 * Edits a unit made to columns only the office changes (整改目标, 责任单位 …): the service would
 * not take them, so the clerk is told before 提交, cell by cell.
 */
export function lockedEdits(
  read: SheetRead,
  tasks: { no: number; id: string; [field: string]: unknown }[],
): { cell: string; no: number; field: Field }[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const byNo = new Map(tasks.map((t) => [t.no, t]));
  const fixed = FIELDS.filter((f) => f !== 'no' && !isFollowUp(f));
  return read.table.rows.flatMap((r) => {
    const no = parseTaskNo(r.values.no);
    const id = stampedTaskId(read.stamp, r.row, no);
    const task = (id !== undefined ? byId.get(id) : undefined) ?? (no !== undefined ? byNo.get(no) : undefined);
    if (!task) return [];
    return fixed.flatMap((field) => {
      const column = read.table.columns[field];
      if (column === undefined) return [];
      const now = r.values[field].trim();
      return now !== String(task[field] ?? '').trim()
        ? [{ cell: `${columnLetter(column)}${r.row}`, no: task.no, field }]
        : [];
    });
  });
}
