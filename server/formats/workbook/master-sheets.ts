/**
 * The consolidated workbook's sheets after the table: 汇总 (counts by status per lead unit,
 * units that have not submitted), 进展明细 (one row per task and unit), 冲突 (open conflicts)
 * and 变更记录 (the change log).
 */
import type ExcelJS from 'exceljs';
import { HEADER, type Field } from '../../../core/fields.ts';
import { IMPORTER } from '../../../core/policy.ts';
import { xmlSafe } from '../../../core/limits.ts';
import type { StoredConflict } from '../../store/store.ts';
import { owes, type RoundState } from '../../../core/round.ts';
import { countyTime, countyZone, DEFAULT_ZONE } from '../../../core/zone.ts';
import { newWords, saysSomethingNew } from '../../../core/compare.ts';
import { STATUSES } from '../../../core/status.ts';
import { BODY_FONT, HEADING_FONT, rowHeight } from '../../../core/layout.ts';
import { PAGE_FOOTER } from './write.ts';
import { columnLetter } from '../../../core/text.ts';

export interface MasterSummary {
  judgedOn: string;
  /** Each task's status, with each lead unit's own (the office's, such as 已销号, standing over it). */
  tasks: { no: number; status: string; overdue: boolean; leads: { unit: string; status: string }[] }[];
  /** The round the units' states are in. */
  round: { period: string; deadline: string; openedAt: string; closedAt: string | null } | null;
  /** Units with their state in the round, for the chase-up list. */
  units: { name: string; state: RoundState; reportedAt: string | null; lastSubmissionAt: string | null }[];
  details: {
    no: number;
    unit: string;
    role: '牵头' | '责任' | '办公室';
    progress: string;
    status: string;
    remarks: string;
  }[];
  /** Open and settled, with the decision. */
  conflicts: StoredConflict[];
  /** Each task's progress last round and now: the month-over-month sheet. */
  comparison: { period: string; rows: { no: number; before: string; now: string }[] } | null;
  changes: {
    revision: number;
    at: string;
    actor: string;
    no: number;
    unit: string;
    field: Field;
    old: string;
    value: string;
  }[];
}

const thin = { style: 'thin', color: { argb: 'FF000000' } } as const;
const border = { top: thin, left: thin, bottom: thin, right: thin };
const headStyle: Partial<ExcelJS.Style> = {
  font: HEADING_FONT,
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  border,
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } },
};
const bodyStyle: Partial<ExcelJS.Style> = { font: BODY_FONT, alignment: { vertical: 'top', wrapText: true }, border };
/** 序号, counts and other figures: centred, as the master's 序号 is. */
const figureStyle: Partial<ExcelJS.Style> = { ...bodyStyle, alignment: { horizontal: 'center', vertical: 'top' } };
const titleStyle: Partial<ExcelJS.Style> = { font: { ...HEADING_FONT, size: 14 }, alignment: { vertical: 'middle' } };

type Value = string | number;

/** The zone times are written in, as a clerk says it. */
const zoneWords = () => (countyZone() === DEFAULT_ZONE ? '北京时间' : `${countyZone()}时间`);

/** Narrow enough that a landscape A4 page prints the 冲突 sheet at 9 pt or more. */
const CONFLICT_WIDTHS = [4, 5, 8, 12, 18, 18, 8, 18, 14, 6, 18, 14];

/** A table of rows under its header; with the columns' widths, each row is as tall as its text. */
export function table(sheet: ExcelJS.Worksheet, headers: string[], rows: Value[][], widths?: number[]): void {
  const head = sheet.addRow(headers);
  head.eachCell((cell) => (cell.style = headStyle));
  if (widths) head.height = rowHeight(headers.map((text, i) => ({ text, width: widths[i] ?? 10 })));
  head.commit();
  for (const values of rows) {
    const row = sheet.addRow(values.map((v) => (typeof v === 'string' ? xmlSafe(v) : v)));
    for (let c = 1; c <= headers.length; c++)
      row.getCell(c).style = typeof values[c - 1] === 'number' ? figureStyle : bodyStyle;
    if (widths) row.height = rowHeight(values.map((v, i) => ({ text: String(v), width: widths[i] ?? 10 })));
    row.commit();
  }
}

