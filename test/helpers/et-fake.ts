/**
 * A fake of WPS 表格's object model (ET), in memory, for the WPS host's tests. It models the
 * documented VBA semantics of the members addin/wps/et.ts names, not WPS itself: what only a
 * real WPS can tell is left to the self-test page (/wps/self-test.html).
 *
 * Modelled: a workbook of sheets of cells (value, fill as a BGR number, font, alignment, borders,
 * number format, locked, 批注, list validation), merges, column widths, row heights, hidden
 * columns, frozen panes, very hidden sheets and custom document properties. A protected sheet
 * refuses every change but a value typed into an unlocked cell. Sheets.Add activates the new
 * sheet; Range.Select needs its sheet active; Delete asks the clerk unless DisplayAlerts is off,
 * and a very hidden sheet is not deleted; AddComment refuses a cell that has one; Validation.Add
 * refuses cells that have one. SheetChange is dispatched when a test types into a cell.
 * Workbooks.Add opens a scratch workbook in place of the one open, which comes back when the
 * scratch one is closed unsaved.
 * `methodsAsProperties` gives a build where Address and Comment.Text are properties and Count,
 * Row, Column and ProtectContents are methods; `without` one that lacks some of Range's members.
 */
import type {
  EtApiEvent,
  EtApplication,
  EtComment,
  EtDocumentProperties,
  EtRange,
  EtWorksheet,
} from '../../addin/wps/et.ts';
import { XL } from '../../addin/wps/et.ts';
import { columnLetter } from '../../core/text.ts';

type Value = string | number | boolean;

export interface FakeCell {
  value: Value;
  fill?: number;
  /** Set by the pane, or the workbook's default. */
  font?: { name: string; size: number; bold: boolean; color: number };
  align?: number;
  valign?: number;
  wrap: boolean;
  numberFormat: string;
  locked: boolean;
  comment?: string;
  validation?: { type: number; formula: string; dropdown: boolean };
  edges: Set<'top' | 'bottom' | 'left' | 'right'>;
}

export interface FakeSheet {
  name: string;
  cells: Map<string, FakeCell>;
  visible: number;
  protection?: boolean[];
  merges: string[];
  widths: Map<number, number>;
  heights: Map<number, number>;
  hidden: Set<number>;
  frozen: { rows: number; columns: number };
}

const DEFAULT_FONT = { name: '宋体', size: 11, bold: false, color: 0 };
const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;

const colNo = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

/** "A1", "A1:C3", "A:A" or "5:5" as its corners. */
export function areaOf(address: string) {
  const a = address.replace(/^.*!/, '').replace(/\$/g, '');
  let m = /^([A-Z]+):([A-Z]+)$/.exec(a);
  if (m) return { top: 1, left: colNo(m[1]!), bottom: MAX_ROWS, right: colNo(m[2]!) };
  m = /^(\d+):(\d+)$/.exec(a);
  if (m) return { top: Number(m[1]), left: 1, bottom: Number(m[2]), right: MAX_COLUMNS };
  m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(a);
  if (!m) throw new Error(`ET fake: bad address ${address}`);
  return { top: Number(m[2]), left: colNo(m[1]!), bottom: Number(m[4] ?? m[2]), right: colNo(m[3] ?? m[1]!) };
}

export interface EtFake {
  app: EtApplication;
  events: EtApiEvent;
  sheets: Map<string, FakeSheet>;
  properties: Map<string, string>;
  /** A clerk types into a cell: refused where the sheet's protection forbids it, then SheetChange. */
  type(sheet: string, address: string, value: Value): void;
  /** A clerk lifts a sheet's protection (审阅 → 撤销工作表保护; there is no password). */
  unprotect(sheet: string): void;
}

