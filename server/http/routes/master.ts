/** GET /api/master.xlsx: the consolidated workbook for the office. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { allow } from '../auth.ts';
import { attachment } from '../answers.ts';
import { masterWorkbook } from '../../cases/downloads.ts';
import type { Env, RouteDeps } from './env.ts';
import { Judging, problems, workbook, XLSX } from './schemas.ts';

const master = createRoute({
  method: 'get',
  path: '/master.xlsx',
  summary: 'The consolidated workbook (汇总, 进展明细, 冲突, 变更记录, 预警, 督办单, 评分) — office',
  middleware: [allow('readMaster')] as const,
  request: { query: Judging },
  responses: { 200: workbook, ...problems(403) },
});

export function masterRoutes({ supervision, scoring }: RouteDeps) {
  return new OpenAPIHono<Env>().openapi(master, async (c) => {
    const { ledger, today } = c.var;
    const [bytes, revision] = await Promise.all([
      masterWorkbook(ledger, today, { supervision, scoring }),
      ledger.revision(),
    ]);
    c.header('Content-Type', XLSX);
    c.header(
      'Content-Disposition',
      attachment(`整改台账汇总-${today}-第${revision}版.xlsx`, `ledger-master-${today}-r${revision}.xlsx`),
    );
    return c.body(new Uint8Array(bytes), 200);
  });
}
