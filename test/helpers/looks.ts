/**
 * What a written sheet looks like, in words every side can be put into: the service's download
 * as exceljs reads it, the simulated Excel and the fake WPS. Tests hold the sheet a host writes
 * to the download cell for cell.
 */
import type ExcelJS from 'exceljs';
import { columnLetter } from '../../core/text.ts';
import { hexOf, XL } from '../../addin/wps/et.ts';
import { areaOf, type EtFake } from './et-fake.ts';

/** What a cell looks like. */
export interface Seen {
  value: string;
  font?: string;
  fill?: string;
  align?: string;
  valign?: string;
  wrap: boolean;
  borders: boolean;
  unlocked: boolean;
}

export interface SheetLooks {
  cell(address: string): Seen;
  merges: string[];
  /** Width in characters of the default font, by column. */
  width(column: number): number | undefined;
  hidden(column: number): boolean;
  height(row: number): number | undefined;
  frozen: { rows: number; columns: number };
  /** The dropdown's values, by cell. */
  lists: Map<string, string>;
  protection: { on: boolean; allows: string[] };
}

const fontWords = (name: string, size: number, bold: boolean, color: string) =>
  `${name} ${size}${bold ? ' bold' : ''} ${color}`;

export function workbookCell(cell: ExcelJS.Cell): Seen {
  const { font, fill, alignment, border, protection } = cell.style;
  const color = font?.color?.argb ? `#${font.color.argb.slice(2)}` : '#000000';
  const fg = fill && fill.type === 'pattern' ? fill.fgColor?.argb : undefined;
  return {
    value: cell.value === null || cell.value === undefined ? '' : String(cell.value),
    ...(font?.name ? { font: fontWords(font.name, font.size ?? 11, Boolean(font.bold), color) } : {}),
    ...(fg ? { fill: `#${fg.slice(2)}` } : {}),
    ...(alignment?.horizontal ? { align: alignment.horizontal } : {}),
    ...(alignment?.vertical ? { valign: alignment.vertical } : {}),
    wrap: Boolean(alignment?.wrapText),
    borders: Boolean(border?.top && border.left && border.bottom && border.right),
    unlocked: protection?.locked === false,
  };
}

/** The download's sheet. */
export function downloadLooks(sheet: ExcelJS.Worksheet): SheetLooks {
  const view = sheet.views[0] as { xSplit?: number; ySplit?: number };
  const validations = (sheet as unknown as { dataValidations: { model: Record<string, { formulae: string[] }> } })
    .dataValidations.model;
  const protection = (sheet as unknown as { sheetProtection?: Record<string, unknown> }).sheetProtection ?? {};
  return {
    cell: (address) => workbookCell(sheet.getCell(address)),
    merges: [...(sheet.model as { merges: string[] }).merges],
    width: (column) => sheet.getColumn(column).width,
    hidden: (column) => Boolean(sheet.getColumn(column).hidden),
    height: (row) => sheet.getRow(row).height,
    frozen: { rows: view.ySplit ?? 0, columns: view.xSplit ?? 0 },
    lists: new Map(Object.entries(validations).map(([a, v]) => [a, (v.formulae[0] ?? '').replace(/^"|"$/g, '')])),
    protection: {
      on: protection.sheet === true,
      allows: Object.keys(protection).filter((k) => k !== 'sheet' && protection[k] === true),
    },
  };
}

interface SimulatedCell {
  value: unknown;
  fill: string;
  font: { name?: string; size?: number; bold?: boolean; color?: string };
  edges: Record<string, string>;
  wrapText?: boolean;
  horizontalAlignment?: string;
  verticalAlignment?: string;
  locked?: boolean;
}

export interface SimulatedSheet {
  cells: Map<string, SimulatedCell>;
  merges: string[];
  columnWidths: Record<number, number>;
  rowHeights: Record<number, number>;
  hiddenColumns: number[];
  frozenRows: number;
  frozenColumns?: number;
  validations?: { address: string; rule: { list: { source: string } } }[];
  protected?: Record<string, boolean>;
}

