/**
 * Renders addin/assets/icon.svg to the PNG sizes the manifest names (16, 32, 64, 80, 128), with
 * Debian's Chromium. Run after changing the icon: npx tsx scripts/make-icons.ts
 */
import { readFileSync } from 'node:fs';
import { launchChromium } from '../test/helpers/browser.ts';

const svg = readFileSync(new URL('../addin/assets/icon.svg', import.meta.url), 'utf8');
const browser = await launchChromium();
for (const size of [16, 32, 64, 80, 128]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(
    `<style>html,body{margin:0;background:transparent}</style>${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}`,
  );
  await page.screenshot({
    path: new URL(`../addin/assets/icon-${size}.png`, import.meta.url).pathname,
    omitBackground: true,
  });
  await page.close();
}
await browser.close();
