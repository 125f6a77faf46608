/**
 * The consolidated workbook of a city's or province's supervision office: 汇总 (a line per county:
 * its tasks, overdue, 销号 done, and who reported this round), then a sheet per county with every
 * task of its ledgers as the county's master states it.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { COUNTY_FORMULA, percentText } from '../../../core/county-ranking.ts';
import { chineseDate } from '../../../core/deadline.ts';
import type { ProvinceState, RankedCounty } from '../../cases/province.ts';
import { filtered, table, titled } from './master-sheets.ts';

const SUMMARY_WIDTHS = [6, 16, 7, 12, 12, 10, 48, 24, 8, 8, 14, 18];
const COUNTY_WIDTHS = [6, 40, 16, 14, 44, 10, 6, 14];

/** A sheet name Excel takes: at most 31 characters, none of []:*?/\, and not used before. */
function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, '').slice(0, 28) || '县';
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}(${n})`;
  taken.add(candidate);
  return candidate;
}

export async function provinceWorkbook(state: ProvinceState): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => stream.on('end', resolve));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: true });
  workbook.creator = '整改台账 rectification-ledger';
  workbook.title = `${state.name}整改台账汇总`;
  const taken = new Set(['汇总']);

  const summary = titled(
    workbook,
    '汇总',
    `${state.name}各县（区）整改情况汇总（制表日期${state.judgedOn}）`,
    SUMMARY_WIDTHS,
  );
  // One page: the 汇总 is what the office forwards.
  summary.pageSetup.fitToHeight = 1;
  const names = (list: string[]) => (list.length ? list.join('、') : '无');
  const change = (c: RankedCounty) =>
    c.change.since ? `新增逾期${c.change.newlyOverdue}项，新销号${c.change.newlyClosed}项` : '尚无上一轮';
  table(
    summary,
    [
      '排名',
      '县（区）',
      '任务数',
      '逾期（逾期率）',
      '已销号（销号率）',
      '按时报送率',
      '本轮未报单位',
      '本轮迟报单位',
      '待审核销号',
      '督办单超期',
      '较上一轮',
      '当前轮次（报送截止）',
    ],
    state.counties.map((c) => [
      c.rank,
      `${c.name}（${c.county}）`,
      c.tasks,
      `${c.overdue}（${percentText(c.overdueRate)}）`,
      `${c.closedOff}（${percentText(c.closedRate)}）`,
      c.units > 0 ? percentText(c.onTimeRate) : '—',
      names(c.missingUnits),
      names(c.lateUnits),
      c.pendingClosures,
      c.lateSupervisions,
      change(c),
      c.round ? `${c.round}（${c.deadline}）${c.noRoundThisMonth ? '，本月未开启' : ''}` : '尚未开启',
    ]),
    SUMMARY_WIDTHS,
  );
  filtered(summary, SUMMARY_WIDTHS.length);
  summary.addRow([]).commit();
  summary.addRow(['', `排名依据：${COUNTY_FORMULA}`]).commit();
  summary.addRow(['', `制表单位：${state.name}`, '', '', '', '', `制表日期：${chineseDate(state.judgedOn)}`]).commit();
  summary.commit();

  for (const county of state.counties) {
    const sheet = titled(
      workbook,
      sheetName(`${county.name}（${county.county}）`, taken),
      `${county.name}（${county.county}）整改任务清单`,
      COUNTY_WIDTHS,
    );
    table(
      sheet,
      ['序号', '反馈问题', '牵头单位', '整改时限', '整改进展', '完成状态', '逾期', '台账'],
      county.tasksList.map((t) => [
        t.no,
        t.problem,
        t.leadUnits,
        t.deadline,
        t.progress,
        t.status,
        t.overdue ? '逾期' : '',
        t.ledger,
      ]),
      COUNTY_WIDTHS,
    );
    filtered(sheet, COUNTY_WIDTHS.length);
    sheet.commit();
  }
  await workbook.commit();
  await ended;
  return Buffer.concat(chunks);
}
