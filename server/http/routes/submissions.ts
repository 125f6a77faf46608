/** POST /api/submissions: a unit's (or the office's) sheet, as JSON rows or an uploaded workbook, through the one write path. */
import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import type { Field } from '../../../core/fields.ts';
import { actorName } from '../../../core/policy.ts';
import { LedgerError } from '../../errors.ts';
import type { SubmissionOutcome } from '../../cases/ledger.ts';
import { convertWithLibreOffice } from '../../formats/workbook/libreoffice.ts';
import { detectFormat } from '../../formats/workbook/format.ts';
import { fromJson, fromWorkbook, KNOWN_ROW_KEYS, type Input, type JsonRow } from '../../cases/submission-input.ts';
import { limitWrites } from '../write-limits.ts';
import type { Env, RouteDeps } from './env.ts';
import { json, problems, SubmissionBody, SubmissionResult, Upload } from './schemas.ts';

const submit = createRoute({
  method: 'post',
  path: '/submissions',
  summary: 'Submit rows as JSON, or the workbook as multipart field `file`; both go through the same merge',
  request: {
    // Not `required`: the validator of each media type then runs only for its own content type.
    body: {
      content: { 'application/json': { schema: SubmissionBody }, 'multipart/form-data': { schema: Upload } },
    },
  },
  responses: { 200: json(SubmissionResult), ...problems(400, 403, 409, 413, 415, 422, 503) },
});

/** An .xls, WPS .et or .ods sheet converted to .xlsx when LibreOffice is installed; anything else as it came. */
async function asXlsx(bytes: Uint8Array, submitter: string): Promise<Uint8Array> {
  const format = detectFormat(bytes);
  if (format !== 'xls' && format !== 'ods') return bytes;
  return convertWithLibreOffice(bytes, format, 'xlsx', 'not-xlsx', submitter);
}

function answer(outcome: SubmissionOutcome, warnings: string[]) {
  const { result } = outcome;
  return {
    submission: outcome.submission,
    revision: outcome.revision,
    applied: result.applied.map((a) => ({ no: a.no, field: a.field, unit: a.unit })),
    conflicts: result.conflicts.map((k, i) => ({
      id: outcome.conflictIds[i]!,
      no: k.no,
      field: k.field,
      unit: k.unit,
      base: k.base,
      master: k.master,
      masterBy: k.masterBy,
      incoming: k.incoming,
      incomingBy: k.incomingBy,
    })),
    rejected: result.rejected,
    warnings: [...warnings, ...result.warnings],
  };
}

/** The body's rows split into known fields and the keys we do not know. */
function jsonRows(rows: Record<string, unknown>[]): { rows: JsonRow[]; unknown: string[] } {
  const unknown = new Set<string>();
  const parsed = rows.map((row) => {
    const values: Partial<Record<Field, string>> = {};
    for (const [key, value] of Object.entries(row)) {
      if (!KNOWN_ROW_KEYS.has(key)) unknown.add(key);
      else if (key !== 'no' && key !== 'id' && key !== 'unit' && typeof value === 'string')
        values[key as Field] = value;
    }
    return {
      no: row.no as JsonRow['no'],
      id: row.id as string | undefined,
      unit: row.unit as string | undefined,
      values,
    };
  });
  return { rows: parsed, unknown: [...unknown] };
}

/**
 * Submissions being handled on this thread, by every route and app in the process: an upload alone
 * has its small workbook read right here; one sent beside others, by the workers.
 */
let inHand = 0;

export function submissionRoutes({ pool, writes }: RouteDeps) {
  const app = new OpenAPIHono<Env>();
  app.use('/submissions', async (_c, next) => {
    inHand++;
    try {
      await next();
    } finally {
      inHand--;
    }
  });
  app.use('/submissions', limitWrites(writes));
  return app.openapi(submit, async (c) => {
    const actor = c.get('actor');
    const type = c.req.header('content-type') ?? '';
    if (!/^(multipart\/form-data|application\/json)/i.test(type)) {
      throw new LedgerError(
        'unsupported-media-type',
        '请以 JSON（application/json）或上传工作簿（multipart/form-data）的方式提交。Send JSON or multipart/form-data.',
      );
    }
    const written = async ({ submission, source, warnings, loggedAs }: Input) =>
      c.json(answer(await c.var.ledger.write(submission, source, undefined, loggedAs), warnings), 200);
    if (!type.startsWith('multipart/form-data')) {
      const body = c.req.valid('json') as z.infer<typeof SubmissionBody>;
      const { rows, unknown } = jsonRows(body.rows);
      return written(await fromJson(c.var.ledger, actor, { ...body, rows }, unknown));
    }
    const form = c.req.valid('form') as z.infer<typeof Upload>;
    const bytes = await asXlsx(new Uint8Array(await form.file.arrayBuffer()), actorName(actor));
    const workbook = await pool.parse(bytes, actorName(actor), { inPlace: inHand === 1 });
    return written(await fromWorkbook(c.var.ledger, actor, workbook, form));
  });
}
