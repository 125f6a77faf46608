/** GET /api/master.xlsx: the consolidated workbook for the office. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { officeOnly, type AuthEnv } from '../auth.ts';
import { attachment } from '../http.ts';
import { masterWorkbook } from '../workbooks.ts';
import type { RouteDeps } from './env.ts';
import { problems, workbook, XLSX } from './schemas.ts';

const master = createRoute({
  method: 'get',
  path: '/master.xlsx',
  summary: 'The consolidated workbook (汇总, 进展明细, 冲突, 变更记录) — office',
  security: [{ bearer: [] }],
  middleware: [officeOnly] as const,
  responses: { 200: workbook, ...problems(401, 403, 429) },
});

export function masterRoutes({ ledger, today }: RouteDeps) {
  return new OpenAPIHono<AuthEnv>().openapi(master, async (c) => {
    const bytes = await masterWorkbook(ledger, today());
    c.header('Content-Type', XLSX);
    c.header('Content-Disposition', attachment(`整改台账汇总-${today()}-第${ledger.revision}版.xlsx`));
    return c.body(new Uint8Array(bytes), 200);
  });
}
