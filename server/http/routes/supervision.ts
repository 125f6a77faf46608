/** 预警, 督办单 and 领导批示 on a ledger's tasks (cases/supervision.ts). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { LEVEL_NAMES } from '../../../core/alerts.ts';
import { countyTime } from '../../../core/zone.ts';
import { SUPERVISION_LEVELS } from '../../../core/supervision.ts';
import { isNight, toGroup } from '../../cases/alert-schedule.ts';
import { clock } from '../../clock.ts';
import { LedgerError } from '../../errors.ts';
import { supervisionDocx } from '../../formats/supervision-docx.ts';
import { attachment } from '../answers.ts';
import { allow } from '../auth.ts';
import type { Env, RouteDeps } from './env.ts';
import { DOCX, Judging, json, jsonBody, problems, wordDocument } from './schemas.ts';

const Id = z.object({ id: z.coerce.number().int().positive() });
const No = z.object({ no: z.coerce.number().int().positive() });

const Alert = z
  .object({
    no: z.number().int(),
    problem: z.string(),
    level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    levelName: z.string(),
    milestone: z.string(),
    wording: z.string(),
    workdays: z.number().int(),
    leadUnits: z.array(z.string()),
    units: z.array(z.string()),
    office: z.boolean(),
    leaders: z.array(z.string()),
  })
  .openapi('Alert');

const TrailStep = z.object({ action: z.string(), by: z.string(), at: z.string(), text: z.string().optional() });
const Supervision = z
  .object({
    id: z.number().int(),
    title: z.string(),
    no: z.number().int(),
    level: z.string(),
    problem: z.string(),
    demand: z.string(),
    replyDays: z.number().int(),
    replyBy: z.string(),
    signBy: z.string(),
    state: z.string(),
    issuedBy: z.string(),
    issuedAt: z.string(),
    trail: z.array(TrailStep),
    late: z.string(),
  })
  .openapi('Supervision');

const alerts = createRoute({
  method: 'get',
  path: '/alerts',
  summary:
    '预警 on the judging date (?today=): alerts raised that day (nothing is sent), every milestone standing at a level, 督办单 late — a unit sees its own tasks',
  middleware: [allow('readAlerts')] as const,
  request: { query: Judging },
  responses: {
    200: json(
      z.object({
        today: z.string(),
        alerts: z.array(Alert),
        standing: z.array(Alert),
        supervisions: z.array(Supervision),
        rules: z.object({
          warnBefore: z.array(z.number().int()),
          overdueEvery: z.number().int(),
          digestHour: z.number().int(),
        }),
      }),
    ),
    ...problems(403),
  },
});

const send = createRoute({
  method: 'post',
  path: '/alerts/send',
  summary: "Send today's 预警 digest to the group bot now: each alert once a day, however often asked — office",
  middleware: [allow('sendAlerts')] as const,
  responses: { 200: json(z.object({ sent: z.number().int(), outcome: z.string() })), ...problems(403, 409) },
});

const sent = createRoute({
  method: 'get',
  path: '/alerts/sent',
  summary: '预警记录: who was told what and when — office',
  middleware: [allow('sendAlerts')] as const,
  responses: {
    200: json(
      z.object({
        sent: z.array(
          z.object({
            no: z.number().int(),
            level: z.number().int(),
            milestone: z.string(),
            day: z.string(),
            at: z.string(),
            told: z.string(),
            outcome: z.string(),
          }),
        ),
      }),
    ),
    ...problems(403),
  },
});

const issue = createRoute({
  method: 'post',
  path: '/tasks/{no}/supervision',
  summary: 'Issue a 督办通知单 on a task (not one closed off) — office',
  middleware: [allow('supervise')] as const,
  request: {
    params: No,
    body: jsonBody(
      z.object({
        level: z.enum(SUPERVISION_LEVELS).default('红'),
        demand: z.string().trim().min(1, '请写明督办要求').max(4000),
        replyDays: z.number().int().min(1).max(60).default(5),
      }),
    ),
  },
  responses: { 200: json(Supervision), ...problems(400, 403, 404, 409) },
});

const list = createRoute({
  method: 'get',
  path: '/supervision',
  summary: '督办单: all for the office, for a unit those on its tasks',
  responses: { 200: json(z.object({ supervisions: z.array(Supervision) })), ...problems() },
});

const document = createRoute({
  method: 'get',
  path: '/supervision/{id}',
  summary: 'A 督办通知单 as a Word document: /supervision/3.docx',
  request: { params: z.object({ id: z.string().regex(/^\d+\.docx$/, '应为“编号.docx”') }) },
  responses: {
    200: wordDocument,
    ...problems(400, 403, 404),
  },
});

const stepRoute = <P extends string>(path: P, summary: string) =>
  createRoute({
    method: 'post',
    path: `/supervision/{id}/${path}` as const,
    summary,
    request: { params: Id },
    responses: { 200: json(Supervision), ...problems(400, 403, 404, 409) },
  });
const sign = stepRoute('sign', '签收 a 督办单 (a unit of the task)');
const close = stepRoute('close', '办结 — office');

const reply = createRoute({
  method: 'post',
  path: '/supervision/{id}/reply',
  summary: '回复: the answer, evidence attached to the task (a unit of the task)',
  request: { params: Id, body: jsonBody(z.object({ text: z.string().trim().min(1, '请写明办理情况').max(4000) })) },
  responses: { 200: json(Supervision), ...problems(400, 403, 404, 409) },
});

const giveBack = createRoute({
  method: 'post',
  path: '/supervision/{id}/return',
  summary: '退回 with the reason: the unit answers again — office',
  request: { params: Id, body: jsonBody(z.object({ reason: z.string().trim().min(1, '请写明退回理由').max(2000) })) },
  responses: { 200: json(Supervision), ...problems(400, 403, 404, 409) },
});

const instruct = createRoute({
  method: 'post',
  path: '/tasks/{no}/instructions',
  summary: "Record a leader's 批示 on a task — office",
  middleware: [allow('supervise')] as const,
  request: {
    params: No,
    body: jsonBody(
      z.object({
        leader: z.string().trim().min(1).max(50),
        date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD'),
        text: z.string().trim().min(1).max(4000),
      }),
    ),
  },
  responses: { 200: json(z.object({ recorded: z.literal(true) })), ...problems(400, 403, 404) },
});

const instructions = createRoute({
  method: 'get',
  path: '/instructions',
  summary: '领导批示: all for the office, for a unit those on its tasks',
  responses: {
    200: json(
      z.object({
        instructions: z.array(
          z.object({
            id: z.number().int(),
            no: z.number().int(),
            leader: z.string(),
            date: z.string(),
            text: z.string(),
            by: z.string(),
          }),
        ),
      }),
    ),
    ...problems(),
  },
});

const interview = createRoute({
  method: 'post',
  path: '/tasks/{no}/interviews',
  summary: "Record a 约谈: a unit's leader summoned over a task it answers for — office",
  middleware: [allow('supervise')] as const,
  request: {
    params: No,
    body: jsonBody(
      z.object({
        unit: z.string().trim().min(1, '请写明被约谈的单位').max(100),
        person: z.string().trim().min(1, '请写明被约谈人').max(50),
        date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD'),
        outcome: z.string().trim().min(1, '请写明约谈结果').max(4000),
      }),
    ),
  },
  responses: { 200: json(z.object({ recorded: z.literal(true) })), ...problems(400, 403, 404) },
});

const interviews = createRoute({
  method: 'get',
  path: '/interviews',
  summary: '约谈: all for the office, for a unit its own',
  responses: {
    200: json(
      z.object({
        interviews: z.array(
          z.object({
            id: z.number().int(),
            no: z.number().int(),
            unit: z.string(),
            person: z.string(),
            date: z.string(),
            outcome: z.string(),
            by: z.string(),
          }),
        ),
      }),
    ),
    ...problems(),
  },
});

export function supervisionRoutes({ supervision, chase, officeName }: RouteDeps) {
  return new OpenAPIHono<Env>()
    .openapi(alerts, async (c) => {
      const on = await supervision.alerts(c.var.ledger, c.var.today, c.var.actor);
      const shown = (a: (typeof on.raised)[number]) => ({ ...a, levelName: LEVEL_NAMES[a.level] });
      return c.json(
        {
          today: c.var.today,
          alerts: on.raised.map(shown),
          standing: on.standing.map(shown),
          supervisions: on.supervisions,
          rules: on.rules,
        },
        200,
      );
    })
    .openapi(send, async (c) => {
      const hour = Number(countyTime(clock.now()).slice(11, 13));
      if (isNight(hour))
        throw new LedgerError('quiet-hours', '夜间（22时至次日7时）不向群里推送预警，请白天再发。No alerts at night.');
      const result = await supervision.sendDigest([c.var.ledger], c.var.today, toGroup(chase));
      return c.json(result, 200);
    })
    .openapi(sent, async (c) => {
      const rows = await supervision.store.alertsSent(c.var.ledger.ledgerId);
      return c.json(
        {
          sent: rows.map((r) => ({
            no: r.no,
            level: r.level,
            milestone: r.milestone,
            day: r.day,
            at: r.sent_at,
            told: r.told,
            outcome: r.outcome,
          })),
        },
        200,
      );
    })
    .openapi(issue, async (c) =>
      c.json(
        await supervision.issue(c.var.ledger, c.req.valid('param').no, c.req.valid('json'), c.var.today, c.var.actor),
        200,
      ),
    )
    .openapi(list, async (c) =>
      c.json({ supervisions: await supervision.list(c.var.ledger, c.var.today, c.var.actor) }, 200),
    )
    .openapi(sign, async (c) =>
      c.json(await supervision.step(c.var.ledger, c.req.valid('param').id, '签收', '', c.var.today, c.var.actor), 200),
    )
    .openapi(reply, async (c) => {
      const { text } = c.req.valid('json');
      return c.json(
        await supervision.step(c.var.ledger, c.req.valid('param').id, '回复', text, c.var.today, c.var.actor),
        200,
      );
    })
    .openapi(close, async (c) =>
      c.json(await supervision.step(c.var.ledger, c.req.valid('param').id, '办结', '', c.var.today, c.var.actor), 200),
    )
    .openapi(giveBack, async (c) => {
      const { reason } = c.req.valid('json');
      return c.json(
        await supervision.step(c.var.ledger, c.req.valid('param').id, '退回', reason, c.var.today, c.var.actor),
        200,
      );
    })
    .openapi(instruct, async (c) => {
      await supervision.instruct(c.var.ledger, c.req.valid('param').no, c.req.valid('json'), c.var.actor);
      return c.json({ recorded: true as const }, 200);
    })
    .openapi(interview, async (c) => {
      await supervision.interview(c.var.ledger, c.req.valid('param').no, c.req.valid('json'), c.var.actor);
      return c.json({ recorded: true as const }, 200);
    })
    .openapi(interviews, async (c) =>
      c.json({ interviews: await supervision.interviews(c.var.ledger, c.var.actor) }, 200),
    )
    .openapi(instructions, async (c) =>
      c.json({ instructions: await supervision.instructions(c.var.ledger, c.var.actor) }, 200),
    )
    .openapi(document, async (c) => {
      const id = Number.parseInt(c.req.valid('param').id, 10);
      const notice = await supervision.read(c.var.ledger, id, c.var.today, c.var.actor);
      const task = (await c.var.ledger.taskRefs()).find((t) => t.no === notice.no)!;
      const bytes = await supervisionDocx(notice, task, officeName);
      return c.body(new Uint8Array(bytes), 200, {
        'content-type': DOCX,
        'content-disposition': attachment(`${notice.title}.docx`, `supervision-${id}.docx`),
      });
    });
}
