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
import { requireToken, SignInLimiter } from './auth.ts';
import { hashToken } from '../cases/tokens.ts';
import { judgingDate } from './routes/context.ts';
import type { Env } from './routes/env.ts';
import { DOCX, json, Judging, problems, wordDocument, workbook, XLSX } from './routes/schemas.ts';
import { cityDigest, countyNotice } from '../../core/county-notice.ts';
import { COUNTY_FORMULA } from '../../core/county-ranking.ts';
import { countyNoticeDocx } from '../formats/county-notice-docx.ts';
import { ChaseSender, defaultChase } from '../integrations/chase-bot.ts';

const health = createRoute({
  method: 'get',
  path: '/health',
  summary: 'Whether the service is up (no token)',
  security: [],
  responses: { 200: json(z.object({ ok: z.boolean(), kind: z.literal('province'), counties: z.number().int() })) },
});

const Rate = (about: string) =>
  z
    .number()
    .min(0)
    .max(1)
    .openapi({ description: `${about}, 0 to 1` });

export const CountyRollUp = z.object({
  county: z
    .string()
    .openapi({ description: 'The county id in the shared database (LEDGER_COUNTY): names may coincide' }),
  name: z.string(),
  rank: z.number().int().openapi({ description: 'By score, ties alike (1, 1, 3)' }),
  score: z.number(),
  ledgers: z.number().int(),
  tasks: z.number().int(),
  overdue: z.number().int(),
  overdueRate: Rate('逾期率'),
  closedOff: z.number().int().openapi({ description: 'Tasks closed off (已销号)' }),
  closedRate: Rate('销号率'),
  round: z.string().nullable().openapi({ description: "The latest round's period, null before the first" }),
  deadline: z.string().nullable().openapi({ description: "The latest round's reporting deadline" }),
  noRoundThisMonth: z.boolean().openapi({ description: 'No round opened in the judging month' }),
  units: z.number().int().openapi({ description: 'Units owing the latest round, over its ledgers' }),
  reported: z.number().int(),
  onTime: z.number().int(),
  onTimeRate: Rate('按时报送率'),
  missingUnits: z.array(z.string()).openapi({ description: '未报: units the latest round still waits for' }),
  lateUnits: z.array(z.string()).openapi({ description: '迟报: units that reported after the deadline' }),
  pendingClosures: z.number().int().openapi({ description: '销号 待确认 or 待审核' }),
  returnedClosures: z.number().int().openapi({ description: '销号 returned (已退回)' }),
  openSupervisions: z.number().int().openapi({ description: '督办单 not closed' }),
  lateSupervisions: z.number().int().openapi({ description: '督办单 not signed for or answered in time' }),
  change: z.object({
    since: z.string().nullable().openapi({ description: 'The last closed round, null before one closed' }),
    newlyOverdue: z.number().int(),
    newlyClosed: z.number().int(),
  }),
});

const rollUp = createRoute({
  method: 'get',
  path: '/province',
  summary: 'Every county overseen, ranked: rates, who the latest round waits for, 销号 and 督办单 waiting, change',
  request: { query: Judging },
  responses: {
    200: json(
      z.object({
        name: z.string(),
        judgedOn: z.string(),
        formula: z.string().openapi({ description: 'How counties are ranked' }),
        counties: z.array(CountyRollUp),
      }),
    ),
    ...problems(400),
  },
});

const drillDown = createRoute({
  method: 'get',
  path: '/province/counties/{id}',
  summary: "One county, read-only: its tasks with every unit's words and evidence, 督办单 and 销号",
  request: { params: z.object({ id: z.string().min(1).max(40) }), query: Judging },
  responses: {
    200: json(
      z.object({
        county: z.string(),
        name: z.string(),
        judgedOn: z.string(),
        ledgers: z.array(
          z.object({
            id: z.string(),
            title: z.string(),
            round: z.object({ period: z.string(), deadline: z.string(), closedAt: z.string().nullable() }).nullable(),
            tasks: z.array(
              z.object({
                no: z.number().int(),
                problem: z.string(),
                leadUnits: z.string(),
                deadline: z.string(),
                status: z.string(),
                overdue: z.boolean(),
                words: z.array(z.object({ unit: z.string(), progress: z.string(), status: z.string() })),
                evidence: z.array(z.object({ name: z.string(), unit: z.string(), at: z.string() })),
              }),
            ),
            supervisions: z.array(
              z.object({
                title: z.string(),
                no: z.number().int(),
                level: z.string(),
                state: z.string(),
                late: z.string(),
              }),
            ),
            closures: z.array(
              z.object({
                no: z.number().int(),
                state: z.string(),
                requestedBy: z.string(),
                reason: z.string().nullable(),
              }),
            ),
          }),
        ),
      }),
    ),
    ...problems(400, 404),
  },
});

const digest = createRoute({
  method: 'get',
  path: '/province/digest',
  summary: "The office's own 预警 digest: counties with the most overdue tasks and 督办单 not answered",
  request: { query: Judging },
  responses: { 200: json(z.object({ text: z.string(), webhook: z.boolean() })), ...problems(400) },
});

const digestSend = createRoute({
  method: 'post',
  path: '/province/digest/send',
  summary: "Send the digest to the office's group bot (LEDGER_CHASE_WEBHOOK of this service)",
  request: { query: Judging },
  responses: { 200: json(z.object({ sent: z.string(), status: z.number().int() })), ...problems(400, 502) },
});

const notice = createRoute({
  method: 'get',
  path: '/province/notice.docx',
  summary: 'The 通报 ranking the counties, in the official layout',
  request: { query: Judging },
  responses: { 200: wordDocument, ...problems(400) },
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
  /** The office's own group bot, for its digest. */
  chase?: ChaseSender;
}

export function provinceApi({
  province,
  token,
  today,
  trustedProxies = 0,
  chase = new ChaseSender(defaultChase()),
}: ProvinceDeps) {
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
      return c.json({ name: state.name, judgedOn: state.judgedOn, formula: COUNTY_FORMULA, counties }, 200);
    })
    .openapi(drillDown, async (c) => c.json(await province.county(c.req.valid('param').id, c.var.today), 200))
    .openapi(digest, async (c) => {
      const state = await province.state(c.var.today);
      return c.json({ text: cityDigest(state.name, state.judgedOn, state.counties), webhook: chase.configured }, 200);
    })
    .openapi(digestSend, async (c) => {
      const state = await province.state(c.var.today);
      const text = cityDigest(state.name, state.judgedOn, state.counties);
      const { status } = await chase.send('province', text);
      return c.json({ sent: text, status }, 200);
    })
    .openapi(notice, async (c) => {
      const state = await province.state(c.var.today);
      const bytes = await countyNoticeDocx(
        countyNotice(state.name, state.judgedOn, state.counties),
        state.name,
        state.judgedOn,
      );
      c.header('Content-Type', DOCX);
      c.header(
        'Content-Disposition',
        attachment(`${province.name}各县（区）整改通报-${c.var.today}.docx`, `province-notice-${c.var.today}.docx`),
      );
      return c.body(new Uint8Array(bytes), 200);
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