/** A sheet of the master after the table: its title on row 1, a header on row 2 repeated on every printed page, page numbers at the foot. */
export function titled(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  title: string,
  widths: number[],
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 2 }],
    pageSetup: {
      paperSize: 9 as ExcelJS.PaperSize, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '2:2',
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: PAGE_FOOTER },
  });
  sheet.columns = widths.map((width) => ({ width }));
  const row = sheet.addRow([title]);
  row.getCell(1).style = titleStyle;
  row.height = 24;
  row.commit();
  return sheet;
}

/** A filter over a table whose header is row 2. */
export function filtered(sheet: ExcelJS.Worksheet, columns: number): void {
  sheet.autoFilter = `A2:${columnLetter(columns)}2`;
}

export function addMasterSheets(workbook: ExcelJS.stream.xlsx.WorkbookWriter, summary: MasterSummary): void {
  const counted = ['已完成', '已销号', '正在推进', '持续推进', '长期坚持', '未启动'] as const;
  const byLead = new Map<string, { total: number; overdue: number; counts: Map<string, number> }>();
  const tally = (name: string, status: string, overdue: boolean) => {
    const entry = byLead.get(name) ?? byLead.set(name, { total: 0, overdue: 0, counts: new Map() }).get(name)!;
    entry.total++;
    if (overdue) entry.overdue++;
    const key = (STATUSES as readonly string[]).includes(status) ? status : '未填报';
    entry.counts.set(key, (entry.counts.get(key) ?? 0) + 1);
  };
  for (const t of summary.tasks) {
    const leads = t.leads.length ? t.leads : [{ unit: '（无牵头单位）', status: t.status }];
    for (const lead of leads) tally(lead.unit, lead.status, t.overdue);
  }
  const all = {
    total: summary.tasks.length,
    overdue: summary.tasks.filter((t) => t.overdue).length,
    counts: new Map<string, number>(),
  };
  for (const t of summary.tasks) {
    const key = (STATUSES as readonly string[]).includes(t.status) ? t.status : '未填报';
    all.counts.set(key, (all.counts.get(key) ?? 0) + 1);
  }
  const line = (name: string, e: typeof all): Value[] => [
    name,
    e.total,
    ...counted.map((s) => e.counts.get(s) ?? 0),
    e.counts.get('未填报') ?? 0,
    e.overdue,
  ];

  const overview = titled(
    workbook,
    '汇总',
    `完成情况汇总（按${summary.judgedOn}判定；一项任务计入它的每个牵头单位，按该单位自己填报的状态）`,
    [30, 8, 8, 8, 10, 10, 10, 8, 8, 8],
  );
  table(
    overview,
    ['牵头单位', '任务数', ...counted, '未填报', '逾期'],
    [...[...byLead].map(([name, e]) => line(name, e)), line('全部任务', all)],
  );
  const gap = overview.addRow([]);
  gap.commit();
  const round = summary.round ? `${summary.round.period}月报，截止${summary.round.deadline}` : '本轮';
  const waiting = summary.units.filter((u) => owes(u.state));
  const heading = overview.addRow([`${round}：未报单位${waiting.length}个（催报）`]);
  heading.getCell(1).style = titleStyle;
  heading.commit();
  table(
    overview,
    ['单位', '状态', '最近提交'],
    waiting.map((u) => [u.name, u.state, u.lastSubmissionAt ? countyTime(u.lastSubmissionAt) : '']),
  );
  const states = overview.addRow([`${round}：各单位报送情况`]);
  states.getCell(1).style = titleStyle;
  states.commit();
  table(
    overview,
    ['单位', '状态', '报送时间'],
    summary.units.map((u) => [u.name, u.state, u.reportedAt ? countyTime(u.reportedAt) : '']),
  );
  overview.commit();

  if (summary.comparison) addComparison(workbook, summary.comparison);

  const detailWidths = [6, 22, 8, 60, 10, 24];
  const reported = summary.details.filter((d) => d.progress || d.status || d.remarks);
  const details = titled(
    workbook,
    '进展明细',
    `各单位整改进展明细（${reported.length}条：每项任务、每个填报了的单位一行，含办公室）`,
    detailWidths,
  );
  table(
    details,
    ['序号', '单位', '角色', '整改进展', '完成状态', '备注'],
    reported.map((d) => [d.no, d.unit, d.role, d.progress, d.status, d.remarks]),
    detailWidths,
  );
  filtered(details, detailWidths.length);
  details.commit();

  const open = summary.conflicts.filter((c) => c.resolvedAt === null).length;
  const conflicts = titled(
    workbook,
    '冲突',
    `冲突（待裁定${open}项，已裁定${summary.conflicts.length - open}项）`,
    CONFLICT_WIDTHS,
  );
  table(
    conflicts,
    [
      '编号',
      '序号',
      '字段',
      '单位',
      '提交依据的原值',
      '台账现值',
      '填写人',
      '提交的值',
      '提交人、时间',
      '状态',
      '裁定结果',
      '裁定人、时间',
    ],
    summary.conflicts.map((c) => [
      c.id,
      c.no,
      HEADER[c.field],
      c.unit || '（任务本身）',
      c.base,
      c.master,
      c.masterBy,
      c.incoming,
      `${c.incomingBy}\n${countyTime(c.openedAt)}`,
      c.resolvedAt === null ? '待裁定' : '已裁定',
      c.resolvedValue ?? '',
      c.resolvedAt ? `${c.resolvedBy ?? ''}\n${countyTime(c.resolvedAt)}` : '',
    ]),
    CONFLICT_WIDTHS,
  );
  filtered(conflicts, CONFLICT_WIDTHS.length);
  conflicts.commit();

  // This round's changes first, newest first; then those between rounds; the plan's import on its own at the end.
  const since = summary.round?.openedAt ?? '';
  const imported = summary.changes.filter((c) => c.actor === IMPORTER);
  const edits = summary.changes.filter((c) => c.actor !== IMPORTER).reverse();
  const groups: [string, typeof edits][] = [
    ['本轮', since ? edits.filter((c) => c.at >= since) : edits],
    ['轮前', since ? edits.filter((c) => c.at < since) : []],
    ['导入', imported],
  ];
  const logWidths = [8, 6, 17, 14, 6, 18, 10, 40, 40];
  const log = titled(
    workbook,
    '变更记录',
    `变更记录（只增不改；本轮${groups[0]![1].length}条在前，上一轮结束以来的都在此，更早的见各轮的汇总表；时间为${zoneWords()}）`,
    logWidths,
  );
  table(
    log,
    ['类别', '版本', '时间', '修改人', '序号', '单位', '字段', '原值', '新值'],
    groups.flatMap(([group, changes]) =>
      changes.map((c) => [
        group,
        c.revision,
        countyTime(c.at),
        c.actor,
        c.no,
        c.unit || '（任务本身）',
        HEADER[c.field],
        c.old,
        c.value,
      ]),
    ),
    logWidths,
  );
  filtered(log, logWidths.length);
  log.commit();
}

/** 月度对比: each task's progress last round and now, the words new this round in red. */
function addComparison(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  comparison: NonNullable<MasterSummary['comparison']>,
): void {
  const sheet = titled(
    workbook,
    '月度对比',
    `整改进展月度对比（与${comparison.period}相比，红字为本月新增）`,
    [6, 60, 60],
  );
  table(sheet, ['序号', `${comparison.period}进展`, '本月进展'], []);
  const red = { ...BODY_FONT, color: { argb: 'FFC00000' }, bold: true };
  for (const r of comparison.rows) {
    const pieces = newWords(r.before, r.now);
    const row = sheet.addRow([r.no, xmlSafe(r.before), '']);
    row.getCell(3).value = saysSomethingNew(pieces)
      ? { richText: pieces.map((p) => ({ text: xmlSafe(p.text), font: p.added ? red : BODY_FONT })) }
      : xmlSafe(r.now);
    for (let c = 1; c <= 3; c++) row.getCell(c).style = bodyStyle;
    row.commit();
  }
  sheet.commit();
}
