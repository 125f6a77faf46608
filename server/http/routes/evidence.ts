/** 佐证材料: files attached to a task, listed, downloaded one by one, and one zip per task for the office's archive (一问题一档案). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { allow } from '../auth.ts';
import { LedgerError } from '../../errors.ts';
import type { Archive } from '../../cases/evidence.ts';
import { archiveStream, EVIDENCE_LIMITS, megabytes } from '../../formats/evidence-files.ts';
import { attachment } from '../answers.ts';
import { limitAttachments } from '../write-limits.ts';
import type { Env, RouteDeps } from './env.ts';
import { json, problems } from './schemas.ts';

const Evidence = z
  .object({
    id: z.number().int(),
    unit: z.string(),
    round: z.string(),
    name: z.string(),
    size: z.number().int(),
    type: z.string(),
    uploadedBy: z.string(),
    uploadedAt: z.string(),
  })
  .openapi('Evidence');
const TaskNo = z.object({ no: z.coerce.number().int().positive() });

const attach = createRoute({
  method: 'post',
  path: '/tasks/{no}/evidence',
  summary:
    'Attach a file to a task for this round (images, PDF, Word, Excel; 20 MB each, 100 MB per unit, task and round) — its units and the office',
  request: {
    params: TaskNo,
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z.object({ file: z.instanceof(File).openapi({ type: 'string', format: 'binary' }) }),
        },
      },
    },
  },
  responses: { 200: json(Evidence), ...problems(400, 403, 404, 413, 415) },
});

const list = createRoute({
  method: 'get',
  path: '/tasks/{no}/evidence',
  summary: "A task's evidence, as the reader may see it",
  request: { params: TaskNo },
  responses: { 200: json(z.object({ evidence: z.array(Evidence) })), ...problems(400, 403, 404) },
});

const listAll = createRoute({
  method: 'get',
  path: '/evidence',
  summary: "Every task's evidence the reader may see, with the task's 序号: one request for a unit's page",
  responses: {
    200: json(z.object({ evidence: z.array(Evidence.extend({ no: z.number().int() })) })),
    ...problems(),
  },
});

const file = createRoute({
  method: 'get',
  path: '/evidence/{id}',
  summary: 'One evidence file, as a download (never shown inline)',
  request: { params: z.object({ id: z.coerce.number().int().positive() }) },
  responses: {
    200: {
      description: 'The file',
      content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    ...problems(400, 403, 404),
  },
});

const archive = createRoute({
  method: 'get',
  path: '/tasks/{no}/evidence.zip',
  summary: "The task's file (一问题一档案): its change log as a sheet and every evidence file — office",
  middleware: [allow('archiveEvidence')] as const,
  request: { params: TaskNo },
  responses: {
    200: { description: 'A zip', content: { 'application/zip': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...problems(400, 403, 404),
  },
});

const roundArchive = createRoute({
  method: 'get',
  path: '/evidence.zip',
  summary: "Every evidence file of a round (?round=, default this round's), by task and unit — office",
  middleware: [allow('archiveEvidence')] as const,
  request: { query: z.object({ round: z.string().max(20).optional() }) },
  responses: {
    200: { description: 'A zip', content: { 'application/zip': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...problems(400, 403),
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/evidence/{id}',
  summary:
    'Remove a file: a unit its own while the round it was attached in is open, the office any; the entry stays on record with who and when',
  request: { params: z.object({ id: z.coerce.number().int().positive() }) },
  responses: { 200: json(z.object({ removed: z.number().int() })), ...problems(403, 404, 409) },
});

export function evidenceRoutes({ attachments }: RouteDeps) {
  const app = new OpenAPIHono<Env>();
  app.use('/tasks/:no/evidence', limitAttachments(attachments));
  app.use(
    '/tasks/:no/evidence',
    bodyLimit({
      maxSize: EVIDENCE_LIMITS.perFile + 256 * 1024,
      onError: () => {
        throw new LedgerError(
          'too-large',
          `佐证材料每个文件不超过${megabytes(EVIDENCE_LIMITS.perFile)}。` +
            `Each file must be under ${megabytes(EVIDENCE_LIMITS.perFile)}.`,
        );
      },
    }),
  );
  return app
    .openapi(attach, async (c) => {
      const upload = c.req.valid('form').file;
      const file = { name: upload.name, bytes: new Uint8Array(await upload.arrayBuffer()) };
      return c.json(await c.var.ledger.evidence.attach(c.req.valid('param').no, c.var.actor, file), 200);
    })
    .openapi(list, async (c) =>
      c.json({ evidence: await c.var.ledger.evidence.ofTask(c.req.valid('param').no, c.var.actor) }, 200),
    )
    .openapi(listAll, async (c) => c.json({ evidence: await c.var.ledger.evidence.all(c.var.actor) }, 200))
    .openapi(file, async (c) => {
      const { id } = c.req.valid('param');
      const { name, type, bytes } = await c.var.ledger.evidence.file(id, c.var.actor);
      c.header('Content-Type', type);
      c.header('Content-Disposition', attachment(name, `evidence-${id}${/\.[A-Za-z0-9]{1,5}$/.exec(name)?.[0] ?? ''}`));
      return c.body(bytes, 200);
    })
    .openapi(roundArchive, async (c) => {
      const { round } = c.req.valid('query');
      return zipped(c, await c.var.ledger.evidence.roundArchive(round), `evidence-round-${round ?? 'current'}.zip`);
    })
    .openapi(archive, async (c) => {
      const { no } = c.req.valid('param');
      return zipped(c, await c.var.ledger.evidence.taskArchive(no), `evidence-task-${no}.zip`);
    })
    .openapi(remove, async (c) =>
      c.json({ removed: await c.var.ledger.evidence.remove(c.req.valid('param').id, c.var.actor) }, 200),
    );
}

/** An archive streamed as it is read: a round's hundreds of photos are never held in memory whole. */
function zipped(c: Context<Env>, { name, entries }: Archive, ascii: string) {
  c.header('Content-Type', 'application/zip');
  c.header('Content-Disposition', attachment(name, ascii));
  return c.body(archiveStream(entries), 200);
}
