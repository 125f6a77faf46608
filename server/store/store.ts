/**
 * The master ledger in SQLite (better-sqlite3): its cells, the append-only change log, the
 * submissions, conflicts, units and tokens. Every submission is one transaction.
 */
import Database from 'better-sqlite3';
import { FIELDS, type Field } from '../../core/fields.ts';
import { mergeSubmission, missingTasks, actorName, OFFICE, type Actor, type CellKey, type CellState, type MasterView, type MergeResult, type Submission, type TaskRef } from '../../core/merge.ts';
import { emptyTask, fieldText, type Task } from '../../core/task.ts';
import { SCHEMA } from './schema.ts';

export const IMPORTER = '导入';

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
}

export interface SubmissionOutcome {
  submission: number;
  revision: number;
  result: MergeResult;
  /** Conflict ids, in the order of result.conflicts. */
  conflictIds: number[];
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

interface UnitRow {
  name: string;
  kind: string;
  position: number;
  token_hash: string | null;
  downloaded_at: string | null;
  downloaded_revision: number | null;
}

const now = () => new Date().toISOString();

export class Store {
  readonly db: Database.Database;
  /** Test-only fault injection: hold every submission's transaction open this long before it commits. */
  slowCommitMs = 0;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
  }

  close(): void {
    this.db.close();
  }

