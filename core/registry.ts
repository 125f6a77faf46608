/**
 * The county's units (with the names they go by), the groups a plan uses for several units at
 * once, and the leaders' roster. The data is configuration, kept with the seeds.
 */
import { hiddenIn } from './limits.ts';
import { GROUP_PHRASES } from './names.ts';
import { editDistance, normalizeLabel } from './text.ts';

export type UnitKind = 'party' | 'government' | 'office' | 'township' | 'management-committee';

export interface UnitEntry {
  name: string;
  aliases?: string[];
  kind: UnitKind;
}

export interface GroupEntry {
  name: string;
  aliases?: string[];
  /** Members by kind (every township, every government department …). */
  memberKinds?: UnitKind[];
  /** Members by name, besides those by kind. */
  members?: string[];
}

export interface Leader {
  name: string;
  role?: string;
  /** A mobile number: the 预警 digest @-mentions the leader by it. */
  phone?: string;
}

export interface RegistryData {
  county: string;
  units: UnitEntry[];
  groups: GroupEntry[];
  leaders: Leader[];
  /** The office's decisions about names, with who made them and when. */
  decisions?: { about: string; decision: string; why: string; by?: string; at?: string }[];
}

export type UnitResolution =
  | { kind: 'unit'; written: string; canonical: string; viaAlias: boolean }
  | { kind: 'group'; written: string; canonical: string; members: string[]; viaAlias: boolean }
  | { kind: 'unknown'; written: string; suggestion?: string };

export interface Registry {
  data: RegistryData;
  /** Every unit's canonical name, in registry order. */
  unitNames: string[];
  resolve(written: string): UnitResolution;
  /** The units a written name stands for: the unit itself, a group's members, or nothing. */
  expand(written: string): string[];
  /** Split a units field (县环保局、自然资源局等相关委局，各乡镇党委、政府) into written names. */
  splitUnits(text: string): string[];
  isLeader(name: string): boolean;
  /** Split a leaders field (宋晓庆、刘国杰 or 董炳麓  王明朗) into names. */
  splitLeaders(text: string): string[];
}

const SEPARATOR = /[、，,；;/\s]/;
/** Names longer than this get no "did you mean" suggestion. */
const SUGGEST_MAX_LENGTH = 40;
/** A suggestion differs from what was written in at most this many characters. */
const maxDistance = (key: string) => Math.max(2, Math.floor(key.length / 2));

/**
 * Names the roster gives twice: a unit's or group's name or alias that is also another's (so a
 * sign-in link or a plan's name would land on the wrong unit), or an entry listed twice; and names
 * holding characters that hide or reorder what they show. Empty when every name leads to one place.
 */
export function rosterClashes(data: RegistryData): string[] {
  const owners = new Map<string, { owner: string; as: string }>();
  const clashes: string[] = [];
  for (const written of [...data.units, ...data.groups].flatMap((e) => [e.name, ...(e.aliases ?? [])])) {
    const shown = hiddenIn(written);
    if (shown) clashes.push(`“${shown}”含有看不见或改变文字方向的字符`);
  }
  for (const leader of data.leaders) {
    const shown = hiddenIn(leader.name);
    if (shown) clashes.push(`领导“${shown}”含有看不见或改变文字方向的字符`);
  }
  const entries = [...data.units, ...data.groups];
  for (const entry of entries) {
    for (const [written, as] of [[entry.name, '名称'], ...(entry.aliases ?? []).map((a) => [a, '别称'])] as const) {
      const key = normalizeLabel(written);
      if (!key) continue;
      const first = owners.get(key);
      if (!first) owners.set(key, { owner: entry.name, as });
      else if (first.owner !== entry.name || first.as === as)
        clashes.push(
          first.owner === entry.name
            ? `“${written}”在名册中写了两次`
            : `“${written}”既是“${first.owner}”的${first.as}，又是“${entry.name}”的${as}`,
        );
    }
  }
  return clashes;
}

