/** The pane's two DOM helpers: every value shown is set as text, never as markup. */
export const $ = <T extends HTMLElement>(selector: string) => document.querySelector(selector) as T;

export function el(tag: string, attributes: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}
