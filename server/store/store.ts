/**
 * One ledger's master: data access only. Its cells, the append-only change log, the submissions,
 * conflicts, units, rounds and evidence rows; its 销号 requests in closure-store.ts. The service decides what to write and wraps
 * each use case in one transaction. The SQL runs on SQLite and PostgreSQL alike (db.ts).
 */
import type { Field } from '../../core/fields.ts';
import type { SentFile } from '../../core/copy-version.ts';
import type { CellKey, MasterView, TaskRef } from '../../core/merge.ts';
import { emptyTask, type Task } from '../../core/task.ts';
import { randomUUID } from 'node:crypto';
import { now } from '../clock.ts';
import { type Db, marks, type Param, where } from './db.ts';
import { LoadedMaster, type Wanted } from './loaded-master.ts';
import { ClosureStore } from './closure-store.ts';
import { type EvidenceRow, parseAll, parseOne, type RoundRow, Rows, type UnitRow } from './rows.ts';

export type { UnitRow };
export { now };

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

/** Rows inserted in one statement each: a few hundred rows at a time keeps under every engine's limit of parameters. */
const CHUNK = 500;
const chunks = <T>(items: T[], size = CHUNK): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

export class Store {
  /** The ledger's 销号 requests. */
  readonly closures: ClosureStore;

  constructor(readonly db: Db) {
    this.closures = new ClosureStore(db);
  }

  close(): Promise<void> {
    return this.db.close();
  }

  /** Runs `work` in one transaction: all of it is written, or none. */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async meta(key: string): Promise<string | undefined> {
    return parseOne(Rows.value, await this.db.get('SELECT value FROM meta WHERE key = ?', [key]))?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.db.run(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [key, value],
    );
  }

  async revision(): Promise<number> {
    return Number((await this.meta('revision')) ?? 0);
  }

  /**
   * Moves with anything a reader above the county shows of the ledger: a write (the revision), a
   * submission, a step of a 销号 request, a round opened or closed. One statement.
   */
  async readerMark(): Promise<string> {
    const row = await this.db.get(
      `SELECT (SELECT value FROM meta WHERE key = 'revision') AS revision,
              (SELECT COALESCE(MAX(id), 0) FROM submissions) AS submitted,
              (SELECT COUNT(*) FROM closures) AS closures,
              (SELECT COALESCE(MAX(decided_at), '') FROM closures) AS decided,
              (SELECT COALESCE(SUM(LENGTH(confirmations)), 0) FROM closures) AS confirmed,
              (SELECT COUNT(*) FROM rounds) AS rounds,
              (SELECT COALESCE(MAX(closed_at), '') FROM rounds) AS closed`,
    );
    return Object.values(row ?? {}).join('/');
  }

  /**
   * A mark that moves whenever the tasks do: one added, or a task-level cell (序号, the unit
   * columns, the plan's text) written. A unit's report moves the revision, never this.
   */
  async tasksChanged(): Promise<string> {
    return (await this.meta('tasks_changed')) ?? '';
  }

  private markTasksChanged(): Promise<void> {
    return this.setMeta('tasks_changed', `${now()}/${randomUUID()}`);
  }

  async addUnits(units: { name: string; kind: string }[]): Promise<void> {
    const start = Rows.count.parse(await this.db.get('SELECT COUNT(*) AS n FROM units')).n;
    for (const [n, part] of chunks(units).entries()) {
      const args = part.flatMap((u, i) => [u.name, u.kind, start + n * CHUNK + i]);
      await this.db.run(
        `INSERT INTO units (name, kind, position) VALUES ${part.map(() => '(?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
        args,
      );
    }
  }

  async addTasks(ids: string[]): Promise<void> {
    const start = Rows.count.parse(await this.db.get('SELECT COUNT(*) AS n FROM tasks')).n;
    for (const [n, part] of chunks(ids).entries()) {
      const args = part.flatMap((id, i) => [id, start + n * CHUNK + i]);
      await this.db.run(`INSERT INTO tasks (id, position) VALUES ${part.map(() => '(?, ?)').join(', ')}`, args);
    }
    await this.markTasksChanged();
  }

  /** Logs and sets cells as one revision: one statement for the log and one for the cells, per few hundred. */
  async writeChanges(changes: CellWrite[], revision: number, submission: number | null, actor: string): Promise<void> {
    const at = now();
    for (const part of chunks(changes, 400)) {
      await this.db.run(
        `INSERT INTO changes (revision, submission_id, actor, task_id, unit, field, old_value, new_value, at)
         VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        part.flatMap((c) => [revision, submission, actor, c.taskId, c.unit, c.field, c.old, c.value, at]),
      );
      await this.db.run(
        `INSERT INTO cells (task_id, unit, field, value, revision, actor) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT (task_id, unit, field) DO UPDATE
         SET value = excluded.value, revision = excluded.revision, actor = excluded.actor`,
        part.flatMap((c) => [c.taskId, c.unit, c.field, c.value, revision, actor]),
      );
    }
    await this.setMeta('revision', String(revision));
    if (changes.some((c) => c.unit === '')) await this.markTasksChanged();
  }

