/** The service as a Hono app: composable, and testable with app.request() and no network. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRoute, OpenAPIHono, z, type Hook } from '@hono/zod-openapi';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { compress } from 'hono/compress';
import { secureHeaders } from 'hono/secure-headers';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { requireToken, SignInLimiter } from './auth.ts';
import type { County } from '../cases/county.ts';
import { LedgerError, type ErrorCode } from '../errors.ts';
import { problem } from './answers.ts';
import type { Ledger } from '../cases/ledger.ts';
import { conflictRoutes } from './routes/conflicts.ts';
import { chooseLedger, judgingDate } from './routes/context.ts';
import { countyRoutes } from './routes/county.ts';
import type { Env, RouteDeps } from './routes/env.ts';
import { evidenceRoutes } from './routes/evidence.ts';
import { masterRoutes } from './routes/master.ts';
import { submissionRoutes } from './routes/submissions.ts';
import { taskRoutes } from './routes/tasks.ts';
import { unitRoutes } from './routes/units.ts';
import { roundRoutes } from './routes/round.ts';
import { closureRoutes } from './routes/closures.ts';
import { roundsRoutes } from './routes/rounds.ts';
import { settingsRoutes } from './routes/settings.ts';
import { hostCheckRoutes } from './routes/host-checks.ts';
import { supervisionRoutes } from './routes/supervision.ts';
import { SupervisionDesk } from '../cases/supervision.ts';
import { Scoring } from '../cases/scoring.ts';
import { Submitting } from '../cases/submitting.ts';
import { scoreRoutes, scoringRuleRoutes } from './routes/scores.ts';
import { json } from './routes/schemas.ts';
import { ChaseSender, defaultChase, type ChaseSettings } from '../integrations/chase-bot.ts';
import type { ParsePool } from '../formats/workbook/parse-pool.ts';
import { ATTACH_LIMITS, WriteLimiter } from './write-limits.ts';
import { drainRefusedBody } from './drain.ts';
import { WPS_DIR, wpsAddinRoutes } from './wps-addin.ts';
import { storedEvents } from '../store/recent-events.ts';
import { HEADER, type Field } from '../../core/fields.ts';
import { countyZone } from '../../core/zone.ts';

export interface AppDeps {
  county: County;
  pool: ParsePool;
  /** The judging date for colours and overdue states. */
  today: () => string;
  maxBodyBytes?: number;
  /** The built add-in pages (webpack's output), served under /addin/. */
  addinDir?: string;
  /** The built WPS add-in, served under /wps/. */
  wpsDir?: string;
  limiter?: SignInLimiter;
  /** The address units reach (PUBLIC_URL); the request's origin when unset. */
  publicUrl?: string;
  /** Proxies in front of the service whose X-Forwarded-For entries are trusted (TRUST_PROXY). */
  trustedProxies?: number;
  /** Whether PUBLIC_URL was set: the dashboard warns when links name only this machine. */
  publicUrlSet?: boolean;
  writes?: WriteLimiter;
  attachments?: WriteLimiter;
  /** 催报 to a group bot (LEDGER_CHASE_WEBHOOK). */
  chase?: ChaseSettings;
  /** The office that signs the round's report (LEDGER_OFFICE_NAME), e.g. 白河县整改工作领导小组办公室. */
  officeName?: string;
}

/** The pages' own scripts and styles only, never in a frame. */
export const pageHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    frameAncestors: ["'none'"],
  },
});

/** The built pages (webpack's output): the office dashboard at /. */
export const PAGES_DIR = fileURLToPath(new URL('../../dist/pages/', import.meta.url));
export const ADDIN_DIR = fileURLToPath(new URL('../../dist/addin/', import.meta.url));
/** Office.js from the @microsoft/office-js package: county networks often cannot reach Microsoft's CDN. */
export const OFFICE_JS_DIR = fileURLToPath(new URL('../../node_modules/@microsoft/office-js/dist/', import.meta.url));

