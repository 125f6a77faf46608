/** 佐证材料: files attached to a task, listed, downloaded one by one, and one zip per task for the office's archive (一问题一档案). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import ExcelJS from 'exceljs';
import { bodyLimit } from 'hono/body-limit';
import { HEADER } from '../../core/fields.ts';
import { actorName, readableReporters, roleOn } from '../../core/policy.ts';
import { reportingUnits } from '../../core/consolidate.ts';
import { officeOnly } from '../auth.ts';
import { LedgerError } from '../errors.ts';
import {
  archivePath,
  archiveStream,
  checkEvidence,
  EVIDENCE_LIMITS,
  EvidenceFiles,
  megabytes,
  servedName,
  type ArchiveEntry,
} from '../evidence.ts';
import { attachment } from '../http.ts';
import type { Ledger } from '../ledger.ts';
import { limitWrites } from '../write-limits.ts';
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
  responses: { 200: json(Evidence), ...problems(400, 401, 403, 404, 413, 415, 429) },
});

const list = createRoute({
  method: 'get',
  path: '/tasks/{no}/evidence',
  summary: "A task's evidence, as the reader may see it",
  request: { params: TaskNo },
  responses: { 200: json(z.object({ evidence: z.array(Evidence) })), ...problems(400, 401, 403, 404, 429) },
});

const listAll = createRoute({
  method: 'get',
  path: '/evidence',
  summary: "Every task's evidence the reader may see, with the task's 序号: one request for a unit's page",
  responses: {
    200: json(z.object({ evidence: z.array(Evidence.extend({ no: z.number().int() })) })),
    ...problems(401, 429),
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
    ...problems(400, 401, 403, 404, 429),
  },
});

const archive = createRoute({
  method: 'get',
  path: '/tasks/{no}/evidence.zip',
  summary: "The task's file (一问题一档案): its change log as a sheet and every evidence file — office",
  middleware: [officeOnly] as const,
  request: { params: TaskNo },
  responses: {
    200: { description: 'A zip', content: { 'application/zip': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...problems(400, 401, 403, 404, 429),
  },
});

const roundArchive = createRoute({
  method: 'get',
  path: '/evidence.zip',
  summary: "Every evidence file of a round (?round=, default this round's), by task and unit — office",
  middleware: [officeOnly] as const,
  request: { query: z.object({ round: z.string().max(20).optional() }) },
  responses: {
    200: { description: 'A zip', content: { 'application/zip': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...problems(400, 401, 403, 429),
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/evidence/{id}',
  summary:
    'Remove a file: a unit its own while the round it was attached in is open, the office any; the entry stays on record with who and when',
  request: { params: z.object({ id: z.coerce.number().int().positive() }) },
  responses: { 200: json(z.object({ removed: z.number().int() })), ...problems(401, 403, 404, 409, 429) },
});

/** The round evidence is filed under: the period of the round open now (or the last one). */
const roundOf = (ledger: Ledger) => ledger.latestRound()?.period ?? '';

function taskOf(ledger: Ledger, no: number) {
  const task = ledger.taskRefs().find((t) => t.no === no);
  if (!task) throw new LedgerError('not-found', `没有序号为${no}的任务。No such task.`);
  return task;
}

const shown = (e: ReturnType<Ledger['store']['evidence']>[number]) => ({
  id: e.id,
  unit: e.unit,
  round: e.round,
  name: e.name,
  size: e.size,
  type: e.type,
  uploadedBy: e.uploaded_by,
  uploadedAt: e.uploaded_at,
});

