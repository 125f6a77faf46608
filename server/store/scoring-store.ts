/**
 * 通报 scoring's records in the county: the office's points added or deducted, and each closed
 * round's scores as frozen at its close. Data access only; cases/scoring.ts decides.
 */
import { z } from 'zod';
import type { Db } from './db.ts';
import { parseAll, parseOne } from './rows.ts';

const AdjustmentRow = z.object({
  id: z.number(),
  ledger_id: z.string(),
  round_id: z.string(),
  unit: z.string(),
  points: z.number(),
  reason: z.string(),
  by_name: z.string(),
  at: z.string(),
});
export type AdjustmentEntry = z.infer<typeof AdjustmentRow>;

const FrozenRow = z.object({ scores: z.string() });

export class ScoringStore {
  constructor(private readonly db: Db) {}

  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async adjustments(ledgerId: string, roundId: string): Promise<AdjustmentEntry[]> {
    return parseAll(
      AdjustmentRow,
      await this.db.all('SELECT * FROM score_adjustments WHERE ledger_id = ? AND round_id = ? ORDER BY id', [
        ledgerId,
        roundId,
      ]),
    );
  }

  async addAdjustment(entry: Omit<AdjustmentEntry, 'id'>): Promise<void> {
    await this.db.run(
      `INSERT INTO score_adjustments (ledger_id, round_id, unit, points, reason, by_name, at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [entry.ledger_id, entry.round_id, entry.unit, entry.points, entry.reason, entry.by_name, entry.at],
    );
  }

  /** A closed round's scores as JSON, when they were frozen at its close. */
  async frozen(ledgerId: string, roundId: string): Promise<string | undefined> {
    const row = parseOne(
      FrozenRow,
      await this.db.get('SELECT scores FROM round_scores WHERE ledger_id = ? AND round_id = ?', [ledgerId, roundId]),
    );
    return row?.scores;
  }

  async freeze(ledgerId: string, roundId: string, scores: string, at: string): Promise<void> {
    await this.db.run(
      'INSERT INTO round_scores (ledger_id, round_id, scores, frozen_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [ledgerId, roundId, scores, at],
    );
  }
}