  meta(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  get revision(): number {
    return Number(this.meta('revision') ?? 0);
  }

  get isSeeded(): boolean {
    return this.meta('ledger_id') !== undefined;
  }

  /** The first import: units, tasks and their cells as revision 1. */
  seed(input: { ledgerId: string; title: string; tasks: Task[]; units: { name: string; kind: string }[] }): void {
    this.db.transaction(() => {
      this.setMeta('ledger_id', input.ledgerId);
      this.setMeta('title', input.title);
      this.setMeta('revision', '1');
      this.setMeta('round_started_at', now());
      const unit = this.db.prepare('INSERT OR IGNORE INTO units (name, kind, position) VALUES (?, ?, ?)');
      input.units.forEach((u, i) => unit.run(u.name, u.kind, i));
      const task = this.db.prepare('INSERT INTO tasks (id, position) VALUES (?, ?)');
      const cells = input.tasks.flatMap((t) => FIELDS.map((field) => ({ taskId: t.id, unit: '', field, value: fieldText(t, field) })));
      input.tasks.forEach((t, i) => task.run(t.id, i));
      this.writeChanges(cells.filter((c) => c.value !== ''), 1, null, IMPORTER);
    })();
  }

  private writeChanges(changes: { taskId: string; unit: string; field: Field; value: string; old?: string }[], revision: number, submission: number | null, actor: string): void {
    const at = now();
    const log = this.db.prepare('INSERT INTO changes (revision, submission_id, actor, task_id, unit, field, old_value, new_value, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const cell = this.db.prepare(
      'INSERT INTO cells (task_id, unit, field, value, revision, actor) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(task_id, unit, field) DO UPDATE SET value = excluded.value, revision = excluded.revision, actor = excluded.actor',
    );
    for (const c of changes) {
      log.run(revision, submission, actor, c.taskId, c.unit, c.field, c.old ?? '', c.value, at);
      cell.run(c.taskId, c.unit, c.field, c.value, revision, actor);
    }
  }

  /** The task-level fields of every task, in ledger order. */
  tasks(): Task[] {
    const rows = this.db
      .prepare("SELECT t.id, c.field, c.value FROM tasks t LEFT JOIN cells c ON c.task_id = t.id AND c.unit = '' ORDER BY t.position")
      .all() as { id: string; field: Field | null; value: string | null }[];
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
    const rows = this.db.prepare("SELECT task_id, unit, field, value FROM cells WHERE unit <> '' OR field IN ('progress', 'status', 'remarks')").all() as {
      task_id: string;
      unit: string;
      field: Field;
      value: string;
    }[];
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
    const cellsOf = this.db.prepare('SELECT unit, field, value, actor AS by, revision FROM cells WHERE task_id = ?');
    const at = this.db.prepare('SELECT new_value AS value, actor AS by, revision FROM changes WHERE task_id = ? AND unit = ? AND field = ? AND revision <= ? ORDER BY seq DESC LIMIT 1');
    const open = this.db.prepare('SELECT id FROM conflicts WHERE task_id = ? AND unit = ? AND field = ? AND incoming = ? AND incoming_by = ? AND resolved_at IS NULL');
    const loaded = new Map<string, Map<string, CellState>>();
    const task = (taskId: string) => {
      let cells = loaded.get(taskId);
      if (!cells) {
        const rows = cellsOf.all(taskId) as (CellState & { unit: string; field: string })[];
        cells = new Map(rows.map((r) => [`${r.unit}|${r.field}`, { value: r.value, by: r.by, revision: r.revision }]));
        loaded.set(taskId, cells);
      }
      return cells;
    };
    return {
      revision: this.revision,
      taskById: (id) => byId.get(id),
      taskByNo: (no) => byNo.get(no),
      current: (k: CellKey) => task(k.taskId).get(`${k.unit}|${k.field}`),
      at: (k: CellKey, revision: number) => at.get(k.taskId, k.unit, k.field, revision) as CellState | undefined,
      openConflict: (k: CellKey, incoming: string, by: string) => (open.get(k.taskId, k.unit, k.field, incoming, by) as { id: number } | undefined)?.id,
    };
  }

  /**
   * Merges a submission and records it, all in one transaction: the change log, the cells, the
   * new revision, the conflicts and the submission itself, or nothing.
   */
  submit(submission: Submission, taskRefs: TaskRef[], source: string): SubmissionOutcome {
    return this.db.transaction((): SubmissionOutcome => {
      const view = this.masterView(taskRefs);
      const result = mergeSubmission(submission, view);
      if (submission.actor.kind === 'unit') {
        const unit = submission.actor.unit;
        result.rejected.push(...missingTasks(submission, taskRefs.filter((t) => t.leadUnits.includes(unit) || t.units.includes(unit)), view));
      }
      const actor = actorName(submission.actor);
      const revision = result.applied.length > 0 ? view.revision + 1 : view.revision;
      const { lastInsertRowid } = this.db
        .prepare('INSERT INTO submissions (actor, base_revision, revision, source, received_at, result) VALUES (?, ?, ?, ?, ?, ?)')
        .run(actor, submission.baseRevision, revision, source, now(), '{}');
      const id = Number(lastInsertRowid);
      if (result.applied.length > 0) {
        this.writeChanges(result.applied.map((a) => ({ ...a, old: a.old })), revision, id, actor);
        this.setMeta('revision', String(revision));
      }
      const insertConflict = this.db.prepare(
        'INSERT INTO conflicts (submission_id, task_id, unit, field, base, master, master_by, incoming, incoming_by, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const conflictIds = result.conflicts.map(
        (c) => c.existingId ?? Number(insertConflict.run(id, c.taskId, c.unit, c.field, c.base, c.master, c.masterBy, c.incoming, c.incomingBy, now()).lastInsertRowid),
      );
      this.db.prepare('UPDATE submissions SET result = ? WHERE id = ?').run(JSON.stringify({ ...result, conflictIds }), id);
      if (this.slowCommitMs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, this.slowCommitMs);
      return { submission: id, revision, result, conflictIds };
    })();
  }

  conflicts(options: { open?: boolean } = {}): StoredConflict[] {
    const rows = this.db
      .prepare(
        `SELECT k.*, (SELECT value FROM cells WHERE task_id = k.task_id AND unit = '' AND field = 'no') AS no
         FROM conflicts k ${options.open ? 'WHERE resolved_at IS NULL' : ''} ORDER BY id`,
      )
      .all() as Record<string, string | number | null>[];
    return rows.map((r) => ({
      id: Number(r.id),
      submissionId: Number(r.submission_id),
      taskId: String(r.task_id),
      no: Number(r.no),
      unit: String(r.unit),
      field: r.field as Field,
      base: String(r.base),
      master: String(r.master),
      masterBy: String(r.master_by),
      incoming: String(r.incoming),
      incomingBy: String(r.incoming_by),
      openedAt: String(r.opened_at),
      resolvedValue: r.resolved_value === null ? null : String(r.resolved_value),
      resolvedAt: r.resolved_at === null ? null : String(r.resolved_at),
    }));
  }

  /** The office settles a conflict: the value becomes the master's, and every open conflict on that cell closes. */
  resolveConflict(id: number, value: string): { revision: number; conflict: StoredConflict } | undefined {
    return this.db.transaction(() => {
      const conflict = this.conflicts().find((c) => c.id === id);
      if (!conflict || conflict.resolvedAt) return conflict && { revision: this.revision, conflict };
      const current = this.db.prepare('SELECT value FROM cells WHERE task_id = ? AND unit = ? AND field = ?').get(conflict.taskId, conflict.unit, conflict.field) as { value: string } | undefined;
      let revision = this.revision;
      if ((current?.value ?? '') !== value) {
        revision += 1;
        this.writeChanges([{ taskId: conflict.taskId, unit: conflict.unit, field: conflict.field, value, old: current?.value ?? '' }], revision, null, OFFICE);
        this.setMeta('revision', String(revision));
      }
      this.db
        .prepare('UPDATE conflicts SET resolved_value = ?, resolved_at = ? WHERE task_id = ? AND unit = ? AND field = ? AND resolved_at IS NULL')
        .run(value, now(), conflict.taskId, conflict.unit, conflict.field);
      return { revision, conflict: { ...conflict, resolvedValue: value } };
    })();
  }

  changes(filter: { taskId?: string; upTo?: number } = {}): ChangeRecord[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.taskId !== undefined) {
      where.push('task_id = ?');
      args.push(filter.taskId);
    }
    if (filter.upTo !== undefined) {
      where.push('revision <= ?');
      args.push(filter.upTo);
    }
    const rows = this.db
      .prepare(`SELECT * FROM changes ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`)
      .all(...args) as Record<string, string | number | null>[];
    return rows.map((r) => ({
      seq: Number(r.seq),
      revision: Number(r.revision),
      submission: r.submission_id === null ? null : Number(r.submission_id),
      actor: String(r.actor),
      taskId: String(r.task_id),
      unit: String(r.unit),
      field: r.field as Field,
      old: String(r.old_value),
      value: String(r.new_value),
      at: String(r.at),
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
    const rows = this.db.prepare('SELECT task_id, unit, field, value FROM cells').all() as { task_id: string; unit: string; field: string; value: string }[];
    return new Map(rows.map((r) => [`${r.task_id}|${r.unit}|${r.field}`, r.value]));
  }

  units(): UnitRow[] {
    return this.db.prepare('SELECT * FROM units ORDER BY position').all() as UnitRow[];
  }

  setUnitTokenHash(unit: string, hash: string): void {
    this.db.prepare('UPDATE units SET token_hash = ? WHERE name = ?').run(hash, unit);
  }

  recordDownload(unit: string, revision: number): void {
    this.db.prepare('UPDATE units SET downloaded_at = ?, downloaded_revision = ? WHERE name = ?').run(now(), revision, unit);
  }

  /** Each actor's latest submission time. */
  lastSubmissions(): Map<string, string> {
    const rows = this.db.prepare('SELECT actor, MAX(received_at) AS at FROM submissions GROUP BY actor').all() as { actor: string; at: string }[];
    return new Map(rows.map((r) => [r.actor, r.at]));
  }
}
