/** The units: their states in the round (office), and each unit's own sheet. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { allow } from '../auth.ts';
import { attachment } from '../answers.ts';
import { downloadSheet } from '../../cases/downloads.ts';
import type { Env, RouteDeps } from './env.ts';
import { Judging, json, problems, Round, UnitStatus, workbook, XLSX } from './schemas.ts';
import { LIMITS } from '../../../core/limits.ts';

const units = createRoute({
  method: 'get',
  path: '/units',
  summary: 'Units with their state in the round (未报 / 已报 / 迟报 / 有冲突 / 已报无采用) and its times — office',
  middleware: [allow('readUnitStates')] as const,
  request: { query: Judging },
  responses: {
    200: json(
      z.object({
        revision: z.number().int(),
        round: Round.nullable(),
        reportingDeadline: z.string().nullable(),
        units: z.array(UnitStatus),
      }),
    ),
    ...problems(403),
  },
});

const sheet = createRoute({
  method: 'get',
  path: '/units/{unit}/sheet.xlsx',
  summary: "A unit's own sheet, stamped with the unit, the base revision and a copy id",
  request: { params: z.object({ unit: z.string().min(1).max(LIMITS.unitName) }), query: Judging },
  responses: { 200: workbook, ...problems(400, 403, 404) },
});

export function unitRoutes(_deps: RouteDeps) {
  return new OpenAPIHono<Env>()
    .openapi(units, async (c) =>
      c.json(
        {
          revision: await c.var.ledger.revision(),
          round: (await c.var.ledger.latestRound()) ?? null,
          reportingDeadline: await c.var.ledger.reportingDeadline(),
          units: await c.var.ledger.unitStatuses(),
        },
        200,
      ),
    )
    .openapi(sheet, async (c) => {
      const { name, ascii, bytes } = await downloadSheet(
        c.var.ledger,
        c.req.valid('param').unit,
        c.var.actor,
        c.var.today,
      );
      c.header('Content-Type', XLSX);
      c.header('Content-Disposition', attachment(name, ascii));
      return c.body(new Uint8Array(bytes), 200);
    });
}
