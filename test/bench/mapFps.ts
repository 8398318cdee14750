import type { Browser, Page } from 'playwright-core';

/**
 * Frame rate of the map while it zooms and pans, in headless chromium: a script in the page sends
 * a wheel event on every animation frame for `seconds` (alternating in and out, drifting), and
 * counts frames and their durations. Measured on the market map with no individual points (the
 * baseline) and with every respondent drawn on the canvas.
 */
async function measure(page: Page, seconds: number): Promise<{ fps: number; p95: number; frames: number }> {
  return page.evaluate(`new Promise((resolve) => {
    const svg = document.querySelector('[data-testid="map-svg"]');
    const r = svg.getBoundingClientRect();
    const times = [];
    let last = performance.now();
    const t0 = last;
    let i = 0;
    const tick = (now) => {
      times.push(now - last);
      last = now;
      const dir = Math.floor(i / 30) % 2 === 0 ? -1 : 1;
      svg.dispatchEvent(new WheelEvent('wheel', { deltaY: dir * 40, clientX: r.left + r.width * (0.4 + 0.2 * Math.sin(i / 20)), clientY: r.top + r.height / 2, bubbles: true, cancelable: true }));
      i++;
      if (now - t0 < ${seconds * 1000}) requestAnimationFrame(tick);
      else {
        times.shift();
        const sorted = [...times].sort((a, b) => a - b);
        resolve({ fps: 1000 * times.length / times.reduce((a, b) => a + b, 0), p95: sorted[Math.floor(sorted.length * 0.95)], frames: times.length });
      }
    };
    requestAnimationFrame(tick);
  })`);
}

async function renders(page: Page): Promise<{ full: number; moved: number; ms: number }> {
  const c = page.locator('[data-testid="points-canvas"]');
  const n = async (a: string) => Number(await c.getAttribute(a));
  return { full: await n('data-full-renders'), moved: await n('data-moved-renders'), ms: await n('data-full-ms') };
}

export async function mapFpsBench(base: string, browser: Browser, file: string, log: (s: string) => void): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(base);
  await page.waitForSelector('[data-testid="map-point"]');
  await page.click('[data-testid="nav-import"]');
  await page.setInputFiles('[data-testid="file-input"]', file);
  await page.waitForSelector('[data-testid="mapping"]', { timeout: 600_000 });
  await page.click('[data-testid="confirm-mapping"]');
  await page.waitForSelector('[data-testid="map-point"]', { timeout: 600_000 });
  await page.waitForTimeout(1500);
  const empty = await measure(page, 4);
  await page.click('[data-testid="layers"]');
  await page.check('[data-testid="toggle-respondents"]');
  await page.click('[data-testid="layers"]');
  await page.waitForSelector('[data-testid="points-canvas"]', { timeout: 600_000 });
  const count = Number(await page.getAttribute('[data-testid="points-canvas"]', 'data-count'));
  await page.waitForTimeout(500);
  const before = await renders(page);
  const full = await measure(page, 4);
  await page.waitForTimeout(500);
  const after = await renders(page);
  await page.close();
  log(`\n## Map frame rate while zooming and panning (headless chromium, software rendering, 1400 x 900)`);
  log(`| map | frames | frames per second | 95th percentile frame time |`);
  log(`|---|---|---|---|`);
  log(`| market map, no individual points (baseline) | ${empty.frames} | ${empty.fps.toFixed(1)} | ${empty.p95.toFixed(1)} ms |`);
  log(`| with ${count.toLocaleString('en')} respondents drawn on the canvas | ${full.frames} | ${full.fps.toFixed(1)} | ${full.p95.toFixed(1)} ms |`);
  log(`ratio (with points / baseline): ${(full.fps / empty.fps).toFixed(2)}`);
  log(
    `one exact drawing of the points: ${after.ms} ms; during the ${full.frames} frames ${after.moved - before.moved} moved the last drawing as a picture and ` +
      `${after.full - before.full} drew every point (${after.ms > 8 ? 'above' : 'within'} the 8 ms budget of a frame)`,
  );
}
