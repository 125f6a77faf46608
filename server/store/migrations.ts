/**
 * Numbered migrations: what brings a database made by an older version up to the tables this
 * version declares (tables.ts). A new database is made as declared and marked with the latest
 * number; an older one runs every migration after its own number, once, in order, all in one
 * transaction (a failure leaves it as it was). SQLite keeps the number in `PRAGMA user_version`, PostgreSQL in
 * county_data.migrations (under an advisory lock, so that processes starting together run it once).
 *
 * A version that adds a column declares it in tables.ts and appends
 * `{ version: N, about, steps: [{ kind: 'add-column', scope, table, column }] }` here.
 */
import { TABLES, type Table } from './tables.ts';

export type Step =
  /**
   * A database from before numbered migrations, in whatever state its version left it: every
   * declared table, column and index that is missing is made. `fill` is the value existing rows
   * take in a column added now, where it differs from the column's default for new rows.
   */
  | { kind: 'catch-up'; fill?: Record<string, string | number> }
  | { kind: 'add-column'; scope: Table['scope']; table: string; column: string; fill?: string | number }
  | { kind: 'create-table'; scope: Table['scope']; table: string }
  | { kind: 'create-index'; scope: Table['scope']; table: string; index: string }
  /** Statements of one engine (an index dropped, data rewritten): the other has nothing to do. */
  | { kind: 'sql'; engine: 'sqlite' | 'postgresql'; sql: string };

export interface Migration {
  version: number;
  about: string;
  steps: Step[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    about: '编号迁移之前的数据库：补齐此前各版本逐步加上的表、列和索引',
    steps: [
      // Submissions stored before `counted` existed each counted as a report.
      { kind: 'catch-up', fill: { 'submissions.counted': 1 } },
      // It repeated the history table's primary key.
      { kind: 'sql', engine: 'postgresql', sql: 'DROP INDEX IF EXISTS county_data.history_by_county' },
    ],
  },
  {
    version: 2,
    about: '按版本号和时间的索引：汇总表、报告和报送状态只读本轮的变更和报送，第十二个月和第一个月一样快',
    steps: [
      { kind: 'create-index', scope: 'ledger', table: 'changes', index: 'changes_by_revision' },
      { kind: 'create-index', scope: 'ledger', table: 'changes', index: 'changes_by_time' },
      { kind: 'create-index', scope: 'ledger', table: 'submissions', index: 'submissions_by_time' },
    ],
  },
  {
    version: 3,
    about: '预警记录、督办单、领导批示和约谈',
    steps: [
      { kind: 'create-table', scope: 'county', table: 'alerts_sent' },
      { kind: 'create-table', scope: 'county', table: 'supervisions' },
      { kind: 'create-table', scope: 'county', table: 'instructions' },
      { kind: 'create-table', scope: 'county', table: 'interviews' },
    ],
  },
  {
    version: 4,
    about: '通报评分：办公室加减分，结束的一轮冻结的得分',
    steps: [
      { kind: 'create-table', scope: 'county', table: 'score_adjustments' },
      { kind: 'create-table', scope: 'county', table: 'round_scores' },
    ],
  },
];

/** The tables a database is migrated to and the migrations that get it there: this version's, or a test's. */
export interface SchemaPlan {
  tables: readonly Table[];
  migrations: readonly Migration[];
}

export const THIS_VERSION: SchemaPlan = { tables: TABLES, migrations: MIGRATIONS };

/**
 * The tables as a migration leaves them: the declared ones without what later migrations add.
 * A catch-up makes these, so that the migrations after it find their columns still to add.
 */
export function tablesAt(plan: SchemaPlan, version: number): Table[] {
  const later = plan.migrations.filter((m) => m.version > version).flatMap((m) => m.steps);
  const added = (scope: string, table: string, part?: string) =>
    later.some(
      (s) =>
        (s.kind === 'create-table' && s.scope === scope && s.table === table) ||
        (s.kind === 'add-column' && s.scope === scope && s.table === table && s.column === part) ||
        (s.kind === 'create-index' && s.scope === scope && s.table === table && s.index === part),
    );
  return plan.tables
    .filter((t) => !added(t.scope, t.name))
    .map((t) => ({
      ...t,
      columns: t.columns.filter((c) => !added(t.scope, t.name, c.name)),
      indexes: t.indexes?.filter((i) => !added(t.scope, t.name, i.name)),
    }));
}

export const latest = (plan: SchemaPlan) => plan.migrations.at(-1)?.version ?? 0;

/** A database a newer version has migrated: this one would misread it, so it does not start. */
export function newerThan(plan: SchemaPlan, version: number, where: string): Error | undefined {
  if (version <= latest(plan)) return undefined;
  return new Error(
    `${where}的结构已由更新的版本升级（第 ${version} 版），本版本只认到第 ${latest(plan)} 版：请安装新版本，或恢复升级前的备份。` +
      ` ${where} was migrated by a newer version (schema ${version}; this one knows up to ${latest(plan)}).`,
  );
}
