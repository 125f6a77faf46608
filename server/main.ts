/**
 * npm start: the sync service. Settings by environment: PORT (3000), HOST (localhost), DATA_DIR
 * (./data), DATABASE_URL and LEDGER_COUNTY (PostgreSQL instead of SQLite), LEDGER_OFFICE_TOKEN
 * (generated and printed once when unset), LEDGER_SEED (off: start empty), PUBLIC_URL (the address
 * units reach), TLS_CERT and TLS_KEY (the county's certificate; office-addin-dev-certs' for
 * localhost otherwise), LEDGER_TLS (off for plain HTTP behind a proxy), TRUST_PROXY (1: client
 * addresses from X-Forwarded-For), LEDGER_TZ (the county's time zone), LEDGER_OFFICE_NAME (the
 * office that signs the round's report). With LEDGER_OVERSEES it is a supervision office's
 * service instead (province-main.ts).
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { serve } from '@hono/node-server';
import { countyToday, setCountyZone } from '../core/zone.ts';
import { createApp } from './http/app.ts';
import { newToken } from './cases/tokens.ts';
import { sendDueDigest } from './cases/alert-schedule.ts';
import { dataDir, openCounty } from './cases/open-county.ts';
import { ChaseSender, defaultChase } from './integrations/chase-bot.ts';
import { localhostTls } from './integrations/tls.ts';
import { ParsePool } from './formats/workbook/parse-pool.ts';

/** A setting the clerk got wrong: said in words, and the service does not start. */
function refuse(message: string): never {
  console.error(message);
  process.exit(2);
}

try {
  if (process.env.LEDGER_TZ) setCountyZone(process.env.LEDGER_TZ);
} catch (error) {
  refuse((error as Error).message);
}

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? 'localhost';

/** The county's certificate (TLS_CERT, TLS_KEY), or the development certificate for localhost. */
async function certificate() {
  if (process.env.LEDGER_TLS === 'off') return undefined;
  const { TLS_CERT, TLS_KEY } = process.env;
  if (TLS_CERT || TLS_KEY) {
    if (!TLS_CERT || !TLS_KEY) refuse('TLS_CERT 和 TLS_KEY 要同时设置。Set both TLS_CERT and TLS_KEY.');
    return { cert: readFileSync(TLS_CERT), key: readFileSync(TLS_KEY) };
  }
  return localhostTls((line) => console.log(line));
}

/** TRUST_PROXY: how many proxies in front append to X-Forwarded-For (1 or true: one, nginx). */
function trustedProxies(): number {
  const setting = process.env.TRUST_PROXY ?? '';
  if (setting === '' || setting === '0' || setting === 'false') return 0;
  if (setting === 'true') return 1;
  const hops = Number(setting);
  if (!Number.isInteger(hops) || hops < 0)
    refuse(`TRUST_PROXY 应为代理的层数（如 1），收到“${setting}”。TRUST_PROXY must be a number of proxies.`);
  return hops;
}

/** The county's service: its ledgers, its office's dashboard, its units' page and the add-in. */
async function countyService(scheme: string) {
  const { county, event } = await openCounty().catch((error: Error) => refuse(error.message));
  const first = county.defaultLedger;
  if (event === 'seeded' && first)
    console.log(
      `已导入演示台账：${(await first.taskRefs()).length} 项任务，${await first.unitCount()} 个单位。Demo ledger imported into ${dataDir()}.`,
    );
  if (event === 'migrated')
    console.log(`已把旧版数据目录转为本县的第一本台账。The single-ledger data folder was taken over.`);
  if (event === 'empty') console.log('数据目录为空，未导入演示台账（LEDGER_SEED=off）。Started empty.');

  if (process.env.LEDGER_OFFICE_TOKEN) {
    await county
      .setConfiguredOfficeToken(process.env.LEDGER_OFFICE_TOKEN)
      .catch((error: Error) => refuse(`LEDGER_OFFICE_TOKEN: ${error.message}`));
  } else if (!(await county.hasOfficeAccess())) {
    const token = newToken();
    await county.setConfiguredOfficeToken(token);
    console.log(`办公室令牌（只显示这一次，请妥善保存）/ office token (shown once):\n${token}`);
  }

  // Removed evidence past the retention the office set is purged at start and every six hours after.
  const purge = async () => {
    try {
      const { files, bytes, retentionDays } = await county.purgeEvidence();
      if (files > 0)
        console.log(
          `已清除删除超过${retentionDays}天的佐证材料 ${files} 个，释放 ${(bytes / 1024 / 1024).toFixed(1)} MB。Purged ${files} removed evidence files.`,
        );
    } catch (error) {
      console.error(`清除过期佐证材料失败：${(error as Error).message}`);
    }
  };
  void purge();
  setInterval(purge, 6 * 3_600_000).unref();

  // The day's 预警 digest, once the office's hour has come (every process checks; each alert goes once).
  const chase = new ChaseSender(defaultChase());
  const digest = () =>
    sendDueDigest(county, chase)
      .then(({ sent, outcome }) => {
        if (sent > 0) console.log(`已推送今日预警 ${sent} 条：${outcome}。Sent ${sent} alerts.`);
      })
      .catch((error: Error) => console.error(`推送预警失败：${error.message}`));
  setInterval(digest, 5 * 60_000).unref();

  const pool = new ParsePool();
  // Sign-in links and the manifest name the configured address, never a request's Host header.
  const local = hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname;
  const publicUrl = process.env.PUBLIC_URL ?? `${scheme}://${local}:${port}`;
  if (!process.env.PUBLIC_URL)
    console.log(
      `未设置 PUBLIC_URL：登录链接和加载项清单使用 ${publicUrl}，其他设备打不开时请设置 PUBLIC_URL。PUBLIC_URL is not set; links use ${publicUrl}.`,
    );
  const app = createApp({
    county,
    pool,
    today: () => countyToday(),
    publicUrl,
    publicUrlSet: Boolean(process.env.PUBLIC_URL),
    trustedProxies: trustedProxies(),
    officeName: process.env.LEDGER_OFFICE_NAME ?? '',
  });
  const pages = (base: string) => `  办公室工作台 dashboard: ${base}/    加载项 add-in: ${base}/addin/taskpane.html`;
  const stop = async () => {
    await pool.close();
    await county.close();
  };
  return { app, pages, stop };
}

const tls = await certificate();
const scheme = tls ? 'https' : 'http';
const service = process.env.LEDGER_OVERSEES
  ? await import('./province-main.ts')
      .then(({ provinceService }) => provinceService(trustedProxies()))
      .catch((error: Error) => refuse(error.message))
  : await countyService(scheme);
const { app } = service;
const server = serve(
  tls
    ? {
        fetch: app.fetch,
        port,
        hostname,
        createServer: createHttpsServer,
        serverOptions: { key: tls.key, cert: tls.cert },
      }
    : { fetch: app.fetch, port, hostname },
  (info) => {
    console.log(`整改台账服务已启动 / ledger service listening: ${scheme}://${hostname}:${info.port}/`);
    console.log(service.pages(`${scheme}://${hostname}:${info.port}`));
  },
);

async function stop() {
  server.close();
  await service.stop();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
