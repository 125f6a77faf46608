import type { CopyVersion } from './copy-version.ts';
import { textKey } from './identity.ts';
import {
  actorName,
  mergeSubmission,
  type CellKey,
  type CellState,
  type MasterView,
  type MergeResult,
  type Submission,
  type TaskRef,
} from './merge.ts';

export interface Change extends CellKey {
  revision: number;
  by: string;
  copy: string;
  old: string;
  value: string;
}

export interface MemoryConflict extends CellKey {
  id: number;
  incoming: string;
  incomingBy: string;
  /** The master's revision when it was opened. */
  revision: number;
  settled: boolean;
}

const keyOf = (k: CellKey) => `${k.taskId}\u0000${k.unit}\u0000${k.field}`;

export class MemoryMaster implements MasterView {
  revision = 0;
  private readonly tasks = new Map<string, TaskRef>();
  private readonly byNo = new Map<number, TaskRef>();
  private readonly cells = new Map<string, (CellState & { copy: string })[]>();
  readonly log: Change[] = [];
  readonly conflicts: MemoryConflict[] = [];
  private readonly byCell = new Map<string, MemoryConflict[]>();
  private readonly versions = new Map<string, CopyVersion[]>();
  /** The time a version is received: a counter, as only its order matters here. */
  private received = 0;
  private problems?: { revision: number; byText: Map<string, TaskRef | null> };

  addTask(task: TaskRef): void {
    this.tasks.set(task.id, task);
    this.byNo.set(task.no, task);
  }

  taskById(id: string) {
    return this.tasks.get(id);
  }

  taskByNo(no: number) {
    return this.byNo.get(no);
  }

  taskByProblem(text: string) {
    if (this.problems?.revision !== this.revision) {
      const byText = new Map<string, TaskRef | null>();
      for (const t of this.tasks.values()) {
        const key = textKey(this.current({ taskId: t.id, unit: '', field: 'problem' })?.value ?? '');
        byText.set(key, byText.has(key) ? null : t); // null: several tasks share the text
      }
      this.problems = { revision: this.revision, byText };
    }
    return this.problems.byText.get(textKey(text)) ?? undefined;
  }

  current(key: CellKey): CellState | undefined {
    return this.cells.get(keyOf(key))?.at(-1);
  }

  at(key: CellKey, revision: number): CellState | undefined {
    const history = this.cells.get(keyOf(key)) ?? [];
    return history.findLast((state) => state.revision <= revision);
  }

  fromCopy(key: CellKey, copy: string): CellState | undefined {
    return this.cells.get(keyOf(key))?.findLast((state) => state.copy === copy);
  }

  sentSince(key: CellKey, value: string, by: string, revision: number): boolean {
    const applied = this.cells.get(keyOf(key))?.some((c) => c.by === by && c.value === value && c.revision > revision);
    return (
      applied ||
      this.conflictsOn(key).some(
        (c) => c.settled && c.incomingBy === by && c.incoming === value && c.revision >= revision,
      )
    );
  }

  openConflict(key: CellKey, incoming: string, by: string): number | undefined {
    return this.conflictsOn(key).find((c) => !c.settled && c.incoming === incoming && c.incomingBy === by)?.id;
  }

  copyVersions(copy: string): CopyVersion[] {
    return this.versions.get(copy) ?? [];
  }

  private conflictsOn(key: CellKey): MemoryConflict[] {
    return this.byCell.get(keyOf(key)) ?? [];
  }

  /** Sets cells as one new revision, logging each change. */
  set(changes: (CellKey & { value: string })[], by: string, copy = ''): number {
    if (changes.length === 0) return this.revision;
    this.revision++;
    for (const c of changes) {
      const id = keyOf(c);
      const history = this.cells.get(id) ?? this.cells.set(id, []).get(id)!;
      const old = history.at(-1)?.value ?? '';
      history.push({ value: c.value, by, revision: this.revision, copy });
      this.log.push({
        taskId: c.taskId,
        unit: c.unit,
        field: c.field,
        revision: this.revision,
        by,
        copy,
        old,
        value: c.value,
      });
    }
    return this.revision;
  }

  /** Merges and records a submission, as the service does in one transaction. */
  submit(submission: Submission): MergeResult {
    const result = mergeSubmission(submission, this);
    const by = actorName(submission.actor);
    this.set(result.applied, by, submission.copy);
    if (result.version && submission.copy) {
      const receivedAt = new Date(Date.UTC(2019, 0, 1) + ++this.received * 1000).toISOString();
      this.versions.set(submission.copy, [...this.copyVersions(submission.copy), { ...result.version, receivedAt }]);
    }
    for (const c of result.conflicts) {
      if (c.existingId !== undefined) continue;
      const conflict = {
        taskId: c.taskId,
        unit: c.unit,
        field: c.field,
        id: this.conflicts.length + 1,
        incoming: c.incoming,
        incomingBy: by,
        revision: this.revision,
        settled: false,
      };
      this.conflicts.push(conflict);
      const list = this.byCell.get(keyOf(c)) ?? this.byCell.set(keyOf(c), []).get(keyOf(c))!;
      list.push(conflict);
    }
    return result;
  }

  /** The office settles a conflict with a value: every open conflict on the cell closes. */
  settle(id: number, value: string): void {
    const conflict = this.conflicts.find((c) => c.id === id);
    if (!conflict || conflict.settled) return;
    if ((this.current(conflict)?.value ?? '') !== value)
      this.set([{ ...conflict, value }], actorName({ kind: 'office' }));
    for (const c of this.conflictsOn(conflict)) c.settled = true;
  }
}