/** Office hosts that frame the task pane (Excel on the web); every other page may not be framed. */
const OFFICE_FRAMERS = [
  "'self'",
  'https://*.officeapps.live.com',
  'https://*.office.com',
  'https://*.office365.com',
  'https://*.sharepoint.com',
  'https://*.microsoft365.com',
];

/** A failed schema check: 400 naming the field; a text or list over its limit: 422 or 413. */
const schemaHook: Hook<unknown, Env, string, unknown> = (result) => {
  if (result.success) return;
  const issue = result.error.issues[0]!;
  const where = issue.path.join('.') || '(body)';
  if (issue.code === 'too_big' && issue.path.length === 1 && issue.path[0] === 'rows') {
    throw new LedgerError(
      'too-many-rows',
      `一次提交的行数超过上限（${issue.maximum}行）。At most ${issue.maximum} rows per submission.`,
    );
  }
  const [list, index, field] = issue.path;
  if (issue.code === 'too_big' && list === 'rows' && typeof index === 'number' && typeof field === 'string') {
    const header = HEADER[field as Field] ?? field;
    throw new LedgerError(
      'too-long',
      `第${index + 1}行的${header}超过${Number(issue.maximum).toLocaleString('en-US')}字，请删减后再提交。` +
        `The ${field} of row ${index + 1} is longer than ${issue.maximum} characters.`,
    );
  }
  if (issue.code === 'too_big') {
    throw new LedgerError(
      'too-long',
      `${where} 超过长度上限（${issue.maximum}）。${where} is longer than ${issue.maximum}.`,
    );
  }
  throw new LedgerError(
    'bad-request',
    `请求中的 ${where} 不符合要求：${issue.message}。Invalid ${where}: ${issue.message}.`,
  );
};

/** Every error a request can end in, answered in one shape. */
export function errorAnswer(error: Error, c: Context) {
  if (error instanceof LedgerError) {
    if (error.retryAfter) c.header('Retry-After', String(error.retryAfter));
    return problem(c, error.status, error.code, error.message);
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const code: ErrorCode | 'http' =
      status === 415
        ? 'unsupported-media-type'
        : /JSON/i.test(error.message)
          ? 'malformed-json'
          : status === 400
            ? 'bad-request'
            : status === 413
              ? 'too-large'
              : 'http';
    const words: Partial<Record<typeof code, string>> = {
      'unsupported-media-type':
        '请以 JSON（application/json）或上传工作簿（multipart/form-data）的方式提交。Send JSON or multipart/form-data.',
      'malformed-json': '请求体不是有效的 JSON。The body is not valid JSON.',
      'bad-request': `请求格式不对：${error.message}。Bad request.`,
      'too-large': '提交的内容太大，已拒绝。The body is too large.',
    };
    return problem(c, status, code, words[code] ?? error.message);
  }
  console.error(error);
  return problem(c, 500, 'internal', '服务内部出错，请稍后再试；如果一直出错，请联系办公室。Internal error.');
}

function tooLarge(maxBytes: number): never {
  throw new LedgerError(
    'too-large',
    `提交的内容超过${Math.round(maxBytes / 1024 / 1024)} MB，已拒绝。The body is too large.`,
  );
}

/**
 * The client's address. Behind `trustedProxies` proxies (TRUST_PROXY), the X-Forwarded-For entry
 * the outermost trusted one appended: entries to its left are the client's to write.
 */
export function clientAddress(trustedProxies: number) {
  return (c: Context): string => {
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean);
    const forwarded = trustedProxies > 0 ? hops[Math.max(0, hops.length - trustedProxies)] : undefined;
    if (forwarded) return forwarded;
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'local'; // app.request() in tests has no socket
    }
  };
}

/** The routes of one ledger, on the ledger `pick` chooses. */
function ledgerRoutes(deps: RouteDeps, pick: (c: Context<Env>) => Ledger | undefined) {
  return new OpenAPIHono<Env>({ defaultHook: schemaHook })
    .use('*', chooseLedger(pick))
    .route('/', submissionRoutes(deps))
    .route('/', taskRoutes(deps))
    .route('/', unitRoutes(deps))
    .route('/', conflictRoutes(deps))
    .route('/', masterRoutes(deps))
    .route('/', evidenceRoutes(deps))
    .route('/', roundRoutes(deps))
    .route('/', closureRoutes(deps))
    .route('/', supervisionRoutes(deps))
    .route('/', scoreRoutes(deps));
}

