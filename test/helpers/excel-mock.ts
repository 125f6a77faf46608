/**
 * A workbook for the add-in's Excel binding, built on office-addin-mock (Microsoft's mock of the
 * Office.js API): properties must be loaded and synced before they are read, as in Excel. The
 * mock counts context.sync() calls and measures what each one would carry back, so tests can
 * hold the binding to few round trips under Excel on the web's 5 MB payload limit.
 */
import { OfficeMockObject } from 'office-addin-mock';
import type { CellValue } from '../../core/table.ts';
import { columnLetter } from '../../core/text.ts';

export interface MockBook {
  Excel: { run: <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T> };
  syncs: number;
  /** Round trips refused for their size. */
  refusals: number;
  /** Bytes each sync would have carried back (values and cell properties loaded). */
  responses: number[];
  fills: Map<string, string>;
  notes: Map<string, string>;
  /** Sheet protection: while on, Excel refuses fills and notes. */
  protection: { protected: boolean; options?: Excel.WorksheetProtectionOptions };
  log: string[];
}

function decode(address: string) {
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(address.replace(/\$/g, ''));
  if (!m) throw new Error(`mock cannot read address ${address}`);
  const col = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return { top: Number(m[2]), left: col(m[1]!), bottom: Number(m[4] ?? m[2]), right: col(m[3] ?? m[1]!) };
}

function* cells(address: string) {
  const r = decode(address);
  for (let row = r.top; row <= r.bottom; row++)
    for (let c = r.left; c <= r.right; c++) yield `${columnLetter(c)}${row}`;
}

