/**
 * The per-cell decision of a merge, three-way: what the submitter started from (its base),
 * what the master holds now, and what comes in. Small on purpose: property-tested.
 */

export interface CellSides {
  /** The cell as the submitter last had it: at its base revision, or as its copy last wrote it. */
  base: string;
  current: string;
  incoming: string;
  /** The submitter already sent this very value after its base, and it was settled or replaced since. */
  alreadySent: boolean;
}

/**
 * - `unchanged`: nothing to do (the submitter did not change the cell, or it already holds the value);
 * - `apply`: the submitter changed it and nobody else did;
 * - `conflict`: both changed it, differently: the office settles, the master keeps its value;
 * - `superseded`: a stale resend of a value already received; never a revert.
 */
export type CellDecision = 'unchanged' | 'apply' | 'conflict' | 'superseded';

export function decideCell({ base, current, incoming, alreadySent }: CellSides): CellDecision {
  if (incoming === current || incoming === base) return 'unchanged';
  if (alreadySent) return 'superseded';
  return current === base ? 'apply' : 'conflict';
}