/**
 * The JSON API under /api: the county's routes, each ledger's under /ledgers/{id}, and the
 * first ledger's without the prefix. Its type is what the pages and the add-in call it through.
 */
const health = createRoute({
  method: 'get',
  path: '/health',
  summary: 'Whether the service is up, and the settings the pages need (no token)',
  security: [],
  responses: {
    200: json(
      z.object({
        ok: z.boolean(),
        ledgers: z.number().int(),
        revision: z.number().int().openapi({ description: "The first ledger's revision" }),
        publicUrl: z.string().openapi({ description: 'The address units reach (PUBLIC_URL)' }),
        publicUrlSet: z.boolean(),
        zone: z.string().openapi({ description: "The county's time zone (LEDGER_TZ)" }),
        storage: z.object({
          database: z.enum(['sqlite', 'postgresql']),
          evidence: z
            .enum(['filesystem', 's3'])
            .openapi({ description: 'Where evidence files are kept (EVIDENCE_S3_URL)' }),
        }),
      }),
    ),
    503: json(
      z.object({
        ok: z.literal(false),
        down: z.array(z.enum(['database', 'evidence'])).openapi({ description: 'What cannot be reached now' }),
        error: z.object({ code: z.string(), message: z.string() }),
      }),
    ),
  },
});

/** The database and the evidence store, each asked once: what does not answer now. */
async function whatIsDown(
  county: RouteDeps['county'],
): Promise<{ down: ('database' | 'evidence')[]; revision: number }> {
  const [revision, evidence] = await Promise.all([
    (county.defaultLedger?.revision() ?? Promise.resolve(0)).catch(() => undefined),
    county.evidenceFiles.reachable(),
  ]);
  const down: ('database' | 'evidence')[] = [];
  if (revision === undefined) down.push('database');
  if (!evidence) down.push('evidence');
  return { down, revision: revision ?? 0 };
}

const DOWN_WORDS = { database: '数据库', evidence: '佐证材料存储' } as const;

export function apiRoutes(deps: RouteDeps, limiter: SignInLimiter) {
  const { county } = deps;
  const api = new OpenAPIHono<Env>({ defaultHook: schemaHook });
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    servers: [{ url: '/api' }],
    // Every route needs the bearer token but health, which says so itself.
    security: [{ bearer: [] }],
    info: {
      title: '整改台账同步服务 Rectification-ledger sync service',
      version: '0.3.0',
      description:
        "Units submit their sheets; the service merges them cell by cell into each ledger's master. " +
        'Every route except health and openapi needs `Authorization: Bearer <token>`. ' +
        'Per-ledger routes are under /ledgers/{ledgerId}/…, and without the prefix for the first ledger.',
    },
  });
  return (
    api
      .openapi(health, async (c) => {
        const { down, revision } = await whatIsDown(county);
        if (down.length > 0) {
          c.header('Retry-After', '5');
          const names = down.map((d) => DOWN_WORDS[d]).join('、');
          return c.json(
            {
              ok: false as const,
              down,
              error: {
                code: 'store-unavailable',
                message: `${names}暂时无法访问，服务会在恢复后自动继续。${down.join(', ')} unreachable.`,
              },
            },
            503,
          );
        }
        return c.json(
          {
            ok: true,
            ledgers: county.ledgers().length,
            revision,
            publicUrl: deps.publicUrl,
            publicUrlSet: deps.publicUrlSet,
            zone: countyZone(),
            storage: { database: county.storage.kind, evidence: county.evidenceFiles.kind },
          },
          200,
        );
      })
      .use('*', requireToken(county, limiter, clientAddress(deps.trustedProxies)))
      // Another service process on the same database may have changed the roster or made a ledger.
      .use('*', async (_c, next) => {
        await county.refresh();
        return next();
      })
      .use('*', async (c, next) => {
        // Evidence files have their own, larger limit, on their route.
        if (/\/evidence$/.test(c.req.path)) return next();
        return bodyLimit({ maxSize: deps.maxBodyBytes, onError: () => tooLarge(deps.maxBodyBytes) })(c, next);
      })
      .use('*', judgingDate(deps.today))
      .route('/', countyRoutes(deps))
      .route('/', roundsRoutes(deps))
      .route('/', settingsRoutes(deps))
      .route('/', scoringRuleRoutes(deps))
      .route('/', hostCheckRoutes(deps))
      .route(
        '/ledgers/:ledgerId',
        ledgerRoutes(deps, (c) => county.ledger(c.req.param('ledgerId') ?? '')),
      )
      .route(
        '/',
        ledgerRoutes(deps, () => county.defaultLedger),
      )
  );
}