  async insertSubmission(s: {
    actor: string;
    baseRevision: number;
    revision: number;
    source: string;
    copy: string;
    counted: boolean;
    reporter?: { name: string; phone: string };
    version?: SentFile;
    result: unknown;
  }): Promise<number> {
    const row = await this.db.get(
      `INSERT INTO submissions (actor, base_revision, revision, source, received_at, result, copy, counted, reporter, phone,
                                saved_at, sent)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [
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
      ],
    );
    return Rows.id.parse(row).id;
  }

  async setSubmissionResult(id: number, result: unknown): Promise<void> {
    await this.db.run('UPDATE submissions SET result = ? WHERE id = ?', [JSON.stringify(result), id]);
  }

  /** New conflicts of one submission, in one statement; answers their ids in the same order. */
  async insertConflicts(submission: number, revision: number, conflicts: NewConflict[]): Promise<number[]> {
    const ids: number[] = [];
    const at = now();
    for (const part of chunks(conflicts, 400)) {
      const rows = await this.db.all(
        `INSERT INTO conflicts (submission_id, task_id, unit, field, base, master, master_by, incoming, incoming_by, opened_at, revision)
         VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} RETURNING id`,
        part.flatMap((c) => [
          submission,
          c.taskId,
          c.unit,
          c.field,
          c.base,
          c.master,
          c.masterBy,
          c.incoming,
          c.incomingBy,
          at,
          revision,
        ]),
      );
      // Both engines answer RETURNING in the order of the VALUES; sorted to depend on ids rising alone.
      ids.push(
        ...parseAll(Rows.id, rows)
          .map((r) => r.id)
          .sort((a, b) => a - b),
      );
    }
    return ids;
  }

  /** Closes every open conflict on a cell with the value it was settled with. */
  async settleConflicts(key: CellKey, value: string, by: string): Promise<void> {
    await this.db.run(
      `UPDATE conflicts SET resolved_value = ?, resolved_at = ?, resolved_by = ?
         WHERE task_id = ? AND unit = ? AND field = ? AND resolved_at IS NULL`,
      [value, now(), by, key.taskId, key.unit, key.field],
    );
  }

  /** The task-level fields of every task, in ledger order. */
  async tasks(): Promise<Task[]> {
    // Two plain reads joined here: a join under PostgreSQL's row-level security became a loop of
    // index lookups, 40 to 200 ms for 300 tasks against a few for these.
    const ids = parseAll(Rows.taskId, await this.db.all('SELECT id FROM tasks ORDER BY position'));
    const cells = parseAll(Rows.taskCell, await this.db.all("SELECT task_id, field, value FROM cells WHERE unit = ''"));
    const byId = new Map(ids.map((t) => [t.id, emptyTask(0, t.id)]));
    for (const c of cells) {
      const task = byId.get(c.task_id);
      if (!task) continue;
      if (c.field === 'no') task.no = Number(c.value);
      else task[c.field] = c.value;
    }
    return [...byId.values()];
  }

  /** Every unit's own follow-up values: task id → unit → field → value. */
  async followUps(): Promise<Map<string, Map<string, Partial<Record<Field, string>>>>> {
    const rows = parseAll(
      Rows.unitCell,
      await this.db.all(
        "SELECT task_id, unit, field, value FROM cells WHERE unit <> '' OR field IN ('progress', 'status', 'remarks')",
      ),
    );
    const out = new Map<string, Map<string, Partial<Record<Field, string>>>>();
    for (const r of rows) {
      const units = out.get(r.task_id) ?? out.set(r.task_id, new Map()).get(r.task_id)!;
      const values = units.get(r.unit) ?? units.set(r.unit, {}).get(r.unit)!;
      values[r.field] = r.value;
    }
    return out;
  }

  /**
   * Runs `decide` (the merge) against the master as it stands, loading what it asks for in
   * batches until it asks for nothing new, and answers what the last run decided. A cell's history
   * is loaded from the submission's base on (with the value it had then), so an upload costs the
   * same in a ledger's twelfth month as in its first.
   */
  async withMaster<T>(taskRefs: TaskRef[], decide: (view: MasterView) => T, base = 0): Promise<T> {
    const view = new LoadedMaster(taskRefs, await this.revision());
    for (let run = 1; ; run++) {
      const result = decide(view);
      const wanted = view.takeWanted();
      if (!wanted) return result;
      if (run === 10) throw new Error('The merge kept asking for more of the master.');
      await this.load(view, wanted, base);
    }
  }

  private async load(view: LoadedMaster, wanted: Wanted, base: number): Promise<void> {
    if (wanted.problems) {
      const rows = parseAll(
        Rows.problem,
        await this.db.all("SELECT task_id, value FROM cells WHERE unit = '' AND field = 'problem'"),
      );
      view.addProblems(rows.map((r) => ({ taskId: r.task_id, value: r.value })));
    }
    for (const copy of wanted.copies) {
      const rows = parseAll(
        Rows.copyVersion,
        await this.db.all(
          'SELECT saved_at, received_at, sent FROM submissions WHERE copy = ? AND sent IS NOT NULL ORDER BY id',
          [copy],
        ),
      );
      view.addVersions(
        copy,
        rows.map((r) => ({
          savedAt: r.saved_at,
          receivedAt: r.received_at,
          cells: JSON.parse(r.sent) as Record<string, string>,
        })),
      );
    }
    for (const part of chunks(wanted.pairs)) await this.loadPairs(view, part, base);
  }

  /**
   * A task's cells for a unit, with their conflicts and their history since `base` (each cell's
   * last change at or before it included): three statements for a batch of pairs.
   */
  private async loadPairs(view: LoadedMaster, pairs: { taskId: string; unit: string }[], base: number): Promise<void> {
    const tasks = [...new Set(pairs.map((p) => p.taskId))];
    const units = [...new Set(pairs.map((p) => p.unit))];
    const scope = (table = '') => `${table}task_id IN (${marks(tasks)}) AND ${table}unit IN (${marks(units)})`;
    const args: Param[] = [...tasks, ...units];
    const pair = (taskId: string, unit: string) => view.loaded(taskId, unit);
    for (const p of pairs) pair(p.taskId, p.unit);
    const cells = parseAll(
      Rows.loadedCell,
      await this.db.all(
        `SELECT task_id, unit, field, value, actor AS "by", revision FROM cells WHERE ${scope()}`,
        args,
      ),
    );
    for (const c of cells)
      pair(c.task_id, c.unit).cells.set(c.field, { value: c.value, by: c.by, revision: c.revision });
    const changes = parseAll(
      Rows.loadedChange,
      await this.db.all(
        `SELECT c.task_id, c.unit, c.field, c.new_value AS value, c.actor AS "by", c.revision, s.copy
           FROM changes c LEFT JOIN submissions s ON s.id = c.submission_id
          WHERE ${scope('c.')} AND (c.revision > ? OR c.seq IN (
                SELECT MAX(seq) FROM changes WHERE ${scope()} AND revision <= ? GROUP BY task_id, unit, field))
          ORDER BY c.seq`,
        [...args, base, ...args, base],
      ),
    );
    for (const c of changes) pair(c.task_id, c.unit).changes.push(c);
    const conflicts = parseAll(
      Rows.loadedConflict,
      await this.db.all(
        `SELECT id, task_id, unit, field, incoming, incoming_by, revision, resolved_at FROM conflicts WHERE ${scope()} ORDER BY id`,
        args,
      ),
    );
    for (const c of conflicts)
      pair(c.task_id, c.unit).conflicts.push({
        id: c.id,
        field: c.field,
        incoming: c.incoming,
        incomingBy: c.incoming_by,
        revision: c.revision,
        resolved: c.resolved_at !== null,
      });
  }

  async conflicts(options: { open?: boolean; id?: number } = {}): Promise<StoredConflict[]> {
    const rows = await this.db.all(
      `SELECT k.*, (SELECT value FROM cells WHERE task_id = k.task_id AND unit = '' AND field = 'no') AS no
         FROM conflicts k ${where([options.open === true && 'resolved_at IS NULL', options.id !== undefined && 'k.id = ?'])}
         ORDER BY id`,
      options.id !== undefined ? [options.id] : [],
    );
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

  async changes(
    filter: { taskId?: string; upTo?: number; after?: number; since?: string } = {},
  ): Promise<ChangeRecord[]> {
    const args: Param[] = [];
    const condition = (sql: string, value: Param | undefined) => {
      if (value === undefined) return false;
      args.push(value);
      return sql;
    };
    const conditions = [
      condition('at >= ?', filter.since),
      condition('task_id = ?', filter.taskId),
      condition('revision <= ?', filter.upTo),
      condition('revision > ?', filter.after),
    ];
    const rows = await this.db.all(`SELECT * FROM changes ${where(conditions)} ORDER BY seq`, args);
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
  async cellsAt(revision: number): Promise<Map<string, string>> {
    const cells = new Map<string, string>();
    for (const c of await this.changes({ upTo: revision })) cells.set(`${c.taskId}|${c.unit}|${c.field}`, c.value);
    return cells;
  }

  /** The cells as stored now, in the same shape as cellsAt. */
  async cellsNow(): Promise<Map<string, string>> {
    const rows = parseAll(Rows.unitCell, await this.db.all('SELECT task_id, unit, field, value FROM cells'));
    return new Map(rows.map((r) => [`${r.task_id}|${r.unit}|${r.field}`, r.value]));
  }

  async addEvidence(e: {
    taskId: string;
    unit: string;
    round: string;
    name: string;
    size: number;
    sha256: string;
    type: string;
    by: string;
  }): Promise<number> {
    const row = await this.db.get(
      `INSERT INTO evidence (task_id, unit, round, name, size, sha256, type, uploaded_by, uploaded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [e.taskId, e.unit, e.round, e.name, e.size, e.sha256, e.type, e.by, now()],
    );
    return Rows.id.parse(row).id;
  }

