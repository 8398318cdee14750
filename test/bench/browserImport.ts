import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';

/**
 * Imports a large file through the production build in headless chromium and records the
 * longest gap between animation frames on the page's main thread, beside the same figure for
 * the idle page: the import must not freeze the page.
 */
export async function browserImportBench(file: string) {
  const port = 4900 + Math.floor(Math.random() * 90);
  const build = spawn('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
  await new Promise((r) => build.on('exit', r));
  const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true });
  try {
    const base = `http://localhost:${port}/`;
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(base)).ok) break;
      } catch {
        /* starting */
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const page = await browser.newPage();
    await page.goto(base);
    await page.waitForSelector('[data-testid="heat-table"]');
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
    const t1 = Date.now();
    await page.click('[data-testid="confirm-mapping"]');
    await page.waitForSelector('[data-testid="heat-table"]', { timeout: 600_000 });
    const buildMs = Date.now() - t1;
    const busy = await read();
    await browser.close();
    return { parseMs, buildMs, maxGapMs: busy.max, frames: busy.frames, idleMaxGapMs: idle.max };
  } finally {
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
  }
}
