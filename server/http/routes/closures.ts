/** 销号: a lead unit requests closing a task (with evidence), the other lead units confirm, the office approves or returns it. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Env, RouteDeps } from './env.ts';
import { Closure, json, jsonBody, problems } from './schemas.ts';

const Id = z.object({ id: z.coerce.number().int().positive() });

const list = createRoute({
  method: 'get',
  path: '/closures',
  summary: '销号 requests with their steps: all for the office, for a unit those on its tasks',
  responses: { 200: json(z.object({ closures: z.array(Closure) })), ...problems() },
});

const request = createRoute({
  method: 'post',
  path: '/tasks/{no}/closure',
  summary: 'Request closing a task off (a lead unit, with evidence attached)',
  request: {
    params: z.object({ no: z.coerce.number().int().positive() }),
    body: jsonBody(z.object({ note: z.string().max(2000).default('') })),
  },
  responses: { 200: json(Closure), ...problems(400, 403, 404, 409, 422) },
});

const confirm = createRoute({
  method: 'post',
  path: '/closures/{id}/confirm',
  summary: "Confirm another lead unit's 销号 request (each lead unit of the task)",
  request: { params: Id },
  responses: { 200: json(Closure), ...problems(400, 403, 404, 409) },
});

const approve = createRoute({
  method: 'post',
  path: '/closures/{id}/approve',
  summary: 'Approve: the task becomes 已销号, with who and when — office',
  request: { params: Id },
  responses: { 200: json(Closure), ...problems(400, 403, 404, 409, 422) },
});

const giveBack = createRoute({
  method: 'post',
  path: '/closures/{id}/return',
  summary: 'Return the request with the reason, which the units see — office',
  request: { params: Id, body: jsonBody(z.object({ reason: z.string().trim().min(1).max(2000) })) },
  responses: { 200: json(Closure), ...problems(400, 403, 404, 409) },
});

export function closureRoutes(_deps: RouteDeps) {
  return new OpenAPIHono<Env>()
    .openapi(list, async (c) => c.json({ closures: await c.var.ledger.closing.list(c.var.actor) }, 200))
    .openapi(request, async (c) =>
      c.json(await c.var.ledger.closing.request(c.req.valid('param').no, c.var.actor, c.req.valid('json').note), 200),
    )
    .openapi(confirm, async (c) =>
      c.json(await c.var.ledger.closing.confirm(c.req.valid('param').id, c.var.actor), 200),
    )
    .openapi(approve, async (c) =>
      c.json(await c.var.ledger.closing.approve(c.req.valid('param').id, c.var.actor), 200),
    )
    .openapi(giveBack, async (c) =>
      c.json(
        await c.var.ledger.closing.giveBack(c.req.valid('param').id, c.var.actor, c.req.valid('json').reason),
        200,
      ),
    );
}
