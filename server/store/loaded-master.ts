/**
 * The master as the merge sees it (core's MasterView), answered from rows loaded in batches. The
 * merge asks cell by cell and cannot wait for a database; so it is run against what is loaded,
 * what it asked for and lacked is noted, loaded in one statement per table, and the merge run
 * again, until it asks for nothing new (two runs for most submissions). A task's cells for one unit
 * come with their history and conflicts: one unit's sheet touches its own and the task's, of dozens.
 */
import { textKey } from '../../core/identity.ts';
import type { CopyVersion } from '../../core/copy-version.ts';
import type { CellKey, CellState, MasterView, TaskRef } from '../../core/merge.ts';

/** A cell's change, with the copy of the submission that made it. */
export interface LoadedChange {
  field: string;
  value: string;
  by: string;
  revision: number;
  copy: string | null;
}

export interface LoadedConflict {
  id: number;
  field: string;
  incoming: string;
  incomingBy: string;
  revision: number;
  resolved: boolean;
}

/** What one (task, unit) pair holds: its cells, their history, the conflicts on them. */
export interface LoadedPair {
  cells: Map<string, CellState>;
  changes: LoadedChange[];
  conflicts: LoadedConflict[];
}

export interface Wanted {
  pairs: { taskId: string; unit: string }[];
  copies: string[];
  problems: boolean;
}

const pairId = (taskId: string, unit: string) => `${taskId}\u0000${unit}`;

export class LoadedMaster implements MasterView {
  private readonly byId: Map<string, TaskRef>;
  private readonly byNo: Map<number, TaskRef>;
  private readonly pairs = new Map<string, LoadedPair>();
  private readonly versions = new Map<string, CopyVersion[]>();
  private problems?: Map<string, TaskRef | null>;
  private wanted = {
    pairs: new Map<string, { taskId: string; unit: string }>(),
    copies: new Set<string>(),
    problems: false,
  };

  constructor(
    refs: TaskRef[],
    readonly revision: number,
  ) {
    this.byId = new Map(refs.map((t) => [t.id, t]));
    this.byNo = new Map(refs.map((t) => [t.no, t]));
  }

  /** What the last run asked for and lacked, cleared; undefined when it lacked nothing. */
  takeWanted(): Wanted | undefined {
    const { pairs, copies, problems } = this.wanted;
    this.wanted = { pairs: new Map(), copies: new Set(), problems: false };
    if (pairs.size === 0 && copies.size === 0 && !problems) return undefined;
    return { pairs: [...pairs.values()], copies: [...copies], problems };
  }

  /** A pair's rows, empty until the load adds them; once asked for here, the pair counts as loaded. */
  loaded(taskId: string, unit: string): LoadedPair {
    const id = pairId(taskId, unit);
    const known = this.pairs.get(id);
    if (known) return known;
    const pair: LoadedPair = { cells: new Map(), changes: [], conflicts: [] };
    this.pairs.set(id, pair);
    return pair;
  }

  addVersions(copy: string, versions: CopyVersion[]): void {
    this.versions.set(copy, versions);
  }

  /** Each task's 反馈问题, for finding a row's task by its text. */
  addProblems(rows: { taskId: string; value: string }[]): void {
    this.problems = new Map();
    for (const r of rows) {
      const ref = this.byId.get(r.taskId);
      if (!ref) continue;
      const key = textKey(r.value);
      this.problems.set(key, this.problems.has(key) ? null : ref); // null: several tasks share the text
    }
  }

  private pair(k: CellKey): LoadedPair | undefined {
    const pair = this.pairs.get(pairId(k.taskId, k.unit));
    if (!pair) this.wanted.pairs.set(pairId(k.taskId, k.unit), { taskId: k.taskId, unit: k.unit });
    return pair;
  }

  taskById(id: string) {
    return this.byId.get(id);
  }

  taskByNo(no: number) {
    return this.byNo.get(no);
  }

  taskByProblem(text: string) {
    if (!this.problems) {
      this.wanted.problems = true;
      return undefined;
    }
    return this.problems.get(textKey(text)) ?? undefined;
  }

  current(k: CellKey) {
    return this.pair(k)?.cells.get(k.field);
  }

  private last(k: CellKey, matches: (c: LoadedChange) => boolean): CellState | undefined {
    const changes = this.pair(k)?.changes ?? [];
    for (let i = changes.length - 1; i >= 0; i--) {
      const c = changes[i]!;
      if (c.field === k.field && matches(c)) return { value: c.value, by: c.by, revision: c.revision };
    }
    return undefined;
  }

  at(k: CellKey, revision: number) {
    return this.last(k, (c) => c.revision <= revision);
  }

  fromCopy(k: CellKey, copy: string) {
    return this.last(k, (c) => c.copy === copy);
  }

  sentSince(k: CellKey, value: string, by: string, revision: number) {
    const pair = this.pair(k);
    if (!pair) return false;
    return (
      pair.changes.some((c) => c.field === k.field && c.by === by && c.value === value && c.revision > revision) ||
      pair.conflicts.some(
        (c) =>
          c.field === k.field && c.incomingBy === by && c.incoming === value && c.revision >= revision && c.resolved,
      )
    );
  }

  openConflict(k: CellKey, incoming: string, by: string) {
    return this.pair(k)?.conflicts.find(
      (c) => c.field === k.field && c.incoming === incoming && c.incomingBy === by && !c.resolved,
    )?.id;
  }

  copyVersions(copy: string) {
    const versions = this.versions.get(copy);
    if (!versions) this.wanted.copies.add(copy);
    return versions ?? [];
  }
}
