/** A 督办通知单 as a Word document in the official layout (official-docx.ts). */
import { chineseDate } from '../../core/deadline.ts';
import { countyDate, countyTime } from '../../core/zone.ts';
import type { Supervision } from '../cases/supervision.ts';
import { body, gap, heading, officialDocx, signature, table } from './official-docx.ts';

export function supervisionDocx(
  notice: Supervision,
  to: { leadUnits: string[]; units: string[] },
  office: string,
): Promise<Buffer> {
  const addressed = [...to.leadUnits, ...to.units.filter((u) => !to.leadUnits.includes(u))].join('、');
  return officialDocx('督办通知单', notice.title, [
    body(`${addressed}：`),
    body(
      `你单位负责的整改任务（序号${notice.no}）推进滞后，现予以督办（督办等级：${notice.level}）。` +
        '请于收到后1个工作日内签收，并按要求限期回复办理情况。',
    ),
    heading('一、督办事项'),
    body(notice.problem),
    heading('二、督办要求'),
    body(notice.demand),
    heading('三、回复时限'),
    body(
      `请于${chineseDate(notice.replyBy)}前（${notice.replyDays}个工作日内）书面回复办理情况，并附佐证材料；` +
        `逾期未签收或未回复的，纳入通报。`,
    ),
    gap(),
    table(
      ['环节', '办理人', '时间', '内容'],
      [12, 22, 24, 42],
      notice.trail.map((s) => [s.action, s.by, countyTime(s.at), s.text ?? '']),
    ),
    ...signature(office, chineseDate(countyDate(notice.issuedAt))),
  ]);
}
