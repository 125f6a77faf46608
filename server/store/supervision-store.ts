/**
 * The county's supervision records: 预警 told (claimed once per task, milestone, level and day),
 * 督办单 with their trail, and 领导批示. Data access only; cases/supervision.ts decides.
 */
import { z } from 'zod';
import type { Db } from './db.ts';
import { parseAll, parseOne } from './rows.ts';

const SentRow = z.object({
  ledger_id: z.string(),
  task_id: z.string(),
  no: z.number(),
  milestone: z.string(),
  level: z.number(),
  day: z.string(),
  told: z.string(),
  sent_at: z.string(),
  outcome: z.string(),
});
export type AlertSent = z.infer<typeof SentRow>;

export const SupervisionRow = z.object({
  id: z.number(),
  year: z.number(),
  number: z.number(),
  ledger_id: z.string(),
  task_id: z.string(),
  level: z.string(),
  problem: z.string(),
  demand: z.string(),
  reply_days: z.number(),
  sign_by: z.string(),
  reply_by: z.string(),
  issued_by: z.string(),
  issued_at: z.string(),
  state: z.string(),
  trail: z.string(),
});
export type SupervisionEntry = z.infer<typeof SupervisionRow>;

const InstructionRow = z.object({
  id: z.number(),
  ledger_id: z.string(),
  task_id: z.string(),
  leader: z.string(),
  date: z.string(),
  text: z.string(),
  recorded_by: z.string(),
  recorded_at: z.string(),
});
export type InstructionEntry = z.infer<typeof InstructionRow>;

const InterviewRow = z.object({
  id: z.number(),
  ledger_id: z.string(),
  task_id: z.string(),
  unit: z.string(),
  person: z.string(),
  date: z.string(),
  outcome: z.string(),
  recorded_by: z.string(),
  recorded_at: z.string(),
});
export type InterviewEntry = z.infer<typeof InterviewRow>;

export class SupervisionStore {
  constructor(private readonly db: Db) {}

  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Claims an alert for the day: true only for the first claim, in whatever process. */
  async claimAlert(row: Omit<AlertSent, 'outcome'>): Promise<boolean> {
    const changed = await this.db.run(
      `INSERT INTO alerts_sent (ledger_id, task_id, no, milestone, level, day, told, sent_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [row.ledger_id, row.task_id, row.no, row.milestone, row.level, row.day, row.told, row.sent_at],
    );
    return changed > 0;
  }

  async setAlertOutcome(day: string, sentAt: string, outcome: string): Promise<void> {
    await this.db.run('UPDATE alerts_sent SET outcome = ? WHERE day = ? AND sent_at = ?', [outcome, day, sentAt]);
  }

  /** A ledger's alerts told, newest first. */
  async alertsSent(ledgerId: string, limit = 500): Promise<AlertSent[]> {
    return parseAll(
      SentRow,
      await this.db.all('SELECT * FROM alerts_sent WHERE ledger_id = ? ORDER BY sent_at DESC, level DESC, no LIMIT ?', [
        ledgerId,
        limit,
      ]),
    );
  }

  async nextSupervisionNumber(year: number): Promise<number> {
    const row = await this.db.get('SELECT COALESCE(MAX(number), 0) AS last FROM supervisions WHERE year = ?', [year]);
    return Number(row?.last ?? 0) + 1;
  }

  async addSupervision(entry: Omit<SupervisionEntry, 'id'>): Promise<number> {
    await this.db.run(
      `INSERT INTO supervisions (year, number, ledger_id, task_id, level, problem, demand, reply_days, sign_by,
         reply_by, issued_by, issued_at, state, trail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        entry.year,
        entry.number,
        entry.ledger_id,
        entry.task_id,
        entry.level,
        entry.problem,
        entry.demand,
        entry.reply_days,
        entry.sign_by,
        entry.reply_by,
        entry.issued_by,
        entry.issued_at,
        entry.state,
        entry.trail,
      ],
    );
    const row = await this.db.get('SELECT id FROM supervisions WHERE year = ? AND number = ?', [
      entry.year,
      entry.number,
    ]);
    return Number(row?.id);
  }

  async supervision(id: number): Promise<SupervisionEntry | undefined> {
    return parseOne(SupervisionRow, await this.db.get('SELECT * FROM supervisions WHERE id = ?', [id]));
  }

  async supervisions(ledgerId: string): Promise<SupervisionEntry[]> {
    return parseAll(
      SupervisionRow,
      await this.db.all('SELECT * FROM supervisions WHERE ledger_id = ? ORDER BY id', [ledgerId]),
    );
  }

  async updateSupervision(id: number, state: string, trail: string): Promise<void> {
    await this.db.run('UPDATE supervisions SET state = ?, trail = ? WHERE id = ?', [state, trail, id]);
  }

  async addInstruction(entry: Omit<InstructionEntry, 'id'>): Promise<void> {
    await this.db.run(
      `INSERT INTO instructions (ledger_id, task_id, leader, date, text, recorded_by, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [entry.ledger_id, entry.task_id, entry.leader, entry.date, entry.text, entry.recorded_by, entry.recorded_at],
    );
  }

  async instructions(ledgerId: string): Promise<InstructionEntry[]> {
    return parseAll(
      InstructionRow,
      await this.db.all('SELECT * FROM instructions WHERE ledger_id = ? ORDER BY date, id', [ledgerId]),
    );
  }

  async addInterview(entry: Omit<InterviewEntry, 'id'>): Promise<void> {
    await this.db.run(
      `INSERT INTO interviews (ledger_id, task_id, unit, person, date, outcome, recorded_by, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        entry.ledger_id,
        entry.task_id,
        entry.unit,
        entry.person,
        entry.date,
        entry.outcome,
        entry.recorded_by,
        entry.recorded_at,
      ],
    );
  }

  async interviews(ledgerId: string): Promise<InterviewEntry[]> {
    return parseAll(
      InterviewRow,
      await this.db.all('SELECT * FROM interviews WHERE ledger_id = ? ORDER BY date, id', [ledgerId]),
    );
  }
}
