/**
 * The daily 预警 digest, sent by itself: checked every few minutes, it goes once the county's
 * clock reaches the hour the office set (never at night). Every process may run this: the
 * claims in the database let each alert out once a day.
 */
import { countyTime } from '../../core/zone.ts';
import { clock } from '../clock.ts';
import type { ChaseSender } from '../integrations/chase-bot.ts';
import type { County } from './county.ts';
import { readSettings } from './settings.ts';
import { SupervisionDesk } from './supervision.ts';

/** Nothing goes to the group at night (22 to 7, county time). */
export const isNight = (hour: number) => hour < 7 || hour >= 22;

/** The digest handed to the group bot, and what became of it in the office's words. */
export const toGroup = (chase: ChaseSender) => async (text: string, mobiles: string[]) => {
  const answer = await chase.deliver(text, mobiles);
  return answer.ok ? '已推送到群' : `推送失败：${answer.reply || answer.status}`;
};

export async function sendDueDigest(county: County, chase: ChaseSender): Promise<{ sent: number; outcome: string }> {
  const stamp = countyTime(clock.now());
  const [today, hour] = [stamp.slice(0, 10), Number(stamp.slice(11, 13))];
  const { alertDigestHour } = await readSettings(county.store);
  if (hour < alertDigestHour || isNight(hour)) return { sent: 0, outcome: '' };
  return new SupervisionDesk(county).sendDigest(county.ledgers(), today, toGroup(chase));
}