export function etFake(
  sheetsGiven: Record<string, Value[][]>,
  options: { methodsAsProperties?: boolean; without?: string[] } = {},
): EtFake {
  const flipped = Boolean(options.methodsAsProperties);
  /** A read-only property, or a method in the flipped build. */
  const prop = <T>(get: () => T) => (flipped ? { value: get } : { get });
  /** A method without arguments, or a property in the flipped build. */
  const method = <T>(get: () => T) => (flipped ? { get } : { value: get });

  const sheets = new Map<string, FakeSheet>();
  const properties = new Map<string, string>();
  const listeners: ((sheet: EtWorksheet, target: EtRange) => void)[] = [];
  let active = '';
  let selected = 'A1';
  let alerts = true;

  const newSheet = (name: string): FakeSheet => ({
    name,
    cells: new Map(),
    visible: XL.sheetVisible,
    merges: [],
    widths: new Map(),
    heights: new Map(),
    hidden: new Set(),
    frozen: { rows: 0, columns: 0 },
  });
  for (const [name, rows] of Object.entries(sheetsGiven)) {
    const sheet = newSheet(name);
    sheets.set(name, sheet);
    for (const [i, row] of rows.entries())
      for (const [j, value] of row.entries()) if (value !== '') cellOf(sheet, i + 1, j + 1).value = value;
  }
  active = Object.keys(sheetsGiven)[0] ?? '';

  function cellOf(sheet: FakeSheet, row: number, column: number): FakeCell {
    const key = `${columnLetter(column)}${row}`;
    let cell = sheet.cells.get(key);
    if (!cell) {
      cell = { value: '', wrap: false, numberFormat: 'General', locked: true, edges: new Set() };
      sheet.cells.set(key, cell);
    }
    return cell;
  }
  const fontOf = (cell: FakeCell) => {
    cell.font ??= { ...DEFAULT_FONT };
    return cell.font;
  };
  const guard = (sheet: FakeSheet, what: string) => {
    if (sheet.protection) throw new Error(`ET fake: ${what} on the protected sheet ${sheet.name}`);
  };

  function rangeOf(sheet: FakeSheet, address: string): EtRange {
    const r = areaOf(address);
    // Whole rows and columns stop at the cells that exist.
    const bottom =
      r.bottom < MAX_ROWS ? r.bottom : Math.max(r.top, ...[...sheet.cells.keys()].map((k) => areaOf(k).top));
    const right =
      r.right < MAX_COLUMNS ? r.right : Math.max(r.left, ...[...sheet.cells.keys()].map((k) => areaOf(k).left));
    const each = (fn: (cell: FakeCell, row: number, column: number) => void) => {
      for (let row = r.top; row <= bottom; row++)
        for (let c = r.left; c <= right; c++) fn(cellOf(sheet, row, c), row, c);
    };
    const cells = () => {
      const out: FakeCell[] = [];
      each((cell) => out.push(cell));
      return out;
    };
    const uniform = <T>(get: (cell: FakeCell) => T): T | null => {
      const seen = new Set(cells().map(get));
      return seen.size === 1 ? [...seen][0]! : null;
    };
    const setEach = (what: string, fn: (cell: FakeCell, row: number, column: number) => void) => {
      guard(sheet, what);
      each(fn);
    };
    const fontSetters = {};
    for (const key of ['name', 'size', 'bold', 'color'] as const)
      Object.defineProperty(fontSetters, `${key[0]!.toUpperCase()}${key.slice(1)}`, {
        set: (v: never) =>
          setEach('a font', (c) => {
            fontOf(c)[key] = v;
          }),
      });
    const absolute = `$${columnLetter(r.left)}$${r.top}${
      r.top === r.bottom && r.left === r.right ? '' : `:$${columnLetter(r.right)}$${r.bottom}`
    }`;
    const range = {
      get Value2() {
        const rows = Array.from({ length: r.bottom - r.top + 1 }, (_, i) =>
          Array.from(
            { length: r.right - r.left + 1 },
            (_, j) => sheet.cells.get(`${columnLetter(r.left + j)}${r.top + i}`)?.value ?? '',
          ),
        );
        return rows.length === 1 && rows[0]!.length === 1 ? rows[0]![0] : rows;
      },
      set Value2(value: unknown) {
        if (sheet.protection && cells().some((c) => c.locked))
          throw new Error(`ET fake: a value into a locked cell of the protected sheet ${sheet.name}`);
        each((cell, row, c) => {
          const v = Array.isArray(value) ? (value as Value[][])[row - r.top]?.[c - r.left] : value;
          if (v === undefined) throw new Error(`ET fake: ${address} is larger than the values given`);
          // Text that starts with = is taken as a formula, unless the cell is formatted as text.
          cell.value =
            typeof v === 'string' && v.startsWith('=') && cell.numberFormat !== '@' ? '#NAME?' : (v as Value);
        });
      },
      Worksheet: undefined as unknown as EtWorksheet,
      Rows: Object.defineProperty(
        {},
        'Count',
        prop(() => r.bottom - r.top + 1),
      ),
      Columns: Object.defineProperty(
        {},
        'Count',
        prop(() => r.right - r.left + 1),
      ),
      Interior: {
        get Color() {
          const fill = uniform((c) => c.fill);
          return fill === null ? null : (fill ?? 0xffffff);
        },
        set Color(color: number | null) {
          setEach('a fill', (cell) => (cell.fill = color ?? undefined));
        },
        get ColorIndex() {
          const fill = uniform((c) => c.fill === undefined);
          return fill === null ? null : fill ? XL.none : 1;
        },
        set ColorIndex(index: number | null) {
          if (index !== XL.none) throw new Error('ET fake: only xlNone is modelled for ColorIndex');
          setEach('a fill', (cell) => delete cell.fill);
        },
      },
      Font: fontSetters,
      Borders: {
        Item: (edge: number) => ({
          set LineStyle(style: number) {
            if (style !== XL.continuous) throw new Error('ET fake: only xlContinuous is modelled');
            setEach('a border', (cell, row, c) => {
              if ((edge === 8 && row === r.top) || (edge === 12 && row > r.top)) cell.edges.add('top');
              if ((edge === 9 && row === r.bottom) || (edge === 12 && row < r.bottom)) cell.edges.add('bottom');
              if ((edge === 7 && c === r.left) || (edge === 11 && c > r.left)) cell.edges.add('left');
              if ((edge === 10 && c === r.right) || (edge === 11 && c < r.right)) cell.edges.add('right');
            });
          },
          set Weight(_: number) {
            guard(sheet, 'a border');
          },
        }),
      },
      set HorizontalAlignment(v: number) {
        setEach('an alignment', (c) => (c.align = v));
      },
      set VerticalAlignment(v: number) {
        setEach('an alignment', (c) => (c.valign = v));
      },
      set WrapText(v: boolean) {
        setEach('wrapping', (c) => (c.wrap = v));
      },
      set NumberFormat(v: string) {
        setEach('a number format', (c) => (c.numberFormat = v));
      },
      set Locked(v: boolean) {
        setEach('locking', (c) => (c.locked = v));
      },
      set ColumnWidth(v: number) {
        guard(sheet, 'a column width');
        for (let c = r.left; c <= r.right; c++) sheet.widths.set(c, v);
      },
      set RowHeight(v: number) {
        guard(sheet, 'a row height');
        for (let row = r.top; row <= r.bottom; row++) sheet.heights.set(row, v);
      },
      EntireColumn: {
        set Hidden(v: boolean) {
          guard(sheet, 'hiding');
          for (let c = r.left; c <= r.right; c++) v ? sheet.hidden.add(c) : sheet.hidden.delete(c);
        },
      },
      Validation: {
        Add(type: number, _alert?: number, _operator?: number, formula = '') {
          guard(sheet, 'a validation');
          if (cells().some((c) => c.validation))
            throw new Error('ET fake: the cells have a validation; Delete it first');
          each((c) => (c.validation = { type, formula, dropdown: true }));
        },
        Delete() {
          setEach('a validation', (c) => delete c.validation);
        },
        set InCellDropdown(v: boolean) {
          each((c) => {
            if (c.validation) c.validation.dropdown = v;
          });
        },
      },
      get Comment() {
        const cell = sheet.cells.get(`${columnLetter(r.left)}${r.top}`);
        return cell?.comment === undefined ? null : commentOf(sheet, `${columnLetter(r.left)}${r.top}`);
      },
      AddComment(text: string) {
        guard(sheet, 'a comment');
        if (r.top !== r.bottom || r.left !== r.right) throw new Error('ET fake: AddComment takes one cell');
        const cell = cellOf(sheet, r.top, r.left);
        if (cell.comment !== undefined) throw new Error(`ET fake: ${address} has a comment already`);
        cell.comment = text;
        return commentOf(sheet, `${columnLetter(r.left)}${r.top}`);
      },
      ClearComments() {
        setEach('a comment', (c) => delete c.comment);
      },
      Merge() {
        guard(sheet, 'a merge');
        sheet.merges.push(`${columnLetter(r.left)}${r.top}:${columnLetter(r.right)}${r.bottom}`);
      },
      Select() {
        if (active !== sheet.name) throw new Error('ET fake: Select on a sheet that is not active');
        selected = `${columnLetter(r.left)}${r.top}`;
      },
    };
    Object.defineProperty(range, 'Worksheet', { get: () => worksheetOf(sheet) });
    Object.defineProperty(
      range,
      'Row',
      prop(() => r.top),
    );
    Object.defineProperty(
      range,
      'Column',
      prop(() => r.left),
    );
    Object.defineProperty(
      range,
      'Address',
      method(() => absolute),
    );
    // A build that lacks some members.
    for (const member of options.without ?? []) delete (range as Record<string, unknown>)[member];
    return range as unknown as EtRange;
  }

  function commentOf(sheet: FakeSheet, address: string): EtComment {
    const comment = {
      Parent: rangeOf(sheet, address),
      Delete() {
        guard(sheet, 'a comment');
        delete sheet.cells.get(address)!.comment;
      },
    };
    Object.defineProperty(
      comment,
      'Text',
      method(() => sheet.cells.get(address)?.comment ?? ''),
    );
    return comment as unknown as EtComment;
  }

  function used(sheet: FakeSheet) {
    const filled = [...sheet.cells]
      .filter(([, c]) => c.value !== '' || c.comment !== undefined)
      .map(([a]) => areaOf(a));
    if (filled.length === 0) return 'A1';
    const bottom = Math.max(...filled.map((a) => a.top));
    const right = Math.max(...filled.map((a) => a.left));
    return `A1:${columnLetter(right)}${bottom}`;
  }

  function worksheetOf(sheet: FakeSheet): EtWorksheet {
    const allows = (i: number) => Boolean(sheet.protection?.[i]);
    const worksheet = {
      get Name() {
        return sheet.name;
      },
      set Name(name: string) {
        if (name.length > 31 || /[\\/?*[\]:]/.test(name)) throw new Error(`ET fake: ${name} is not a sheet name`);
        if (sheets.has(name) && sheets.get(name) !== sheet) throw new Error(`ET fake: a sheet named ${name} exists`);
        const entries = [...sheets].map(([k, v]): [string, FakeSheet] => (v === sheet ? [name, v] : [k, v]));
        sheets.clear();
        for (const [k, v] of entries) sheets.set(k, v);
        if (active === sheet.name) active = name;
        sheet.name = name;
      },
      get Visible() {
        return sheet.visible;
      },
      set Visible(v: number) {
        if (v !== XL.sheetVisible && [...sheets.values()].filter((s) => s.visible === XL.sheetVisible).length === 1)
          throw new Error('ET fake: a workbook keeps one visible sheet');
        sheet.visible = v;
        if (v !== XL.sheetVisible && active === sheet.name)
          active = [...sheets.values()].find((s) => s.visible === XL.sheetVisible)!.name;
      },
      Protection: {
        AllowFormattingCells: allows(5),
        AllowFormattingColumns: allows(6),
        AllowFormattingRows: allows(7),
        AllowSorting: allows(13),
        AllowFiltering: allows(14),
      },
      get UsedRange() {
        return rangeOf(sheet, used(sheet));
      },
      Comments: {
        Item: (i: number) => {
          const address = [...sheet.cells].filter(([, c]) => c.comment !== undefined)[i - 1]?.[0];
          if (!address) throw new Error(`ET fake: no comment ${i}`);
          return commentOf(sheet, address);
        },
      },
      Range: (address: string) => rangeOf(sheet, address),
      Protect(password = '', ...rest: boolean[]) {
        if (password) throw new Error('ET fake: the pane protects without a password');
        sheet.protection = ['', ...rest].map(Boolean);
      },
      Unprotect(password = '') {
        if (password) throw new Error('ET fake: wrong password');
        delete sheet.protection;
      },
      Activate() {
        if (sheet.visible !== XL.sheetVisible) throw new Error('ET fake: a hidden sheet cannot be activated');
        active = sheet.name;
        selected = 'A1';
      },
      Delete() {
        if (alerts) throw new Error('ET fake: Delete would ask the clerk to confirm (DisplayAlerts is on)');
        if (sheet.visible === XL.sheetVeryHidden) throw new Error('ET fake: a very hidden sheet is not deleted');
        sheets.delete(sheet.name);
        if (active === sheet.name) active = [...sheets.values()].find((s) => s.visible === XL.sheetVisible)!.name;
      },
    };
    Object.defineProperty(
      worksheet,
      'ProtectContents',
      prop(() => Boolean(sheet.protection)),
    );
    Object.defineProperty(
      worksheet.Comments,
      'Count',
      prop(() => [...sheet.cells.values()].filter((c) => c.comment !== undefined).length),
    );
    return worksheet as unknown as EtWorksheet;
  }

  const named = (index: number | string) => {
    const sheet = typeof index === 'number' ? [...sheets.values()][index - 1] : sheets.get(index);
    if (!sheet) throw new Error(`ET fake: no sheet ${index}`);
    return sheet;
  };
  const sheetCollection = {
    Item: (index: number | string) => worksheetOf(named(index)),
    Add(before?: EtWorksheet | null, after?: EtWorksheet | null) {
      let n = sheets.size + 1;
      while (sheets.has(`Sheet${n}`)) n++;
      const sheet = newSheet(`Sheet${n}`);
      const entries = [...sheets];
      const anchor = (before ?? after)?.Name as string | undefined;
      const at = anchor ? entries.findIndex(([k]) => k === anchor) + (after ? 1 : 0) : 0;
      entries.splice(at, 0, [sheet.name, sheet]);
      sheets.clear();
      for (const [k, v] of entries) sheets.set(k, v);
      active = sheet.name;
      return worksheetOf(sheet);
    },
  };
  Object.defineProperty(
    sheetCollection,
    'Count',
    prop(() => sheets.size),
  );

  const props: EtDocumentProperties = {
    Item(index: number | string) {
      const name = typeof index === 'number' ? [...properties.keys()][index - 1] : index;
      if (name === undefined || !properties.has(name)) throw new Error(`ET fake: no document property ${index}`);
      return { Name: name, Value: properties.get(name), Delete: () => properties.delete(name) };
    },
    Add(name: string, _link: boolean, type: number, value: string) {
      if (type !== XL.propertyString) throw new Error('ET fake: only text properties are modelled');
      if (properties.has(name)) throw new Error(`ET fake: a property named ${name} exists`);
      if (value.length > 255) throw new Error('ET fake: a text property holds 255 characters');
      properties.set(name, value);
      return props.Item(name);
    },
  } as unknown as EtDocumentProperties;
  Object.defineProperty(
    props,
    'Count',
    prop(() => properties.size),
  );

  const events: EtApiEvent = { AddApiEventListener: (_event, handler) => void listeners.push(handler) };
  // One workbook at a time: Workbooks.Add keeps the one before aside until the new one closes.
  const aside: { sheets: [string, FakeSheet][]; properties: [string, string][]; active: string }[] = [];
  const workbook = {
    Sheets: sheetCollection,
    CustomDocumentProperties: props,
    Close(saveChanges?: boolean) {
      if (saveChanges !== false) throw new Error('ET fake: only closing without saving is modelled');
      const before = aside.pop();
      if (!before) throw new Error('ET fake: the first workbook stays open');
      if (alerts) throw new Error('ET fake: Close would ask the clerk to confirm (DisplayAlerts is on)');
      sheets.clear();
      for (const [k, v] of before.sheets) sheets.set(k, v);
      properties.clear();
      for (const [k, v] of before.properties) properties.set(k, v);
      active = before.active;
    },
  };
  const app = {
    ActiveWorkbook: workbook,
    Workbooks: {
      Add() {
        aside.push({ sheets: [...sheets], properties: [...properties], active });
        sheets.clear();
        properties.clear();
        sheets.set('Sheet1', newSheet('Sheet1'));
        active = 'Sheet1';
        return workbook;
      },
    },
    get ActiveSheet() {
      return worksheetOf(named(active));
    },
    get ActiveCell() {
      return rangeOf(named(active), selected);
    },
    get ActiveWindow() {
      const sheet = named(active);
      let freezing = false;
      return {
        set FreezePanes(on: boolean) {
          freezing = on;
          if (!on) sheet.frozen = { rows: 0, columns: 0 };
        },
        get FreezePanes() {
          return freezing;
        },
        set SplitRow(n: number) {
          sheet.frozen.rows = n;
        },
        set SplitColumn(n: number) {
          sheet.frozen.columns = n;
        },
      };
    },
    get DisplayAlerts() {
      return alerts;
    },
    set DisplayAlerts(on: boolean) {
      alerts = on;
    },
    Build: '12.1.0.17827',
    ApiEvent: events,
  } as unknown as EtApplication;

  return {
    app,
    events,
    sheets,
    properties,
    type(name, address, value) {
      const sheet = named(name);
      const r = areaOf(address);
      const cell = cellOf(sheet, r.top, r.left);
      if (sheet.protection && cell.locked) throw new Error(`ET fake: ${address} is locked on a protected sheet`);
      cell.value = value;
      for (const listener of listeners) listener(worksheetOf(sheet), rangeOf(sheet, address));
    },
    unprotect(name) {
      delete named(name).protection;
    },
  };
}
