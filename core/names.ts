/**
 * How a county clerk reads a unit's name: the abbreviations every county uses (县委办 = 县委办公室,
 * 住建局 = 县住房和城乡建设局 …), the kind a name says it is (an 办公室 is never a 部), and the
 * group phrases plans use for several units at once (各乡镇人民政府, 县直有关部门). Proposals for a
 * name new to the roster come from these, each with its reason; when unsure, none: a new unit.
 */
import type { UnitKind } from './registry.ts';
import { editDistance, normalizeLabel } from './text.ts';

/** Short forms and what they stand for, as clerks write them. Longest first where they overlap. */
export const ABBREVIATIONS: readonly (readonly [string, string])[] = [
  ['科工信', '科技和工业信息化'],
  ['文广新', '文化广电新闻出版'],
  ['人社', '人力资源和社会保障'],
  ['市场监管', '市场监督管理'],
  ['住建', '住房和城乡建设'],
  ['环保', '环境保护'],
  ['发改', '发展和改革'],
  ['城管', '城市管理'],
  ['卫计', '卫生和计划生育'],
  ['卫健', '卫生健康'],
  ['工信', '工业和信息化'],
  ['国土', '国土资源'],
  ['交通', '交通运输'],
  ['应急', '应急管理'],
  ['攻坚办', '污染防治攻坚战领导小组办公室'],
];

/** A name's comparable form: no 县 prefix, short forms spelt out, no 和, 委员会 as 委, 办公室 as 办. */
export function nameKey(name: string): string {
  let key = normalizeLabel(name).replace(/^(县人民|县|全县)/, '');
  if (key === '政府办' || key === '人民政府办') key = '政府办公室';
  for (const [short, full] of ABBREVIATIONS) {
    if (key.startsWith(full)) break;
    if (key.startsWith(short)) {
      key = full + key.slice(short.length);
      break;
    }
  }
  return key
    .replace(/[和与及]/g, '')
    .replace(/人民政府/g, '政府')
    .replace(/委员会$/, '委')
    .replace(/办公室$/, '办');
}

export type NameKind = 'office' | 'department' | 'bureau' | 'commission' | 'township' | 'group' | 'other';

/** What a name says it is, by its ending. */
export function nameKind(name: string): NameKind {
  const text = normalizeLabel(name);
  if (isGroupPhrase(text)) return 'group';
  if (/(办公室|办)$/.test(text)) return 'office';
  if (/部$/.test(text)) return 'department';
  if (/局$/.test(text)) return 'bureau';
  if (/(委员会|委|管委会)$/.test(text)) return 'commission';
  if (/(镇|乡|街道)(人民政府|政府)?$/.test(text)) return 'township';
  return 'other';
}

/** Group phrases: 各乡镇人民政府, 相关乡镇, 县直有关部门, 相关委局, 县政府相关部门 … never one unit. */
const GROUP = /^(各|所有|相关|有关|县直|全县|县政府(相关|有关)|县委(相关|有关)|县人民政府(相关|有关))/;

export function isGroupPhrase(name: string): boolean {
  const text = normalizeLabel(name);
  return GROUP.test(text) && !/^(县直机关工委|相关单位负责人)$/.test(text);
}

/** Multi-part group phrases that a list separator must not split: 各乡镇党委、政府. */
export const GROUP_PHRASES: readonly string[] = [
  '各乡镇党委、政府',
  '各乡镇党委、人民政府',
  '相关乡镇党委、政府',
  '有关乡镇党委、政府',
  '各乡(镇)党委、政府',
];

/** The units a group phrase stands for, by kind: townships, or the county's departments. */
export function groupMemberKinds(name: string): UnitKind[] {
  return /乡|镇|街道/.test(name) ? ['township'] : ['party', 'government', 'office'];
}

export interface Proposal {
  /** The roster's name the written one is proposed as. */
  name: string;
  reason: string;
}

/**
 * A roster name this written name is likely to mean, with the reason; undefined when unsure.
 * Abbreviation rules first; then a near spelling only of the same kind (one character apart).
 */
export function proposeName(written: string, candidates: readonly string[]): Proposal | undefined {
  if (isGroupPhrase(written)) return undefined;
  const key = nameKey(written);
  const kind = nameKind(written);
  const same = candidates.find((c) => c !== written && !isGroupPhrase(c) && nameKey(c) === key);
  if (same) {
    const prefixOnly = normalizeLabel(same).replace(/^县/, '') === normalizeLabel(written).replace(/^县/, '');
    return {
      name: same,
      reason: prefixOnly ? `“${written}”加上“县”字即“${same}”` : `按常用的简称和写法，“${written}”即“${same}”`,
    };
  }
  if (key.length < 4) return undefined;
  const near = candidates.find(
    (c) => c !== written && !isGroupPhrase(c) && nameKind(c) === kind && editDistance(nameKey(c), key) === 1,
  );
  return near ? { name: near, reason: `“${written}”与“${near}”只差一个字，可能是同一单位，请核对` } : undefined;
}
