/**
 * The consolidated workbook of a city's or province's supervision office: 汇总 (a line per county:
 * its tasks, overdue, 销号 done, and who reported this round), then a sheet per county with every
 * task of its ledgers as the county's master states it.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { filtered, table, titled } from './master-sheets.ts';

export interface CountyRollUp {
  /** The county's id in the shared database (LEDGER_COUNTY). */
  county: string;
  /** Its name, as its roster gives it (白河县). */
  name: string;
  ledgers: number;
  tasks: number;
  overdue: number;
  /** Tasks closed off (已销号). */
  closedOff: number;
  /** The round its ledgers are in (the latest), and how many of the units owing it have reported. */
  round: string | null;
  units: number;
  reported: number;
}

export interface CountyTask {
  ledger: string;
  no: number;
  problem: string;
  leadUnits: string;
  deadline: string;
  progress: string;
  status: string;
  overdue: boolean;
}

export interface ProvinceState {
  /** The supervision office's name (LEDGER_PROVINCE_NAME), e.g. 某某市督察办. */
  name: string;
  judgedOn: string;
  counties: (CountyRollUp & { tasksList: CountyTask[] })[];
}

const SUMMARY_WIDTHS = [16, 8, 8, 8, 10, 16, 14];
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
    `${state.name}各县整改情况汇总（判定日期${state.judgedOn}）`,
    SUMMARY_WIDTHS,
  );
  const total = (pick: (c: CountyRollUp) => number) => state.counties.reduce((n, c) => n + pick(c), 0);
  table(
    summary,
    ['县（区）', '台账数', '任务数', '逾期', '已销号', '本轮报送', '当前轮次'],
    [
      ...state.counties.map((c) => [
        c.name,
        c.ledgers,
        c.tasks,
        c.overdue,
        c.closedOff,
        c.units > 0 ? `${c.reported}/${c.units}` : '—',
        c.round ?? '尚未开启',
      ]),
      [
        '合计',
        total((c) => c.ledgers),
        total((c) => c.tasks),
        total((c) => c.overdue),
        total((c) => c.closedOff),
        `${total((c) => c.reported)}/${total((c) => c.units)}`,
        '',
      ],
    ],
    SUMMARY_WIDTHS,
  );
  filtered(summary, SUMMARY_WIDTHS.length);
  summary.commit();

  for (const county of state.counties) {
    const sheet = titled(workbook, sheetName(county.name, taken), `${county.name}整改任务清单`, COUNTY_WIDTHS);
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
