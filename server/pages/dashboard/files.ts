/** Downloads from the service, saved under the name it gives. */
import { el } from '../dom.ts';

/** Saves an answer as a file named by the service. */
export async function save(call: Promise<Response>, fallback: string) {
  const res = await call;
  if (!res.ok)
    throw new Error(
      ((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ??
        `服务返回 ${res.status}`,
    );
  const name = decodeURIComponent(
    /filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallback,
  );
  const url = URL.createObjectURL(await res.blob());
  el('a', { href: url, download: name }).click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
