/**
 * What the add-in changes on the sheet, as data: row colours by status and deadline, error and
 * conflict marks on their cells, and the record of what the cells looked like before, so that
 * 清除标记 puts everything back. Pure: the Excel binding only carries these operations out.
 */
import {
  COLOUR_STYLE,
  ERROR_MARK,
  colourOf,
  DEFAULT_COLOUR_SETTINGS,
  type Colouring,
  type ColourSettings,
} from '../core/colour.ts';
import { FIELDS } from '../core/fields.ts';
import { memo } from '../core/memo.ts';
import { parseDeadline } from '../core/deadline.ts';
import type { Finding } from '../core/rules.ts';
import type { LedgerTable } from '../core/table.ts';
import { columnLetter } from '../core/text.ts';

/** '' is "no fill". */
export type Fill = string;

export type WriteOp =
  | { kind: 'fill'; address: string; color: string }
  | { kind: 'clearFill'; address: string }
  | { kind: 'addNote'; address: string; text: string }
  | { kind: 'setNote'; address: string; text: string }
  | { kind: 'deleteNote'; address: string };

/** The cells as they were before the add-in first marked them. */
export interface MarkRecord {
  sheet: string;
  /** Runs of rows whose field cells had the same fills: one colour per field column (in `columns` order). */
  fills: { from: number; to: number; colors: Fill[] }[];
  columns: number[];
  /** Notes the add-in wrote, with the note that was there before (null: none). */
  notes: { address: string; previous: string | null }[];
  /** The last submission's conflicts, marked again with every check. */
  conflicts?: CellMark[];
}

export interface CellMark {
  address: string;
  row: number;
  text: string;
  color: string;
}

/** The field columns of the table, as runs of adjacent columns: [[1, 12]] or [[1, 4], [6, 13]]. */
export function columnSegments(table: LedgerTable): [number, number][] {
  const columns = FIELDS.map((f) => table.columns[f])
    .filter((c): c is number => c !== undefined)
    .sort((a, b) => a - b);
  const segments: [number, number][] = [];
  for (const c of columns) {
    const last = segments.at(-1);
    if (last && last[1] === c - 1) last[1] = c;
    else segments.push([c, c]);
  }
  return segments;
}

const rangeAddress = (left: number, right: number, from: number, to: number) =>
  `${columnLetter(left)}${from}:${columnLetter(right)}${to}`;

/** Each row's colour and why, judged on `today`. */
export function rowColourings(
  table: LedgerTable,
  today: string,
  settings: ColourSettings = DEFAULT_COLOUR_SETTINGS,
): Map<number, Colouring> {
  const deadlineOf = memo(parseDeadline);
  return new Map(table.rows.map((row) => [row.row, colourOf(row.values, today, settings, deadlineOf)]));
}

/** Error and warning findings as cell marks, one per cell, messages joined. */
export function findingMarks(findings: Finding[]): CellMark[] {
  const byCell = new Map<string, CellMark>();
  for (const f of findings) {
    if (!f.cell || f.severity === 'info' || f.rule === 'overdue') continue;
    const mark = byCell.get(f.cell);
    if (mark) mark.text += `\n${f.message}`;
    else byCell.set(f.cell, { address: f.cell, row: f.row, text: f.message, color: ERROR_MARK.fill });
  }
  return [...byCell.values()];
}

/**
 * The record of the table's fills before marking, taken from an earlier record where it has the
 * row already (so a second 校验 does not take the add-in's own colours for the clerk's). Notes
 * are recorded as they are marked.
 */
export function recordFills(
  table: LedgerTable,
  fillAt: (row: number, column: number) => Fill,
  earlier?: MarkRecord,
): MarkRecord {
  const columns = columnSegments(table).flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));
  const earlierRow = new Map<number, Fill[]>();
  if (earlier && earlier.columns.join() === columns.join()) {
    for (const run of earlier.fills) for (let r = run.from; r <= run.to; r++) earlierRow.set(r, run.colors);
  }
  const fills: MarkRecord['fills'] = [];
  for (const { row } of table.rows) {
    const colors = earlierRow.get(row) ?? columns.map((c) => fillAt(row, c));
    const last = fills.at(-1);
    if (last && last.to === row - 1 && last.colors.join('|') === colors.join('|')) last.to = row;
    else fills.push({ from: row, to: row, colors });
  }
  return { sheet: table.sheet, fills, columns, notes: [] };
}

