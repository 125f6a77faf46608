/** The pages' few DOM helpers: every value set as text (never as HTML). */
import type { HealthAnswer } from '../http/client.ts';

export const $ = <T extends HTMLElement = HTMLElement>(selector: string) => document.querySelector(selector) as T;

type Attributes = Record<string, string | ((event: Event) => void) | Partial<CSSStyleDeclaration>>;

export function el(tag: string, attributes: Attributes = {}, ...children: (Node | string | number)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'style') Object.assign(node.style, value);
    else if (typeof value === 'function') node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children)
    node.append(child instanceof Node ? child : document.createTextNode(String(child ?? '')));
  return node;
}

/** The county's time zone (the service's LEDGER_TZ), so that every time shown is the county's, whatever the device's. */
let zone = 'Asia/Shanghai';
void fetch('/api/health')
  .then((res) => res.json())
  .then((health: HealthAnswer) => {
    if (health.zone) zone = health.zone;
  })
  .catch(() => undefined);

export const when = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false, timeZone: zone }) : '—';

/** A day in the county's calendar, as people write it. */
export const day = (iso: string | null, locale = 'zh-CN') =>
  iso ? new Date(iso).toLocaleDateString(locale, { timeZone: zone }) : '';
/** The first words of a long text, for a card or a cell. */
export const brief = (text: string, length = 60) =>
  [...text].length > length ? `${[...text].slice(0, length).join('')}…` : text;

/**
 * What went wrong, for a clerk: the service's messages end in English for technical readers
 * (`……请稍后再试。The service cannot be reached.`); the pages show the Chinese alone.
 */
export const message = (error: unknown) => chineseOnly(error instanceof Error ? error.message : String(error));

/** A message without its English tail: what follows the last Chinese character or mark, when it is all ASCII. */
export function chineseOnly(text: string): string {
  const tail = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef][\x20-\x7e\n]+$/.exec(text);
  return tail && /[A-Za-z]{2}/.test(tail[0]) ? text.slice(0, tail.index + 1) : text;
}

/** A message in a box under a form: an error or a confirmation. */
export function say(box: HTMLElement, text: string, kind: 'error' | 'ok' = 'error') {
  box.hidden = !text;
  box.className = kind === 'error' ? 'error' : 'ok';
  box.textContent = text;
}

/** Whether the person is typing in a field inside this part of the page: a refresh must not redraw it then. */
export function typingIn(selector: string): boolean {
  const active = document.activeElement;
  return Boolean(active?.matches('input, textarea, select') && document.querySelector(selector)?.contains(active));
}

/**
 * Copies text for pasting into the group chat, and says so on the button: 已复制. Plain-HTTP
 * deployments have no clipboard API; a selected textarea and the copy command stand in.
 */
export async function copyText(text: string, button: HTMLElement) {
  const label = button.textContent;
  let copied = false;
  try {
    await navigator.clipboard.writeText(text);
    copied = true;
  } catch {
    const area = el('textarea', { style: { position: 'fixed', opacity: '0' } }, text) as HTMLTextAreaElement;
    document.body.append(area);
    area.select();
    copied = document.execCommand('copy');
    area.remove();
  }
  button.textContent = copied ? '已复制' : '复制失败，请手动选中复制';
  setTimeout(() => {
    button.textContent = label;
  }, 2000);
}