export type LedgerApi = ReturnType<typeof apiRoutes>;

export function createApp({
  county,
  pool,
  today,
  maxBodyBytes = 10 * 1024 * 1024,
  addinDir = ADDIN_DIR,
  wpsDir = WPS_DIR,
  // The limits count in the county's database: every service process on it sees the same events.
  limiter = new SignInLimiter(undefined, undefined, undefined, storedEvents(county.store, 'sign-in-failed')),
  publicUrl = 'https://localhost:3000',
  trustedProxies = 0,
  publicUrlSet = false,
  writes = new WriteLimiter(undefined, undefined, storedEvents(county.store, 'submission')),
  attachments = new WriteLimiter(ATTACH_LIMITS, undefined, storedEvents(county.store, 'attachment')),
  chase = defaultChase(),
  officeName = '',
}: AppDeps) {
  const api = apiRoutes(
    {
      county,
      pool,
      today,
      maxBodyBytes,
      publicUrl,
      publicUrlSet,
      trustedProxies,
      writes,
      attachments,
      chase: new ChaseSender(chase, storedEvents(county.store, 'chase')),
      officeName,
      supervision: new SupervisionDesk(county),
      scoring: new Scoring(county),
      submitting: new Submitting(pool),
    },
    limiter,
  );
  const app = new OpenAPIHono();
  app.use('*', drainRefusedBody);
  // A phone on a slow link waits on every byte: pages, scripts and JSON go gzipped (files as they are).
  app.use('*', compress({ contentTypeFilter: /^(text\/|application\/(json|javascript))/ }));
  app.use(
    '/addin/*',
    secureHeaders({
      xFrameOptions: false,
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        // Office.js evaluates the host's scripts it loads.
        scriptSrc: ["'self'", "'unsafe-eval'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        frameAncestors: OFFICE_FRAMERS,
      },
    }),
  );
  app.use('*', async (c, next) => {
    if (c.req.path.startsWith('/addin/') || c.req.path.startsWith('/wps/')) return next();
    return pageHeaders(c, next);
  });
  app.route('/api', api);
  app.notFound((c) => problem(c, 404, 'not-found', '没有这个地址。Not found.'));
  app.onError(errorAnswer);
  app.use(
    '/addin/office-js/*',
    serveStatic({ root: OFFICE_JS_DIR, rewriteRequestPath: (p) => p.replace(/^\/addin\/office-js/, '') }),
  );
  app.use('/addin/*', serveStatic({ root: addinDir, rewriteRequestPath: (p) => p.replace(/^\/addin/, '') }));
  // The manifest with this deployment's address in every URL, so that sideloading it from here just works.
  const manifest = readFileSync(fileURLToPath(new URL('../../manifest.xml', import.meta.url)), 'utf8');
  app.get('/manifest.xml', (c) => {
    c.header('Content-Type', 'application/xml; charset=utf-8');
    return c.body(manifest.replaceAll('https://localhost:3000', publicUrl.replace(/\/$/, '')));
  });
  app.route('/wps', wpsAddinRoutes({ wpsDir, publicUrl }));
  app.use('/*', serveStatic({ root: PAGES_DIR }));
  return app;
}

export type App = ReturnType<typeof createApp>;
