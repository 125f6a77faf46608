/**
 * The master ledger in SQLite (better-sqlite3): data access only. Its cells, the append-only
 * change log, the submissions, conflicts, units and tokens. The service decides what to write
 * and wraps each use case in one transaction.
 */
import { chmodSync, existsSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Field } from '../../core/fields.ts';
import { textKey } from '../../core/identity.ts';
import type { SentFile } from '../../core/copy-version.ts';
import type { CellKey, CellState, MasterView, TaskRef } from '../../core/merge.ts';
import { emptyTask, type Task } from '../../core/task.ts';
import { parseAll, parseOne, Rows } from './rows.ts';
import { ADDED_COLUMNS, EVIDENCE, INDEXES, ROUTINE, SCHEMA } from './schema.ts';

export interface StoredConflict {
  id: number;
  submissionId: number;
  taskId: string;
  no: number;
  unit: string;
  field: Field;
  base: string;
  master: string;
  masterBy: string;
  incoming: string;
  incomingBy: string;
  openedAt: string;
  resolvedValue: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
}

export interface ChangeRecord {
  seq: number;
  revision: number;
  submission: number | null;
  actor: string;
  taskId: string;
  unit: string;
  field: Field;
  old: string;
  value: string;
  at: string;
}

export interface CellWrite extends CellKey {
  value: string;
  old: string;
}

export interface NewConflict extends CellKey {
  base: string;
  master: string;
  masterBy: string;
  incoming: string;
  incomingBy: string;
}

import type { ClosureRow, EvidenceRow, RoundRow, UnitRow } from './rows.ts';
export type { UnitRow };

import { now } from '../clock.ts';

export { now };

/** The database and its WAL files readable by the owner only: they hold every unit's reports and the tokens' hashes. */
function ownerOnly(path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
}

/** A SQLite database in WAL mode, created readable by its owner only, with `prepare` run on it first. */
export function openDatabase(path: string, prepare: (db: Database.Database) => void): Database.Database {
  // A worker thread (a test runner's) may not set the umask: there the files are closed off right after.
  const mask = isMainThread ? process.umask(0o077) : undefined;
  try {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    prepare(db);
    return db;
  } finally {
    if (mask !== undefined) process.umask(mask);
    if (path !== ':memory:') ownerOnly(path);
  }
}

/**
 * A database's statements, each prepared once and kept: better-sqlite3 compiles the SQL again at
 * every prepare, which cost more than running most of the queries.
 */
export function statements(db: Database.Database): (sql: string) => Database.Statement {
  const kept = new Map<string, Database.Statement>();
  return (sql) => kept.get(sql) ?? kept.set(sql, db.prepare(sql)).get(sql)!;
}