/** The table's field cells in rows the record does not hold yet: their fills must be read before marking. */
export function unrecordedAreas(
  table: LedgerTable,
  earlier?: MarkRecord,
): { from: number; to: number; left: number; right: number }[] {
  const recorded = new Set<number>();
  for (const run of earlier?.fills ?? []) for (let r = run.from; r <= run.to; r++) recorded.add(r);
  const runs: { from: number; to: number }[] = [];
  for (const { row } of table.rows) {
    if (recorded.has(row)) continue;
    const last = runs.at(-1);
    if (last && last.to === row - 1) last.to = row;
    else runs.push({ from: row, to: row });
  }
  return runs.flatMap((run) => columnSegments(table).map(([left, right]) => ({ ...run, left, right })));
}

/** Puts the recorded fills and notes back. */
export function restoreOps(record: MarkRecord): WriteOp[] {
  const ops: WriteOp[] = [];
  for (const run of record.fills) {
    // Adjacent columns with the same fill go as one range.
    let start = 0;
    const column = (i: number) => record.columns[i]!;
    for (let i = 1; i <= record.columns.length; i++) {
      const same = i < record.columns.length && run.colors[i] === run.colors[start] && column(i) === column(i - 1) + 1;
      if (same) continue;
      const address = rangeAddress(column(start), column(i - 1), run.from, run.to);
      const color = run.colors[start];
      ops.push(color ? { kind: 'fill', address, color } : { kind: 'clearFill', address });
      start = i;
    }
  }
  for (const note of record.notes) {
    ops.push(
      note.previous === null
        ? { kind: 'deleteNote', address: note.address }
        : { kind: 'setNote', address: note.address, text: note.previous },
    );
  }
  return ops;
}

/** Row colours as ranges: adjacent rows of one colour, over each run of field columns. Plain rows are left alone. */
export function colourOps(table: LedgerTable, colourings: Map<number, Colouring>): WriteOp[] {
  const ops: WriteOp[] = [];
  const segments = columnSegments(table);
  const runs: { from: number; to: number; color: string }[] = [];
  for (const { row } of table.rows) {
    const colour = colourings.get(row)?.colour ?? 'pending';
    if (colour === 'pending') continue;
    const color = `#${COLOUR_STYLE[colour].fill}`;
    const last = runs.at(-1);
    if (last && last.to === row - 1 && last.color === color) last.to = row;
    else runs.push({ from: row, to: row, color });
  }
  for (const run of runs)
    for (const [a, b] of segments)
      ops.push({ kind: 'fill', address: rangeAddress(a, b, run.from, run.to), color: run.color });
  return ops;
}

/**
 * Marks on single cells (errors, conflicts): fill, and a note. Where a note the add-in did not
 * write is there (`foreign`), the message goes before it and the record keeps the old note.
 */
export function cellMarkOps(
  marks: CellMark[],
  foreign: Map<string, string>,
): { ops: WriteOp[]; notes: MarkRecord['notes'] } {
  const ops: WriteOp[] = [];
  const notes: MarkRecord['notes'] = [];
  for (const mark of marks) {
    ops.push({ kind: 'fill', address: mark.address, color: `#${mark.color}` });
    const previous = foreign.get(mark.address);
    if (previous !== undefined)
      ops.push({ kind: 'setNote', address: mark.address, text: `${mark.text}\n——\n${previous}` });
    else ops.push({ kind: 'addNote', address: mark.address, text: mark.text });
    notes.push({ address: mark.address, previous: previous ?? null });
  }
  return { ops, notes };
}

/** Operations in batches whose request stays under Excel on the web's payload limit. */
export function batches(ops: WriteOp[], maxBytes = 4 * 1024 * 1024): WriteOp[][] {
  const out: WriteOp[][] = [];
  let current: WriteOp[] = [];
  let size = 0;
  for (const op of ops) {
    // An operation costs its JSON plus Office.js's own envelope (about 200 bytes); text counts thrice (UTF-8 CJK).
    const cost = 200 + op.address.length + ('text' in op ? op.text.length * 3 : 0);
    if (size + cost > maxBytes && current.length > 0) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(op);
    size += cost;
  }
  if (current.length > 0) out.push(current);
  return out;
}
