/**
 * The master ledger held in memory, as a change log and its current cells: what the service's
 * database holds, for replaying the log (rebuilding the master at any revision), for tests and
 * for benchmarks.
 */
import type { Field } from './fields.ts';
import type { CellKey, CellState, MasterView, MergeResult, TaskRef } from './merge.ts';

export interface Change extends CellKey {
  revision: number;
  by: string;
  old: string;
  value: string;
}

const keyOf = (k: CellKey) => `${k.taskId}\u0000${k.unit}\u0000${k.field}`;

export class MemoryMaster implements MasterView {
  revision = 0;
  private readonly tasks = new Map<string, TaskRef>();
  private readonly byNo = new Map<number, TaskRef>();
  private readonly cells = new Map<string, CellState[]>();
  readonly log: Change[] = [];

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

  current(key: CellKey): CellState | undefined {
    return this.cells.get(keyOf(key))?.at(-1);
  }

  at(key: CellKey, revision: number): CellState | undefined {
    const history = this.cells.get(keyOf(key));
    if (!history) return undefined;
    for (let i = history.length - 1; i >= 0; i--) if (history[i].revision <= revision) return history[i];
    return undefined;
  }

  openConflict(): number | undefined {
    return undefined;
  }

  /** Sets cells as one new revision, logging each change. */
  set(changes: { taskId: string; unit: string; field: Field; value: string }[], by: string): number {
    if (changes.length === 0) return this.revision;
    this.revision++;
    for (const c of changes) {
      const id = keyOf(c);
      const history = this.cells.get(id) ?? this.cells.set(id, []).get(id)!;
      const old = history.at(-1)?.value ?? '';
      history.push({ value: c.value, by, revision: this.revision });
      this.log.push({ ...c, revision: this.revision, by, old, value: c.value });
    }
    return this.revision;
  }

  apply(result: MergeResult, by: string): number {
    return this.set(result.applied, by);
  }
}
