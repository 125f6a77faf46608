/** A unit's own words coming back as the consolidated master shows them. */

/**
 * A unit's own words sent back as the master shows them, with its name in front (县水利局：……),
 * from a sheet copied or pasted out of the consolidated workbook: not a change.
 */
export function echoes(incoming: string, current: string, unit: string): boolean {
  if (!unit || !incoming.startsWith(`${unit}：`)) return false;
  const bare = (text: string) => text.trim().replace(/[。；;]$/, '');
  return bare(incoming.slice(unit.length + 1)) === bare(current);
}

/**
 * Which side the office is offered first when settling a conflict: the incoming value, unless it
 * is blank or only the master's own words echoed back.
 */
export function suggestedSide(c: { incoming: string; master: string; unit: string }): 'incoming' | 'master' {
  return !c.incoming.trim() || echoes(c.incoming, c.master, c.unit) ? 'master' : 'incoming';
}
