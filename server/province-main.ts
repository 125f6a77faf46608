/**
 * The supervision office's service (LEDGER_OVERSEES=baihe,qingshan…): on the database the
 * counties share (DATABASE_URL), read-only, behind LEDGER_PROVINCE_TOKEN; LEDGER_PROVINCE_NAME
 * names it on its page and workbook (e.g. 某某市督察办).
 */
import { countyToday } from '../core/zone.ts';
import { Province } from './cases/province.ts';
import { dataDir } from './cases/open-county.ts';
import { LedgerError } from './errors.ts';
import { MIN_TOKEN_LENGTH } from './cases/tokens.ts';
import { createProvinceApp } from './http/province-app.ts';
import { evidenceStore } from './store/evidence-store.ts';
import { ChaseSender, defaultChase } from './integrations/chase-bot.ts';
import { COUNTY_ID } from './store/postgres-storage.ts';

const READ_AHEAD_MS = 5 * 60_000;

const setting = (why: string) => new LedgerError('bad-request', why);

export async function provinceService(trustedProxies: number) {
  const url = process.env.DATABASE_URL;
  if (!url)
    throw setting('督察办服务读取各县共用的数据库：请设置 DATABASE_URL。Set DATABASE_URL with LEDGER_OVERSEES.');
  const token = process.env.LEDGER_PROVINCE_TOKEN ?? '';
  if (token.length < MIN_TOKEN_LENGTH)
    throw setting(
      `请设置督察办的令牌 LEDGER_PROVINCE_TOKEN（至少${MIN_TOKEN_LENGTH}个字符）。Set LEDGER_PROVINCE_TOKEN (at least ${MIN_TOKEN_LENGTH} characters).`,
    );
  const ids = (process.env.LEDGER_OVERSEES ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const wrong = ids.filter((id) => !COUNTY_ID.test(id));
  if (wrong.length > 0)
    throw setting(
      `LEDGER_OVERSEES 中“${wrong.join('、')}”不是县的编号（如 baihe）。Not county ids: ${wrong.join(', ')}.`,
    );
  const name = process.env.LEDGER_PROVINCE_NAME || '督察办';
  const province = await Province.open(url, ids, name, evidenceStore(dataDir()));
  console.log(`督察办服务：${name}，查阅 ${ids.length} 个县（区）的台账。Supervision office over ${ids.join(', ')}.`);
  const chase = new ChaseSender(defaultChase());
  const app = createProvinceApp({ province, token, today: () => countyToday(), trustedProxies, chase });
  const pages = (base: string) => `  督察办汇总 roll-up: ${base}/province/`;
  // Read ahead, now and every few minutes: a county is read again only when it changed, so the
  // office's page answers from what was read (a hundred counties read cold take seconds).
  const readAhead = () =>
    province.state(countyToday()).catch((error: unknown) => console.error('督察办预读失败 read-ahead failed', error));
  void readAhead();
  const timer = setInterval(readAhead, READ_AHEAD_MS);
  timer.unref();
  return {
    app,
    pages,
    stop: () => {
      clearInterval(timer);
      return province.shutdown();
    },
  };
}
