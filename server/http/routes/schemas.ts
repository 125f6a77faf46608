/** The API's shapes, once: validation at the edge, the OpenAPI description and the clients' types all come from here. */
import { z } from '@hono/zod-openapi';
import { FIELDS } from '../../../core/fields.ts';
import { LIMITS } from '../../../core/limits.ts';
import { ROUND_STATES } from '../../../core/round.ts';
import { TEXT_FIELDS } from '../../../core/task.ts';

export const Problem = z
  .object({
    error: z.object({ code: z.string(), message: z.string().openapi({ description: 'Chinese, then English' }) }),
  })
  .openapi('Problem');

const Text = z.string().max(LIMITS.cellText);
const Field = z.enum(FIELDS);
const UnitName = z.string().min(1).max(LIMITS.unitName);

const textFields = Object.fromEntries(TEXT_FIELDS.map((f) => [f, Text.optional()])) as Record<
  (typeof TEXT_FIELDS)[number],
  z.ZodOptional<typeof Text>
>;

export const Row = z
  .looseObject({
    no: z.union([z.number().int().positive(), z.string().max(12)]).optional(),
    id: z
      .string()
      .max(100)
      .optional()
      .openapi({ description: 'The task id (任务标识) from a pulled sheet; else `no` identifies the task' }),
    unit: UnitName.optional().openapi({ description: 'Office only: whose follow-up values these are' }),
    ...textFields,
  })
  .openapi('Row', { description: 'One task. Fields left out are left as they are.' });

export const SubmissionBody = z
  .object({
    baseRevision: z.number().int().min(0).openapi({ description: 'The master revision the values were read at' }),
    copy: z.string().max(100).optional().openapi({
      description: 'Which copy (pulled sheet, page) the rows come from: its earlier submissions are its base',
    }),
    rows: z.array(Row).max(LIMITS.rows),
    reporter: z
      .object({ name: z.string().max(50), phone: z.string().max(30) })
      .optional()
      .openapi({ description: '填报人 and 联系电话: who at the unit filled it in' }),
    onBehalfOf: UnitName.optional().openapi({
      description: 'Office only (办公室代填): the unit whose words these are, phoned in; they count as its report',
    }),
  })
  .openapi('SubmissionBody');

export const Upload = z.object({
  file: z.instanceof(File).openapi({ type: 'string', format: 'binary', description: 'The filled workbook (.xlsx)' }),
  unit: UnitName.optional().openapi({ description: 'Office only: whose sheet, when it has no stamp' }),
  baseRevision: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .openapi({ description: 'The base, when the workbook has no stamp' }),
});

const CellRef = { no: z.number().int(), field: Field, unit: z.string() };

export const SubmissionResult = z
  .object({
    submission: z.number().int(),
    revision: z.number().int(),
    applied: z.array(z.object(CellRef)),
    conflicts: z.array(
      z.object({
        id: z.number().int(),
        ...CellRef,
        base: z.string(),
        master: z.string(),
        masterBy: z.string(),
        incoming: z.string(),
        incomingBy: z.string(),
      }),
    ),
    rejected: z.array(
      z.object({ no: z.union([z.number(), z.string()]), field: z.union([Field, z.literal('*')]), reason: z.string() }),
    ),
    warnings: z.array(z.string()),
  })
  .openapi('SubmissionResult');

/** A task's own text fields as the API answers them. */
const taskText = Object.fromEntries(TEXT_FIELDS.map((f) => [f, z.string()])) as Record<
  (typeof TEXT_FIELDS)[number],
  z.ZodString
>;

const FollowUp = z.object({ progress: z.string(), status: z.string(), remarks: z.string() });

export const TaskView = z
  .object({
    id: z.string(),
    no: z.number().int(),
    ...taskText,
    leadUnitNames: z.array(z.string()),
    responsibleUnitNames: z.array(z.string()),
    byUnit: z.record(z.string(), FollowUp),
    office: FollowUp.openapi({ description: "The office's own task-level entries" }),
    unreported: z
      .boolean()
      .optional()
      .openapi({ description: 'No progress on the task this round, past the deadline' }),
    conflicts: z
      .array(
        z.object({
          field: Field,
          mine: z.string(),
          office: z.string(),
          officeBy: z.string(),
          openedAt: z.string(),
          decided: z.object({ value: z.string(), by: z.string(), at: z.string() }).nullable(),
        }),
      )
      .optional()
      .openapi({ description: 'For a unit: its cells in conflict, open, or settled since it last wrote them' }),
  })
  .openapi('Task');

export const Tasks = z
  .object({
    ledgerId: z.string(),
    title: z.string(),
    revision: z.number().int(),
    unit: z.string().nullable().openapi({ description: 'The reading unit; null for the office' }),
    reporter: z
      .object({ name: z.string(), phone: z.string() })
      .nullable()
      .openapi({ description: "The reading unit's last 填报人 and 联系电话, to fill in ahead" }),
    tasks: z.array(TaskView),
  })
  .openapi('Tasks');

