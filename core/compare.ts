/** Month over month: what a task's progress says now that it did not say last round. */

export interface Changed {
  /** Text kept from last round, before and after the new words. */
  before: string;
  added: string;
  after: string;
}

/** The new words of `now` against `last`: what lies between their common start and common end. */
export function newText(last: string, now: string): Changed {
  let start = 0;
  while (start < last.length && start < now.length && last[start] === now[start]) start++;
  let end = 0;
  while (
    end < last.length - start &&
    end < now.length - start &&
    last[last.length - 1 - end] === now[now.length - 1 - end]
  )
    end++;
  return { before: now.slice(0, start), added: now.slice(start, now.length - end), after: now.slice(now.length - end) };
}

/** A run of a text, new this month or not. */
export interface Piece {
  text: string;
  added: boolean;
}

/** `县水利局：` — the unit a line of combined progress speaks for, with its colon; '' when none. */
const speakerOf = (line: string) => {
  const colon = line.indexOf('：');
  return colon > 0 && colon <= 30 ? line.slice(0, colon + 1) : '';
};

/**
 * The new words of combined progress, line by line: each unit's line against its own line last
 * round, so that one unit's change does not mark every line after it.
 */
export function newWords(last: string, now: string): Piece[] {
  const lastLines = last.split('\n');
  const pieces: Piece[] = [];
  const push = (text: string, added: boolean) => {
    if (!text) return;
    const previous = pieces.at(-1);
    if (previous?.added === added) previous.text += text;
    else pieces.push({ text, added });
  };
  now.split('\n').forEach((line, i) => {
    if (i) push('\n', false);
    const speaker = speakerOf(line);
    const before = speaker ? (lastLines.find((l) => l.startsWith(speaker)) ?? speaker) : (lastLines[i] ?? '');
    const change = newText(before, line);
    push(change.before, false);
    push(change.added, true);
    push(change.after, false);
  });
  return pieces;
}

/** Whether the pieces hold new words worth showing. */
export const saysSomethingNew = (pieces: Piece[]) => pieces.some((p) => p.added && p.text.trim());
