/**
 * The consolidated workbook's 预警, 督办单 and 批示 sheets: every milestone standing at a level on
 * the judging date with who is told, the 督办单 with where each stands, and leaders' 批示 by task.
 */
import type ExcelJS from 'exceljs';
import { type Alert, LEVEL_NAMES } from '../../../core/alerts.ts';
import { brief } from '../../../core/report.ts';
import { countyTime } from '../../../core/zone.ts';
import type { Supervision } from '../../cases/supervision.ts';
import { filtered, table, titled } from './master-sheets.ts';

export interface SupervisionSummary {
  alerts: Alert[];
  supervisions: Supervision[];
  instructions: { no: number; leader: string; date: string; text: string; by: string }[];
  interviews: { no: number; unit: string; person: string; date: string; outcome: string; by: string }[];
}

const ALERT_WIDTHS = [6, 8, 12, 12, 40, 24, 16];
const NOTICE_WIDTHS = [20, 6, 6, 50, 16, 12, 16];
const INSTRUCTION_WIDTHS = [6, 10, 12, 60, 14];
const INTERVIEW_WIDTHS = [6, 20, 12, 12, 50, 14];

const when = (a: Alert) =>
  a.level === 1 ? `还有${a.workdays}个工作日` : a.level === 2 ? '今天到期' : `已逾期${a.workdays}个工作日`;

export function addSupervisionSheets(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  { alerts, supervisions, instructions, interviews }: SupervisionSummary,
  judgedOn: string,
): void {
  const sheet = titled(workbook, '预警', `预警（按${judgedOn}判定，${alerts.length}个节点）`, ALERT_WIDTHS);
  table(
    sheet,
    ['序号', '级别', '节点时限', '距时限', '反馈问题', '牵头单位', '责任领导'],
    alerts.map((a) => [
      a.no,
      LEVEL_NAMES[a.level],
      a.milestone,
      when(a),
      brief(a.problem, 60),
      a.leadUnits.join('、'),
      a.leaders.join('、'),
    ]),
    ALERT_WIDTHS,
  );
  filtered(sheet, ALERT_WIDTHS.length);
  sheet.commit();
  if (supervisions.length > 0) {
    const notices = titled(workbook, '督办单', `督办单（${supervisions.length}份）`, NOTICE_WIDTHS);
    table(
      notices,
      ['编号', '序号', '等级', '督办要求', '办理状态', '回复时限', '下发时间'],
      supervisions.map((s) => [
        s.title,
        s.no,
        s.level,
        s.demand,
        s.late ? `${s.state}（${s.late}）` : s.state,
        s.replyBy,
        countyTime(s.issuedAt),
      ]),
      NOTICE_WIDTHS,
    );
    filtered(notices, NOTICE_WIDTHS.length);
    notices.commit();
  }
  if (instructions.length > 0) {
    const notes = titled(workbook, '批示', `领导批示（${instructions.length}条）`, INSTRUCTION_WIDTHS);
    table(
      notes,
      ['序号', '领导', '批示日期', '批示内容', '记录人'],
      instructions.map((i) => [i.no, i.leader, i.date, i.text, i.by]),
      INSTRUCTION_WIDTHS,
    );
    filtered(notes, INSTRUCTION_WIDTHS.length);
    notes.commit();
  }
  if (interviews.length > 0) {
    const talks = titled(workbook, '约谈', `约谈（${interviews.length}次）`, INTERVIEW_WIDTHS);
    table(
      talks,
      ['序号', '被约谈单位', '被约谈人', '约谈日期', '约谈结果', '记录人'],
      interviews.map((i) => [i.no, i.unit, i.person, i.date, i.outcome, i.by]),
      INTERVIEW_WIDTHS,
    );
    filtered(talks, INTERVIEW_WIDTHS.length);
    talks.commit();
  }
}
