/**
 * npm start: the sync service on localhost. Settings by environment: PORT (3000), HOST
 * (localhost), DATA_DIR (./data), LEDGER_OFFICE_TOKEN (generated and printed once when unset),
 * LEDGER_TLS (off for plain HTTP).
 */
import { serve } from '@hono/node-server';
import { todayIso } from '../core/deadline.ts';
import { createApp } from './app.ts';
import { hasOfficeToken, newToken, setOfficeToken } from './auth.ts';
import { dataDir, openLedger } from './open-ledger.ts';
import { ParsePool } from './workbook/parse-pool.ts';

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? 'localhost';
const { ledger, seeded } = openLedger();
if (seeded) console.log(`已导入种子方案：${ledger.taskRefs().length} 项任务，${ledger.store.units().length} 个单位。Seeded plan imported into ${dataDir()}.`);

if (process.env.LEDGER_OFFICE_TOKEN) {
  setOfficeToken(ledger, process.env.LEDGER_OFFICE_TOKEN);
} else if (!hasOfficeToken(ledger)) {
  const token = newToken();
  setOfficeToken(ledger, token);
  console.log(`办公室令牌（只显示这一次，请妥善保存）/ office token (shown once):\n${token}`);
}
ledger.store.slowCommitMs = Number(process.env.LEDGER_FAULT_SLOW_COMMIT_MS ?? 0);

const pool = new ParsePool();
const app = createApp({ ledger, pool, today: () => todayIso() });
const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
  console.log(`整改台账服务已启动 / ledger service listening: http://${hostname}:${info.port}/`);
});

function stop() {
  server.close();
  void pool.close();
  ledger.store.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
