/**
 * What one submission may carry, checked before any work is done on it, and the characters a
 * workbook may hold: XML 1.0 forbids most control characters and U+FFFE/U+FFFF, and one of them
 * makes the whole file unreadable to Excel, LibreOffice and openpyxl.
 */
export const LIMITS = {
  /** Characters in a unit's name. */
  unitName: 100,
  /** Characters in one cell, as Excel allows. */
  cellText: 32_767,
  /** Rows in one submission. */
  rows: 5_000,
} as const;

/**
 * A whole surrogate pair (kept), or a character XML 1.0 forbids: a control character, U+FFFE,
 * U+FFFF, or half a pair. Written without lookbehind, which the browser in older WPS builds lacks.
 */
const PAIR_OR_FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose
  /[\uD800-\uDBFF][\uDC00-\uDFFF]|[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/g;

/** Every character that may be forbidden: a quick test that passes almost all text untouched. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose
const MAYBE_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/**
 * Characters that hide or reorder what a name shows (bidi controls: `photo\u202egpj.hta` shows as
 * photoath.jpg; zero-width spaces make two names look alike), or control it.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose
export const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** A name holding such a character, as a clerk would not see it: `“县水\u200b利局”` → `“县水[U+200B]利局”`. */
export function hiddenIn(name: string): string | undefined {
  HIDDEN.lastIndex = 0;
  const found = HIDDEN.test(name);
  HIDDEN.lastIndex = 0;
  if (!found) return undefined;
  return name.replace(HIDDEN, (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`);
}

/** The text without the characters XML 1.0 forbids. */
export function xmlSafe(text: string): string {
  return MAYBE_FORBIDDEN.test(text) ? text.replace(PAIR_OR_FORBIDDEN, (m) => (m.length === 2 ? m : '')) : text;
}

export function hasXmlForbidden(text: string): boolean {
  return MAYBE_FORBIDDEN.test(text) && (text.match(PAIR_OR_FORBIDDEN) ?? []).some((m) => m.length === 1);
}