  /** Takes a file off the lists and archives; its entry stays, with who removed it and when. */
  async removeEvidence(id: number, by: string): Promise<void> {
    await this.db.run('UPDATE evidence SET removed_by = ?, removed_at = ? WHERE id = ?', [by, now(), id]);
  }

  /** The evidence on file (removed files left out). */
  async evidence(filter: { taskId?: string; id?: number } = {}): Promise<EvidenceRow[]> {
    const args = [filter.taskId, filter.id].filter((v) => v !== undefined);
    const rows = await this.db.all(
      `SELECT * FROM evidence ${where(['removed_at IS NULL', filter.taskId !== undefined && 'task_id = ?', filter.id !== undefined && 'id = ?'])}
       ORDER BY id`,
      args,
    );
    return parseAll(Rows.evidence, rows);
  }

  /**
   * A unit's files on a task in a round that still take space: on file, or removed and not yet
   * purged (removing a file does not free a unit's quota until its bytes are gone).
   */
  async evidenceKept(taskId: string, unit: string, round: string): Promise<EvidenceRow[]> {
    const rows = await this.db.all(
      'SELECT * FROM evidence WHERE task_id = ? AND unit = ? AND round = ? AND purged_at IS NULL ORDER BY id',
      [taskId, unit, round],
    );
    return parseAll(Rows.evidence, rows);
  }

