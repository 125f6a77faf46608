/**
 * The stamp a written workbook carries on a hidden sheet, so that a round trip knows which
 * ledger, unit and revision each ledger sheet came from. A workbook may hold several ledger
 * sheets (a pull into a workbook that has one already); each has its own block on the stamp
 * sheet, opened by its `ledgerId` row.
 */
import type { LedgerTable } from './table.ts';

export const STAMP_SHEET = '_ledger';

export interface Stamp {
  ledgerId: string;
  /** A unit's own sheet, or the office's consolidated master (whose follow-up is derived). */
  kind: 'unit' | 'master';
  /** The unit this copy belongs to; '' for the master. */
  unit: string;
  revision: number;
  judgedOn: string;
  sheet: string;
  headerRow: number;
  /**
   * One id per copy handed out: the submissions of one copy form a line, each cell's last
   * acknowledged value from it is that cell's base for the next one.
   */
  copy: string;
  /** A fingerprint of the follow-up values as last pulled or submitted: differing now means unsent edits. */
  synced?: string;
  /** Row → task, for files without the 任务标识 column. */
  rows: { row: number; taskId: string; no: number }[];
}

type Cell = string | number | null | undefined;

export function stampRows(stamp: Stamp): Cell[][] {
  return [
    ['ledgerId', stamp.ledgerId],
    ['kind', stamp.kind],
    ['unit', stamp.unit],
    ['revision', stamp.revision],
    ['judgedOn', stamp.judgedOn],
    ['sheet', stamp.sheet],
    ['headerRow', stamp.headerRow],
    ['copy', stamp.copy],
    ...(stamp.synced ? [['synced', stamp.synced]] : []),
    ['row', 'taskId', 'no'],
    ...stamp.rows.map((r) => [r.row, r.taskId, r.no]),
  ];
}

/** Every stamp block on the stamp sheet, in order. */
export function readStamps(rows: Cell[][]): Stamp[] {
  const starts = rows.flatMap((r, i) => (r[0] === 'ledgerId' ? [i] : []));
  return starts.flatMap((start, n) => {
    const block = rows.slice(start, starts[n + 1] ?? rows.length);
    const stamp = readBlock(block);
    return stamp ? [stamp] : [];
  });
}

function readBlock(rows: Cell[][]): Stamp | undefined {
  const value = (key: string) => rows.find((r) => r[0] === key)?.[1];
  const ledgerId = value('ledgerId');
  if (typeof ledgerId !== 'string' || !ledgerId) return undefined;
  const unit = String(value('unit') ?? '');
  const revision = Number(value('revision'));
  const kind = value('kind');
  const start = rows.findIndex((r) => r[0] === 'row' && r[1] === 'taskId');
  return {
    ledgerId,
    kind: kind === 'master' || kind === 'unit' ? kind : unit ? 'unit' : 'master',
    unit,
    // A stamp without a readable revision has no base: the reader treats it as unstamped.
    revision: Number.isInteger(revision) && revision >= 0 ? revision : Number.NaN,
    judgedOn: String(value('judgedOn') ?? ''),
    sheet: String(value('sheet') ?? ''),
    headerRow: Number(value('headerRow') ?? 0),
    copy: String(value('copy') ?? ''),
    ...(value('synced') ? { synced: String(value('synced')) } : {}),
    rows:
      start < 0
        ? []
        : rows
            .slice(start + 1)
            .filter((r) => r[1] != null && r[1] !== '')
            .map((r) => ({ row: Number(r[0]), taskId: String(r[1]), no: Number(r[2]) })),
  };
}

/**
 * Whether a stamp is this sheet's: the tasks on the sheet (its hidden 任务标识) are among the
 * stamp's. A sheet put in under a stamped sheet's name (another unit's copy, another ledger's)
 * is not. A sheet without the id column cannot tell, and is taken as the stamp's.
 */
export function stampFits(stamp: Stamp, table: LedgerTable): boolean {
  const ids = new Set(stamp.rows.map((r) => r.taskId));
  return table.rows.every((r) => !r.taskId || ids.has(r.taskId));
}

/** Said when a sheet's stamp is another sheet's. */
export const FOREIGN_STAMP =
  "这张表的台账标识属于另一张表（表名相同，任务不同）：请用本单位的报表提交，或重新拉取、下载本单位报表后再填写。The sheet carries another sheet's stamp.";

/** The stamp block of one sheet, if the workbook has one for it. */
export function stampOf(stamps: Stamp[], sheet: string): Stamp | undefined {
  return stamps.find((s) => s.sheet === sheet);
}

/** The stamp sheet's rows with one sheet's block replaced (or added). */
export function withStamp(stamps: Stamp[], stamp: Stamp): Cell[][] {
  return [...stamps.filter((s) => s.sheet !== stamp.sheet), stamp].flatMap(stampRows);
}

/** A row's task id from the stamp's row map, when its 序号 still matches (rows may have been sorted). */
export function stampedTaskId(stamp: Stamp | undefined, row: number, no: number | undefined): string | undefined {
  const stamped = stamp?.rows.find((r) => r.row === row);
  return stamped && stamped.no === no ? stamped.taskId : undefined;
}
