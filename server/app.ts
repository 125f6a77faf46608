/** The service as a Hono app: composable, and testable with app.request() and no network. */
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { requireToken, type AuthEnv } from './auth.ts';
import { problem } from './http.ts';
import type { Ledger } from './ledger.ts';
import { OPENAPI } from './openapi.ts';
import { ledgerRoutes } from './routes/ledger-routes.ts';
import { submissionRoutes } from './routes/submissions.ts';
import type { ParsePool } from './workbook/parse-pool.ts';

export interface AppDeps {
  ledger: Ledger;
  pool: ParsePool;
  /** The judging date for colours and overdue states. */
  today: () => string;
  maxBodyBytes?: number;
  /** The built add-in pages (webpack's output), served under /addin/. */
  addinDir?: string;
}

export const DASHBOARD_DIR = fileURLToPath(new URL('./dashboard/', import.meta.url));
export const ADDIN_DIR = fileURLToPath(new URL('../dist/addin/', import.meta.url));
/** Office.js from the @microsoft/office-js package: county networks often cannot reach Microsoft's CDN. */
export const OFFICE_JS_DIR = fileURLToPath(new URL('../node_modules/@microsoft/office-js/dist/', import.meta.url));

export function createApp({ ledger, pool, today, maxBodyBytes = 10 * 1024 * 1024, addinDir = ADDIN_DIR }: AppDeps) {
  const api = new Hono<AuthEnv>()
    .get('/health', (c) => c.json({ ok: true, revision: ledger.revision }))
    .get('/openapi.json', (c) => c.json(OPENAPI))
    .use('*', requireToken(ledger))
    .route('/submissions', submissionRoutes(ledger, pool, maxBodyBytes))
    .route('/', ledgerRoutes(ledger, today));

  const app = new Hono()
    .route('/api', api)
    .notFound((c) => problem(c, 404, 'not-found', '没有这个地址。Not found.'))
    .onError((error, c) => {
      console.error(error);
      return problem(c, 500, 'internal', '服务内部出错，请稍后再试；如果一直出错，请联系办公室。Internal error.');
    });
  app.use('/addin/office-js/*', serveStatic({ root: OFFICE_JS_DIR, rewriteRequestPath: (p) => p.replace(/^\/addin\/office-js/, '') }));
  app.use('/addin/*', serveStatic({ root: addinDir, rewriteRequestPath: (p) => p.replace(/^\/addin/, '') }));
  app.get('/manifest.xml', serveStatic({ path: fileURLToPath(new URL('../manifest.xml', import.meta.url)) }));
  app.use('/*', serveStatic({ root: DASHBOARD_DIR }));
  return app;
}
