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
 * A file download with a Chinese name that every browser keeps; the plain fallback name, for a
 * client that reads only that, has the file's own extension.
 */
export function attachment(name: string): string {
  const extension = /\.([A-Za-z0-9]{1,5})$/.exec(name)?.[1]?.toLowerCase() ?? 'bin';
  return `attachment; filename="ledger.${extension}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