export const UnitStatus = z
  .object({
    name: z.string(),
    kind: z.string(),
    state: z.enum(ROUND_STATES).openapi({ description: 'In the round open now, or in the last one' }),
    tasks: z.number().int(),
    downloadedAt: z.string().nullable().openapi({ description: 'Fetched its sheet or tasks in this round' }),
    reportedAt: z.string().nullable().openapi({ description: "This round's first report that was taken" }),
    lastSubmissionAt: z.string().nullable(),
    reporter: z.string().nullable().openapi({ description: '填报人 and 联系电话 of the last report' }),
    openConflicts: z.number().int(),
  })
  .openapi('UnitStatus');

export const Round = z
  .object({
    id: z.string(),
    period: z.string(),
    deadline: z.string(),
    openedAt: z.string(),
    openedBy: z.string(),
    closedAt: z.string().nullable(),
    closedBy: z.string().nullable(),
  })
  .openapi('Round');

export const Conflict = z
  .object({
    id: z.number().int(),
    submissionId: z.number().int(),
    taskId: z.string(),
    no: z.number().int(),
    unit: z.string(),
    field: Field,
    base: z.string(),
    master: z.string(),
    masterBy: z.string(),
    incoming: z.string(),
    incomingBy: z.string(),
    openedAt: z.string(),
    resolvedValue: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    resolvedBy: z.string().nullable(),
  })
  .openapi('Conflict');

export const Change = z
  .object({
    seq: z.number().int(),
    revision: z.number().int(),
    submission: z.number().int().nullable(),
    actor: z.string(),
    taskId: z.string(),
    unit: z.string(),
    field: Field,
    old: z.string(),
    value: z.string(),
    at: z.string(),
  })
  .openapi('Change');

export const json = <T extends z.ZodType>(schema: T, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const workbook = {
  description: 'The workbook',
  content: { [XLSX]: { schema: z.string().openapi({ format: 'binary' }) } },
};

export const wordDocument = {
  description: 'A Word document',
  content: { [DOCX]: { schema: z.string().openapi({ format: 'binary' }) } },
};

/** Error answers a route may give, documented with the Problem shape. */
/**
 * The problems a route answers besides its own: every route behind the token may answer 401 (no
 * or a wrong token) and 429 (too many guesses or writes), so only the others are named.
 */
export const problems = (...codes: (400 | 403 | 404 | 409 | 413 | 415 | 422 | 502 | 503)[]) =>
  Object.fromEntries([401, 429, ...codes].map((code) => [code, json(Problem, 'Problem')])) as Record<
    number,
    ReturnType<typeof json<typeof Problem>>
  >;

/** A JSON request body, required. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

/** ?today=: judge colours and lateness as of another date (a what-if); nothing stored changes. */
export const Judging = z.object({
  today: z.iso
    .date()
    .optional()
    .openapi({ description: 'Judge colours and lateness as of this date (YYYY-MM-DD); nothing stored changes' }),
});

export const UnitKind = z.enum(['party', 'government', 'office', 'township', 'management-committee']);

/** What a ledger from an uploaded plan would hold, before anything is created. */
export const PlanPreview = z
  .object({
    title: z.string(),
    format: z.string().openapi({ description: 'The file as read: 文本, Word, Excel' }),
    tasks: z.array(z.object({ id: z.string(), no: z.number().int(), ...taskText })),
    fieldsPerTask: z.record(z.string(), z.number().int()),
    irregularities: z.array(z.object({ where: z.string(), message: z.string(), task: z.number().int().optional() })),
    blocking: z
      .array(z.string())
      .openapi({ description: 'What keeps the plan from becoming a ledger; empty when it can' }),
    units: z.array(
      z.discriminatedUnion('status', [
        z.object({ written: z.string(), status: z.literal('known'), canonical: z.string() }),
        z.object({ written: z.string(), status: z.literal('alias'), canonical: z.string() }),
        z.object({ written: z.string(), status: z.literal('group'), canonical: z.string(), members: z.number().int() }),
        z.object({ written: z.string(), status: z.literal('new-group'), memberKinds: z.array(UnitKind) }),
        z.object({
          written: z.string(),
          status: z.literal('new'),
          proposal: z.string().optional(),
          reason: z.string().optional(),
        }),
      ]),
    ),
    leaders: z.array(z.object({ name: z.string(), known: z.boolean() })),
    county: z.string().optional(),
  })
  .openapi('PlanPreview');

/** A 销号 request and where it stands. */
export const Closure = z
  .object({
    id: z.number().int(),
    no: z.number().int(),
    requestedBy: z.string(),
    requestedAt: z.string(),
    note: z.string(),
    confirmations: z.array(z.object({ unit: z.string(), at: z.string() })),
    waitingFor: z.array(z.string()).openapi({ description: 'Lead units still to confirm' }),
    state: z.enum(['待确认', '待审核', '已销号', '已退回']),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    reason: z.string().nullable().openapi({ description: 'Why the office returned it' }),
  })
  .openapi('Closure');
