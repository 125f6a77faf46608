/** The month's 通报 as a Word document in the official layout (official-docx.ts). */
import type { ScoreNotice } from '../../core/score-notice.ts';
import { body, gap, heading, officialDocx, signature, table } from './official-docx.ts';

export function noticeDocx(notice: ScoreNotice, signed: { office: string; date: string }): Promise<Buffer> {
  return officialDocx(notice.title, notice.subtitle, [
    heading('一、总体情况'),
    body(notice.summary),
    heading('二、通报表扬'),
    body(notice.praised),
    heading('三、通报批评'),
    ...notice.named.map((text) => body(text)),
    heading('四、评分排名'),
    table(
      ['排名', '单位', '类别', '得分', '得分说明'],
      [8, 20, 10, 8, 54],
      notice.ranking.map((r) => [r.rank, r.unit, r.kind, r.score, r.reasons]),
    ),
    gap(),
    heading('五、评分规则'),
    table(
      ['评分项目', '分值'],
      [70, 30],
      notice.rules.map((r) => [r.item, r.points]),
    ),
    body(notice.formula, true),
    ...signature(signed.office, signed.date),
  ]);
}
