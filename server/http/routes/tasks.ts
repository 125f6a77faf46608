/** GET /api/tasks and GET /api/history: what the office and each unit may read of the ledger. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Env, RouteDeps } from './env.ts';
import { Change, json, problems, Tasks } from './schemas.ts';

const tasks = createRoute({
  method: 'get',
  path: '/tasks',
  summary:
    'Tasks: the office sees all, a unit its own; with per-unit follow-up (byUnit) as the reader may see it, and the master revision',
  responses: { 200: json(Tasks), ...problems() },
});

const history = createRoute({
  method: 'get',
  path: '/history',
  summary: "A task's audit trail, as the reader may see it",
  request: { query: z.object({ task: z.coerce.number().int().positive().openapi({ description: '序号' }) }) },
  responses: {
    200: json(z.object({ task: z.number().int(), changes: z.array(Change) })),
    ...problems(400, 403, 404),
  },
});

export function taskRoutes(_deps: RouteDeps) {
  return new OpenAPIHono<Env>()
    .openapi(tasks, async (c) => c.json(await c.var.ledger.tasksFor(c.var.actor, c.var.today), 200))
    .openapi(history, async (c) => {
      const { task: no } = c.req.valid('query');
      return c.json({ task: no, changes: await c.var.ledger.history(no, c.var.actor) }, 200);
    });
}
