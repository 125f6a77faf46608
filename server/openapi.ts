/** The API described for clients: served at /api/openapi.json. */
import { FIELDS } from '../core/fields.ts';
import { STATUSES } from '../core/status.ts';

const error = { $ref: '#/components/schemas/Problem' };
const problems = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { description: 'Problem', content: { 'application/json': { schema: error } } }]));
const json = (schema: object, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const xlsx = { description: 'The workbook', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } } };

export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: '整改台账同步服务 Rectification-ledger sync service',
    version: '0.1.0',
    description: 'Units submit their sheets; the service merges them cell by cell into one master ledger. Every route except health and openapi needs `Authorization: Bearer <token>`: the office token, or a unit token from `npx ledger token <unit>`.',
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Problem: { type: 'object', properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string', description: 'Chinese, then English' } } } } },
      Row: {
        type: 'object',
        description: 'One task. `no` identifies it (or `id`, the task id from a workbook stamp). The office may name `unit` to set that unit\'s follow-up values.',
        properties: Object.fromEntries([...FIELDS.map((f) => [f, f === 'no' ? { type: 'integer' } : f === 'status' ? { type: 'string', enum: [...STATUSES] } : { type: 'string' }]), ['id', { type: 'string' }], ['unit', { type: 'string' }]]),
      },
      SubmissionResult: {
        type: 'object',
        properties: {
          submission: { type: 'integer' },
          revision: { type: 'integer' },
          applied: { type: 'array', items: { type: 'object', properties: { no: { type: 'integer' }, field: { type: 'string' }, unit: { type: 'string' } } } },
          conflicts: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, no: { type: 'integer' }, field: { type: 'string' }, unit: { type: 'string' }, base: { type: 'string' }, master: { type: 'string' }, masterBy: { type: 'string' }, incoming: { type: 'string' }, incomingBy: { type: 'string' } } } },
          rejected: { type: 'array', items: { type: 'object', properties: { no: {}, field: { type: 'string' }, reason: { type: 'string' } } } },
          warnings: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
  security: [{ bearer: [] }],
  paths: {
    '/api/health': { get: { summary: 'Health', security: [], responses: { 200: json({ type: 'object', properties: { ok: { type: 'boolean' }, revision: { type: 'integer' } } }) } } },
    '/api/tasks': { get: { summary: 'Tasks: the office sees all, a unit its own; with per-unit follow-up (byUnit) and the master revision', responses: { 200: json({ type: 'object' }), ...problems(401) } } },
    '/api/units': { get: { summary: 'Units with their state (未下载 / 已下载 / 已提交 / 有冲突 / 逾期) — office', responses: { 200: json({ type: 'object' }), ...problems(401, 403) } } },
    '/api/units/{unit}/sheet.xlsx': {
      get: { summary: "A unit's own sheet, stamped with unit and base revision", parameters: [{ name: 'unit', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: xlsx, ...problems(401, 403, 404) } },
    },
    '/api/submissions': {
      post: {
        summary: 'Submit rows as JSON, or the workbook as multipart field `file`; both go through the same merge',
        requestBody: {
          content: {
            'application/json': { schema: { type: 'object', required: ['baseRevision', 'rows'], properties: { baseRevision: { type: 'integer' }, rows: { type: 'array', items: { $ref: '#/components/schemas/Row' } } } } },
            'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' }, unit: { type: 'string', description: 'office only: whose sheet, when it has no stamp' } } } },
          },
        },
        responses: { 200: json({ $ref: '#/components/schemas/SubmissionResult' }), ...problems(400, 401, 403, 409, 413, 415, 422) },
      },
    },
    '/api/master.xlsx': { get: { summary: 'The consolidated workbook (汇总, 进展明细, 冲突, 变更记录) — office', responses: { 200: xlsx, ...problems(401, 403) } } },
    '/api/conflicts': { get: { summary: 'Open conflicts (?all for settled ones too) — office', responses: { 200: json({ type: 'object' }), ...problems(401, 403) } } },
    '/api/conflicts/{id}/resolve': {
      post: {
        summary: 'Settle a conflict with a value — office',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['value'], properties: { value: { type: 'string' } } } } } },
        responses: { 200: json({ type: 'object' }), ...problems(400, 401, 403, 404) },
      },
    },
    '/api/history': { get: { summary: "A task's audit trail", parameters: [{ name: 'task', in: 'query', required: true, schema: { type: 'integer' } }], responses: { 200: json({ type: 'object' }), ...problems(401, 403, 404) } } },
    '/api/round': { put: { summary: 'Open a reporting round with its deadline — office', requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { deadline: { type: 'string', format: 'date' } } } } } }, responses: { 200: json({ type: 'object' }), ...problems(400, 401, 403) } } },
  },
};