async function historySheet(ledger: Ledger, taskId: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('变更记录');
  sheet.addRow(['版本', '时间', '修改人', '单位', '字段', '原值', '新值']);
  for (const c of ledger.store.changes({ taskId }))
    sheet.addRow([c.revision, c.at, c.actor, c.unit || '（任务本身）', HEADER[c.field], c.old, c.value]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export function evidenceRoutes({ county, writes }: RouteDeps) {
  const files = new EvidenceFiles(`${county.dir}/evidence`);
  const app = new OpenAPIHono<Env>();
  app.use('/tasks/:no/evidence', limitWrites(writes));
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
      const { ledger, actor } = c.var;
      const task = taskOf(ledger, c.req.valid('param').no);
      if (roleOn(task, actor) === 'none')
        throw new LedgerError(
          'forbidden',
          "只能为本单位的任务上传佐证材料。Only a task's units attach evidence to it.",
        );
      const upload = c.req.valid('form').file;
      const checked = checkEvidence(upload.name || '未命名文件', new Uint8Array(await upload.arrayBuffer()));
      const round = roundOf(ledger);
      const unit = actor.kind === 'unit' ? actor.unit : '';
      const report = ledger.store.evidence({ taskId: task.id }).filter((e) => e.unit === unit && e.round === round);
      // The same file sent again (a retry on a slow network) is the one already attached.
      const again = report.find((e) => e.sha256 === checked.sha256);
      if (again) return c.json(shown(again), 200);
      const total = report.reduce((sum, e) => sum + e.size, 0) + checked.bytes.length;
      if (total > EVIDENCE_LIMITS.perReport) {
        throw new LedgerError(
          'too-large',
          `本轮为序号${task.no}上传的佐证材料合计将达${megabytes(total)}，超过${megabytes(EVIDENCE_LIMITS.perReport)}：` +
            `请压缩后再上传，或请办公室调整上限。Evidence for one task and round is limited to ${megabytes(EVIDENCE_LIMITS.perReport)}.`,
        );
      }
      files.put(checked);
      const id = ledger.store.addEvidence({
        taskId: task.id,
        unit,
        round,
        name: checked.name,
        size: checked.bytes.length,
        sha256: checked.sha256,
        type: checked.type,
        by: actorName(actor),
      });
      return c.json(shown(ledger.store.evidence({ id })[0]!), 200);
    })
    .openapi(list, (c) => {
      const { ledger, actor } = c.var;
      const task = taskOf(ledger, c.req.valid('param').no);
      if (roleOn(task, actor) === 'none')
        throw new LedgerError('forbidden', '只能查看本单位任务的佐证材料。A unit sees only its own tasks.');
      const readable = new Set(['', ...readableReporters(task, reportingUnits(task), actor)]);
      return c.json(
        {
          evidence: ledger.store
            .evidence({ taskId: task.id })
            .filter((e) => readable.has(e.unit))
            .map(shown),
        },
        200,
      );
    })
    .openapi(listAll, (c) => {
      const { ledger, actor } = c.var;
      const visible = new Map(
        ledger
          .taskRefs()
          .filter((task) => roleOn(task, actor) !== 'none')
          .map((task) => [
            task.id,
            { no: task.no, readable: new Set(['', ...readableReporters(task, reportingUnits(task), actor)]) },
          ]),
      );
      const evidence = ledger.store.evidence().flatMap((e) => {
        const task = visible.get(e.task_id);
        return task?.readable.has(e.unit) ? [{ ...shown(e), no: task.no }] : [];
      });
      return c.json({ evidence }, 200);
    })
    .openapi(file, (c) => {
      const { ledger, actor } = c.var;
      const entry = ledger.store.evidence({ id: c.req.valid('param').id })[0];
      const task = entry && ledger.taskRefs().find((t) => t.id === entry.task_id);
      const readable = task && new Set(['', ...readableReporters(task, reportingUnits(task), actor)]);
      if (!entry || !task || roleOn(task, actor) === 'none' || !readable?.has(entry.unit)) {
        throw new LedgerError('not-found', '没有这个佐证材料。No such file.');
      }
      const bytes = new Uint8Array(files.get(entry.sha256));
      c.header('Content-Type', entry.type);
      c.header('Content-Disposition', attachment(servedName(entry.name, bytes)));
      return c.body(bytes, 200);
    })
    .openapi(roundArchive, (c) => {
      const { ledger } = c.var;
      const round = c.req.valid('query').round ?? roundOf(ledger);
      const noOf = new Map(ledger.taskRefs().map((t) => [t.id, t.no]));
      const entries = ledger.store
        .evidence()
        .filter((x) => x.round === round)
        .map((e) => fileEntry(files, `任务${noOf.get(e.task_id)}`, e));
      c.header('Content-Type', 'application/zip');
      c.header('Content-Disposition', attachment(`佐证材料-${round || '全部'}.zip`));
      return c.body(archiveStream(entries), 200);
    })
    .openapi(archive, async (c) => {
      const { ledger } = c.var;
      const task = taskOf(ledger, c.req.valid('param').no);
      const history = await historySheet(ledger, task.id);
      const entries = [
        { path: `任务${task.no}-变更记录.xlsx`, bytes: () => history },
        ...ledger.store.evidence({ taskId: task.id }).map((e) => fileEntry(files, '佐证材料', e)),
      ];
      c.header('Content-Type', 'application/zip');
      c.header('Content-Disposition', attachment(`任务${task.no}-档案.zip`));
      return c.body(archiveStream(entries), 200);
    })
    .openapi(remove, (c) => {
      const { ledger, actor } = c.var;
      const entry = ledger.store.evidence({ id: c.req.valid('param').id })[0];
      const task = entry && ledger.taskRefs().find((t) => t.id === entry.task_id);
      if (!entry || !task || roleOn(task, actor) === 'none')
        throw new LedgerError('not-found', '没有这个佐证材料。No such file.');
      const own = actor.kind === 'unit' && entry.unit === actor.unit;
      if (actor.kind === 'unit' && !own)
        throw new LedgerError('forbidden', '只能删除本单位上传的佐证材料。A unit removes only its own files.');
      if (own && (ledger.currentRound()?.period ?? null) !== entry.round)
        throw new LedgerError(
          'round-closed',
          `“${entry.name}”属于已经结束的${entry.round || '此前'}月报，单位不能再删除；如确需删除，请联系办公室。The round is over; ask the office.`,
        );
      ledger.store.removeEvidence(entry.id, actorName(actor));
      return c.json({ removed: entry.id }, 200);
    });
}

/** An evidence file in an archive, under its folder, its unit and a safe name; read when the archive gets to it. */
function fileEntry(
  files: EvidenceFiles,
  folder: string,
  e: { id: number; unit: string; name: string; sha256: string },
): ArchiveEntry {
  let bytes: Uint8Array | undefined;
  const read = () => (bytes ??= new Uint8Array(files.get(e.sha256)));
  return {
    get path() {
      return archivePath(folder, e.unit || '办公室', `${e.id}-${servedName(e.name, read())}`);
    },
    bytes: read,
  };
}
