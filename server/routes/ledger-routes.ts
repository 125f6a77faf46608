/** The read side of the API and the office's actions: tasks, units, sheets, the master, conflicts, history, the round. */
import { Hono } from 'hono';
import type { AuthEnv } from '../auth.ts';
import { officeOnly } from '../auth.ts';
import { attachment, problem } from '../http.ts';
import type { Ledger } from '../ledger.ts';
import { masterWorkbook, unitSheet } from '../workbooks.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function ledgerRoutes(ledger: Ledger, today: () => string) {
  return new Hono<AuthEnv>()
    .get('/tasks', (c) => c.json({ ledgerId: ledger.ledgerId, title: ledger.title, revision: ledger.revision, tasks: ledger.taskViews(c.get('actor')) }))

    .get('/units', officeOnly, (c) =>
      c.json({ revision: ledger.revision, reportingDeadline: ledger.reportingDeadline, units: ledger.unitStatuses(today()) }),
    )

    .get('/units/:unit/sheet.xlsx', async (c) => {
      const unit = ledger.unitNamed(c.req.param('unit'));
      if (!unit) return problem(c, 404, 'unknown-unit', `没有名为“${c.req.param('unit')}”的单位。No such unit.`);
      const actor = c.get('actor');
      if (actor.kind === 'unit' && actor.unit !== unit) return problem(c, 403, 'forbidden', `${actor.unit}只能下载本单位的报表。A unit may fetch only its own sheet.`);
      const bytes = await unitSheet(ledger, unit, today());
      if (actor.kind === 'unit') ledger.store.recordDownload(unit, ledger.revision);
      c.header('Content-Type', XLSX);
      c.header('Content-Disposition', attachment(`${unit}-整改台账-第${ledger.revision}版.xlsx`));
      return c.body(new Uint8Array(bytes));
    })

    .get('/master.xlsx', officeOnly, async (c) => {
      const bytes = await masterWorkbook(ledger, today());
      c.header('Content-Type', XLSX);
      c.header('Content-Disposition', attachment(`整改台账汇总-${today()}-第${ledger.revision}版.xlsx`));
      return c.body(new Uint8Array(bytes));
    })

    .get('/conflicts', officeOnly, (c) => c.json({ conflicts: ledger.store.conflicts({ open: c.req.query('all') === undefined }) }))

    .post('/conflicts/:id/resolve', officeOnly, async (c) => {
      let body: { value?: unknown };
      try {
        body = await c.req.json();
      } catch {
        return problem(c, 400, 'malformed-json', '请求体不是有效的 JSON。The body is not valid JSON.');
      }
      if (typeof body?.value !== 'string') return problem(c, 400, 'bad-request', '请给出裁定后的值 {"value": "…"}。Give the settled value.');
      const settled = ledger.store.resolveConflict(Number(c.req.param('id')), body.value);
      if (!settled) return problem(c, 404, 'not-found', '没有这个冲突。No such conflict.');
      return c.json(settled);
    })

    .get('/history', (c) => {
      const no = Number(c.req.query('task'));
      const task = ledger.taskRefs().find((t) => t.no === no);
      if (!task) return problem(c, 404, 'not-found', `没有序号为${c.req.query('task')}的任务。No such task.`);
      const actor = c.get('actor');
      if (actor.kind === 'unit' && !task.leadUnits.includes(actor.unit) && !task.units.includes(actor.unit)) {
        return problem(c, 403, 'forbidden', '只能查看本单位任务的记录。A unit sees only its own tasks.');
      }
      return c.json({ task: no, changes: ledger.store.changes({ taskId: task.id }) });
    })

    .put('/round', officeOnly, async (c) => {
      const body = (await c.req.json().catch(() => null)) as { deadline?: unknown } | null;
      const deadline = body?.deadline;
      if (typeof deadline !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(deadline)) {
        return problem(c, 400, 'bad-request', '请给出报送截止日期 {"deadline": "YYYY-MM-DD"}。Give the reporting deadline.');
      }
      ledger.startRound(deadline);
      return c.json({ reportingDeadline: deadline });
    });
}
