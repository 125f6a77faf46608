/**
 * Every table the service keeps, declared once as data. Each engine makes its own DDL from this
 * (sqlite-schema.ts, postgres-schema.ts); migrations.ts brings an older database up to it.
 * A county's tables live in DATA_DIR/county.sqlite on SQLite and in county_data on PostgreSQL;
 * a ledger's in its own file on SQLite and in ledger_data on PostgreSQL, where every row also
 * carries its county (and ledger).
 */

export type ColumnType = 'text' | 'integer' | 'bigint' | 'json';

export interface Column {
  name: string;
  type: ColumnType;
  /** NULL allowed: the column is filled in later, if ever (a decision, a removal). */
  nullable?: boolean;
  default?: string | number;
  /** A number the database hands out (SQLite AUTOINCREMENT, a PostgreSQL sequence). */
  serial?: boolean;
}

export interface Table {
  name: string;
  scope: 'county' | 'ledger';
  columns: Column[];
  /** The primary key, if the table has one, within its county (and ledger). */
  key?: string[];
  unique?: string[];
  indexes?: { name: string; columns: string[] }[];
}

const text = (name: string, more: Partial<Column> = {}): Column => ({ name, type: 'text', ...more });
const int = (name: string, more: Partial<Column> = {}): Column => ({ name, type: 'integer', ...more });
const maybe = (name: string): Column => text(name, { nullable: true });

const COUNTY: Table[] = [
  { name: 'meta', scope: 'county', columns: [text('key'), text('value')], key: ['key'] },
  {
    name: 'ledgers',
    scope: 'county',
    columns: [text('id'), text('title'), text('source'), text('created_at'), int('position')],
    key: ['id'],
  },
  {
    name: 'tokens',
    scope: 'county',
    columns: [
      int('id', { serial: true }),
      text('hash'),
      text('kind'),
      text('unit', { default: '' }),
      text('person', { default: '' }),
      text('label', { default: '' }),
      text('issued_at'),
      text('issued_by'),
      maybe('revoked_at'),
      maybe('revoked_by'),
    ],
    key: ['id'],
    unique: ['hash'],
  },
  {
    name: 'events',
    scope: 'county',
    columns: [text('kind'), text('key'), { name: 'at', type: 'bigint' }],
    indexes: [{ name: 'events_by_key', columns: ['kind', 'key', 'at'] }],
  },
  {
    name: 'history',
    scope: 'county',
    columns: [int('id', { serial: true }), text('at'), text('actor'), text('action'), text('detail')],
    key: ['id'],
  },
  {
    // 预警 told: one row per (task, milestone, level, day), claimed before it is sent, so that
    // however many processes send the digest, each is told once.
    name: 'alerts_sent',
    scope: 'county',
    columns: [
      text('ledger_id'),
      text('task_id'),
      text('milestone'),
      int('level'),
      text('day'),
      int('no'),
      text('told'),
      text('sent_at'),
      text('outcome', { default: '' }),
    ],
    key: ['ledger_id', 'task_id', 'milestone', 'level', 'day'],
  },
  {
    // 督办单: issued by the office on a task, signed for and answered by its units, closed or returned.
    name: 'supervisions',
    scope: 'county',
    columns: [
      int('id', { serial: true }),
      int('year'),
      int('number'),
      text('ledger_id'),
      text('task_id'),
      text('level'),
      text('problem'),
      text('demand'),
      int('reply_days'),
      text('sign_by'),
      text('reply_by'),
      text('issued_by'),
      text('issued_at'),
      text('state'),
      // Every step (issued, signed, answered, returned, closed): who, when, what.
      text('trail'),
    ],
    key: ['id'],
    unique: ['year', 'number'],
  },
  {
    // 领导批示 on a task, as the office records it.
    name: 'instructions',
    scope: 'county',
    columns: [
      int('id', { serial: true }),
      text('ledger_id'),
      text('task_id'),
      text('leader'),
      text('date'),
      text('text'),
      text('recorded_by'),
      text('recorded_at'),
    ],
    key: ['id'],
  },
  {
    // 约谈: a unit's leader summoned over a task, as the office records it.
    name: 'interviews',
    scope: 'county',
    columns: [
      int('id', { serial: true }),
      text('ledger_id'),
      text('task_id'),
      text('unit'),
      text('person'),
      text('date'),
      text('outcome'),
      text('recorded_by'),
      text('recorded_at'),
    ],
    key: ['id'],
  },
  {
    // 通报: the office's points added or deducted for a unit in a round, with the reason.
    name: 'score_adjustments',
    scope: 'county',
    columns: [
      int('id', { serial: true }),
      text('ledger_id'),
      text('round_id'),
      text('unit'),
      int('points'),
      text('reason'),
      text('by_name'),
      text('at'),
    ],
    key: ['id'],
  },
  {
    // A closed round's scores as they stood at its close (JSON), so later rule changes leave it be.
    name: 'round_scores',
    scope: 'county',
    columns: [text('ledger_id'), text('round_id'), text('scores'), text('frozen_at')],
    key: ['ledger_id', 'round_id'],
  },
];

