/** POST /api/submissions: a unit's (or the office's) sheet, as JSON rows or an uploaded workbook, through one merge. */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { FIELDS, type Field } from '../../core/fields.ts';
import type { IncomingRow, Submission } from '../../core/merge.ts';
import { parseTaskNo } from '../../core/table.ts';
import type { AuthEnv } from '../auth.ts';
import { problem } from '../http.ts';
import type { Ledger } from '../ledger.ts';
import type { SubmissionOutcome } from '../store/store.ts';
import { WorkbookError, type WorkbookErrorCode } from '../workbook/errors.ts';
import type { ParsePool } from '../workbook/parse-pool.ts';

const STATUS_OF: Record<WorkbookErrorCode, ContentfulStatusCode> = {
  'not-xlsx': 415,
  encrypted: 415,
  'too-large': 413,
  truncated: 400,
  corrupt: 400,
  'no-table': 422,
};

class BadSubmission extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The JSON body: {"baseRevision": n, "rows": [{"no": 7, "progress": "…", …}]}. */
function rowsFromJson(body: unknown): { baseRevision: number; rows: IncomingRow[]; warnings: string[] } {
  const bad = (message: string) => new BadSubmission(400, 'bad-submission', message);
  if (typeof body !== 'object' || body === null) throw bad('请求体应为 JSON 对象。The body must be a JSON object.');
  const { baseRevision, rows } = body as { baseRevision?: unknown; rows?: unknown };
  if (!Number.isInteger(baseRevision) || (baseRevision as number) < 0) throw bad('缺少 baseRevision（下载时的台账版本号）。baseRevision must be a whole number.');
  if (!Array.isArray(rows)) throw bad('缺少 rows 数组。rows must be an array.');
  const warnings: string[] = [];
  const incoming = rows.map((raw, i): IncomingRow => {
    if (typeof raw !== 'object' || raw === null) throw bad(`rows[${i}] 应为对象。rows[${i}] must be an object.`);
    const { no, id, unit, ...rest } = raw as Record<string, unknown>;
    const taskNo = typeof no === 'number' ? no : typeof no === 'string' ? parseTaskNo(no) : undefined;
    if (taskNo === undefined && typeof id !== 'string') throw bad(`rows[${i}] 缺少序号 no。rows[${i}] needs "no".`);
    const values: Partial<Record<Field, string>> = {};
    for (const [key, value] of Object.entries(rest)) {
      if (!(FIELDS as readonly string[]).includes(key)) {
        warnings.push(`rows[${i}] 中的“${key}”不是台账字段，已忽略。Unknown field "${key}" ignored.`);
        continue;
      }
      if (typeof value !== 'string') throw bad(`rows[${i}].${key} 应为文字。rows[${i}].${key} must be a string.`);
      values[key as Field] = value;
    }
    if (typeof id === 'string' && taskNo !== undefined) values.no = String(taskNo);
    return { taskId: typeof id === 'string' ? id : undefined, no: taskNo, unit: typeof unit === 'string' ? unit : undefined, values };
  });
  return { baseRevision: baseRevision as number, rows: incoming, warnings };
}

async function rowsFromWorkbook(c: Context<AuthEnv>, ledger: Ledger, pool: ParsePool) {
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw new BadSubmission(400, 'bad-submission', '无法读取上传的表单。The multipart body could not be read.');
  }
  const file = form.get('file');
  if (!(file instanceof File)) throw new BadSubmission(400, 'bad-submission', '请在 file 字段中上传工作簿。Upload the workbook in the "file" field.');
  let workbook;
  try {
    workbook = await pool.parse(new Uint8Array(await file.arrayBuffer()));
  } catch (error) {
    if (error instanceof WorkbookError) throw new BadSubmission(STATUS_OF[error.code], error.code, error.message);
    throw error;
  }
  const { stamp, table, tasks } = workbook;
  const warnings: string[] = [];
  if (stamp && stamp.ledgerId !== ledger.ledgerId) {
    throw new BadSubmission(409, 'other-ledger', '这个工作簿来自另一本台账，不能提交到本台账。The workbook belongs to another ledger.');
  }
  let baseRevision = stamp?.revision ?? Number(form.get('baseRevision'));
  if (!Number.isInteger(baseRevision) || baseRevision < 0) {
    baseRevision = ledger.revision;
    warnings.push(`工作簿没有台账版本标识，按当前版本${baseRevision}合并：他人在此之前的修改不会被识别为冲突。The workbook has no stamp; merged against the current revision.`);
  }
  for (const row of table.rows) {
    if (parseTaskNo(row.values.no) === undefined) warnings.push(`第${row.row}行的序号“${row.values.no}”无法识别，该行未处理。Row ${row.row} has no usable No.`);
  }
  const rows: IncomingRow[] = tasks.map((task) => ({
    taskId: stamp ? task.id : undefined,
    no: task.no,
    values: Object.fromEntries(FIELDS.map((f) => [f, f === 'no' ? String(task.no) : task[f]])),
  }));
  return { baseRevision, rows, warnings, unit: stamp?.unit || String(form.get('unit') ?? '') };
}

