/**
 * Deadlines as the plan writes them, in words, turned into structure.
 * 底 and 底前 (and 末) mean the month's last day; a phrase we cannot read is reported,
 * never guessed.
 */
import { toHalfWidth } from './text.ts';

/** A calendar date as YYYY-MM-DD. */
export type IsoDate = string;

export interface Milestone {
  date: IsoDate;
  /** The words of this milestone, as written: "2019年11月30日前完成治理工程施工". */
  wording: string;
  /** What must be done by then, when the phrase says: "完成治理工程施工". */
  qualifier?: string;
}

export type Deadline =
  | { kind: 'empty'; text: '' }
  /** One or more dated milestones; `due` is the last one. */
  | { kind: 'dated'; text: string; milestones: Milestone[]; due: IsoDate }
  /** 立即整改，持续推进 / 长期坚持: start now, no end date. */
  | { kind: 'ongoing'; text: string }
  /** 已经完成，长期坚持: already done, keep it up. */
  | { kind: 'done-ongoing'; text: string }
  | { kind: 'unreadable'; text: string; reason: string };

const DATE = new RegExp(
  [
    // 2019-06-30, 2019.6.30, 2019/6/30
    String.raw`(?<isoY>\d{4})[.\-/](?<isoM>\d{1,2})[.\-/](?<isoD>\d{1,2})日?`,
    // 2019年底, 2019年年底(前)
    String.raw`(?<yeY>\d{4})\s*年\s*年?\s*(?:底|末)`,
    // (2019年)12月(30日|底|末)
    String.raw`(?:(?<y>\d{4})\s*年\s*)?(?<m>\d{1,2})\s*月\s*(?:份\s*)?(?:(?<d>\d{1,2})\s*[日号]|(?<end>底|末|中旬|上旬|下旬))?`,
  ].join('|'),
  'g',
);
const BEFORE = /^\s*(?:之前|以前|前)/;
const ONGOING = /持续推进|长期坚持|常态化|长期推进|持续开展|长期保持/;
const DONE = /已经完成|已完成|已整改完成|已办结/;

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): IsoDate | undefined {
  if (month < 1 || month > 12 || day < 1 || day > lastDayOfMonth(year, month)) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function trimPunctuation(text: string): string {
  return text.replace(/^[\s，,。；;、]+|[\s，,。；;、]+$/g, '');
}

export function parseDeadline(raw: string, defaultYear?: number): Deadline {
  const text = raw.trim();
  if (text === '') return { kind: 'empty', text: '' };
  const plain = toHalfWidth(text);

  type Found = { index: number; end: number; date?: IsoDate; problem?: string };
  const found: Found[] = [];
  let year = defaultYear;
  for (const match of plain.matchAll(DATE)) {
    const g = match.groups!;
    let end = match.index! + match[0].length;
    const before = BEFORE.exec(plain.slice(end));
    if (before) end += before[0].length;
    let date: IsoDate | undefined;
    let problem: string | undefined;
    if (g.isoY) {
      year = Number(g.isoY);
      date = iso(year, Number(g.isoM), Number(g.isoD));
    } else if (g.yeY) {
      year = Number(g.yeY);
      date = iso(year, 12, 31);
    } else {
      if (g.y) year = Number(g.y);
      const month = Number(g.m);
      if (year === undefined) {
        problem = `“${match[0]}”没有写年份`;
      } else if (g.end === '上旬' || g.end === '中旬' || g.end === '下旬') {
        date = iso(year, month, g.end === '上旬' ? 10 : g.end === '中旬' ? 20 : lastDayOfMonth(year, month));
      } else if (g.d) {
        date = iso(year, month, Number(g.d));
      } else {
        date = month >= 1 && month <= 12 ? iso(year, month, lastDayOfMonth(year, month)) : undefined;
      }
    }
    if (!date && !problem) problem = `“${match[0]}”不是有效日期`;
    found.push({ index: match.index!, end, date, problem });
  }

  const bad = found.find((f) => f.problem);
  if (bad) return { kind: 'unreadable', text, reason: bad.problem! };

  if (found.length === 0) {
    if (DONE.test(plain)) return { kind: 'done-ongoing', text };
    if (ONGOING.test(plain) || /^立即整改/.test(plain)) return { kind: 'ongoing', text };
    return { kind: 'unreadable', text, reason: `没有找到日期，也不是“立即整改，持续推进”一类的说法` };
  }

  const milestones: Milestone[] = found.map((f, i) => {
    const segmentEnd = i + 1 < found.length ? found[i + 1]!.index : text.length;
    const wording = trimPunctuation(text.slice(f.index, segmentEnd));
    const qualifier = trimPunctuation(text.slice(f.end, segmentEnd));
    return qualifier ? { date: f.date!, wording, qualifier } : { date: f.date!, wording };
  });
  const due = milestones
    .map((m) => m.date)
    .sort()
    .at(-1)!;
  return { kind: 'dated', text, milestones, due };
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

/** Today's date in the local time zone, as YYYY-MM-DD. */
export function todayIso(now = new Date()): IsoDate {
  return iso(now.getFullYear(), now.getMonth() + 1, now.getDate())!;
}

/** A date written back as a clerk would: 2019年12月31日. */
export function chineseDate(date: IsoDate): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
