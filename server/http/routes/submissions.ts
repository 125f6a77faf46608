/** POST /api/submissions: a unit's (or the office's) sheet, as JSON rows or an uploaded workbook (cases/submitting.ts). */
import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import { LedgerError } from '../../errors.ts';
import type { SubmissionOutcome } from '../../cases/ledger.ts';
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

export function submissionRoutes({ submitting, writes }: RouteDeps) {
  const app = new OpenAPIHono<Env>();
  app.use('/submissions', limitWrites(writes));
  return app.openapi(submit, async (c) => {
    const { actor, ledger } = c.var;
    const type = c.req.header('content-type') ?? '';
    if (!/^(multipart\/form-data|application\/json)/i.test(type)) {
      throw new LedgerError(
        'unsupported-media-type',
        '请以 JSON（application/json）或上传工作簿（multipart/form-data）的方式提交。Send JSON or multipart/form-data.',
      );
    }
    const { outcome, warnings } = type.startsWith('multipart/form-data')
      ? await submitting.upload(ledger, actor, c.req.valid('form') as z.infer<typeof Upload>)
      : await submitting.json(ledger, actor, c.req.valid('json') as z.infer<typeof SubmissionBody>);
    return c.json(answer(outcome, warnings), 200);
  });
}
