/** A ledger's round: where it stands, 催报 (who owes, the messages, the group bot), and a closed round's workbook. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { allow } from '../auth.ts';
import { LedgerError } from '../../errors.ts';
import { owing, sendChase } from '../../cases/chasing.ts';
import { attachment } from '../answers.ts';
import type { Ledger } from '../../cases/ledger.ts';
import { roundReport } from '../../../core/report.ts';
import { reportInput } from '../../cases/report.ts';
import { roundWorkbook } from '../../cases/downloads.ts';
import type { Env, RouteDeps } from './env.ts';
import { DOCX, Judging, json, problems, Round, UnitStatus, wordDocument, workbook, XLSX } from './schemas.ts';

const RoundId = z.object({ id: z.string().min(1).max(40) });

const roundNow = createRoute({
  method: 'get',
  path: '/round',
  summary: 'The round open now (or the last one), and for a unit its own state in it',
  request: { query: Judging },
  responses: {
    200: json(
      z.object({ round: Round.nullable(), reportingDeadline: z.string().nullable(), unit: UnitStatus.nullable() }),
    ),
    ...problems(404),
  },
});

const chase = createRoute({
  method: 'get',
  path: '/chase',
  summary:
    '催报: units that owe the round its report, a message for each and one for the group; units waiting on a conflict — office',
  middleware: [allow('chase')] as const,
  responses: {
    200: json(
      z.object({
        round: Round.nullable(),
        owing: z.array(
          z.object({
            unit: z.string(),
            tasks: z.number().int(),
            downloadedAt: z.string().nullable(),
            message: z.string(),
          }),
        ),
        group: z.string(),
        conflicts: z.array(z.object({ unit: z.string(), openConflicts: z.number().int() })),
        webhook: z.boolean().openapi({ description: 'A group bot is configured' }),
      }),
    ),
    ...problems(403, 404),
  },
});

const chaseSend = createRoute({
  method: 'post',
  path: '/chase/send',
  summary: "Send the group's 催报 message to the configured WeCom or DingTalk group bot — office",
  middleware: [allow('chase')] as const,
  responses: {
    200: json(z.object({ sent: z.string(), status: z.number().int(), reply: z.string() })),
    ...problems(400, 403, 404, 502),
  },
});

const roundMaster = createRoute({
  method: 'get',
  path: '/rounds/{id}/master.xlsx',
  summary: "A closed round's consolidated workbook, as the round left the ledger — office",
  middleware: [allow('readMaster')] as const,
  request: { params: RoundId },
  responses: { 200: workbook, ...problems(403, 404) },
});

const roundReportDoc = createRoute({
  method: 'get',
  path: '/rounds/{id}/report.docx',
  summary:
    "The round's 整改情况报告 as a Word document (a closed round as it closed; the open one as it stands) — office",
  middleware: [allow('readMaster')] as const,
  request: { params: RoundId, query: Judging },
  responses: {
    200: wordDocument,
    ...problems(403, 404),
  },
});

const compare = createRoute({
  method: 'get',
  path: '/compare',
  summary: "Month over month: each task's progress as the last closed round left it, and now — office",
  middleware: [allow('readMaster')] as const,
  responses: {
    200: json(
      z.object({
        period: z.string().nullable().openapi({ description: 'The last closed round; null before the first closes' }),
        rows: z.array(z.object({ no: z.number().int(), before: z.string(), now: z.string() })),
      }),
    ),
    ...problems(403, 404),
  },
});

async function snapshotOf(ledger: Ledger, id: string) {
  const snapshot = await ledger.roundSnapshot(id);
  if (!snapshot) throw new LedgerError('not-found', '没有这一轮，或这一轮尚未结束。No such closed round.');
  return snapshot;
}

export function roundRoutes({ county, publicUrl, chase: sender, officeName, supervision, scoring }: RouteDeps) {
  const unitPage = `${publicUrl.replace(/\/$/, '')}/u/`;
  return new OpenAPIHono<Env>()
    .openapi(roundNow, async (c) => {
      const { actor, ledger } = c.var;
      const own =
        actor.kind === 'unit' ? ((await ledger.unitStatuses()).find((u) => u.name === actor.unit) ?? null) : null;
      return c.json(
        {
          round: (await ledger.latestRound()) ?? null,
          reportingDeadline: await ledger.reportingDeadline(),
          unit: own,
        },
        200,
      );
    })
    .openapi(chase, async (c) => c.json({ ...(await owing(c.var.ledger, unitPage)), webhook: sender.configured }, 200))
    .openapi(chaseSend, async (c) => c.json(await sendChase(county, c.var.ledger, c.var.actor, sender, unitPage), 200))
    .openapi(roundReportDoc, async (c) => {
      const state = await c.var.ledger.roundState(c.req.valid('param').id, c.var.today);
      // The Word writer is loaded for the first report asked for, not at every start.
      const { reportDocx } = await import('../../formats/report-docx.ts');
      const bytes = await reportDocx(roundReport(await reportInput(c.var.ledger, state, officeName, supervision)));
      c.header('Content-Type', DOCX);
      c.header(
        'Content-Disposition',
        attachment(
          `${state.title}${state.round?.period ?? ''}整改情况报告.docx`,
          `ledger-report-round-${c.req.valid('param').id}.docx`,
        ),
      );
      return c.body(new Uint8Array(bytes), 200);
    })
    .openapi(compare, async (c) => c.json(await c.var.ledger.comparison(), 200))
    .openapi(roundMaster, async (c) => {
      const snapshot = await snapshotOf(c.var.ledger, c.req.valid('param').id);
      const bytes = await roundWorkbook(c.var.ledger, snapshot, { supervision, scoring });
      c.header('Content-Type', XLSX);
      c.header(
        'Content-Disposition',
        attachment(
          `整改台账汇总-${snapshot.round?.period ?? ''}-第${snapshot.revision}版.xlsx`,
          `ledger-master-round-${c.req.valid('param').id}-r${snapshot.revision}.xlsx`,
        ),
      );
      return c.body(new Uint8Array(bytes), 200);
    });
}