export function mockWorkbook(
  sheetName: string,
  grid: CellValue[][],
  options: { fills?: Record<string, string>; notes?: Record<string, string>; protected?: boolean } = {},
): MockBook {
  const book: MockBook = {
    Excel: undefined as never,
    syncs: 0,
    refusals: 0,
    responses: [],
    fills: new Map(Object.entries(options.fills ?? {})),
    notes: new Map(Object.entries(options.notes ?? {})),
    protection: {
      protected: options.protected ?? false,
      options: options.protected ? { allowFormatRows: true } : undefined,
    },
    log: [],
  };
  const writable = () => {
    if (book.protection.protected)
      throw new Error('The cell or chart you are trying to change is on a protected sheet.');
  };
  let pending: (() => number)[] = [];
  const afterSync: (() => void)[] = [];
  const mocks: OfficeMockObject[] = [];
  const track = <T extends OfficeMockObject>(mock: T) => {
    mocks.push(mock);
    return mock;
  };
  /** An *OrNullObject result: Excel says isNullObject after the sync, with nothing loaded. */
  const nullable = (isNull: boolean, properties: Record<string, unknown>) =>
    Object.defineProperty(track(new OfficeMockObject(properties)), 'isNullObject', { value: isNull });

  const valuesOf = (address: string) => {
    const r = decode(address);
    return Array.from({ length: r.bottom - r.top + 1 }, (_, i) =>
      Array.from({ length: r.right - r.left + 1 }, (_, j) => grid[r.top - 1 + i]?.[r.left - 1 + j] ?? ''),
    );
  };
  const sizeOf = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

  const range = (address: string) => {
    const mock = track(
      new OfficeMockObject({
        values: valuesOf(address),
        address,
        format: { fill: { color: '' } },
      }) as OfficeMockObject & Record<string, unknown>,
    );
    const load = mock.load.bind(mock);
    mock.load = (props: string) => {
      if (String(props).includes('values')) pending.push(() => sizeOf(valuesOf(address)));
      return load(props);
    };
    const fill = (mock as unknown as { format: { fill: Record<string, unknown> } }).format.fill;
    fill.clear = () =>
      afterSync.push(() => {
        writable();
        for (const a of cells(address)) book.fills.delete(a);
        book.log.push(`clear ${address}`);
      });
    // A colour set on the range lands at the next sync, as in Excel.
    let color = '';
    Object.defineProperty(fill, 'color', {
      get: () => color,
      set: (value: string) => {
        color = value;
        afterSync.push(() => {
          writable();
          for (const a of cells(address)) book.fills.set(a, value);
          book.log.push(`fill ${address} ${value}`);
        });
      },
    });
    mock.getCellProperties = () => {
      let taken: ReturnType<typeof props> | undefined;
      const props = () =>
        valuesOf(address).map((row, i) =>
          row.map((_, j) => ({
            format: {
              fill: {
                color:
                  book.fills.get(`${columnLetter(decode(address).left + j)}${decode(address).top + i}`) ?? '#FFFFFF',
              },
            },
          })),
        );
      pending.push(() => sizeOf(props()));
      // Taken in queue order at the sync: writes queued after it are not seen, as in Excel.
      afterSync.push(() => (taken = props()));
      return {
        get value() {
          if (!taken) throw new Error('getCellProperties read before sync');
          return taken;
        },
      };
    };
    return mock;
  };

  const notes = {
    items: [] as { content: string; getLocation: () => { load: () => { address: string } } }[],
    load: () => {
      // The collection as it stands at the next sync; each note's location needs one more.
      afterSync.push(() => {
        notes.items = [...book.notes].map(([address, content]) => ({
          content,
          getLocation: () => {
            let ready = false;
            afterSync.push(() => (ready = true));
            const location = {
              get address() {
                if (!ready) throw new Error('note location read before sync');
                return `${sheetName}!${address}`;
              },
            };
            return { load: () => location };
          },
        }));
      });
    },
    add: (address: string, text: string) =>
      afterSync.push(() => {
        writable();
        if (book.notes.has(address)) throw new Error(`a note is already on ${address}`);
        book.notes.set(address, text);
      }),
    getItem: (address: string) => ({
      set content(text: string) {
        afterSync.push(() => {
          writable();
          if (!book.notes.has(address)) throw new Error(`no note on ${address}`);
          book.notes.set(address, text);
        });
      },
      delete: () =>
        afterSync.push(() => {
          writable();
          if (!book.notes.has(address)) throw new Error(`no note on ${address}`);
          book.notes.delete(address);
        }),
    }),
    getItemOrNullObject: (address: string) =>
      nullable(!book.notes.has(address), { content: book.notes.get(address) ?? '' }),
  };

  const protection = {
    protected: false,
    options: undefined as Excel.WorksheetProtectionOptions | undefined,
    load: () => {
      afterSync.push(() => Object.assign(protection, book.protection));
      return protection;
    },
    unprotect: () =>
      afterSync.push(() => {
        book.protection = { protected: false };
        book.log.push('unprotect');
      }),
    protect: (options?: Excel.WorksheetProtectionOptions) =>
      afterSync.push(() => {
        if (book.protection.protected) throw new Error('The sheet is already protected.');
        book.protection = { protected: true, options };
        book.log.push('protect');
      }),
  };

  const sheet = {
    name: sheetName,
    getUsedRangeOrNullObject: () => {
      const rows = grid.length;
      const columns = Math.max(0, ...grid.map((r) => r.length));
      return nullable(rows === 0, { rowIndex: 0, columnIndex: 0, rowCount: rows, columnCount: columns });
    },
    getRange: (address: string) => range(address),
    activate: () => undefined,
  };
  const sheetMock = track(new OfficeMockObject(sheet) as OfficeMockObject & typeof sheet);
  Object.assign(sheetMock, {
    getUsedRangeOrNullObject: sheet.getUsedRangeOrNullObject,
    getRange: sheet.getRange,
    activate: sheet.activate,
    notes,
    protection,
  });
  const missingStamp = {
    getUsedRangeOrNullObject: () => nullable(true, { values: [] }),
  };

  const context = {
    workbook: {
      worksheets: {
        getActiveWorksheet: () => sheetMock,
        getItem: (name: string) => {
          if (name !== sheetName) throw new Error(`no sheet ${name}`);
          return sheetMock;
        },
        getItemOrNullObject: () => missingStamp,
      },
    },
    sync: async () => {
      book.syncs++;
      const bytes = pending.reduce((n, f) => n + f(), 0);
      pending = [];
      if (bytes > 5 * 1024 * 1024) {
        book.refusals++;
        afterSync.length = 0;
        throw Object.assign(new Error('The request payload size has exceeded the limit.'), {
          code: 'RequestPayloadSizeLimitExceeded',
        });
      }
      book.responses.push(bytes);
      for (const mock of mocks) await mock.sync();
      for (const apply of afterSync.splice(0)) apply();
    },
  };
  book.Excel = { run: (batch) => batch(context as unknown as Excel.RequestContext) };
  return book;
}
