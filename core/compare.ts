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
