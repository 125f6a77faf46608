/**
 * The few members of WPS 表格's object model (ET, the VBA/COM model scripted in JavaScript) that
 * the pane needs, typed by hand. Kingsoft's `wps-jsapi` typings were read as a reference only:
 * their licence forbids changing them, and the pane needs a tenth of them.
 *
 * Builds differ: a member that is a property in one (Range.Address, Comment.Text) is a method in
 * another, and `Application.Enum` is missing from some. So members are read through `read()`,
 * which takes either, and the enumerations are numbers here (XL), never looked up in Enum.
 */

/** A member that is a property in one build and a method in another. */
type Member<T> = T | ((...args: never[]) => T);

export interface EtApplication {
  ActiveWorkbook: EtWorkbook | null;
  /** A new workbook, made active (the self-test's scratch workbook). */
  Workbooks: { Add(): EtWorkbook };
  ActiveSheet: EtWorksheet;
  ActiveCell: EtRange;
  ActiveWindow: EtWindow;
  /** Off while the pane deletes a sheet: WPS would ask the clerk to confirm. */
  DisplayAlerts: boolean;
  Build?: Member<string>;
  Version?: Member<string>;
  ApiEvent?: EtApiEvent;
}

export interface EtWorkbook {
  Sheets: EtSheets;
  CustomDocumentProperties: EtDocumentProperties;
  Close(saveChanges?: boolean): void;
}

export interface EtSheets {
  Count: Member<number>;
  /** 1-based, or by name; throws when there is no such sheet. */
  Item(index: number | string): EtWorksheet;
  /** A new sheet after `After` (VBA's Sheets.Add(Before, After)). */
  Add(Before?: EtWorksheet | null, After?: EtWorksheet | null): EtWorksheet;
}

export interface EtWorksheet {
  Name: Member<string>;
  /** XL.sheetVisible, XL.sheetHidden or XL.sheetVeryHidden. */
  Visible: Member<number>;
  ProtectContents: Member<boolean>;
  Protection: EtProtection;
  UsedRange: EtRange;
  Comments: { Count: Member<number>; Item(index: number): EtComment };
  Range(address: string): EtRange;
  /** VBA's positional arguments: Password, DrawingObjects, Contents, Scenarios, UserInterfaceOnly, then the Allow… flags. */
  Protect(...args: (string | boolean | undefined)[]): void;
  Unprotect(password?: string): void;
  Activate(): void;
  Delete(): void;
}

/** What a protected sheet still allows, as VBA names it. */
export interface EtProtection {
  AllowFormattingCells: Member<boolean>;
  AllowFormattingColumns: Member<boolean>;
  AllowFormattingRows: Member<boolean>;
  AllowSorting: Member<boolean>;
  AllowFiltering: Member<boolean>;
}

export interface EtRange {
  /** One cell's value, or a block's as rows of values. */
  Value2: unknown;
  Row: Member<number>;
  Column: Member<number>;
  Rows: { Count: Member<number> };
  Columns: { Count: Member<number> };
  Address: Member<string>;
  Worksheet: EtWorksheet;
  /** A block of mixed fills answers null. */
  Interior: { Color: number | null; ColorIndex: number | null };
  Font: { Name: string; Size: number; Bold: boolean; Color: number };
  Borders: { Item(edge: number): { LineStyle: number; Weight: number } };
  HorizontalAlignment: number;
  VerticalAlignment: number;
  WrapText: boolean;
  NumberFormat: string;
  Locked: boolean;
  ColumnWidth: number;
  RowHeight: number;
  EntireColumn: { Hidden: boolean };
  Validation: EtValidation;
  /** The cell's comment (批注), or null. */
  Comment: EtComment | null;
  AddComment(text: string): EtComment;
  ClearComments(): void;
  Merge(): void;
  Select(): void;
}

export interface EtComment {
  Text: Member<string>;
  /** The cell it is on. */
  Parent: EtRange;
  Delete(): void;
}

export interface EtValidation {
  Add(type: number, alertStyle?: number, operator?: number, formula1?: string): void;
  Delete(): void;
  InCellDropdown: boolean;
}

export interface EtWindow {
  FreezePanes: boolean;
  SplitRow: number;
  SplitColumn: number;
}

export interface EtDocumentProperties {
  Count: Member<number>;
  /** 1-based, or by name; throws when there is none of that name. */
  Item(index: number | string): EtDocumentProperty;
  Add(name: string, linkToContent: boolean, type: number, value: string): EtDocumentProperty;
}

export interface EtDocumentProperty {
  Name: Member<string>;
  Value: unknown;
  Delete(): void;
}

/** WPS's events for add-ins: `wps.ApiEvent`, or `Application.ApiEvent` in some builds. */
export interface EtApiEvent {
  AddApiEventListener(event: 'SheetChange', handler: (sheet: EtWorksheet, target: EtRange) => void): void;
}

/** The enumerations the pane uses, as the numbers VBA defines (Application.Enum is absent in some builds). */
export const XL = {
  none: -4142,
  sheetVisible: -1,
  sheetVeryHidden: 2,
  left: -4131,
  center: -4108,
  right: -4152,
  top: -4160,
  continuous: 1,
  thin: 2,
  validateList: 3,
  validAlertStop: 1,
  between: 1,
  /** msoPropertyTypeString */
  propertyString: 4,
  /** xlEdgeLeft, xlEdgeTop, xlEdgeBottom, xlEdgeRight, xlInsideVertical, xlInsideHorizontal */
  edges: [7, 8, 9, 10, 11, 12],
} as const;

/** A member's value, whether this build has it as a property or as a method. */
export function read<T>(target: object, name: string): T {
  const value = (target as Record<string, unknown>)[name];
  return (typeof value === 'function' ? value.call(target) : value) as T;
}

/** '#RRGGBB' as ET's colour number, which holds blue, green, red from the high byte down (BGR). */
export function bgr(hex: string): number {
  const n = Number.parseInt(hex.replace('#', ''), 16);
  return ((n & 0xff) << 16) | (n & 0xff00) | ((n >> 16) & 0xff);
}

/** ET's colour number as '#RRGGBB'. */
export function hexOf(color: number): string {
  const rgb = ((color & 0xff) << 16) | (color & 0xff00) | ((color >> 16) & 0xff);
  return `#${rgb.toString(16).padStart(6, '0').toUpperCase()}`;
}

/** Value2 as rows: a single cell gives one value, a block gives rows (some builds give one row flat). */
export function rowsOf(value: unknown, rows: number, columns: number): unknown[][] {
  if (!Array.isArray(value)) return [[value]];
  if (!Array.isArray(value[0])) return rows === 1 ? [value] : value.map((v) => [v]);
  return (value as unknown[][]).slice(0, rows).map((row) => row.slice(0, columns));
}
