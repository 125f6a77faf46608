/** POST and GET /api/wps/self-tests: what the WPS add-in's self-test found on a county PC. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { hostChecks, recordHostCheck } from '../../cases/host-checks.ts';
import { allow } from '../auth.ts';
import type { Env, RouteDeps } from './env.ts';
import { json, jsonBody, problems } from './schemas.ts';

const Short = z.string().max(200);

const HostCheckReport = z
  .object({
    version: Short.openapi({ description: 'The WPS build, as Application.Build gives it' }),
    system: Short.openapi({ description: "The operating system, as the page's browser says" }),
    checks: z
      .array(
        z.object({
          name: Short.openapi({ description: 'The host method checked' }),
          label: Short,
          passed: z.boolean(),
          detail: z.string().max(1000).optional(),
        }),
      )
      .min(1)
      .max(50),
  })
  .openapi('HostCheckReport');

const HostCheckRecord = HostCheckReport.extend({
  at: z.string(),
  by: z.string(),
  passed: z.number().int(),
  failed: z.number().int(),
}).openapi('HostCheckRecord');

const report = createRoute({
  method: 'post',
  path: '/wps/self-tests',
  summary: "The WPS self-test's results from one PC, kept as a dated record — office or unit",
  middleware: [allow('reportHostCheck')] as const,
  request: { body: jsonBody(HostCheckReport) },
  responses: { 200: json(HostCheckRecord), ...problems(400, 403) },
});

const list = createRoute({
  method: 'get',
  path: '/wps/self-tests',
  summary: 'Every self-test record, newest first — office',
  middleware: [allow('readHostChecks')] as const,
  responses: { 200: json(z.object({ records: z.array(HostCheckRecord) })), ...problems(403) },
});

export const hostCheckRoutes = ({ county }: RouteDeps) =>
  new OpenAPIHono<Env>()
    .openapi(report, async (c) => c.json(await recordHostCheck(county.store, c.req.valid('json'), c.var.actor), 200))
    .openapi(list, async (c) => c.json({ records: await hostChecks(county.store) }, 200));
