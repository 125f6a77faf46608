/** The county's routes: its ledgers, its roster, and access (who may sign in as whom). */
import { OFFICE } from '../../../core/policy.ts';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { LIMITS } from '../../../core/limits.ts';
import { allow } from '../auth.ts';
import type { Ledger } from '../../cases/ledger.ts';
import { LedgerError } from '../../errors.ts';
import { preview as previewPlan, readPlanUpload } from '../../cases/plan-import.ts';
import type { Env, RouteDeps } from './env.ts';
import { attachment } from '../answers.ts';
import { readRosterFile, rosterTemplate } from '../../formats/roster-file.ts';
import { json, jsonBody, PlanPreview, problems, UnitKind, workbook, XLSX } from './schemas.ts';

const LedgerSummary = z
  .object({ id: z.string(), title: z.string(), revision: z.number().int(), tasks: z.number().int() })
  .openapi('LedgerSummary');

const Access = z
  .object({
    id: z.number().int(),
    kind: z.enum(['office', 'unit']),
    unit: z.string().openapi({ description: 'The unit a unit token signs in as; empty for the office' }),
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
  responses: { 200: json(z.object({ ledgers: z.array(LedgerSummary) })), ...problems() },
});

const accessList = createRoute({
  method: 'get',
  path: '/access',
  summary: 'Every token issued, with whom it is for, who issued it and when (never the token) — office',
  middleware: [allow('manageAccess')] as const,
  responses: { 200: json(z.object({ access: z.array(Access) })), ...problems(403) },
});

const issueUnit = createRoute({
  method: 'post',
  path: '/access/units',
  summary:
    'Issue a unit a token (a device): shown once, with its sign-in link. Others stay valid unless revokeOthers — office',
  middleware: [allow('manageAccess')] as const,
  request: {
    body: jsonBody(
      z.object({
        unit: z.string().min(1).max(LIMITS.unitName),
        label: z.string().max(100).optional(),
        revokeOthers: z.boolean().optional(),
      }),
    ),
  },
  responses: {
    200: json(z.object({ id: z.number().int(), unit: z.string(), token: z.string(), link: z.string() })),
    ...problems(400, 403, 422),
  },
});

const issueOffice = createRoute({
  method: 'post',
  path: '/access/office',
  summary: "An account for one of the office's staff: the change log names them — office",
  middleware: [allow('manageAccess')] as const,
  request: {
    body: jsonBody(z.object({ person: z.string().min(1).max(50) })),
  },
  responses: { 200: json(z.object({ id: z.number().int(), token: z.string() })), ...problems(400, 403) },
});

const revoke = createRoute({
  method: 'post',
  path: '/access/{id}/revoke',
  summary: 'Revoke a token — office',
  middleware: [allow('manageAccess')] as const,
  request: { params: z.object({ id: z.coerce.number().int().positive() }) },
  responses: { 200: json(z.object({ revoked: z.number().int() })), ...problems(400, 403, 404, 409) },
});

const PlanUpload = z.object({
  file: z.instanceof(File).openapi({
    type: 'string',
    format: 'binary',
    description: 'The plan: .docx, .txt, .xlsx (or .xls/.et with LibreOffice)',
  }),
  title: z.string().max(200).optional(),
  units: z.string().max(100_000).optional().openapi({
    description: 'JSON: [{written, as}] — each new name an alias of a roster unit (as its name) or a new unit (as "")',
  }),
});

const preview = createRoute({
  method: 'post',
  path: '/ledgers/preview',
  summary:
    'Read a plan and say what a ledger from it would hold: tasks, irregularities, units new to the county — office',
  middleware: [allow('createLedger')] as const,
  request: { body: { required: true, content: { 'multipart/form-data': { schema: PlanUpload } } } },
  responses: { 200: json(PlanPreview), ...problems(400, 403, 413, 415, 422) },
});

const create = createRoute({
  method: 'post',
  path: '/ledgers',
  summary: "Make a ledger from the office's plan, with its decisions on new unit names — office",
  middleware: [allow('createLedger')] as const,
  request: { body: { required: true, content: { 'multipart/form-data': { schema: PlanUpload } } } },
  responses: { 200: json(LedgerSummary), ...problems(400, 403, 413, 415, 422) },
});

const Roster = z
  .object({
    county: z.string().max(100),
    source: z.string().max(1000).optional(),
    units: z
      .array(
        z.object({
          name: z.string().min(1).max(LIMITS.unitName),
          aliases: z.array(z.string().max(LIMITS.unitName)).max(50).optional(),
          kind: UnitKind,
        }),
      )
      .max(2000),
    groups: z
      .array(
        z.object({
          name: z.string().min(1).max(LIMITS.unitName),
          aliases: z.array(z.string().max(LIMITS.unitName)).max(50).optional(),
          memberKinds: z.array(UnitKind).optional(),
          members: z.array(z.string().max(LIMITS.unitName)).max(2000).optional(),
        }),
      )
      .max(200),
    leaders: z
      .array(
        z.object({
          name: z.string().min(1).max(50),
          role: z.string().max(100).optional(),
          phone: z
            .string()
            .regex(/^1\d{10}$/, '领导的手机号应为11位数字')
            .optional(),
        }),
      )
      .max(2000),
    decisions: z
      .array(
        z.object({
          about: z.string(),
          decision: z.string(),
          why: z.string(),
          by: z.string().optional(),
          at: z.string().optional(),
        }),
      )
      .max(10_000)
      .optional(),
  })
  .openapi('Roster');

const getRoster = createRoute({
  method: 'get',
  path: '/roster',
  summary:
    "The county's units with their aliases, the groups and their members, the leaders, and the decisions made about names",
  responses: { 200: json(Roster), ...problems() },
});

