// A simulated Excel host for end-to-end tests of the built task pane: served in place of
// office.js, it gives the page Office and Excel globals backed by an in-memory workbook, and
// window.__excel for the test to look inside, edit cells as a clerk would, and count syncs.
(() => {
  const letters = (n) => {
    let s = '';
    for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    return s;
  };
  const colNo = (l) => [...l].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  function decode(address) {
    const a = address.replace(/^.*!/, '').replace(/\$/g, '');
    let m = /^([A-Z]+):([A-Z]+)$/.exec(a);
    if (m) return { top: 1, left: colNo(m[1]), bottom: 1048576, right: colNo(m[2]) };
    m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(a);
    if (!m) throw new Error(`simulator: bad address ${address}`);
    return { top: +m[2], left: colNo(m[1]), bottom: +(m[4] ?? m[2]), right: colNo(m[3] ?? m[1]) };
  }

  const sim = { sheets: new Map(), active: 'Sheet1', syncs: 0, settings: {}, log: [] };
  /** How a change to the workbook's sheets lands: at once, or (in Excel's discipline below) at the next sync. */
  sim.defer = (change) => change();
  function newSheet(name, register = true) {
    const sheet = {
      name,
      cells: new Map(),
      notes: new Map(),
      visibility: 'Visible',
      handlers: [],
      frozenRows: 0,
      merges: [],
      columnWidths: {},
      rowHeights: {},
      hiddenColumns: [],
    };
    if (register) sim.sheets.set(name, sheet);
    return sheet;
  }
  newSheet('Sheet1');
  const cell = (sheet, address) =>
    sheet.cells.get(address) ??
    sheet.cells.set(address, { value: '', fill: '', numberFormat: 'General', font: {}, edges: {} }).get(address);
  const used = (sheet) => {
    let rows = 0,
      cols = 0;
    for (const [address, c] of sheet.cells) {
      if (c.value === '' || c.value === null) continue;
      const r = decode(address);
      rows = Math.max(rows, r.top);
      cols = Math.max(cols, r.left);
    }
    return { rows, cols };
  };

  // Excel takes text typed into a General cell that starts with = as a formula.
  function store(c, v) {
    if (typeof v === 'string' && v.startsWith('=') && c.numberFormat !== '@') {
      c.formula = v;
      c.value = '#NAME?';
    } else {
      delete c.formula;
      c.value = v;
    }
  }

  function rangeOf(sheet, address) {
    const r = decode(address);
    const each = (fn) => {
      for (let row = r.top; row <= Math.min(r.bottom, 20000); row++)
        for (let c = r.left; c <= r.right; c++) fn(`${letters(c)}${row}`, row - r.top, c - r.left);
    };
    const grid = (fn) =>
      Array.from({ length: r.bottom - r.top + 1 }, (_, i) =>
        Array.from({ length: r.right - r.left + 1 }, (_, j) => fn(`${letters(r.left + j)}${r.top + i}`)),
      );
    // Excel refuses changes to a protected sheet, but for values typed into its unlocked cells.
    const writable = (a, value) => {
      if (sheet.protected && !(value && cell(sheet, a).locked === false))
        throw fail('AccessDenied', `${sheet.name}!${a} is on a protected sheet`);
    };
    const fill = {
      clear() {
        each((a) => {
          writable(a);
          cell(sheet, a).fill = '';
        });
      },
    };
    Object.defineProperty(fill, 'color', {
      get: () => '',
      set: (v) =>
        each((a) => {
          writable(a);
          cell(sheet, a).fill = v.toUpperCase();
        }),
    });
    const protection = {};
    Object.defineProperty(protection, 'locked', {
      get: () => true,
      set: (v) => each((a) => (cell(sheet, a).locked = v)),
    });
    // Looks land on each cell, so a test can read what the pane wrote as it reads a downloaded workbook.
    const font = {};
    for (const key of ['name', 'size', 'bold', 'color'])
      Object.defineProperty(font, key, {
        get: () => undefined,
        set: (v) => each((a) => (cell(sheet, a).font[key] = v)),
      });
    const EDGES = {
      EdgeTop: (at) => at.i === 0 && 'top',
      EdgeBottom: (at) => at.i === at.rows - 1 && 'bottom',
      EdgeLeft: (at) => at.j === 0 && 'left',
      EdgeRight: (at) => at.j === at.columns - 1 && 'right',
    };
    const rows = r.bottom - r.top + 1;
    const columns = r.right - r.left + 1;
    const borders = {
      getItem: (edge) => ({
        set style(v) {
          each((a, i, j) => {
            const sides =
              edge === 'InsideHorizontal'
                ? [i > 0 && 'top', i < rows - 1 && 'bottom']
                : edge === 'InsideVertical'
                  ? [j > 0 && 'left', j < columns - 1 && 'right']
                  : [EDGES[edge]({ i, j, rows, columns })];
            for (const side of sides) if (side) cell(sheet, a).edges[side] = v;
          });
        },
      }),
    };
    const format = { fill, font, protection, borders };
    const cellFormat = (key) =>
      Object.defineProperty(format, key, { get: () => undefined, set: (v) => each((a) => (cell(sheet, a)[key] = v)) });
    for (const key of ['wrapText', 'horizontalAlignment', 'verticalAlignment']) cellFormat(key);
    Object.defineProperty(format, 'columnWidth', {
      get: () => undefined,
      set: (v) => {
        for (let c = r.left; c <= r.right; c++) sheet.columnWidths[c] = v;
      },
    });
    Object.defineProperty(format, 'rowHeight', {
      get: () => undefined,
      set: (v) => {
        for (let row = r.top; row <= r.bottom; row++) sheet.rowHeights[row] = v;
      },
    });
    const range = {
      address: `${sheet.name}!${address}`,
      load() {
        return range;
      },
      get values() {
        return grid((a) => sheet.cells.get(a)?.value ?? '');
      },
      set values(v) {
        each((a, i, j) => {
          writable(a, true);
          store(cell(sheet, a), v[i][j]);
        });
      },
      set numberFormat(v) {
        each((a, i, j) => (cell(sheet, a).numberFormat = v[i][j]));
      },
      format,
      set columnHidden(v) {
        for (let c = r.left; c <= r.right; c++) if (v && !sheet.hiddenColumns.includes(c)) sheet.hiddenColumns.push(c);
      },
      merge() {
        sheet.merges.push(address);
      },
      dataValidation: {
        set rule(rule) {
          sheet.validations = [...(sheet.validations ?? []), { address, rule }];
        },
      },
      select() {
        sim.selected = `${sheet.name}!${address}`;
      },
      getCellProperties() {
        const value = grid((a) => ({ format: { fill: { color: sheet.cells.get(a)?.fill || '#FFFFFF' } } }));
        return { value };
      },
    };
    return range;
  }

  function noteCollection(sheet) {
    const collection = {
      items: [],
      load() {
        collection.items = [...sheet.notes].map(([address, content]) => ({
          content,
          getLocation: () => ({
            load() {
              return this;
            },
            address: `${sheet.name}!${address}`,
          }),
        }));
        return collection;
      },
      // A command: it runs at the next sync, in order with what was queued before it.
      add(address, text) {
        const a = address.replace(/\$/g, '');
        sim.defer(() => {
          if (sheet.protected) throw fail('AccessDenied', `a note on ${a}, on a protected sheet`);
          if (sheet.notes.has(a)) throw new Error(`simulator: a note is already on ${a}`);
          sheet.notes.set(a, text);
        });
      },
      getItem(address) {
        const a = address.replace(/\$/g, '');
        if (!sheet.notes.has(a)) throw new Error(`simulator: no note on ${a}`);
        return {
          set content(t) {
            if (sheet.protected) throw fail('AccessDenied', `the note on ${a}, on a protected sheet`);
            sheet.notes.set(a, t);
          },
          get content() {
            return sheet.notes.get(a);
          },
          delete() {
            if (sheet.protected) throw fail('AccessDenied', `the note on ${a}, on a protected sheet`);
            sheet.notes.delete(a);
          },
        };
      },
      getItemOrNullObject(address) {
        const a = address.replace(/\$/g, '');
        return {
          isNullObject: !sheet.notes.has(a),
          content: sheet.notes.get(a) ?? '',
          load() {
            return this;
          },
        };
      },
    };
    return collection;
  }

  function worksheetOf(name) {
    return apiOf(sim.sheets.get(name));
  }

  function apiOf(sheet) {
    const api = {
      get name() {
        return sheet.name;
      },
      set name(n) {
        if (sim.sheets.has(n)) throw new Error(`simulator: a sheet named ${n} exists`);
        const entries = [...sim.sheets].map(([k, v]) => (v === sheet ? [n, v] : [k, v]));
        sim.sheets = new Map(entries);
        if (sim.active === sheet.name) sim.active = n;
        sheet.name = n;
      },
      get visibility() {
        return sheet.visibility;
      },
      set visibility(v) {
        sheet.visibility = v;
      },
      load() {
        return api;
      },
      activate() {
        sim.active = sheet.name;
      },
      delete() {
        sim.sheets.delete(sheet.name);
        if (sim.active === sheet.name) sim.active = [...sim.sheets.keys()][0];
      },
      getRange: (address) => rangeOf(sheet, address),
      getUsedRangeOrNullObject() {
        const u = used(sheet);
        return {
          isNullObject: u.rows === 0,
          rowIndex: 0,
          columnIndex: 0,
          rowCount: u.rows,
          columnCount: u.cols,
          values: u.rows ? rangeOf(sheet, `A1:${letters(u.cols)}${u.rows}`).values : [],
          load() {
            return this;
          },
        };
      },
      notes: noteCollection(sheet),
      protection: {
        get protected() {
          return Boolean(sheet.protected);
        },
        get options() {
          return sheet.protected || undefined;
        },
        load() {},
        unprotect() {
          sheet.protected = undefined;
        },
        protect(options) {
          if (sheet.protected) throw new Error('simulator: the sheet is already protected');
          sheet.protected = options ?? {};
        },
      },
      freezePanes: {
        freezeRows(n) {
          sheet.frozenRows = n;
        },
        freezeAt(address) {
          const r = decode(address);
          sheet.frozenRows = r.bottom;
          sheet.frozenColumns = r.right;
        },
      },
      onChanged: {
        add(handler) {
          sheet.handlers.push(handler);
          return { remove() {} };
        },
      },
    };
    return api;
  }

  const context = {
    workbook: {
      getActiveCell() {
        const [sheetName, address] = (sim.selected ?? `${sim.active}!A1`).split('!');
        const first = decode(address.split(':')[0]);
        return { address: `${sheetName}!${letters(first.left)}${first.top}`, rowIndex: first.top - 1, load() {} };
      },
      worksheets: {
        items: [],
        load() {
          context.workbook.worksheets.items = [...sim.sheets.keys()].map((n) => ({ name: n }));
        },
        getActiveWorksheet: () => worksheetOf(sim.active),
        getItem: (name) => {
          if (!sim.sheets.has(name)) throw new Error(`simulator: no sheet ${name}`);
          return worksheetOf(name);
        },
        getItemOrNullObject: (name) =>
          sim.sheets.has(name)
            ? Object.assign(worksheetOf(name), { isNullObject: false })
            : {
                isNullObject: true,
                load() {
                  return this;
                },
                getUsedRangeOrNullObject: () => ({
                  isNullObject: true,
                  values: [],
                  load() {
                    return this;
                  },
                }),
              },
        add: (name) => {
          // The new sheet joins the workbook when the command runs, after what was queued before it.
          const sheet = newSheet(name, false);
          sim.defer(() => sim.sheets.set(name, sheet));
          return apiOf(sheet);
        },
      },
    },
    async sync() {
      sim.syncs++;
    },
  };

  // Excel's discipline, as the real host enforces it, so that the pane's tests catch what Excel
  // would refuse: a property is read only after load() and a sync(); writes and commands land at
  // the next sync(); an object is dead outside its Excel.run; a round trip over 5 MB is refused.
  const DATA = new Set([
    'values',
    'address',
    'rowIndex',
    'columnIndex',
    'rowCount',
    'columnCount',
    'name',
    'items',
    'content',
    'protected',
    'options',
    'visibility',
  ]);
  const COMMANDS = new Set([
    'merge',
    'select',
    'activate',
    'clear',
    'delete',
    'protect',
    'unprotect',
    'freezeAt',
    'freezeRows',
  ]);
  const LIMIT = 5 * 1024 * 1024;
  const alive = new Set();
  let queue = [];
  sim.defer = (change) => queue.push(change);
  let bytes = 0;
  sim.refused = 0;
  const fail = (code, message) => Object.assign(new Error(`${code}: ${message}`), { code });
  const sizeOf = (v) => JSON.stringify(v ?? '').length;
  function strict(target, run) {
    if (target === null || typeof target !== 'object' || target instanceof Promise || target.__strict) return target;
    const loaded = { at: Number.POSITIVE_INFINITY };
    const created = sim.syncs;
    const proxy = new Proxy(target, {
      get(t, prop) {
        if (prop === '__strict') return true;
        if (typeof prop === 'symbol' || prop === 'then') return Reflect.get(t, prop);
        if (!alive.has(run)) throw fail('InvalidObjectPath', `${String(prop)} used outside its Excel.run`);
        if (prop === 'load')
          return (props) => {
            loaded.at = sim.syncs;
            queue.push(() => {
              t.load?.(props);
              if (String(props ?? '').includes('values')) bytes += sizeOf(t.values);
            });
            return proxy;
          };
        const value = Reflect.get(t, prop);
        // Excel answers isNullObject at the sync after the object was asked for, with nothing loaded.
        if (prop === 'isNullObject' && !(sim.syncs > created))
          throw fail('PropertyNotLoaded', 'isNullObject read before sync()');
        if (DATA.has(prop)) {
          if (!(sim.syncs > loaded.at))
            throw fail('PropertyNotLoaded', `${String(prop)} read before load() and sync()`);
          return value;
        }
        if (typeof value === 'function') {
          if (COMMANDS.has(prop)) return (...args) => void queue.push(() => value.apply(t, args));
          return (...args) => strict(value.apply(t, args), run);
        }
        return strict(value, run);
      },
      set(t, prop, value) {
        if (!alive.has(run)) throw fail('InvalidObjectPath', `${String(prop)} set outside its Excel.run`);
        if (prop === 'values') bytes += sizeOf(value);
        queue.push(() => {
          t[prop] = value;
        });
        return true;
      },
    });
    return proxy;
  }
  const sync = async () => {
    const work = queue;
    const carried = bytes;
    queue = [];
    bytes = 0;
    if (carried > LIMIT) {
      sim.refused++;
      throw fail('RequestPayloadSizeLimitExceeded', `a round trip of ${carried} bytes`);
    }
    for (const step of work) step();
    // A load queued in this round trip adds what it carries back.
    if (bytes > LIMIT) {
      const answer = bytes;
      bytes = 0;
      sim.refused++;
      throw fail('RequestPayloadSizeLimitExceeded', `an answer of ${answer} bytes`);
    }
    bytes = 0;
    await context.sync();
  };
  window.Excel = {
    run: async (batch) => {
      const run = {};
      alive.add(run);
      try {
        const result = await batch(strict({ workbook: context.workbook, sync }, run));
        if (queue.length) await sync();
        return result;
      } finally {
        alive.delete(run);
      }
    },
  };
  window.OfficeExtension = { Error };
  // The API sets this host has (a test may set window.__apiSets first), and every set the pane asks about.
  const apiSets = window.__apiSets ?? { ExcelApi: '1.18' };
  sim.asked = [];
  const newerOrSame = (have, want) => {
    const [hm, hn] = String(have).split('.').map(Number);
    const [wm, wn] = String(want ?? '1.1')
      .split('.')
      .map(Number);
    return hm * 1000 + hn >= wm * 1000 + wn;
  };
  window.Office = {
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    context: {
      requirements: {
        isSetSupported(name, version) {
          sim.asked.push(`${name} ${version}`);
          return name in apiSets && newerOrSame(apiSets[name], version);
        },
      },
      displayLanguage: 'zh-CN',
      document: {
        settings: {
          get: (k) => (k in sim.settings ? JSON.parse(sim.settings[k]) : null),
          set: (k, v) => {
            sim.settings[k] = JSON.stringify(v);
          },
          remove: (k) => {
            delete sim.settings[k];
          },
          saveAsync: (cb) => cb({ status: 'succeeded' }),
        },
      },
    },
    HostType: { Excel: 'Excel', Word: 'Word' },
    onReady: (cb) => Promise.resolve().then(() => cb({ host: 'Excel' })),
  };

  window.__excel = {
    sim,
    /** A clerk types into a cell: the value lands and the sheet's change handlers fire. */
    edit(address, value, sheetName = sim.active) {
      const sheet = sim.sheets.get(sheetName);
      if (sheet.protected && cell(sheet, address).locked !== false)
        throw new Error(`simulator: ${address} is locked on a protected sheet; unprotect it first`);
      store(cell(sheet, address), value);
      for (const h of sheet.handlers) h({ address, worksheetId: sheetName });
    },
    value: (address, sheetName = sim.active) => sim.sheets.get(sheetName).cells.get(address)?.value ?? '',
    cellOf: (address, sheetName = sim.active) => sim.sheets.get(sheetName).cells.get(address) ?? null,
    fill: (address, sheetName = sim.active) => sim.sheets.get(sheetName).cells.get(address)?.fill ?? '',
    note: (address, sheetName = sim.active) => sim.sheets.get(sheetName).notes.get(address) ?? null,
    fills: (sheetName = sim.active) =>
      Object.fromEntries([...sim.sheets.get(sheetName).cells].filter(([, c]) => c.fill).map(([a, c]) => [a, c.fill])),
    notes: (sheetName = sim.active) => Object.fromEntries(sim.sheets.get(sheetName).notes),
    /** Fills a sheet with rows, as a workbook a clerk opens. */
    load(rows, sheetName = sim.active) {
      const sheet = sim.sheets.get(sheetName) ?? newSheet(sheetName);
      for (const [i, row] of rows.entries()) {
        for (const [j, v] of row.entries()) {
          if (v !== '' && v !== null && v !== undefined) cell(sheet, `${letters(j + 1)}${i + 1}`).value = v;
        }
      }
    },
    sheetNames: () => [...sim.sheets.keys()],
    /** A value lands without a change event, as a dropdown pick does in Excel on the web. */
    quietly(address, value, sheetName = sim.active) {
      store(cell(sim.sheets.get(sheetName), address), value);
    },
    /** A clerk lifts a sheet's protection (审阅 → 撤消工作表保护; there is no password). */
    unprotect(sheetName = sim.active) {
      sim.sheets.get(sheetName).protected = undefined;
    },
    /** A clerk clicks a cell. */
    select(address, sheetName = sim.active) {
      sim.selected = `${sheetName}!${address}`;
    },
  };
})();
