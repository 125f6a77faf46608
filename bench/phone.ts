/**
 * The unit page's first screen on a phone's slow connection: Chromium throttled to 400 kbps each
 * way with 400 ms of latency opens a unit's sign-in link, timed until its first task is on the
 * screen, cold (nothing cached) and again (the browser's cache kept). Needs `npm run build`.
 * Alone: `npx tsx bench/phone.ts`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../test/helpers/browser.ts';
import { startService, stopService } from '../test/helpers/process.ts';
import { prepareDataDir } from '../test/helpers/service.ts';

export async function phoneBench(): Promise<{ cold: number; warm: number; bytes: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-phone-'));
  const token = await prepareDataDir(dir, '县水利局');
  const service = await startService({ DATA_DIR: dir, LEDGER_OFFICE_TOKEN: 'bench-phone-office-token' });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 400,
      downloadThroughput: (400 * 1024) / 8,
      uploadThroughput: (400 * 1024) / 8,
    });
    let bytes = 0;
    cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => (bytes += event.encodedDataLength));
    const open = async () => {
      const start = performance.now();
      await page.goto(`${service.url}/u/#token=${token}`);
      await page.waitForSelector('#tasks > *', { timeout: 60_000 });
      return performance.now() - start;
    };
    const cold = await open();
    const coldBytes = bytes;
    await page.goto('about:blank');
    const warm = await open();
    return { cold, warm, bytes: coldBytes };
  } finally {
    await browser.close();
    await stopService(service);
  }
}

export function printPhone(
  { cold, warm, bytes }: Awaited<ReturnType<typeof phoneBench>>,
  line: (label: string, value: string, target?: string) => void,
) {
  line(
    'unit page, first screen at 400 kbps / 400 ms (cold)',
    `${(cold / 1000).toFixed(2)} s, ${Math.round(bytes / 1024)} KB`,
    `target < 3 s ${cold < 3000 ? 'OK' : 'MISSED'}`,
  );
  line('unit page, first screen again (browser cache)', `${(warm / 1000).toFixed(2)} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const line = (label: string, value: string, target = '') =>
    console.log(`${label.padEnd(52)} ${value.padEnd(24)} ${target}`);
  printPhone(await phoneBench(), line);
}
