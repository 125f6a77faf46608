/** The county's routes: its ledgers, its roster, and access (who may sign in as whom). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { LIMITS } from '../../core/limits.ts';
import { officeOnly } from '../auth.ts';
import type { Env, RouteDeps } from './env.ts';
import { json, problems } from './schemas.ts';

const LedgerSummary = z
  .object({ id: z.string(), title: z.string(), revision: z.number().int(), tasks: z.number().int() })
  .openapi('LedgerSummary');

const Access = z
  .object({
    id: z.number().int(),
    kind: z.enum(['unit', 'office']),
    unit: z.string(),
    person: z.string(),
    label: z.string(),
    issued_at: z.string(),
    issued_by: z.string(),
    revoked_at: z.string().nullable(),
    revoked_by: z.string().nullable(),
  })
  .openapi('Access');

const ledgers = createRoute({
  method: 'get',
  path: '/ledgers',
  summary: 'The ledgers this reader may open: all for the office, for a unit those where it has tasks',
  security: [{ bearer: [] }],
  responses: { 200: json(z.object({ ledgers: z.array(LedgerSummary) })), ...problems(401, 429) },
});

const accessList = createRoute({
  method: 'get',
  path: '/access',
  summary: 'Every token issued, with whom it is for, who issued it and when (never the token) — office',
  security: [{ bearer: [] }],
  middleware: [officeOnly] as const,
  responses: { 200: json(z.object({ access: z.array(Access) })), ...problems(401, 403, 429) },
});

const issueUnit = createRoute({
  method: 'post',
  path: '/access/units',
  summary:
    'Issue a unit a token (a device): shown once, with its sign-in link. Others stay valid unless revokeOthers — office',
  security: [{ bearer: [] }],
  middleware: [officeOnly] as const,
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            unit: z.string().min(1).max(LIMITS.unitName),
            label: z.string().max(100).optional(),
            revokeOthers: z.boolean().optional(),
          }),
        },
      },
    },
  },
  responses: {
    200: json(z.object({ id: z.number().int(), unit: z.string(), token: z.string(), link: z.string() })),
    ...problems(400, 401, 403, 422, 429),
  },
});

const issueOffice = createRoute({
  method: 'post',
  path: '/access/office',
  summary: "An account for one of the office's staff: the change log names them — office",
  security: [{ bearer: [] }],
  middleware: [officeOnly] as const,
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ person: z.string().min(1).max(50) }) } },
    },
  },
  responses: { 200: json(z.object({ id: z.number().int(), token: z.string() })), ...problems(400, 401, 403, 429) },
});

const revoke = createRoute({
  method: 'post',
  path: '/access/{id}/revoke',
  summary: 'Revoke a token — office',
  security: [{ bearer: [] }],
  middleware: [officeOnly] as const,
  request: { params: z.object({ id: z.coerce.number().int().positive() }) },
  responses: { 200: json(z.object({ revoked: z.number().int() })), ...problems(400, 401, 403, 404, 429) },
});

/** The address a unit signs in at: the token in the fragment, so that it never reaches a server log. */
export const signInLink = (publicUrl: string, token: string) => `${publicUrl.replace(/\/$/, '')}/u/#token=${token}`;

export function countyRoutes({ county, publicUrl }: RouteDeps) {
  return new OpenAPIHono<Env>()
    .openapi(ledgers, (c) =>
      c.json(
        {
          ledgers: county
            .ledgersFor(c.var.actor)
            .map((l) => ({ id: l.ledgerId, title: l.title, revision: l.revision, tasks: l.taskRefs().length })),
        },
        200,
      ),
    )
    .openapi(accessList, (c) => c.json({ access: county.access() }, 200))
    .openapi(issueUnit, (c) => {
      const { unit, label, revokeOthers } = c.req.valid('json');
      const issued = county.issueUnitAccess(unit, c.var.actor, { label, revokeOthers });
      const canonical = county.unitNamed(unit)!;
      return c.json(
        { id: issued.id, unit: canonical, token: issued.token, link: signInLink(publicUrl(c), issued.token) },
        200,
      );
    })
    .openapi(issueOffice, (c) => c.json(county.issueOfficeAccess(c.req.valid('json').person, c.var.actor), 200))
    .openapi(revoke, (c) => {
      county.revokeAccess(c.req.valid('param').id, c.var.actor);
      return c.json({ revoked: c.req.valid('param').id }, 200);
    });
}
