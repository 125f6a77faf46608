/** 通报 scoring (cases/scoring.ts): a round's ranking and its Word 通报 per ledger; the rule table per county. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { chineseDate } from '../../../core/deadline.ts';
import { scoreNotice } from '../../../core/score-notice.ts';
import { formulaText, itemName, POINTS_LIMIT, SCORE_ITEM_KEYS, SCORE_ITEMS } from '../../../core/scoring.ts';
import { attachment } from '../answers.ts';
import { allow } from '../auth.ts';
import type { Env, RouteDeps } from './env.ts';
import { DOCX, Judging, json, jsonBody, problems, wordDocument } from './schemas.ts';

const RoundId = z.object({ id: z.string().min(1).max(40) });
const Points = z.number().int('分值应为整数').min(-POINTS_LIMIT).max(POINTS_LIMIT);

const Rules = z
  .object({
    points: z.object(
      Object.fromEntries(SCORE_ITEM_KEYS.map((k) => [k, Points])) as Record<
        (typeof SCORE_ITEM_KEYS)[number],
        typeof Points
      >,
    ),
    byKind: z.boolean().openapi({ description: 'Departments and townships ranked apart' }),
  })
  .openapi('ScoringRules');

const Reason = z.object({
  item: z.string(),
  label: z.string(),
  count: z.number().int(),
  points: z.number().int(),
  detail: z.string(),
});

const Scores = z
  .object({
    round: z.object({ id: z.string(), period: z.string(), deadline: z.string(), closedAt: z.string().nullable() }),
    judgedOn: z.string(),
    frozen: z.boolean().openapi({ description: 'Kept as the round closed' }),
    rules: Rules,
    formula: z.string(),
    units: z.array(
      z.object({
        unit: z.string(),
        kind: z.string(),
        score: z.number().int(),
        rank: z.number().int(),
        reasons: z.array(Reason),
      }),
    ),
    adjustments: z.array(
      z.object({ unit: z.string(), points: z.number().int(), reason: z.string(), by: z.string(), at: z.string() }),
    ),
  })
  .openapi('RoundScores');

const scores = createRoute({
  method: 'get',
  path: '/rounds/{id}/scores',
  summary: "通报 scores: each unit's score, rank and the reasons for it (a closed round as it closed) — office",
  middleware: [allow('readMaster')] as const,
  request: { params: RoundId, query: Judging },
  responses: { 200: json(Scores), ...problems(403, 404) },
});

const adjust = createRoute({
  method: 'post',
  path: '/rounds/{id}/scores/adjustments',
  summary: 'Add or deduct points for a unit in the open round, with the reason (logged) — office',
  middleware: [allow('score')] as const,
  request: {
    params: RoundId,
    body: jsonBody(
      z.object({
        unit: z.string().trim().min(1, '请选择单位').max(100),
        points: Points.refine((n) => n !== 0, '加减分不能为 0'),
        reason: z.string().trim().min(1, '请写明加减分理由').max(500),
      }),
    ),
  },
  responses: { 200: json(Scores), ...problems(400, 403, 404, 409) },
});

const notice = createRoute({
  method: 'get',
  path: '/rounds/{id}/notice.docx',
  summary: "The round's 通报 as a Word document: figures, praise, units named, the ranking and the rules — office",
  middleware: [allow('readMaster')] as const,
  request: { params: RoundId, query: Judging },
  responses: {
    200: wordDocument,
    ...problems(403, 404),
  },
});

export const scoreRoutes = ({ scoring, officeName }: RouteDeps) =>
  new OpenAPIHono<Env>()
    .openapi(scores, async (c) => c.json(await scoring.scores(c.var.ledger, c.req.valid('param').id, c.var.today), 200))
    .openapi(adjust, async (c) =>
      c.json(await scoring.adjust(c.var.ledger, c.req.valid('param').id, c.req.valid('json'), c.var.actor), 200),
    )
    .openapi(notice, async (c) => {
      const { ledger } = c.var;
      const round = await scoring.scores(ledger, c.req.valid('param').id, c.var.today);
      const { noticeDocx } = await import('../../formats/notice-docx.ts');
      const bytes = await noticeDocx(scoreNotice({ ledgerTitle: ledger.title, period: round.round.period, ...round }), {
        office: officeName.trim(),
        date: chineseDate(round.judgedOn),
      });
      c.header('Content-Type', DOCX);
      c.header(
        'Content-Disposition',
        attachment(`${ledger.title}${round.round.period}通报.docx`, `ledger-notice-round-${round.round.id}.docx`),
      );
      return c.body(new Uint8Array(bytes), 200);
    });

const RuleTable = json(
  z.object({
    rules: Rules,
    items: z.array(z.object({ key: z.string(), name: z.string(), default: z.number() })),
    formula: z.string(),
  }),
);

const getRules = createRoute({
  method: 'get',
  path: '/scoring',
  summary: '通报 rule table, the defaults filled in, with each rule named — office',
  middleware: [allow('score')] as const,
  responses: { 200: RuleTable, ...problems(403) },
});

const putRules = createRoute({
  method: 'put',
  path: '/scoring',
  summary: 'Change the 通报 rule table (logged); closed rounds keep their scores — office',
  middleware: [allow('score')] as const,
  request: { body: jsonBody(Rules) },
  responses: { 200: RuleTable, ...problems(400, 403) },
});

const ITEMS = SCORE_ITEM_KEYS.map((key) => ({
  key,
  name: itemName(key),
  default: SCORE_ITEMS[key].points,
}));

export const scoringRuleRoutes = ({ scoring }: RouteDeps) => {
  const table = (rules: Awaited<ReturnType<typeof scoring.rules>>) => ({
    rules,
    items: ITEMS,
    formula: formulaText(rules),
  });
  return new OpenAPIHono<Env>()
    .openapi(getRules, async (c) => c.json(table(await scoring.rules()), 200))
    .openapi(putRules, async (c) => c.json(table(await scoring.saveRules(c.req.valid('json'), c.var.actor)), 200));
};