const eachCell = (address: string, fn: (a: string) => void) => {
  const r = areaOf(address);
  for (let row = r.top; row <= r.bottom; row++) for (let c = r.left; c <= r.right; c++) fn(`${columnLetter(c)}${row}`);
};

/** The simulated Excel's sheet (test/host/excel-simulator.js). Widths are kept in points there. */
export function simulatedLooks(sheet: SimulatedSheet): SheetLooks {
  const lists = new Map<string, string>();
  for (const v of sheet.validations ?? []) eachCell(v.address, (a) => lists.set(a, v.rule.list.source));
  return {
    cell(address) {
      const c = sheet.cells.get(address);
      if (!c) return { value: '', wrap: false, borders: false, unlocked: false };
      const { font } = c;
      return {
        value: c.value === null || c.value === undefined ? '' : String(c.value),
        ...(font.name
          ? { font: fontWords(font.name, font.size ?? 11, Boolean(font.bold), font.color ?? '#000000') }
          : {}),
        ...(c.fill ? { fill: c.fill } : {}),
        ...(c.horizontalAlignment ? { align: c.horizontalAlignment.toLowerCase() } : {}),
        ...(c.verticalAlignment ? { valign: c.verticalAlignment === 'Center' ? 'middle' : 'top' } : {}),
        wrap: Boolean(c.wrapText),
        borders: ['top', 'bottom', 'left', 'right'].every((side) => c.edges[side] === 'Continuous'),
        unlocked: c.locked === false,
      };
    },
    merges: sheet.merges,
    width: (column) => {
      const points = sheet.columnWidths[column];
      return points === undefined ? undefined : (points / 0.75 - 5) / 7;
    },
    hidden: (column) => sheet.hiddenColumns.includes(column),
    height: (row) => sheet.rowHeights[row],
    frozen: { rows: sheet.frozenRows, columns: sheet.frozenColumns ?? 0 },
    lists,
    protection: {
      on: Boolean(sheet.protected),
      allows: Object.entries(sheet.protected ?? {})
        .filter(([, on]) => on)
        .map(([k]) => `${k[5]!.toLowerCase()}${k.slice(6)}`),
    },
  };
}

const WPS_ALIGN: Record<number, string> = { [XL.left]: 'left', [XL.center]: 'center', [XL.right]: 'right' };
/** Protect's argument positions, as VBA documents them. */
const WPS_ALLOWS: Record<number, string> = {
  5: 'formatCells',
  6: 'formatColumns',
  7: 'formatRows',
  13: 'sort',
  14: 'autoFilter',
};

/** The fake WPS's sheet. */
export function wpsLooks(fake: EtFake, name: string): SheetLooks {
  const sheet = fake.sheets.get(name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  const lists = new Map<string, string>();
  for (const [a, c] of sheet.cells) if (c.validation?.type === XL.validateList) lists.set(a, c.validation.formula);
  return {
    cell(address) {
      const c = sheet.cells.get(address);
      if (!c) return { value: '', wrap: false, borders: false, unlocked: false };
      return {
        value: String(c.value),
        ...(c.font ? { font: fontWords(c.font.name, c.font.size, c.font.bold, hexOf(c.font.color)) } : {}),
        ...(c.fill !== undefined ? { fill: hexOf(c.fill) } : {}),
        ...(c.align !== undefined ? { align: WPS_ALIGN[c.align] } : {}),
        ...(c.valign !== undefined ? { valign: c.valign === XL.top ? 'top' : 'middle' } : {}),
        wrap: c.wrap,
        borders: c.edges.size === 4,
        unlocked: !c.locked,
      };
    },
    merges: sheet.merges,
    width: (column) => sheet.widths.get(column),
    hidden: (column) => sheet.hidden.has(column),
    height: (row) => sheet.heights.get(row),
    frozen: sheet.frozen,
    lists,
    protection: {
      on: Boolean(sheet.protection),
      allows: Object.entries(WPS_ALLOWS)
        .filter(([i]) => sheet.protection?.[Number(i)])
        .map(([, allow]) => allow),
    },
  };
}