/** Columns added since a data folder was made. */
function addMissingColumns(db: Database.Database): void {
  for (const { table, column, definition } of ADDED_COLUMNS) {
    const columns = parseAll(Rows.column, db.prepare(`PRAGMA table_info(${table})`).all());
    if (!columns.some((c) => c.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
  }
}

export class Store {
  readonly db: Database.Database;
  private readonly sql: (sql: string) => Database.Statement;

  constructor(path: string) {
    this.db = openDatabase(path, (db) => {
      db.exec(SCHEMA);
      db.exec(EVIDENCE);
      db.exec(ROUTINE);
      addMissingColumns(db);
      db.exec(INDEXES);
    });
    this.sql = statements(this.db);
  }

  close(): void {
    this.db.close();
  }

  /** Runs `work` in one transaction: all of it is written, or none. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  meta(key: string): string | undefined {
    return parseOne(Rows.value, this.sql('SELECT value FROM meta WHERE key = ?').get(key))?.value;
  }

  setMeta(key: string, value: string): void {
    this.sql('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
      key,
      value,
    );
  }

  get revision(): number {
    return Number(this.meta('revision') ?? 0);
  }

  addUnits(units: { name: string; kind: string }[]): void {
    const start = Rows.count.parse(this.sql('SELECT COUNT(*) AS n FROM units').get()).n;
    const insert = this.sql('INSERT OR IGNORE INTO units (name, kind, position) VALUES (?, ?, ?)');
    for (const [i, u] of units.entries()) insert.run(u.name, u.kind, start + i);
  }

  addTasks(ids: string[]): void {
    const start = Rows.count.parse(this.sql('SELECT COUNT(*) AS n FROM tasks').get()).n;
    const insert = this.sql('INSERT INTO tasks (id, position) VALUES (?, ?)');
    for (const [i, id] of ids.entries()) insert.run(id, start + i);
  }

  /** Logs and sets cells as one revision. */
  writeChanges(changes: CellWrite[], revision: number, submission: number | null, actor: string): void {
    const at = now();
    const log = this.sql(
      'INSERT INTO changes (revision, submission_id, actor, task_id, unit, field, old_value, new_value, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const cell = this.sql(
      `INSERT INTO cells (task_id, unit, field, value, revision, actor) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(task_id, unit, field) DO UPDATE
       SET value = excluded.value, revision = excluded.revision, actor = excluded.actor`,
    );
    for (const c of changes) {
      log.run(revision, submission, actor, c.taskId, c.unit, c.field, c.old, c.value, at);
      cell.run(c.taskId, c.unit, c.field, c.value, revision, actor);
    }
    this.setMeta('revision', String(revision));
  }

  insertSubmission(s: {
    actor: string;
    baseRevision: number;
    revision: number;
    source: string;
    copy: string;
    counted: boolean;
    reporter?: { name: string; phone: string };
    version?: SentFile;
    result: unknown;
  }): number {
    const { lastInsertRowid } = this.sql(
      `INSERT INTO submissions (actor, base_revision, revision, source, received_at, result, copy, counted, reporter, phone,
                                saved_at, sent)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      s.actor,
      s.baseRevision,
      s.revision,
      s.source,
      now(),
      JSON.stringify(s.result),
      s.copy,
      s.counted ? 1 : 0,
      s.reporter?.name ?? '',
      s.reporter?.phone ?? '',
      s.version?.savedAt ?? null,
      s.version ? JSON.stringify(s.version.cells) : null,
    );
    return Number(lastInsertRowid);
  }

  setSubmissionResult(id: number, result: unknown): void {
    this.sql('UPDATE submissions SET result = ? WHERE id = ?').run(JSON.stringify(result), id);
  }

  insertConflict(submission: number, revision: number, c: NewConflict): number {
    const { lastInsertRowid } = this.sql(
      `INSERT INTO conflicts (submission_id, task_id, unit, field, base, master, master_by,
                                incoming, incoming_by, opened_at, revision)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      submission,
      c.taskId,
      c.unit,
      c.field,
      c.base,
      c.master,
      c.masterBy,
      c.incoming,
      c.incomingBy,
      now(),
      revision,
    );
    return Number(lastInsertRowid);
  }

  /** Closes every open conflict on a cell with the value it was settled with. */
  settleConflicts(key: CellKey, value: string, by: string): void {
    this.sql(
      `UPDATE conflicts SET resolved_value = ?, resolved_at = ?, resolved_by = ?
         WHERE task_id = ? AND unit = ? AND field = ? AND resolved_at IS NULL`,
    ).run(value, now(), by, key.taskId, key.unit, key.field);
  }

  /** The task-level fields of every task, in ledger order. */
  tasks(): Task[] {
    const query = this.sql(
      "SELECT t.id, c.field, c.value FROM tasks t LEFT JOIN cells c ON c.task_id = t.id AND c.unit = '' ORDER BY t.position",
    );
    const rows = parseAll(Rows.taskCell, query.all());
    const byId = new Map<string, Task>();
    for (const r of rows) {
      const task = byId.get(r.id) ?? byId.set(r.id, emptyTask(0, r.id)).get(r.id)!;
      if (r.field === 'no') task.no = Number(r.value);
      else if (r.field) task[r.field] = r.value ?? '';
    }
    return [...byId.values()];
  }

  /** Every unit's own follow-up values: task id → unit → field → value. */
  followUps(): Map<string, Map<string, Partial<Record<Field, string>>>> {
    const query = this.sql(
      "SELECT task_id, unit, field, value FROM cells WHERE unit <> '' OR field IN ('progress', 'status', 'remarks')",
    );
    const rows = parseAll(Rows.unitCell, query.all());
    const out = new Map<string, Map<string, Partial<Record<Field, string>>>>();
    for (const r of rows) {
      const units = out.get(r.task_id) ?? out.set(r.task_id, new Map()).get(r.task_id)!;
      const values = units.get(r.unit) ?? units.set(r.unit, {}).get(r.unit)!;
      values[r.field] = r.value;
    }
    return out;
  }

  /** The master as the merge sees it. Cells are read a task at a time, history only where a cell differs. */
  masterView(taskRefs: TaskRef[]): MasterView {
    const byId = new Map(taskRefs.map((t) => [t.id, t]));
    const byNo = new Map(taskRefs.map((t) => [t.no, t]));
    const cellsOf = this.sql('SELECT field, value, actor AS by, revision FROM cells WHERE task_id = ? AND unit = ?');
    const at = this.sql(
      `SELECT new_value AS value, actor AS by, revision FROM changes
       WHERE task_id = ? AND unit = ? AND field = ? AND revision <= ? ORDER BY seq DESC LIMIT 1`,
    );
    const fromCopy = this.sql(
      `SELECT c.new_value AS value, c.actor AS by, c.revision
       FROM changes c JOIN submissions s ON s.id = c.submission_id
       WHERE c.task_id = ? AND c.unit = ? AND c.field = ? AND s.copy = ? ORDER BY c.seq DESC LIMIT 1`,
    );
    const applied = this.sql(
      'SELECT 1 FROM changes WHERE task_id = ? AND unit = ? AND field = ? AND actor = ? AND new_value = ? AND revision > ? LIMIT 1',
    );
    const settled = this.sql(
      `SELECT 1 FROM conflicts
       WHERE task_id = ? AND unit = ? AND field = ? AND incoming_by = ? AND incoming = ?
         AND revision >= ? AND resolved_at IS NOT NULL LIMIT 1`,
    );
    const open = this.sql(
      'SELECT id FROM conflicts WHERE task_id = ? AND unit = ? AND field = ? AND incoming = ? AND incoming_by = ? AND resolved_at IS NULL',
    );
    const versions = this.sql(
      'SELECT saved_at, received_at, sent FROM submissions WHERE copy = ? AND sent IS NOT NULL ORDER BY id',
    );
    // A task's cells are read one unit at a time: a unit's sheet touches its own and the task's, of dozens.
    const loaded = new Map<string, Map<string, CellState>>();
    const cellsFor = (taskId: string, unit: string) => {
      const id = `${taskId}|${unit}`;
      let cells = loaded.get(id);
      if (!cells) {
        const rows = parseAll(Rows.cellOfUnit, cellsOf.all(taskId, unit));
        cells = new Map(rows.map((r) => [r.field, { value: r.value, by: r.by, revision: r.revision }]));
        loaded.set(id, cells);
      }
      return cells;
    };
    let byProblem: Map<string, TaskRef | null> | undefined;
    const problems = () => {
      if (byProblem) return byProblem;
      const query = this.sql("SELECT task_id, value FROM cells WHERE unit = '' AND field = 'problem'");
      const rows = parseAll(Rows.problem, query.all());
      byProblem = new Map();
      for (const r of rows) {
        const ref = byId.get(r.task_id);
        if (!ref) continue;
        const key = textKey(r.value);
        byProblem.set(key, byProblem.has(key) ? null : ref); // null: several tasks share the text
      }
      return byProblem;
    };
    return {
      revision: this.revision,
      taskById: (id) => byId.get(id),
      taskByNo: (no) => byNo.get(no),
      taskByProblem: (text) => problems().get(textKey(text)) ?? undefined,
      current: (k) => cellsFor(k.taskId, k.unit).get(k.field),
      at: (k, revision) => parseOne(Rows.cellState, at.get(k.taskId, k.unit, k.field, revision)),
      fromCopy: (k, copy) => parseOne(Rows.cellState, fromCopy.get(k.taskId, k.unit, k.field, copy)),
      sentSince: (k, value, by, revision) =>
        applied.get(k.taskId, k.unit, k.field, by, value, revision) !== undefined ||
        settled.get(k.taskId, k.unit, k.field, by, value, revision) !== undefined,
      openConflict: (k, incoming, by) => parseOne(Rows.id, open.get(k.taskId, k.unit, k.field, incoming, by))?.id,
      copyVersions: (copy) =>
        parseAll(Rows.copyVersion, versions.all(copy)).map((r) => ({
          savedAt: r.saved_at,
          receivedAt: r.received_at,
          cells: JSON.parse(r.sent) as Record<string, string>,
        })),
    };
  }

  conflicts(options: { open?: boolean; id?: number } = {}): StoredConflict[] {
    const where = [options.open ? 'resolved_at IS NULL' : '', options.id !== undefined ? 'k.id = @id' : ''].filter(
      Boolean,
    );
    const rows = this.sql(
      `SELECT k.*, (SELECT value FROM cells WHERE task_id = k.task_id AND unit = '' AND field = 'no') AS no
         FROM conflicts k ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`,
    ).all(options.id !== undefined ? { id: options.id } : {});
    return parseAll(Rows.conflict, rows).map((r) => ({
      id: r.id,
      submissionId: r.submission_id,
      taskId: r.task_id,
      no: Number(r.no),
      unit: r.unit,
      field: r.field,
      base: r.base,
      master: r.master,
      masterBy: r.master_by,
      incoming: r.incoming,
      incomingBy: r.incoming_by,
      openedAt: r.opened_at,
      resolvedValue: r.resolved_value,
      resolvedAt: r.resolved_at,
      resolvedBy: r.resolved_by,
    }));
  }

  changes(filter: { taskId?: string; upTo?: number; since?: string } = {}): ChangeRecord[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.since !== undefined) {
      where.push('at >= ?');
      args.push(filter.since);
    }
    if (filter.taskId !== undefined) {
      where.push('task_id = ?');
      args.push(filter.taskId);
    }
    if (filter.upTo !== undefined) {
      where.push('revision <= ?');
      args.push(filter.upTo);
    }
    const rows = this.sql(
      `SELECT * FROM changes ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`,
    ).all(...args);
    return parseAll(Rows.change, rows).map((r) => ({
      seq: r.seq,
      revision: r.revision,
      submission: r.submission_id,
      actor: r.actor,
      taskId: r.task_id,
      unit: r.unit,
      field: r.field,
      old: r.old_value,
      value: r.new_value,
      at: r.at,
    }));
  }

  /** The cells as the change log rebuilds them at a revision: task id → unit → field → value. */
  cellsAt(revision: number): Map<string, string> {
    const cells = new Map<string, string>();
    for (const c of this.changes({ upTo: revision })) cells.set(`${c.taskId}|${c.unit}|${c.field}`, c.value);
    return cells;
  }

  /** The cells as stored now, in the same shape as cellsAt. */
  cellsNow(): Map<string, string> {
    const rows = parseAll(Rows.unitCell, this.sql('SELECT task_id, unit, field, value FROM cells').all());
    return new Map(rows.map((r) => [`${r.task_id}|${r.unit}|${r.field}`, r.value]));
  }

  addEvidence(e: {
    taskId: string;
    unit: string;
    round: string;
    name: string;
    size: number;
    sha256: string;
    type: string;
    by: string;
  }): number {
    const { lastInsertRowid } = this.sql(
      'INSERT INTO evidence (task_id, unit, round, name, size, sha256, type, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(e.taskId, e.unit, e.round, e.name, e.size, e.sha256, e.type, e.by, now());
    return Number(lastInsertRowid);
  }

  /** Takes a file off the lists and archives; its entry stays, with who removed it and when. */
  removeEvidence(id: number, by: string): void {
    this.sql('UPDATE evidence SET removed_by = ?, removed_at = ? WHERE id = ?').run(by, now(), id);
  }

  /** The evidence on file (removed files left out). */
  evidence(filter: { taskId?: string; id?: number } = {}): EvidenceRow[] {
    const where = [
      'removed_at IS NULL',
      filter.taskId !== undefined ? 'task_id = @taskId' : '',
      filter.id !== undefined ? 'id = @id' : '',
    ].filter(Boolean);
    const rows = this.sql(
      `SELECT * FROM evidence ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`,
    ).all(filter);
    return parseAll(Rows.evidence, rows);
  }

  units(): UnitRow[] {
    return parseAll(Rows.unit, this.sql('SELECT * FROM units ORDER BY position').all());
  }

  setUnitTokenHash(unit: string, hash: string): void {
    this.sql('UPDATE units SET token_hash = ? WHERE name = ?').run(hash, unit);
  }

  recordDownload(unit: string, revision: number): void {
    this.sql('UPDATE units SET downloaded_at = ?, downloaded_revision = ? WHERE name = ?').run(now(), revision, unit);
  }

  /** Each actor's latest submission that counted as a report (something applied or in conflict), with who filled it in. */
  /**
   * Each unit's last report that counted, with the last 填报人 and 联系电话 it gave in any
   * submission: a later one that leaves them out does not blank them.
   */
  lastReports(): Map<string, { at: string; reporter: string; phone: string }> {
    const rows = parseAll(
      Rows.submissionReporter,
      this.sql('SELECT actor, received_at AS at, reporter, phone, counted FROM submissions ORDER BY id').all(),
    );
    const out = new Map<string, { at: string; reporter: string; phone: string }>();
    const given = new Map<string, { reporter: string; phone: string }>();
    for (const r of rows) {
      const last = given.get(r.actor) ?? { reporter: '', phone: '' };
      const now = { reporter: r.reporter || last.reporter, phone: r.phone || last.phone };
      given.set(r.actor, now);
      if (r.counted) out.set(r.actor, { at: r.at, ...now });
      else if (out.has(r.actor)) out.set(r.actor, { ...out.get(r.actor)!, ...now });
    }
    return out;
  }

  /** Every submission received from `from` on (to `to`), with what the merge did: a round's reports. */
  reports(from: string, to?: string): { actor: string; at: string; applied: number; conflicts: number }[] {
    // Counted by SQLite: a submission's answer can hold thousands of cells, and only their number matters here.
    const rows = this.sql(
      `SELECT actor, received_at AS at,
              COALESCE(json_array_length(result, '$.applied'), 0) AS applied,
              COALESCE(json_array_length(result, '$.conflicts'), 0) AS conflicts
         FROM submissions
         WHERE received_at >= ? AND (? IS NULL OR received_at <= ?) ORDER BY id`,
    ).all(from, to ?? null, to ?? null);
    return parseAll(Rows.report, rows);
  }

  /** The rounds without their snapshots, which can be large: roundSnapshot reads one. */
  rounds(): RoundRow[] {
    return parseAll(
      Rows.round,
      this.sql(
        'SELECT id, period, deadline, opened_at, opened_by, closed_at, closed_by FROM rounds ORDER BY opened_at, id',
      ).all(),
    );
  }

  /** A closed round's snapshot, as JSON. */
  roundSnapshot(id: string): string | undefined {
    const row = this.sql('SELECT snapshot FROM rounds WHERE id = ?').get(id) as { snapshot: string | null } | undefined;
    return row?.snapshot ?? undefined;
  }

  addRound(r: { id: string; period: string; deadline: string; by: string; at?: string }): void {
    this.sql('INSERT INTO rounds (id, period, deadline, opened_at, opened_by) VALUES (?, ?, ?, ?, ?)').run(
      r.id,
      r.period,
      r.deadline,
      r.at ?? now(),
      r.by,
    );
  }

  closeRound(id: string, by: string, snapshot: unknown): void {
    this.sql('UPDATE rounds SET closed_at = ?, closed_by = ?, snapshot = ? WHERE id = ? AND closed_at IS NULL').run(
      now(),
      by,
      JSON.stringify(snapshot),
      id,
    );
  }

  closures(filter: { taskId?: string; id?: number } = {}): ClosureRow[] {
    const where = [
      filter.taskId !== undefined ? 'task_id = @taskId' : '',
      filter.id !== undefined ? 'id = @id' : '',
    ].filter(Boolean);
    const rows = this.sql(
      `SELECT * FROM closures ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`,
    ).all(filter);
    return parseAll(Rows.closure, rows);
  }

  addClosure(c: {
    taskId: string;
    by: string;
    note: string;
    confirmations: string[];
    state: ClosureRow['state'];
  }): number {
    const { lastInsertRowid } = this.sql(
      'INSERT INTO closures (task_id, requested_by, requested_at, note, confirmations, state) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(c.taskId, c.by, now(), c.note, JSON.stringify(c.confirmations.map((unit) => ({ unit, at: now() }))), c.state);
    return Number(lastInsertRowid);
  }

  confirmClosure(id: number, unit: string, state: ClosureRow['state']): void {
    const [row] = this.closures({ id });
    if (!row) return;
    const confirmations = [...(JSON.parse(row.confirmations) as { unit: string; at: string }[]), { unit, at: now() }];
    this.sql('UPDATE closures SET confirmations = ?, state = ? WHERE id = ?').run(
      JSON.stringify(confirmations),
      state,
      id,
    );
  }

  decideClosure(id: number, state: '已销号' | '已退回', by: string, reason: string): void {
    this.sql('UPDATE closures SET state = ?, decided_by = ?, decided_at = ?, reason = ? WHERE id = ?').run(
      state,
      by,
      now(),
      reason,
      id,
    );
  }
}
