/** How the API answers a problem: a status and a JSON body with a stable code and a bilingual message. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface ProblemBody {
  error: { code: string; message: string };
}

export function problem(c: Context, status: ContentfulStatusCode, code: string, message: string) {
  return c.json<ProblemBody>({ error: { code, message } }, status);
}

/**
 * A file download with a Chinese name that every browser keeps, and a plain ASCII name that says
 * the same (ledger-master-2026-12-06-r19.xlsx) for a client that reads only that one.
 */
export function attachment(name: string, ascii: string): string {
  const plain = ascii.replace(/[^A-Za-z0-9._-]+/g, '-');
  return `attachment; filename="${plain}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