const LEDGER: Table[] = [
  { name: 'meta', scope: 'ledger', columns: [text('key'), text('value')], key: ['key'] },
  {
    name: 'units',
    scope: 'ledger',
    columns: [
      text('name'),
      text('kind'),
      int('position'),
      maybe('token_hash'),
      maybe('downloaded_at'),
      int('downloaded_revision', { nullable: true }),
    ],
    key: ['name'],
  },
  { name: 'tasks', scope: 'ledger', columns: [text('id'), int('position')], key: ['id'] },
  {
    name: 'cells',
    scope: 'ledger',
    columns: [text('task_id'), text('unit'), text('field'), text('value'), int('revision'), text('actor')],
    key: ['task_id', 'unit', 'field'],
    indexes: [{ name: 'cells_by_unit', columns: ['unit', 'task_id'] }],
  },
  {
    name: 'changes',
    scope: 'ledger',
    columns: [
      int('seq', { serial: true }),
      int('revision'),
      int('submission_id', { nullable: true }),
      text('actor'),
      text('task_id'),
      text('unit'),
      text('field'),
      text('old_value'),
      text('new_value'),
      text('at'),
    ],
    key: ['seq'],
    indexes: [
      { name: 'changes_by_cell', columns: ['task_id', 'unit', 'field', 'revision'] },
      // A round's changes, read from where the round before closed: the month's, not the year's.
      { name: 'changes_by_revision', columns: ['revision'] },
      // The open round's changes, by time (which tasks went unreported).
      { name: 'changes_by_time', columns: ['at'] },
    ],
  },
  {
    name: 'submissions',
    scope: 'ledger',
    columns: [
      int('id', { serial: true }),
      text('actor'),
      int('base_revision'),
      int('revision'),
      text('source'),
      text('received_at'),
      { name: 'result', type: 'json' },
      text('copy', { default: '' }),
      int('counted', { default: 0 }),
      text('reporter', { default: '' }),
      text('phone', { default: '' }),
      // A file taken as a version of its copy: when it was saved, and its cells (JSON).
      maybe('saved_at'),
      maybe('sent'),
    ],
    key: ['id'],
    indexes: [
      { name: 'submissions_by_actor', columns: ['actor', 'received_at'] },
      { name: 'submissions_by_copy', columns: ['copy'] },
      // A round's reports, by time: the month's, not the year's.
      { name: 'submissions_by_time', columns: ['received_at'] },
    ],
  },
  {
    name: 'conflicts',
    scope: 'ledger',
    columns: [
      int('id', { serial: true }),
      int('submission_id'),
      text('task_id'),
      text('unit'),
      text('field'),
      text('base'),
      text('master'),
      text('master_by'),
      text('incoming'),
      text('incoming_by'),
      text('opened_at'),
      int('revision', { default: 0 }),
      maybe('resolved_value'),
      maybe('resolved_at'),
      maybe('resolved_by'),
    ],
    key: ['id'],
    indexes: [{ name: 'conflicts_by_cell', columns: ['task_id', 'unit', 'field'] }],
  },
  {
    // Evidence files: the bytes are stored once per content, outside the database.
    name: 'evidence',
    scope: 'ledger',
    columns: [
      int('id', { serial: true }),
      text('task_id'),
      text('unit'),
      text('round'),
      text('name'),
      int('size'),
      text('sha256'),
      text('type'),
      text('uploaded_by'),
      text('uploaded_at'),
      maybe('removed_by'),
      maybe('removed_at'),
      maybe('purged_at'),
    ],
    key: ['id'],
    indexes: [{ name: 'evidence_by_task', columns: ['task_id'] }],
  },
  {
    // A monthly round (月报): its id is shared across the ledgers it covers; closing it keeps a snapshot.
    name: 'rounds',
    scope: 'ledger',
    columns: [
      text('id'),
      text('period'),
      text('deadline'),
      text('opened_at'),
      text('opened_by'),
      maybe('closed_at'),
      maybe('closed_by'),
      maybe('snapshot'),
    ],
    key: ['id'],
  },
  {
    // 销号: requested, each lead unit's confirmation, and the office's decision.
    name: 'closures',
    scope: 'ledger',
    columns: [
      int('id', { serial: true }),
      text('task_id'),
      text('requested_by'),
      text('requested_at'),
      text('note'),
      text('confirmations'),
      text('state'),
      maybe('decided_by'),
      maybe('decided_at'),
      maybe('reason'),
    ],
    key: ['id'],
    indexes: [{ name: 'closures_by_task', columns: ['task_id'] }],
  },
];

/** A value written into SQL (a default, a migration's fill): the same on both engines. */
export const sqlLiteral = (value: string | number) =>
  typeof value === 'string' ? `'${value.replace(/'/g, "''")}'` : String(value);

/** A column's line in CREATE TABLE or ADD COLUMN, in an engine's type names. */
export const columnLine = (column: Column, types: Record<ColumnType, string>) =>
  [
    `${column.name} ${types[column.type]}`,
    column.nullable ? '' : ' NOT NULL',
    column.default === undefined ? '' : ` DEFAULT ${sqlLiteral(column.default)}`,
  ].join('');

export const TABLES: readonly Table[] = [...COUNTY, ...LEDGER];

export const tablesOf = (scope: Table['scope']) => TABLES.filter((t) => t.scope === scope);

export function tableOf(scope: Table['scope'], name: string, tables: readonly Table[] = TABLES): Table {
  const table = tables.find((t) => t.scope === scope && t.name === name);
  if (!table) throw new Error(`no ${scope} table ${name}`);
  return table;
}

export function columnOf(table: Table, name: string): Column {
  const column = table.columns.find((c) => c.name === name);
  if (!column) throw new Error(`no column ${table.name}.${name}`);
  return column;
}
