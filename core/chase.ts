/** 催报: the words the office sends to units that owe this round's report, one each and one for the group. */

export interface Owing {
  unit: string;
  tasks: number;
}

export interface ChaseMessages {
  perUnit: { unit: string; text: string }[];
  group: string;
}

export function chaseMessages(
  round: { period: string; deadline: string },
  ledgerTitle: string,
  owing: Owing[],
  unitPageUrl: string,
): ChaseMessages {
  const how = `请登录单位填报页（${unitPageUrl}）填报，或在 Excel 中拉取本单位报表填写后提交。`;
  return {
    perUnit: owing.map((o) => ({
      unit: o.unit,
      text:
        `【催报】${o.unit}：《${ledgerTitle}》${round.period}整改进展月报报送截止${round.deadline}，` +
        `贵单位${o.tasks}项任务的进展尚未报送。${how}`,
    })),
    group: owing.length
      ? `【催报】《${ledgerTitle}》${round.period}整改进展月报报送截止${round.deadline}，以下${owing.length}个单位尚未报送：` +
        `${owing.map((o) => o.unit).join('、')}。${how}`
      : '',
  };
}

/** UTF-8 bytes of a text, as a group bot counts its limit. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * A message cut into parts a group bot takes (WeCom: 2,048 bytes a text), between lines where it
 * can, each part marked （1/3）…; a line longer than a part is cut between characters.
 */
export function splitMessage(text: string, maxBytes = 2000): string[] {
  if (utf8Length(text) <= maxBytes) return [text];
  const room = maxBytes - 16; // for the （k/n） mark
  const parts: string[] = [];
  let part = '';
  const push = () => {
    if (part) parts.push(part);
    part = '';
  };
  for (const line of text.split('\n')) {
    const joined = part ? `${part}\n${line}` : line;
    if (utf8Length(joined) <= room) {
      part = joined;
      continue;
    }
    push();
    let rest = '';
    for (const ch of line) {
      if (utf8Length(rest + ch) > room) {
        parts.push(rest);
        rest = '';
      }
      rest += ch;
    }
    part = rest;
  }
  push();
  return parts.map((p, i) => `（${i + 1}/${parts.length}）${p}`);
}