function answer(outcome: SubmissionOutcome, warnings: string[]) {
  const { result } = outcome;
  return {
    submission: outcome.submission,
    revision: outcome.revision,
    applied: result.applied.map((a) => ({ no: a.no, field: a.field, unit: a.unit })),
    conflicts: result.conflicts.map((k, i) => ({ id: outcome.conflictIds[i], no: k.no, field: k.field, unit: k.unit, base: k.base, master: k.master, masterBy: k.masterBy, incoming: k.incoming, incomingBy: k.incomingBy })),
    rejected: result.rejected,
    warnings: [...warnings, ...result.warnings],
  };
}

export function submissionRoutes(ledger: Ledger, pool: ParsePool, maxBodyBytes: number) {
  return new Hono<AuthEnv>().post(
    '/',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) => problem(c, 413, 'too-large', `提交的内容超过${Math.round(maxBodyBytes / 1024 / 1024)} MB，已拒绝。The body is too large.`),
    }),
    async (c) => {
      const actor = c.get('actor');
      const type = c.req.header('content-type') ?? '';
      try {
        let submission: Submission;
        let warnings: string[];
        let source: string;
        if (type.startsWith('multipart/form-data')) {
          const sheet = await rowsFromWorkbook(c, ledger, pool);
          const owner = sheet.unit ? ledger.unitNamed(sheet.unit) : undefined;
          if (actor.kind === 'unit' && owner && owner !== actor.unit) {
            throw new BadSubmission(403, 'forbidden', `这是${owner}的报表，${actor.unit}不能提交。The sheet belongs to another unit.`);
          }
          const rows = actor.kind === 'office' && owner ? sheet.rows.map((r) => ({ ...r, unit: owner })) : sheet.rows;
          submission = { actor, baseRevision: sheet.baseRevision, rows, wholeSheet: actor.kind === 'unit' };
          warnings = sheet.warnings;
          source = 'xlsx';
        } else if (type.startsWith('application/json')) {
          let body: unknown;
          try {
            body = await c.req.json();
          } catch {
            throw new BadSubmission(400, 'malformed-json', '请求体不是有效的 JSON。The body is not valid JSON.');
          }
          const parsed = rowsFromJson(body);
          const rows = parsed.rows.map((row) => {
            if (!row.unit) return row;
            const unit = ledger.unitNamed(row.unit);
            if (!unit) throw new BadSubmission(400, 'unknown-unit', `单位“${row.unit}”不在本台账的单位名册中。Unknown unit.`);
            if (actor.kind === 'unit' && unit !== actor.unit) throw new BadSubmission(403, 'forbidden', `${actor.unit}只能提交本单位的填报内容。A unit submits only its own values.`);
            return { ...row, unit };
          });
          submission = { actor, baseRevision: parsed.baseRevision, rows };
          warnings = parsed.warnings;
          source = 'json';
        } else {
          throw new BadSubmission(415, 'unsupported-media-type', '请以 JSON（application/json）或上传工作簿（multipart/form-data）的方式提交。Send JSON or multipart/form-data.');
        }
        return c.json(answer(ledger.submit(submission, source), warnings));
      } catch (error) {
        if (error instanceof BadSubmission) return problem(c, error.status, error.code, error.message);
        throw error;
      }
    },
  );
}
