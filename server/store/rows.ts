/**
 * The shapes of the database's answers, parsed rather than cast: a column renamed or a value of the
 * wrong type fails here, with the query's shape named, instead of travelling on as `undefined`.
 */
import { z } from 'zod';
import { FIELDS } from '../../core/fields.ts';

const field = z.enum(FIELDS);
const text = z.string();
const optionalText = z.string().nullable();

export const Rows = {
  value: z.object({ value: text }),
  count: z.object({ n: z.number() }),
  column: z.object({ name: text }),
  taskId: z.object({ id: text }),
  taskCell: z.object({ task_id: text, field, value: text }),
  unitCell: z.object({ task_id: text, unit: text, field, value: text }),
  cellState: z.object({ value: text, by: text, revision: z.number() }),
  cellOfUnit: z.object({ field, value: text, by: text, revision: z.number() }),
  problem: z.object({ task_id: text, value: text }),
  loadedCell: z.object({ task_id: text, unit: text, field, value: text, by: text, revision: z.number() }),
  loadedChange: z.object({
    task_id: text,
    unit: text,
    field,
    value: text,
    by: text,
    revision: z.number(),
    copy: optionalText,
  }),
  loadedConflict: z.object({
    id: z.number(),
    task_id: text,
    unit: text,
    field,
    incoming: text,
    incoming_by: text,
    revision: z.number(),
    resolved_at: optionalText,
  }),
  id: z.object({ id: z.number() }),
  copyVersion: z.object({ saved_at: optionalText, received_at: text, sent: text }),
  conflict: z.object({
    id: z.number(),
    submission_id: z.number(),
    task_id: text,
    no: z.union([z.string(), z.number()]).nullable(),
    unit: text,
    field,
    base: text,
    master: text,
    master_by: text,
    incoming: text,
    incoming_by: text,
    opened_at: text,
    resolved_value: optionalText,
    resolved_at: optionalText,
    resolved_by: optionalText,
  }),
  change: z.object({
    seq: z.number(),
    revision: z.number(),
    submission_id: z.number().nullable(),
    actor: text,
    task_id: text,
    unit: text,
    field,
    old_value: text,
    new_value: text,
    at: text,
  }),
  unit: z.object({
    name: text,
    kind: text,
    position: z.number(),
    token_hash: optionalText,
    downloaded_at: optionalText,
    downloaded_revision: z.number().nullable(),
  }),
  evidence: z.object({
    id: z.number(),
    task_id: text,
    unit: text,
    round: text,
    name: text,
    size: z.number(),
    sha256: text,
    type: text,
    uploaded_by: text,
    uploaded_at: text,
    removed_by: optionalText.optional(),
    removed_at: optionalText.optional(),
    purged_at: optionalText.optional(),
  }),
  submissionReporter: z.object({ actor: text, at: text, reporter: text, phone: text, counted: z.number() }),
  report: z.object({ actor: text, at: text, applied: z.number().int(), conflicts: z.number().int() }),
  round: z.object({
    id: text,
    period: text,
    deadline: text,
    opened_at: text,
    opened_by: text,
    closed_at: optionalText,
    closed_by: optionalText,
  }),
  closure: z.object({
    id: z.number(),
    task_id: text,
    requested_by: text,
    requested_at: text,
    note: text,
    confirmations: text,
    state: z.enum(['待确认', '待审核', '已销号', '已退回']),
    decided_by: optionalText,
    decided_at: optionalText,
    reason: optionalText,
  }),
};

export type UnitRow = z.infer<typeof Rows.unit>;
export type EvidenceRow = z.infer<typeof Rows.evidence>;

/** Every row of a query's answer, parsed. */
export const parseAll = <T>(schema: z.ZodType<T>, rows: unknown[]): T[] => rows.map((r) => schema.parse(r));

/** One row or none, parsed. */
export const parseOne = <T>(schema: z.ZodType<T>, row: unknown): T | undefined =>
  row === undefined ? undefined : schema.parse(row);
export type RoundRow = z.infer<typeof Rows.round>;
export type ClosureRow = z.infer<typeof Rows.closure>;