  /** Files removed before `cutoff` whose bytes are still kept. */
  async removedBefore(cutoff: string): Promise<EvidenceRow[]> {
    const rows = await this.db.all(
      'SELECT * FROM evidence WHERE removed_at IS NOT NULL AND removed_at < ? AND purged_at IS NULL ORDER BY id',
      [cutoff],
    );
    return parseAll(Rows.evidence, rows);
  }

  /** Marks a removed file's bytes as gone (the row stays, as the record of what was attached). */
  async purgeEvidence(id: number): Promise<void> {
    await this.db.run('UPDATE evidence SET purged_at = ? WHERE id = ?', [now(), id]);
  }

  /** Whether a row not purged names this content. */
  async keepsEvidence(sha256: string): Promise<boolean> {
    const row = await this.db.get('SELECT 1 AS kept FROM evidence WHERE sha256 = ? AND purged_at IS NULL', [sha256]);
    return row !== undefined;
  }

  async units(): Promise<UnitRow[]> {
    return parseAll(Rows.unit, await this.db.all('SELECT * FROM units ORDER BY position'));
  }

  async recordDownload(unit: string, revision: number): Promise<void> {
    await this.db.run('UPDATE units SET downloaded_at = ?, downloaded_revision = ? WHERE name = ?', [
      now(),
      revision,
      unit,
    ]);
  }

