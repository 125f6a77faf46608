/**
 * What the stores ask of a database: statements with `?` parameters, rows back, and
 * transactions. SQLite (better-sqlite3, the embedded default) and PostgreSQL (node-postgres)
 * implement it; the stores' SQL is written once and runs on both (PostgreSQL 12 and later).
 */
export type Param = string | number | null;
export type Row = Record<string, unknown>;

export interface Db {
  readonly kind: 'sqlite' | 'postgresql';
  all(sql: string, params?: Param[]): Promise<Row[]>;
  get(sql: string, params?: Param[]): Promise<Row | undefined>;
  /** A statement for its effect; answers how many rows it changed. */
  run(sql: string, params?: Param[]): Promise<number>;
  /**
   * Runs `work` in one transaction: all of it is written, or none. Writers of one database (or,
   * on PostgreSQL, of one ledger) take turns; a transaction inside another is part of it.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Statements up to this length are prepared once and kept; longer ones (batches of many rows,
 * a different length each time) are prepared anew, or they would pile up.
 */
export const KEPT_LENGTH = 2000;

/** `?, ?, ?` for a list of values. */
export const marks = (values: readonly unknown[]) => values.map(() => '?').join(', ');

/** `WHERE a AND b` from the conditions that apply, or nothing. */
export const where = (conditions: (string | boolean)[]) => {
  const kept = conditions.filter((c): c is string => typeof c === 'string' && c !== '');
  return kept.length ? `WHERE ${kept.join(' AND ')}` : '';
};
