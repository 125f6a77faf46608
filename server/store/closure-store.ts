/** One ledger's 销号 requests: who asked, which lead units confirmed, and the office's decision. Data access only. */
import { now } from '../clock.ts';
import { type Db, where } from './db.ts';
import { type ClosureRow, parseAll, Rows } from './rows.ts';

export class ClosureStore {
  constructor(private readonly db: Db) {}

  async list(filter: { taskId?: string; id?: number } = {}): Promise<ClosureRow[]> {
    const args = [filter.taskId, filter.id].filter((v) => v !== undefined);
    const rows = await this.db.all(
      `SELECT * FROM closures ${where([filter.taskId !== undefined && 'task_id = ?', filter.id !== undefined && 'id = ?'])} ORDER BY id`,
      args,
    );
    return parseAll(Rows.closure, rows);
  }

  async add(c: {
    taskId: string;
    by: string;
    note: string;
    confirmations: string[];
    state: ClosureRow['state'];
  }): Promise<number> {
    const row = await this.db.get(
      'INSERT INTO closures (task_id, requested_by, requested_at, note, confirmations, state) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
      [c.taskId, c.by, now(), c.note, JSON.stringify(c.confirmations.map((unit) => ({ unit, at: now() }))), c.state],
    );
    return Rows.id.parse(row).id;
  }

  async confirm(id: number, unit: string, state: ClosureRow['state']): Promise<void> {
    const [row] = await this.list({ id });
    if (!row) return;
    const confirmations = [...(JSON.parse(row.confirmations) as { unit: string; at: string }[]), { unit, at: now() }];
    await this.db.run('UPDATE closures SET confirmations = ?, state = ? WHERE id = ?', [
      JSON.stringify(confirmations),
      state,
      id,
    ]);
  }

  async decide(id: number, state: '已销号' | '已退回', by: string, reason: string): Promise<void> {
    await this.db.run('UPDATE closures SET state = ?, decided_by = ?, decided_at = ?, reason = ? WHERE id = ?', [
      state,
      by,
      now(),
      reason,
      id,
    ]);
  }
}
