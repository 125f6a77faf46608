/**
 * The supervision office's service (市/省督察办): the roll-up of the counties it oversees and
 * their consolidated workbook, read-only, behind its own token (LEDGER_PROVINCE_TOKEN). Its page
 * is at /province/.
 */
import { timingSafeEqual } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Province } from '../cases/province.ts';
import { provinceWorkbook } from '../formats/workbook/province-workbook.ts';
import { attachment, problem } from './answers.ts';
import { clientAddress, errorAnswer, PAGES_DIR, pageHeaders } from './app.ts';
import { hashToken, requireToken, SignInLimiter } from './auth.ts';
import { judgingDate } from './routes/context.ts';
import type { Env } from './routes/env.ts';
import { json, Judging, problems, workbook, XLSX } from './routes/schemas.ts';

const health = createRoute({
  method: 'get',
  path: '/health',
  summary: 'Whether the service is up (no token)',
  security: [],
  responses: { 200: json(z.object({ ok: z.boolean(), kind: z.literal('province'), counties: z.number().int() })) },
});

export const CountyRollUp = z.object({
  county: z.string().openapi({ description: 'The county id in the shared database (LEDGER_COUNTY)' }),
  name: z.string(),
  ledgers: z.number().int(),
  tasks: z.number().int(),
  overdue: z.number().int(),
  closedOff: z.number().int().openapi({ description: 'Tasks closed off (已销号)' }),
  round: z.string().nullable().openapi({ description: "The latest round's period, null before the first" }),
  units: z.number().int().openapi({ description: 'Units owing the latest round, over its ledgers' }),
  reported: z.number().int(),
});

const rollUp = createRoute({
  method: 'get',
  path: '/province',
  summary: 'Every county overseen: tasks, overdue, 销号 done, reported this round',
  request: { query: Judging },
  responses: {
    200: json(z.object({ name: z.string(), judgedOn: z.string(), counties: z.array(CountyRollUp) })),
    ...problems(400),
  },
});

const master = createRoute({
  method: 'get',
  path: '/province/master.xlsx',
  summary: 'The consolidated workbook: 汇总 and a sheet per county',
  request: { query: Judging },
  responses: { 200: workbook, ...problems(400) },
});

export interface ProvinceDeps {
  province: Province;
  /** LEDGER_PROVINCE_TOKEN: the supervision office's token. */
  token: string;
  today: () => string;
  trustedProxies?: number;
}

export function provinceApi({ province, token, today, trustedProxies = 0 }: ProvinceDeps) {
  const expected = hashToken(token);
  const holders = {
    actorForToken: async (given: string) =>
      timingSafeEqual(hashToken(given), expected) ? { kind: 'office' as const, person: '督察办' } : undefined,
    wasIssued: async () => false,
  };
  const api = new OpenAPIHono<Env>();
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    servers: [{ url: '/api' }],
    security: [{ bearer: [] }],
    info: { title: '督察办汇总服务 Supervision office roll-up', version: '0.1.0' },
  });
  const reading = new OpenAPIHono<Env>()
    .openapi(rollUp, async (c) => {
      const state = await province.state(c.var.today);
      const counties = state.counties.map(({ tasksList: _tasks, ...county }) => county);
      return c.json({ name: state.name, judgedOn: state.judgedOn, counties }, 200);
    })
    .openapi(master, async (c) => {
      const bytes = await provinceWorkbook(await province.state(c.var.today));
      c.header('Content-Type', XLSX);
      c.header(
        'Content-Disposition',
        attachment(`${province.name}整改台账汇总-${c.var.today}.xlsx`, `province-master-${c.var.today}.xlsx`),
      );
      return c.body(new Uint8Array(bytes), 200);
    });
  return api
    .openapi(health, async (c) => c.json({ ok: true, kind: 'province' as const, counties: province.size }, 200))
    .use('*', requireToken(holders, new SignInLimiter(), clientAddress(trustedProxies)))
    .use('*', judgingDate(today))
    .route('/', reading);
}

export type ProvinceApi = ReturnType<typeof provinceApi>;

export function createProvinceApp(deps: ProvinceDeps) {
  const app = new OpenAPIHono();
  app.use('*', pageHeaders);
  app.route('/api', provinceApi(deps));
  app.get('/', (c) => c.redirect('/province/'));
  app.use('/province/*', serveStatic({ root: PAGES_DIR }));
  app.notFound((c) => problem(c, 404, 'not-found', '没有这个地址。Not found.'));
  app.onError(errorAnswer);
  return app;
}
