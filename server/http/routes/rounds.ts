/** The county's monthly rounds: listed, opened over the ledgers they cover, closed. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { allow } from '../auth.ts';
import { closeRound, countyRounds, openRound } from '../../cases/rounds.ts';
import type { Env, RouteDeps } from './env.ts';
import { json, jsonBody, problems } from './schemas.ts';

const CountyRound = z
  .object({
    id: z.string(),
    period: z.string(),
    deadline: z.string(),
    openedAt: z.string(),
    closedAt: z.string().nullable(),
    ledgers: z.array(z.object({ id: z.string(), title: z.string() })),
  })
  .openapi('CountyRound');

const list = createRoute({
  method: 'get',
  path: '/rounds',
  summary: "The county's rounds (月报), newest last, with the ledgers each covers — office",
  middleware: [allow('runRounds')] as const,
  responses: { 200: json(z.object({ rounds: z.array(CountyRound) })), ...problems(403) },
});

const open = createRoute({
  method: 'post',
  path: '/rounds',
  summary:
    'Open a round: its period, its deadline (a real date; a past one only when confirmed) and its ledgers — office',
  middleware: [allow('runRounds')] as const,
  request: {
    body: jsonBody(
      z.object({
        period: z.string().trim().min(1).max(20).openapi({ example: '2019年10月' }),
        deadline: z.iso.date().openapi({ description: 'YYYY-MM-DD, a real date' }),
        ledgers: z.array(z.string().max(40)).max(100).optional(),
        confirmPast: z.boolean().optional(),
      }),
    ),
  },
  responses: { 200: json(CountyRound), ...problems(400, 403, 404, 409, 422) },
});

const close = createRoute({
  method: 'post',
  path: '/rounds/{id}/close',
  summary: 'Close a round: each ledger it covers keeps its master and every unit’s state as they stand — office',
  middleware: [allow('runRounds')] as const,
  request: { params: z.object({ id: z.string().min(1).max(40) }) },
  responses: { 200: json(CountyRound), ...problems(403, 404, 409) },
});

export function roundsRoutes({ county }: RouteDeps) {
  return new OpenAPIHono<Env>()
    .openapi(list, async (c) => c.json({ rounds: await countyRounds(county) }, 200))
    .openapi(open, async (c) => c.json(await openRound(county, c.req.valid('json'), c.var.actor, c.var.today), 200))
    .openapi(close, async (c) =>
      c.json(await closeRound(county, c.req.valid('param').id, c.var.actor, c.var.today), 200),
    );
}
