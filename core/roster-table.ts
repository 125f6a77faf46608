/**
 * A county's 单位名册 as offices keep it, in a spreadsheet: one unit a row, with its 简称/别称, its
 * kind in the county's words (县直部门, 乡镇, 领导小组办公室 …) and the groups it belongs to
 * (各乡镇人民政府, 县直有关部门 …). Read into the roster's data, with what could not be read said
 * by row.
 */
import type { GroupEntry, RegistryData, UnitEntry, UnitKind } from './registry.ts';
import { normalizeLabel } from './text.ts';

/** The template's columns, in order. */
export const ROSTER_COLUMNS = ['单位名称', '简称/别称', '类别', '所属单位组'] as const;

/** Kinds in the county's words → the roster's kinds. */
const KINDS: [RegExp, UnitKind][] = [
  [/乡|镇|街道/, 'township'],
  [/管委会|管理委员会/, 'management-committee'],
  [/领导小组|办公室|议事协调/, 'office'],
  [/党委|县委|党群|纪委/, 'party'],
  [/政府|县直|部门|局|委/, 'government'],
];

export const KIND_WORDS: Record<UnitKind, string> = {
  government: '县直部门（政府）',
  party: '县委部门',
  office: '领导小组办公室',
  township: '乡镇',
  'management-committee': '管委会',
};

export interface RosterRead {
  data: Pick<RegistryData, 'units' | 'groups'>;
  /** Rows that could not be read, by row number, in words. */
  problems: string[];
}

const HEADERS: Record<(typeof ROSTER_COLUMNS)[number], RegExp> = {
  单位名称: /^(单位名称|单位|名称)$/,
  '简称/别称': /简称|别称|别名/,
  类别: /类别|类型|性质/,
  所属单位组: /单位组|所属|分组/,
};

const list = (cell: string) =>
  cell
    .split(/[、，,；;\n]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * The groups a unit belongs to. A group's own name may hold a 、 (各乡镇党委、政府): a 政府 or
 * 人民政府 after a 、 belongs to the name before it, and a name in quotes (“……”) is kept whole.
 */
export function groupList(cell: string): string[] {
  const quoted: string[] = [];
  const rest = cell.replace(/[“"「]([^”"」]+)[”"」]/g, (_, name: string) => {
    quoted.push(name.trim());
    return '、';
  });
  const names: string[] = [];
  for (const piece of list(rest)) {
    if (names.length > 0 && /^(人民)?政府$/.test(piece)) names.push(`${names.pop()}、${piece}`);
    else names.push(piece);
  }
  return [...names, ...quoted.filter(Boolean)];
}

/** The roster in a sheet's rows (cells as text); the header row is found among the first ten. */
export function readRosterRows(rows: string[][]): RosterRead {
  const headerAt = rows.slice(0, 10).findIndex((r) => r.some((c) => HEADERS.单位名称.test(normalizeLabel(c))));
  if (headerAt < 0)
    return { data: { units: [], groups: [] }, problems: ['没有找到“单位名称”列：请使用名册模板的表头。'] };
  const header = rows[headerAt]!.map((c) => normalizeLabel(c));
  const column = (name: (typeof ROSTER_COLUMNS)[number]) => header.findIndex((h) => HEADERS[name].test(h));
  const [name, aliases, kind, groups] = ROSTER_COLUMNS.map(column) as [number, number, number, number];
  const units: UnitEntry[] = [];
  const byGroup = new Map<string, string[]>();
  const problems: string[] = [];
  for (const [i, row] of rows.slice(headerAt + 1).entries()) {
    const cell = (at: number) => (at >= 0 ? (row[at] ?? '').trim() : '');
    const unit = cell(name);
    if (!unit) continue;
    const written = cell(kind);
    const found = KINDS.find(([pattern]) => pattern.test(written || unit));
    if (written && !found) problems.push(`第${headerAt + i + 2}行：类别“${written}”看不懂，按县直部门处理。`);
    units.push({
      name: unit,
      ...(list(cell(aliases)).length ? { aliases: list(cell(aliases)) } : {}),
      kind: found?.[1] ?? 'government',
    });
    for (const group of groupList(cell(groups))) byGroup.set(group, [...(byGroup.get(group) ?? []), unit]);
  }
  const groupEntries: GroupEntry[] = [...byGroup].map(([group, members]) => ({ name: group, members }));
  return { data: { units, groups: groupEntries }, problems };
}

/** A CSV file's rows: quoted fields with commas, quotes and line breaks in them kept. */
export function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}