const putRoster = createRoute({
  method: 'put',
  path: '/roster',
  summary: 'Replace the roster (the office edits units, aliases, groups and leaders); every ledger follows it — office',
  middleware: [allow('editRoster')] as const,
  request: {
    body: jsonBody(Roster),
    query: z.object({
      dropGroups: z.literal('1').optional().openapi({ description: 'Confirmed: groups that tasks name may go' }),
    }),
  },
  responses: { 200: json(Roster), ...problems(400, 403, 409, 422) },
});

const RosterFile = z.object({
  file: z.instanceof(File).openapi({ type: 'string', format: 'binary', description: 'The 单位名册 (.xlsx or .csv)' }),
  county: z.string().max(50).optional().openapi({ description: "The county's name typed beside the file" }),
});

const rosterFromFile = createRoute({
  method: 'post',
  path: '/roster/file',
  summary:
    "Replace the roster's units and groups with a 单位名册 file (.xlsx or .csv, the template's columns); leaders and decisions stay — office",
  middleware: [allow('editRoster')] as const,
  request: { body: { required: true, content: { 'multipart/form-data': { schema: RosterFile } } } },
  responses: {
    200: json(z.object({ roster: Roster, problems: z.array(z.string()) })),
    ...problems(400, 403, 413, 415, 422),
  },
});

const rosterTemplateRoute = createRoute({
  method: 'get',
  path: '/roster/template.xlsx',
  summary: 'The 单位名册 template: its columns, the kinds to pick from, and what to write — office',
  middleware: [allow('editRoster')] as const,
  responses: { 200: workbook, ...problems(403) },
});

const Decisions = z
  .array(z.object({ written: z.string().max(LIMITS.unitName), as: z.string().max(LIMITS.unitName) }))
  .max(1000);

function decisionsOf(text: string | undefined) {
  if (!text) return [];
  try {
    return Decisions.parse(JSON.parse(text));
  } catch {
    throw new LedgerError(
      'bad-request',
      'units 应为 JSON 数组 [{"written": "…", "as": "…"}]。units must be a JSON array of {written, as}.',
    );
  }
}

/** The address a unit signs in at: the token in the fragment, so that it never reaches a server log. */
export const signInLink = (publicUrl: string, token: string) => `${publicUrl.replace(/\/$/, '')}/u/#token=${token}`;

/** A ledger as the list of ledgers shows it. */
const ledgerEntry = async (l: Ledger) => ({
  id: l.ledgerId,
  title: l.title,
  revision: await l.revision(),
  tasks: (await l.taskRefs()).length,
});

export function countyRoutes({ county, publicUrl, pool }: RouteDeps) {
  const read = async (file: File) => {
    const plan = await readPlanUpload(new Uint8Array(await file.arrayBuffer()), pool, OFFICE);
    return { plan, source: file.name || plan.format };
  };
  return new OpenAPIHono<Env>()
    .openapi(preview, async (c) => {
      const { plan } = await read(c.req.valid('form').file);
      return c.json(previewPlan(plan, county.registry), 200);
    })
    .openapi(create, async (c) => {
      const form = c.req.valid('form');
      const decisions = decisionsOf(form.units);
      const { plan, source } = await read(form.file);
      if (plan.blocking.length > 0) {
        throw new LedgerError(
          'not-a-plan',
          `方案的任务清单有问题，台账没有建立：${plan.blocking.join('；')}。The plan's task list is broken; nothing was created.`,
        );
      }
      const ledger = await county.createLedger(
        { title: form.title?.trim() || plan.title, tasks: plan.tasks, source },
        c.var.actor,
        county.rosterForPlan(plan, decisions, c.var.actor),
      );
      return c.json(await ledgerEntry(ledger), 200);
    })
    .openapi(ledgers, async (c) =>
      c.json({ ledgers: await Promise.all((await county.ledgersFor(c.var.actor)).map(ledgerEntry)) }, 200),
    )
    .openapi(getRoster, (c) => c.json(county.registry.data, 200))
    .openapi(putRoster, async (c) => {
      await county.editRoster(c.req.valid('json'), c.var.actor, c.req.valid('query').dropGroups === '1');
      return c.json(county.registry.data, 200);
    })
    .openapi(rosterFromFile, async (c) => {
      const form = c.req.valid('form');
      const read = await readRosterFile(new Uint8Array(await form.file.arrayBuffer()));
      if (read.data.units.length === 0)
        throw new LedgerError('no-table', `名册文件中没有单位。${read.problems.join('')} The file lists no units.`);
      const kept = await county.importRoster(read.data, c.var.actor, form.county);
      return c.json({ roster: county.registry.data, problems: [...read.problems, ...kept] }, 200);
    })
    .openapi(rosterTemplateRoute, async (c) => {
      c.header('Content-Type', XLSX);
      c.header('Content-Disposition', attachment('单位名册模板.xlsx', 'roster-template.xlsx'));
      return c.body(new Uint8Array(await rosterTemplate()), 200);
    })
    .openapi(accessList, async (c) => c.json({ access: await county.access() }, 200))
    .openapi(issueUnit, async (c) => {
      const { unit, label, revokeOthers } = c.req.valid('json');
      const issued = await county.issueUnitAccess(unit, c.var.actor, { label, revokeOthers });
      const canonical = county.unitNamed(unit)!;
      return c.json(
        { id: issued.id, unit: canonical, token: issued.token, link: signInLink(publicUrl, issued.token) },
        200,
      );
    })
    .openapi(issueOffice, async (c) =>
      c.json(await county.issueOfficeAccess(c.req.valid('json').person, c.var.actor), 200),
    )
    .openapi(revoke, async (c) => {
      await county.revokeAccess(c.req.valid('param').id, c.var.actor);
      return c.json({ revoked: c.req.valid('param').id }, 200);
    });
}
