import { chromium, type Browser, type Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, inject } from 'vitest';

// Debian's chromium: playwright cannot download its own browser here.
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

/** Opens the app with a fresh storage; collects page errors so a test can assert there were none. */
export async function openApp(browser: Browser, query = ''): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(inject('baseURL') + query);
  return { page, errors };
}

/** One browser per test file, launched before its tests and closed after them. */
export function useBrowser(): () => Browser {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser;
}

/** Waits until the project status says every change is stored (autosave is batched). */
export const saved = (page: Page, timeout = 60_000) => page.waitForSelector('[data-testid="project-status"][data-status="saved"]', { timeout });

/** Clicks `selector` and returns the text of the file it downloads, without a BOM. */
export async function downloadText(page: Page, selector: string): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return readFileSync((await dl.path())!, 'utf8').replace(/^\uFEFF/, '');
}

/**
 * Shift-drags a square box of `half` pixels each way around the map point `label`, as a user selects
 * customers on the map; returns how many the selection holds.
 */
export async function boxSelectAround(page: Page, label: string, half: number): Promise<number> {
  const point = page.locator(`[data-testid="map-point"][data-label="${label}"]`);
  const sx = Number(await point.getAttribute('data-sx')),
    sy = Number(await point.getAttribute('data-sy'));
  const frame = (await page.locator('[data-testid="map-svg"]').boundingBox())!;
  await page.keyboard.down('Shift');
  await page.mouse.move(frame.x + sx - half, frame.y + sy - half);
  await page.mouse.down();
  await page.mouse.move(frame.x + sx + half, frame.y + sy + half, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  return Number(await page.getAttribute('[data-testid="selection-count"]', 'data-count'));
}

/**
 * Opens the app on the sample, waits for its map, and goes to `view` (the nav button's name);
 * with `waitFor`, waits there for that selector too (a view that computes first).
 */
export async function openSampleView(browser: Browser, view: string, waitFor?: string, timeout = 30_000): Promise<{ page: Page; errors: string[] }> {
  const opened = await openApp(browser);
  await opened.page.waitForSelector('[data-testid="map-point"]');
  await opened.page.click(`[data-testid="nav-${view}"]`);
  if (waitFor) await opened.page.waitForSelector(waitFor, { timeout });
  return opened;
}
