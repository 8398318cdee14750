// Screenshots of the running app for the README and for looking at changes:
//   npx tsx scripts/screenshot.ts <url> <out.png> [--lang zh] [--click testid] [--file path] [--width 1400] [--height 900]
import { chromium } from 'playwright-core';

const [url, out, ...rest] = process.argv.slice(2);
const opt = (name: string) => {
  const i = rest.indexOf(`--${name}`);
  return i >= 0 ? rest[i + 1] : undefined;
};
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const page = await browser.newPage({ viewport: { width: Number(opt('width') ?? 1400), height: Number(opt('height') ?? 900) }, deviceScaleFactor: 1 });
page.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()));
page.on('pageerror', (e) => console.error('pageerror:', e.message));
if (opt('lang')) await page.addInitScript((l) => localStorage.setItem('icrm.lang', l), opt('lang')!);
await page.goto(url);
await page.waitForSelector('[data-testid="heat-table"]', { timeout: 30000 }).catch(() => console.error('no heat table'));
if (opt('file')) {
  await page.click('[data-testid="nav-import"]');
  await page.setInputFiles('[data-testid="file-input"]', opt('file')!);
  await page.waitForSelector('[data-testid="mapping"], [data-testid="issues"]', { timeout: 30000 });
}
if (opt('click')) await page.click(`[data-testid="${opt('click')}"]`);
await page.waitForTimeout(300);
await page.screenshot({ path: out, fullPage: true });
await browser.close();
