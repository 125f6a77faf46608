/** Small text helpers for hand-typed Chinese government text. */

/** Full-width ASCII (！ to ～) and the ideographic space to their half-width forms. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000]/g, (ch) =>
    ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}

/** A label or header as compared: half-width, no blanks of any kind, no trailing colon. */
export function normalizeLabel(text: string): string {
  return toHalfWidth(text)
    .replace(/\s+/g, '')
    .replace(/[:：]$/, '');
}

/** Display width in Excel character units: CJK and full-width characters count two. */
export function displayWidth(text: string): number {
  let width = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A surrogate pair (rare CJK extensions) already counts two by its length.
    if (code >= 0x2e80 && (code < 0xd800 || code > 0xdfff)) width++;
    else if (code >= 0x1100 && code <= 0x115f) width++;
  }
  return width;
}

/** Levenshtein distance over code points; small strings only. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let previous = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length]!;
}

/** Column number (1-based) to its letters: 1 → A, 27 → AA. */
export function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}
