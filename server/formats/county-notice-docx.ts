/** The office above the counties: its 通报 ranking them, as a Word document in the official layout. */
import type { CountyNotice } from '../../core/county-notice.ts';
import { chineseDate } from '../../core/deadline.ts';
import { body, heading, officialDocx, signature, table } from './official-docx.ts';

export function countyNoticeDocx(notice: CountyNotice, office: string, today: string): Promise<Buffer> {
  return officialDocx(notice.title, notice.subtitle, [
    heading('一、总体情况'),
    body(notice.summary),
    heading('二、各县（区）排名'),
    table(
      ['排名', '县（区）', '得分', '按时报送率', '销号率', '逾期率', '督办单超期'],
      [8, 26, 10, 14, 14, 14, 14],
      notice.ranking,
    ),
    body(notice.formula),
    heading('三、通报表扬'),
    body(notice.praised),
    heading('四、通报批评'),
    ...(notice.named.length ? notice.named : ['本期各县（区）均已按时开展月报调度。']).map((text, i, all) =>
      body(text, i === all.length - 1),
    ),
    ...signature(office, chineseDate(today)),
  ]);
}
