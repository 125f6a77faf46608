/**
 * The sheet a pull writes, as data: the familiar table in the layout of core/layout.ts (the same
 * as the service's download), cell by cell. A host carries it out in its own calls; nothing here
 * knows Excel.
 */
import { colourOf, DEFAULT_COLOUR_SETTINGS } from '../core/colour.ts';
import { FIELDS, isFollowUp, LONG_TEXT_FIELDS, SYSTEM_HEADERS } from '../core/fields.ts';
import {
  BODY_FONT,
  COLUMN_WIDTH,
  FILL_IN,
  FRAME_HEIGHT,
  GUIDE_COLOR,
  guideText,
  headerHeight,
  ID_COLUMN_WIDTH,
  HEADER_FILL,
  HEADING_FONT,
  headerText,
  LEDGER_SHEET,
  legendCells,
  REASON_COLUMN_WIDTH,
  reasonHeader,
  REASON_COLOR,
  reportingCells,
  rowHeight,
  sheetShape,
  TITLE_FONT,
  UNIT_SHEET_ALLOWS,
} from '../core/layout.ts';
import { STATUSES } from '../core/status.ts';
import type { CellValue } from '../core/table.ts';
import { columnLetter } from '../core/text.ts';
import { emptyTask, fieldText, type Task } from '../core/task.ts';
import type { TasksAnswer } from '../server/http/client.ts';

export interface Font {
  name: string;
  size: number;
  bold?: boolean;
  /** '#RRGGBB' */
  color?: string;
}

/** How a block of cells looks; what is left out stays as the host has it. */
export interface Look {
  merge?: boolean;
  font?: Font;
  /** '#RRGGBB' */
  fill?: string;
  wrap?: boolean;
  align?: 'Left' | 'Center' | 'Right';
  valign?: 'Top' | 'Center';
  /** Thin lines around and between every cell. */
  borders?: boolean;
  /** A cell the clerk fills on a protected sheet. */
  unlocked?: boolean;
}

export interface SheetPlan {
  /** The name wanted; a host that has it taken already adds a number (整改台账2). */
  name: string;
  /** Cells written as they are, before the body. */
  cells: { address: string; values: CellValue[][] }[];
  /** The task rows from `firstRow`: many, so the host writes them in pieces. Column formats are '0' or '@' (text stays text). */
  body: { firstRow: number; values: CellValue[][]; numberFormats: string[] };
  /** In order: a later look over the same cell wins where they differ. */
  looks: { address: string; look: Look }[];
  /** Widths in characters of the default font. */
  columnWidths: { column: number; characters: number }[];
  rowHeights: { row: number; points: number }[];
  hiddenColumns: number[];
  /** Rows and columns kept in view while scrolling. */
  frozen: { rows: number; columns: number };
  /** In-cell dropdowns. */
  lists: { address: string; values: readonly string[] }[];
  /** Protected without a password once written, allowing these (core/layout.ts UNIT_SHEET_ALLOWS). */
  protection?: readonly string[];
  /** The stamp's header row: where the table's header is. */
  headerRow: number;
}

export interface PulledSheet {
  title: string;
  /** The unit whose copy this is; none for the office's master. */
  unit?: string;
  tasks: Task[];
  today: string;
  reportingDeadline?: string;
  /** The unit's last 填报人 and 联系电话, filled in ahead as on the download. */
  reporter?: { name: string; phone: string };
}

/** The tasks of a pull as the sheet shows them: a unit's copy holds the unit's own follow-up values. */
export function pulledTasks(answer: Pick<TasksAnswer, 'tasks' | 'unit'>): Task[] {
  const unit = answer.unit ?? undefined;
  return answer.tasks.map((t) => {
    const task = emptyTask(t.no, t.id);
    for (const f of FIELDS) if (f !== 'no') task[f] = t[f];
    return unit ? { ...task, ...t.byUnit[unit] } : task;
  });
}

/**
 * The plan of a pulled ledger sheet: title, legend, (a unit's guide and 填报单位 cells), header,
 * tasks; the looks are the service's download's (server/formats/workbook/write.ts), cell for cell.
 */
