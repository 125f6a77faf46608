/** A unit's own words coming back as the consolidated master shows them. */

/**
 * A unit's own words sent back as the master shows them, with its name in front (县水利局：……),
 * from a sheet copied or pasted out of the consolidated workbook: not a change.
 */
export function echoes(incoming: string, current: string, unit: string): boolean {
  if (!unit || !incoming.startsWith(`${unit}：`)) return false;
  return sameWords(incoming.slice(unit.length + 1), current);
}

/** The same words, blanks and a closing stop aside. */
export function sameWords(a: string, b: string): boolean {
  const bare = (text: string) => text.trim().replace(/[。；;]$/, '');
  return bare(a) === bare(b);
}

/**
 * Which side the office is offered first when settling a conflict: the incoming value, unless it
 * is blank or only the master's own words echoed back.
 */
export function suggestedSide(c: { incoming: string; master: string; unit: string }): 'incoming' | 'master' {
  return !c.incoming.trim() || echoes(c.incoming, c.master, c.unit) ? 'master' : 'incoming';
}

/** The line the consolidated master adds under the lead units' words. */
export const POINTER = /^（另有\d+个单位报送，见进展明细）$/;

/**
 * A cell sent back as the consolidated master shows it, split into the sender's own words and what
 * the master derived there: other units' and the office's lines (`县环境保护局：……`, a line each,
 * a unit's words running on below its name) and the pointer to 进展明细. `others` are the names
 * that may head a line besides the sender's.
 */
export function splitDerived(incoming: string, sender: string, others: string[]): { own: string; derived: string[] } {
  const own: string[] = [];
  const derived: string[] = [];
  let mine = true;
  for (const line of incoming.split('\n')) {
    const head = line.trim();
    if (POINTER.test(head)) {
      derived.push(head);
      mine = false;
      continue;
    }
    const other = others.find((name) => name !== sender && head.startsWith(`${name}：`));
    if (other) {
      if (!derived.includes(other)) derived.push(other);
      mine = false;
    } else if (sender && head.startsWith(`${sender}：`)) {
      own.push(head.slice(sender.length + 1));
      mine = true;
    } else if (mine) own.push(line);
  }
  return { own: own.join('\n').trim(), derived };
}
