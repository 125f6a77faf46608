/** Conflicts: the office lists them (open, or all with ?all) and settles each with a value. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { LIMITS } from '../../../core/limits.ts';
import { allow } from '../auth.ts';
import type { Env, RouteDeps } from './env.ts';
import { Conflict, json, jsonBody, problems } from './schemas.ts';

const list = createRoute({
  method: 'get',
  path: '/conflicts',
  summary: 'Open conflicts (?all for settled ones too) — office',
  middleware: [allow('settleConflicts')] as const,
  request: { query: z.object({ all: z.string().optional() }) },
  responses: { 200: json(z.object({ conflicts: z.array(Conflict) })), ...problems(403) },
});

const settle = createRoute({
  method: 'post',
  path: '/conflicts/{id}/resolve',
  summary: 'Settle a conflict with a value — office. The value passes the same rules as a submission.',
  middleware: [allow('settleConflicts')] as const,
  request: {
    params: z.object({ id: z.coerce.number().int().positive() }),
    body: jsonBody(z.object({ value: z.string().max(LIMITS.cellText) })),
  },
  responses: {
    200: json(z.object({ revision: z.number().int(), conflict: Conflict })),
    ...problems(400, 403, 404, 409, 422),
  },
});

export function conflictRoutes(_deps: RouteDeps) {
  return new OpenAPIHono<Env>()
    .openapi(list, async (c) =>
      c.json({ conflicts: await c.var.ledger.conflicts(c.req.valid('query').all === undefined ? 'open' : 'all') }, 200),
    )
    .openapi(settle, async (c) =>
      c.json(await c.var.ledger.settle(c.req.valid('param').id, c.req.valid('json').value, c.var.actor), 200),
    );
}
