/**
 * The stamp a written workbook carries on a hidden sheet, so that a round trip knows which
 * ledger, unit and revision the file came from, and which task each row is.
 */
export const STAMP_SHEET = '_ledger';

export interface Stamp {
  ledgerId: string;
  /** The unit this copy belongs to; '' for the office's master. */
  unit: string;
  revision: number;
  judgedOn: string;
  sheet: string;
  headerRow: number;
  rows: { row: number; taskId: string; no: number }[];
}

type Cell = string | number | null | undefined;

export function stampRows(stamp: Stamp): Cell[][] {
  return [
    ['ledgerId', stamp.ledgerId],
    ['unit', stamp.unit],
    ['revision', stamp.revision],
    ['judgedOn', stamp.judgedOn],
    ['sheet', stamp.sheet],
    ['headerRow', stamp.headerRow],
    ['row', 'taskId', 'no'],
    ...stamp.rows.map((r) => [r.row, r.taskId, r.no]),
  ];
}

export function readStamp(rows: Cell[][]): Stamp | undefined {
  const value = (key: string) => rows.find((r) => r[0] === key)?.[1];
  const ledgerId = value('ledgerId');
  if (typeof ledgerId !== 'string' || !ledgerId) return undefined;
  const start = rows.findIndex((r) => r[0] === 'row' && r[1] === 'taskId');
  return {
    ledgerId,
    unit: String(value('unit') ?? ''),
    revision: Number(value('revision') ?? 0),
    judgedOn: String(value('judgedOn') ?? ''),
    sheet: String(value('sheet') ?? ''),
    headerRow: Number(value('headerRow') ?? 0),
    rows: start < 0 ? [] : rows.slice(start + 1).filter((r) => r[1] != null).map((r) => ({ row: Number(r[0]), taskId: String(r[1]), no: Number(r[2]) })),
  };
}

/** A row's task id: the stamped row if its 序号 still matches (rows may have been sorted), else by 序号. */
export function taskIdResolver(stamp: Stamp | undefined): ((row: number, no: number) => string | undefined) | undefined {
  if (!stamp) return undefined;
  const byRow = new Map(stamp.rows.map((r) => [r.row, r]));
  const byNo = new Map(stamp.rows.map((r) => [r.no, r.taskId]));
  return (row, no) => {
    const stamped = byRow.get(row);
    return stamped && stamped.no === no ? stamped.taskId : byNo.get(no);
  };
}
