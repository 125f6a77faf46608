/**
 * Recent events by key, for the limits that count them in a sliding window: failed sign-ins per
 * address, a unit's submissions per minute, 催报 per ledger. Kept in the county's database, so
 * that every service process on it counts the same events; in memory for a test's own limiter.
 */
import type { CountyStore } from './county-store.ts';

export interface RecentEvents {
  /** The times (ms) of this key's events at or after `since`, oldest first. */
  since(key: string, since: number): Promise<number[]>;
  add(key: string, at: number): Promise<void>;
  /** Runs a check-then-add as one step: two processes cannot both take the last place. */
  atomically<T>(work: () => Promise<T>): Promise<T>;
}

export class MemoryEvents implements RecentEvents {
  private readonly times = new Map<string, number[]>();

  async since(key: string, since: number): Promise<number[]> {
    const kept = (this.times.get(key) ?? []).filter((t) => t >= since);
    if (kept.length > 0) this.times.set(key, kept);
    else this.times.delete(key);
    return kept;
  }

  async add(key: string, at: number): Promise<void> {
    this.times.set(key, [...(this.times.get(key) ?? []), at]);
  }

  atomically<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }
}

/** Events of one kind in the county's database; those older than a day are dropped as new ones come. */
export function storedEvents(store: CountyStore, kind: string): RecentEvents {
  return {
    since: (key, since) => store.eventsSince(kind, key, since),
    add: (key, at) => store.addEvent(kind, key, at, at - 24 * 3_600_000),
    atomically: (work) => store.transaction(work),
  };
}
