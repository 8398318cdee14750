import type { Browser } from 'playwright-core';

/**
 * Imports a large file through the production build in headless chromium and records the
 * longest gap between animation frames on the page's main thread, beside the same figure for
 * the idle page: the import must not freeze the page.
 */
export async function browserImportBench(base: string, browser: Browser, file: string) {
  const page = await browser.newPage();
  await page.goto(base);
  await page.waitForSelector('[data-testid="map-point"]');
  // Scripts as strings: tsx would wrap function arguments in a helper the page does not have.
  const watch = () =>
    page.evaluate(`(() => {
      const g = (window.__gaps = { max: 0, frames: 0, stop: false });
      let last = performance.now();
      const tick = (now) => {
        g.max = Math.max(g.max, now - last);
        g.frames++;
        last = now;
        if (!g.stop) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })()`);
  const read = () => page.evaluate(`(() => { window.__gaps.stop = true; return window.__gaps; })()`) as Promise<{ max: number; frames: number }>;
  await watch();
  await page.waitForTimeout(2000);
  const idle = await read();
  await page.click('[data-testid="nav-import"]');
  await watch();
  const t0 = Date.now();
  await page.setInputFiles('[data-testid="file-input"]', file);
  await page.waitForSelector('[data-testid="mapping"]', { timeout: 600_000 });
  const parseMs = Date.now() - t0;
  const readers = Number(await page.getAttribute('[data-testid="mapping-file"]', 'data-readers'));
  const t1 = Date.now();
  await page.click('[data-testid="confirm-mapping"]');
  await page.waitForSelector('[data-testid="map-point"]', { timeout: 600_000 });
  const buildMs = Date.now() - t1;
  const busy = await read();
  // Cancel, timed from the click to the notice that the data in use is unchanged: once while the
  // file is read (the worker hears the message between chunks) and once while it is measured
  // (synchronous: the worker is ended after HARD_STOP_MS and rebuilt in the background).
  const cancelAfter = async (confirm: boolean): Promise<number> => {
    await page.click('[data-testid="nav-import"]');
    await page.setInputFiles('[data-testid="file-input"]', file);
    if (confirm) {
      await page.waitForSelector('[data-testid="mapping"]', { timeout: 600_000 });
      await page.click('[data-testid="confirm-mapping"]');
    }
    await page.waitForTimeout(confirm ? 2000 : 3000);
    await page.waitForSelector('[data-testid="progress"]');
    const t = Date.now();
    await page.click('[data-testid="cancel"]');
    await page.waitForSelector('[data-testid="notice"]:has-text("cancel"), [data-testid="notice"]:has-text("Cancel")', { timeout: 600_000 });
    const ms = Date.now() - t;
    await page.waitForFunction(`!document.querySelector('[data-testid="progress"]')`, undefined, { timeout: 600_000 });
    return ms;
  };
  const cancelReadMs = await cancelAfter(false);
  const cancelMeasureMs = await cancelAfter(true);
  await page.close();
  return { parseMs, readers, buildMs, maxGapMs: busy.max, frames: busy.frames, idleMaxGapMs: idle.max, cancelReadMs, cancelMeasureMs };
}
