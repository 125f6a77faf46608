/**
 * What the office above the counties sends: its daily 预警 digest (the counties with the most
 * overdue tasks and 督办单 not answered, those with no round this month) and its 通报 ranking the
 * counties by their rates (county-ranking.ts).
 */
import { COUNTY_FORMULA, type CountyFigures, type CountyRates, percentText } from './county-ranking.ts';

export interface CountyLine extends CountyFigures, CountyRates {
  name: string;
  score: number;
  rank: number;
  openSupervisions: number;
  missingUnits: string[];
  lateUnits: string[];
  noRoundThisMonth: boolean;
}

/** 甲县（jia）: a county named so that two of one name are told apart. */
export const countyName = (c: { name: string; county: string }) => `${c.name}（${c.county}）`;

/** How many counties a digest names in each list, at most. */
const LISTED = 10;

const most = (counties: CountyLine[], count: (c: CountyLine) => number, unit: string) =>
  counties
    .filter((c) => count(c) > 0)
    .sort((a, b) => count(b) - count(a))
    .slice(0, LISTED)
    .map((c) => `${countyName(c)}${count(c)}${unit}`)
    .join('、');

export function cityDigest(office: string, today: string, counties: CountyLine[]): string {
  const overdue = most(counties, (c) => c.overdue, '项');
  const notices = most(counties, (c) => c.openSupervisions, '份');
  const late = most(counties, (c) => c.lateSupervisions, '份');
  const idle = counties.filter((c) => c.noRoundThisMonth).map(countyName);
  return [
    `【${office}预警】${today}`,
    `逾期任务最多的县（区）：${overdue || '无'}`,
    `督办单未办结：${notices || '无'}${late ? `；其中未按时签收或回复：${late}` : ''}`,
    ...(idle.length ? [`本月尚未开启月报：${idle.join('、')}`] : []),
  ].join('\n');
}

export interface CountyNotice {
  title: string;
  subtitle: string;
  summary: string;
  ranking: (string | number)[][];
  praised: string;
  named: string[];
  formula: string;
}

/** How many counties a 通报 praises, at most. */
const PRAISED = 3;

export function countyNotice(office: string, today: string, counties: CountyLine[]): CountyNotice {
  const sum = (pick: (c: CountyLine) => number) => counties.reduce((n, c) => n + pick(c), 0);
  const tasks = sum((c) => c.tasks);
  const rate = (part: number, whole: number) => percentText(whole ? part / whole : 0);
  const praised = counties.filter((c) => c.rank <= PRAISED && c.lateSupervisions === 0 && !c.noRoundThisMonth);
  const idle = counties.filter((c) => c.noRoundThisMonth);
  const missing = counties.filter((c) => c.missingUnits.length > 0);
  const late = counties.filter((c) => c.lateSupervisions > 0);
  return {
    title: '关于各县（区）整改任务推进情况的通报',
    subtitle: `（${office}，按${today}判定）`,
    summary:
      `${counties.length}个县（区）共有整改任务${tasks}项，已逾期未完成${sum((c) => c.overdue)}项（逾期率${rate(
        sum((c) => c.overdue),
        tasks,
      )}），` +
      `已销号${sum((c) => c.closedOff)}项（销号率${rate(
        sum((c) => c.closedOff),
        tasks,
      )}）；` +
      `最近一轮应报送单位${sum((c) => c.units)}个，按时报送率${rate(
        sum((c) => c.onTime),
        sum((c) => c.units),
      )}。`,
    ranking: counties.map((c) => [
      c.rank,
      countyName(c),
      c.score,
      percentText(c.onTimeRate),
      percentText(c.closedRate),
      percentText(c.overdueRate),
      c.lateSupervisions,
    ]),
    praised: praised.length
      ? `对推进有力、报送及时的${praised.map(countyName).join('、')}予以通报表扬。`
      : '本期没有予以通报表扬的县（区）。',
    named: [
      ...(idle.length ? [`本月尚未开启月报的：${idle.map(countyName).join('、')}。`] : []),
      ...missing.map((c) => `${countyName(c)}最近一轮未报送的单位：${c.missingUnits.join('、')}。`),
      ...(late.length
        ? [`督办单未按时签收或回复的：${late.map((c) => `${countyName(c)}${c.lateSupervisions}份`).join('、')}。`]
        : []),
    ],
    formula: `排名依据：${COUNTY_FORMULA}。`,
  };
}