export function ledgerSheetPlan(input: PulledSheet): SheetPlan {
  const unitCopy = Boolean(input.unit);
  const shape = sheetShape(unitCopy);
  const { fields, headerRow } = shape;
  const last = columnLetter(fields.length);
  const at = (column: number, row: number) => `${columnLetter(column)}${row}`;
  const plan: SheetPlan = {
    name: LEDGER_SHEET,
    cells: [{ address: 'A1', values: [[input.title]] }],
    body: { firstRow: headerRow + 1, values: [], numberFormats: [] },
    looks: [
      {
        address: `A1:${last}1`,
        look: { merge: true, font: TITLE_FONT, align: 'Center', valign: 'Center', wrap: true },
      },
      { address: 'A2:B2', look: { merge: true } },
    ],
    columnWidths: [
      ...fields.map((f, i) => ({ column: i + 1, characters: COLUMN_WIDTH[f] })),
      { column: shape.reasonColumn, characters: REASON_COLUMN_WIDTH },
      { column: shape.idColumn, characters: ID_COLUMN_WIDTH },
    ],
    rowHeights: [
      { row: 1, points: FRAME_HEIGHT.title },
      { row: 2, points: FRAME_HEIGHT.legend },
      { row: headerRow, points: headerHeight(unitCopy) },
    ],
    hiddenColumns: [shape.idColumn],
    frozen: { rows: headerRow, columns: shape.frozenColumns },
    lists: [],
    ...(unitCopy ? { protection: UNIT_SHEET_ALLOWS } : {}),
    headerRow,
  };

  for (const { column, text, look } of legendCells(input.today, DEFAULT_COLOUR_SETTINGS)) {
    plan.cells.push({ address: at(column, 2), values: [[text]] });
    plan.looks.push({
      address: at(column, 2),
      look: {
        font: { ...BODY_FONT, size: 10, bold: column === 1, color: `#${look?.font ?? '000000'}` },
        align: column === 1 ? 'Left' : 'Center',
        valign: 'Center',
        wrap: true,
        ...(look ? { fill: `#${look.fill}`, borders: true } : {}),
      },
    });
  }

  if (unitCopy) {
    plan.cells.push({ address: at(1, shape.guideRow), values: [[guideText(input.reportingDeadline)]] });
    plan.looks.push({
      address: `A${shape.guideRow}:${last}${shape.guideRow}`,
      look: { merge: true, font: { ...BODY_FONT, size: 11, color: `#${GUIDE_COLOR}` }, wrap: true, valign: 'Center' },
    });
    plan.rowHeights.push(
      { row: shape.guideRow, points: FRAME_HEIGHT.guide },
      { row: shape.reportingRow, points: FRAME_HEIGHT.reporting },
    );
    for (const c of reportingCells(input.unit!, input.reporter)) {
      const end = at(c.column + (c.span ?? 1) - 1, shape.reportingRow);
      plan.cells.push({ address: at(c.column, shape.reportingRow), values: [[c.text]] });
      plan.looks.push({
        address: `${at(c.column, shape.reportingRow)}:${end}`,
        look: {
          ...(c.span ? { merge: true } : {}),
          font: { ...BODY_FONT, size: 12, bold: c.kind !== 'fill-in' },
          valign: 'Center',
          ...(c.kind === 'fill-in'
            ? { fill: `#${FILL_IN}`, borders: true, unlocked: true }
            : { align: c.kind === 'label' ? ('Right' as const) : ('Left' as const) }),
        },
      });
    }
  }

  plan.cells.push({
    address: `A${headerRow}:${at(shape.idColumn, headerRow)}`,
    values: [[...fields.map((f) => headerText(f, unitCopy)), reasonHeader(input.today), SYSTEM_HEADERS.taskId]],
  });
  plan.looks.push({
    address: `A${headerRow}:${last}${headerRow}`,
    look: { font: HEADING_FONT, align: 'Center', valign: 'Center', wrap: true, borders: true, fill: `#${HEADER_FILL}` },
  });
  for (const [i, f] of fields.entries())
    if (unitCopy && isFollowUp(f)) plan.looks.push({ address: at(i + 1, headerRow), look: { fill: `#${FILL_IN}` } });
  plan.looks.push({
    address: at(shape.reasonColumn, headerRow),
    look: {
      font: { ...HEADING_FONT, color: `#${REASON_COLOR}` },
      align: 'Center',
      valign: 'Center',
      wrap: true,
      borders: true,
      fill: `#${HEADER_FILL}`,
    },
  });

  plan.body.values = input.tasks.map((t) => [
    ...fields.map((f) => (f === 'no' ? t.no : t[f])),
    colourOf(t, input.today).reason,
    t.id,
  ]);
  plan.body.numberFormats = Array.from({ length: shape.idColumn }, (_, c) => (c === 0 ? '0' : '@'));
  for (const [i, t] of input.tasks.entries()) {
    const points = rowHeight(fields.map((f) => ({ text: fieldText(t, f), width: COLUMN_WIDTH[f] })));
    plan.rowHeights.push({ row: headerRow + 1 + i, points });
  }
  if (input.tasks.length > 0) {
    const first = headerRow + 1;
    const end = headerRow + input.tasks.length;
    const column = (i: number) => `${at(i, first)}:${at(i, end)}`;
    plan.looks.push({
      address: `A${first}:${last}${end}`,
      look: { font: { ...BODY_FONT, color: '#000000' }, wrap: true, borders: true },
    });
    for (const [i, f] of fields.entries()) {
      const long = LONG_TEXT_FIELDS.includes(f);
      plan.looks.push({
        address: column(i + 1),
        look: {
          align: long ? 'Left' : 'Center',
          valign: long ? 'Top' : 'Center',
          ...(unitCopy && isFollowUp(f) ? { unlocked: true } : {}),
        },
      });
    }
    plan.lists.push({ address: column(fields.indexOf('status') + 1), values: STATUSES });
    plan.looks.push({
      address: column(shape.reasonColumn),
      look: {
        font: { ...BODY_FONT, size: 10, color: `#${REASON_COLOR}` },
        valign: 'Center',
        wrap: true,
        borders: true,
      },
    });
  }
  return plan;
}