export function createRegistry(data: RegistryData): Registry {
  type Named = { canonical: string; group?: GroupEntry; viaAlias: boolean };
  const byName = new Map<string, Named>();
  const add = (written: string, named: Named) => {
    const key = normalizeLabel(written);
    if (!byName.has(key)) byName.set(key, named);
  };
  for (const unit of data.units) {
    add(unit.name, { canonical: unit.name, viaAlias: false });
    for (const alias of unit.aliases ?? []) add(alias, { canonical: unit.name, viaAlias: true });
  }
  for (const group of data.groups) {
    add(group.name, { canonical: group.name, group, viaAlias: false });
    for (const alias of group.aliases ?? []) add(alias, { canonical: group.name, group, viaAlias: true });
  }
  // Longest first, so 各乡镇党委、政府 wins over 各乡镇 when splitting; group phrases hold together even
  // before the roster has them.
  const knownNames = [...byName.keys()].sort((a, b) => b.length - a.length);
  const atoms = [...new Set([...knownNames, ...GROUP_PHRASES.map(normalizeLabel)])].sort((a, b) => b.length - a.length);
  const leaders = new Set(data.leaders.map((l) => l.name));

  const membersOf = (group: GroupEntry): string[] => {
    const names = new Set(group.members ?? []);
    for (const unit of data.units) if (group.memberKinds?.includes(unit.kind)) names.add(unit.name);
    return [...names];
  };

  const lookup = (key: string): Named | undefined => {
    const direct = byName.get(key);
    if (direct) return direct;
    // Plans drop or add the county prefix freely: 水利局 for 县水利局.
    const prefixed = key.startsWith('县') ? byName.get(key.slice(1)) : byName.get(`县${key}`);
    return prefixed && { ...prefixed, viaAlias: true };
  };

  const suggest = (key: string): string | undefined => {
    // A unit's name is short; comparing a long text with every name would cost the whole service.
    if (key.length > SUGGEST_MAX_LENGTH) return undefined;
    let best: { name: string; distance: number } | undefined;
    for (const name of knownNames) {
      if (Math.abs(name.length - key.length) > maxDistance(key)) continue;
      const distance = editDistance(key, name);
      if (!best || distance < best.distance) best = { name, distance };
    }
    if (!best || best.distance > maxDistance(key)) return undefined;
    return byName.get(best.name)!.canonical;
  };

  const resolve = (written: string): UnitResolution => {
    const key = normalizeLabel(written);
    const named = lookup(key);
    if (!named) return { kind: 'unknown', written, suggestion: suggest(key) };
    if (named.group) {
      return {
        kind: 'group',
        written,
        canonical: named.canonical,
        members: membersOf(named.group),
        viaAlias: named.viaAlias,
      };
    }
    return { kind: 'unit', written, canonical: named.canonical, viaAlias: named.viaAlias };
  };

  const splitUnits = (text: string): string[] => {
    const names: string[] = [];
    let current = '';
    const flush = () => {
      if (current.trim()) names.push(current.trim());
      current = '';
    };
    const normalized = text.replace(/[\uff08]/g, '(').replace(/[\uff09]/g, ')');
    for (let i = 0; i < normalized.length; ) {
      if (current === '') {
        const rest = normalized.slice(i);
        const known = atoms.find(
          (name) => name.length > 1 && rest.startsWith(name) && /^$|^[、，,；;/\s]|^等/.test(rest.slice(name.length)),
        );
        if (known && SEPARATOR.test(known)) {
          names.push(known);
          i += known.length;
          continue;
        }
      }
      const ch = normalized[i]!;
      // 自然资源局等相关委局: 等 joins a name to a group.
      if (ch === '等' && /^(相关|有关)/.test(normalized.slice(i + 1))) {
        flush();
      } else if (SEPARATOR.test(ch)) {
        flush();
      } else {
        current += ch;
      }
      i++;
    }
    flush();
    return names;
  };

  return {
    data,
    unitNames: data.units.map((u) => u.name),
    resolve,
    expand: (written) => {
      const r = resolve(written);
      return r.kind === 'unit' ? [r.canonical] : r.kind === 'group' ? r.members : [];
    },
    splitUnits,
    isLeader: (name) => leaders.has(name),
    splitLeaders: (text) => text.split(/[、，,；;/\s]+/).filter(Boolean),
  };
}