  /**
   * Each unit's last report that counted, with the last 填报人 and 联系电话 it gave in any
   * submission: a later one that leaves them out does not blank them.
   */
  async lastReports(): Promise<Map<string, { at: string; reporter: string; phone: string }>> {
    const rows = parseAll(
      Rows.submissionReporter,
      await this.db.all('SELECT actor, received_at AS at, reporter, phone, counted FROM submissions ORDER BY id'),
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

  /** How many submissions an actor has made since an instant, counted on its index: the write limit's count. */
  async submissionCount(actor: string, since: string): Promise<number> {
    const sql = 'SELECT COUNT(*) AS n FROM submissions WHERE actor = ? AND received_at >= ?';
    return Rows.count.parse(await this.db.get(sql, [actor, since])).n;
  }

  /** Every submission received from `from` on (to `to`), with what the merge did: a round's reports. */
  async reports(
    from: string,
    to?: string,
  ): Promise<{ actor: string; at: string; applied: number; conflicts: number }[]> {
    // Counted by the database: a submission's answer can hold thousands of cells, and only their number matters here.
    const rows = await this.db.all(
      `SELECT actor, received_at AS at,
              COALESCE(json_array_length(result -> 'applied'), 0) AS applied,
              COALESCE(json_array_length(result -> 'conflicts'), 0) AS conflicts
         FROM submissions
         WHERE received_at >= ? ${to === undefined ? '' : 'AND received_at <= ?'} ORDER BY id`,
      to === undefined ? [from] : [from, to],
    );
    return parseAll(Rows.report, rows);
  }

  /** The rounds without their snapshots, which can be large: roundSnapshot reads one. */
  async rounds(): Promise<RoundRow[]> {
    return parseAll(
      Rows.round,
      await this.db.all(
        'SELECT id, period, deadline, opened_at, opened_by, closed_at, closed_by FROM rounds ORDER BY opened_at, id',
      ),
    );
  }

  /** A closed round's snapshot, as JSON. */
  async roundSnapshot(id: string): Promise<string | undefined> {
    const row = await this.db.get('SELECT snapshot FROM rounds WHERE id = ?', [id]);
    return typeof row?.snapshot === 'string' ? row.snapshot : undefined;
  }

  async addRound(r: { id: string; period: string; deadline: string; by: string; at?: string }): Promise<void> {
    await this.db.run('INSERT INTO rounds (id, period, deadline, opened_at, opened_by) VALUES (?, ?, ?, ?, ?)', [
      r.id,
      r.period,
      r.deadline,
      r.at ?? now(),
      r.by,
    ]);
  }

  async closeRound(id: string, by: string, snapshot: unknown): Promise<void> {
    await this.db.run(
      'UPDATE rounds SET closed_at = ?, closed_by = ?, snapshot = ? WHERE id = ? AND closed_at IS NULL',
      [now(), by, JSON.stringify(snapshot), id],
    );
  }
}
