/** GET /api/tasks and GET /api/history: what the office and each unit may read of the ledger. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { ownsTask } from '../../core/merge.ts';
import { LedgerError } from '../errors.ts';
import type { Env, RouteDeps } from './env.ts';
import { Change, json, problems, Tasks } from './schemas.ts';

const tasks = createRoute({
  method: 'get',
  path: '/tasks',
  summary:
    'Tasks: the office sees all, a unit its own; with per-unit follow-up (byUnit) as the reader may see it, and the master revision',
  responses: { 200: json(Tasks), ...problems(401, 429) },
});

const history = createRoute({
  method: 'get',
  path: '/history',
  summary: "A task's audit trail, as the reader may see it",
  request: { query: z.object({ task: z.coerce.number().int().positive().openapi({ description: '序号' }) }) },
  responses: {
    200: json(z.object({ task: z.number().int(), changes: z.array(Change) })),
    ...problems(400, 401, 403, 404, 429),
  },
});

export function taskRoutes(_deps: RouteDeps) {
  return new OpenAPIHono<Env>()
    .openapi(tasks, (c) => {
      const actor = c.get('actor');
      const unit = actor.kind === 'unit' ? actor.unit : null;
      // The pane's pull and the unit page count as the unit having fetched this round's tasks.
      if (unit) c.var.ledger.store.recordDownload(unit, c.var.ledger.revision);
      return c.json(
        {
          ledgerId: c.var.ledger.ledgerId,
          title: c.var.ledger.title,
          revision: c.var.ledger.revision,
          unit,
          reporter: (unit && c.var.ledger.lastReporter(unit)) || null,
          tasks: c.var.ledger.markUnreported(c.var.ledger.taskViews(actor), c.var.today),
        },
        200,
      );
    })
    .openapi(history, (c) => {
      const { task: no } = c.req.valid('query');
      const task = c.var.ledger.taskRefs().find((t) => t.no === no);
      if (!task) throw new LedgerError('not-found', `没有序号为${no}的任务。No such task.`);
      const actor = c.get('actor');
      if (actor.kind === 'unit' && !ownsTask(task, actor.unit))
        throw new LedgerError('forbidden', '只能查看本单位任务的记录。A unit sees only its own tasks.');
      return c.json({ task: no, changes: c.var.ledger.history(task, actor) }, 200);
    });
}
