// Bad input and faults through the UI (issue 12): hostile survey files through the Import view,
// each answered with its message while the data in use stays, and no unhandled promise rejection
// anywhere in the app.
import { describe, it, expect } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openSampleView, useBrowser } from './browser.ts';

const getBrowser = useBrowser();

/**
 * The app with listeners installed before its first script: unhandled rejections on the page (the
 * `unhandledrejection` event), page errors, and console errors that report an uncaught promise
 * (Chromium logs a worker's unhandled rejection there).
 */
async function openWatched(browser: Browser): Promise<{ page: Page; problems: () => Promise<string[]>; clear: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript(() => {
    const w = window as unknown as { __rejections: string[] };
    w.__rejections = [];
    window.addEventListener('unhandledrejection', (e) => w.__rejections.push(String((e.reason as Error)?.stack ?? e.reason)));
  });
  const page = await context.newPage();
  const seen: string[] = [];
  page.on('pageerror', (e) => seen.push(`pageerror: ${e}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Uncaught|unhandled/i.test(m.text())) seen.push(`console: ${m.text()}`);
  });
  await page.goto(inject('baseURL'));
  return {
    page,
    problems: async () => [...seen, ...(await page.evaluate(() => (window as unknown as { __rejections: string[] }).__rejections))],
    clear: async () => {
      seen.length = 0;
      await page.evaluate(() => ((window as unknown as { __rejections: string[] }).__rejections = []));
    },
  };
}

describe('hostile survey files through the Import view', () => {
  it('answers a workbook, an unknown separator and non-finite numbers each with its message, keeping the sample in use', async () => {
    const { page, errors } = await openSampleView(getBrowser(), 'import');
    const stillSample = async () => expect(await page.textContent('[data-testid="data-current"]')).toContain('4,800 respondents');

    // An .xlsx renamed .csv: refused from its first bytes, before any mapping.
    await page.setInputFiles('[data-testid="file-input"]', 'test/fixtures/hostile/workbook.csv');
    const excel = page.locator('[data-testid="issue"][data-code="not-csv-excel"]');
    await excel.waitFor({ timeout: 60_000 });
    expect(await excel.textContent()).toMatch(/workbook\.csv.*Excel workbook.*CSV UTF-8/s);
    await stillSample();

    // A separator the sniffer does not try: refused naming the four it tried.
    await page.setInputFiles('[data-testid="file-input"]', 'test/fixtures/hostile/caret-separator.csv');
    const separator = page.locator('[data-testid="issue"][data-code="unknown-separator"]');
    await separator.waitFor({ timeout: 60_000 });
    expect(await separator.textContent()).toMatch(/caret-separator\.csv.*separator/s);
    expect(await page.locator('[data-testid="issue"][data-code="not-csv-excel"]').count()).toBe(0);
    await stillSample();

    // 1e999, Infinity and NaN as text: refused at the build, each with its row and column.
    await page.setInputFiles('[data-testid="file-input"]', 'test/fixtures/hostile/not-finite-numbers.csv');
    await page.waitForSelector('[data-testid="mapping"]', { timeout: 60_000 });
    await page.click('[data-testid="confirm-mapping"]');
    const range = page.locator('[data-testid="issue"][data-code="number-out-of-range"]').first();
    await range.waitFor({ timeout: 60_000 });
    expect(await range.getAttribute('data-row')).not.toBe('');
    expect(await range.getAttribute('data-column')).not.toBe('');
    expect(await page.locator('[data-testid="issue"][data-code="not-finite"]').count()).toBeGreaterThan(0);
    expect(await page.textContent('[data-testid="notice"]')).toContain('The data you had is unchanged');
    await stillSample();
    await page.click('[data-testid="nav-measure"]');
    await page.waitForSelector('[data-testid="cell"][data-firm="Apex"]');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 240_000);

  it('imports a survey whose beta fit is flat and says so beside the fit, not "calibrated" alone (issue 12 item 11)', async () => {
    const { page, errors } = await openSampleView(getBrowser(), 'import');
    await page.setInputFiles('[data-testid="file-input"]', 'test/fixtures/hostile/flat-beta.csv');
    await page.waitForSelector('[data-testid="mapping"]', { timeout: 60_000 });
    await page.click('[data-testid="confirm-mapping"]');
    await page.waitForSelector('[data-testid="map-view"]', { timeout: 60_000 });
    await page.click('[data-testid="nav-measure"]');
    const flat = page.locator('[data-testid="beta-flat"]');
    await flat.waitFor({ timeout: 60_000 });
    expect(await flat.textContent()).toContain('This fit is flat, so β is not calibrated by the data: the best β is 0, the lower end of the range');
    await page.click('[data-testid="lang"]');
    expect(await flat.textContent()).toContain('此拟合是平的');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 240_000);
});

describe('unhandled promise rejections (issue 12 item 19)', () => {
  it('there are none through every view, in English and in Chinese, with the sample and its customer database', async () => {
    const { page, problems, clear } = await openWatched(getBrowser());
    await page.waitForSelector('[data-testid="map-point"]');
    // The listeners hear a rejection nobody handles.
    await page.evaluate(() => void Promise.reject(new Error('probe rejection')));
    await page.waitForTimeout(200);
    expect((await problems()).join('\n')).toContain('probe rejection');
    await clear();
    const views = ['map', 'measure', 'improve', 'monitor', 'customers', 'import'];
    for (const lang of ['en', 'zh']) {
      for (const view of views) {
        await page.click(`[data-testid="nav-${view}"]`);
        // Let each view start its work (the customers view links the sample database and analyses it).
        if (view === 'customers') await page.waitForSelector('[data-testid="zoom-table"]', { timeout: 120_000 });
        else await page.waitForTimeout(1500);
      }
      if (lang === 'en') await page.click('[data-testid="lang"]');
    }
    // The customers on the map, and a cancelled import, both paths that end in a rejected promise.
    await page.click('[data-testid="nav-map"]');
    await page.click('[data-testid="layers"]');
    await page.check('[data-testid="toggle-customers"]');
    await page.click('[data-testid="layers"]');
    await page.waitForSelector('[data-testid="customers-canvas"]', { timeout: 60_000 });
    await page.click('[data-testid="nav-import"]');
    await page.setInputFiles('[data-testid="file-input"]', 'test/fixtures/hostile/workbook.csv');
    await page.waitForSelector('[data-testid="issue"][data-code="not-csv-excel"]', { timeout: 60_000 });
    await page.waitForTimeout(1000);
    expect(await problems()).toEqual([]);
    await page.context().close();
  }, 360_000);
});

describe('the customer database worker (issue 12 item 17)', () => {
  it('is started anew after a crash, says so, and reopens the table from the browser storage with the analysis', async () => {
    const { page, errors } = await openSampleView(getBrowser(), 'customers', '[data-testid="zoom-table"]', 120_000);
    const dbWorker = page.workers().find((w) => /db\.worker/.test(w.url()));
    expect(dbWorker, page.workers().map((w) => w.url()).join(', ')).toBeDefined();
    // An uncaught error in the worker reaches the page as the worker's error event, as a crash does.
    await dbWorker!.evaluate(() => void setTimeout(() => {
      throw new Error('simulated crash');
    }));
    const notice = page.locator('[data-testid="db-restarted"]');
    await notice.waitFor({ timeout: 60_000 });
    expect(await notice.getAttribute('data-cause')).toBe('crashed');
    expect(await notice.textContent()).toContain('reopened from this browser’s storage');
    // A fresh worker, the same table, analysed again.
    await page.waitForFunction(() => document.querySelector('[data-testid="db-status"]')?.textContent?.includes('50,000 customers'), null, { timeout: 120_000 });
    await page.waitForSelector('[data-testid="zoom-table"]', { timeout: 120_000 });
    expect(await page.getAttribute('[data-testid="db-rows"]', 'data-rows')).toBe('50000');
    expect(page.workers().filter((w) => /db\.worker/.test(w.url()))).not.toContain(dbWorker);
    // The fresh worker answers from the reopened database: the customers drawn on the map come from it.
    await page.click('[data-testid="nav-map"]');
    await page.click('[data-testid="layers"]');
    await page.check('[data-testid="toggle-customers"]');
    await page.click('[data-testid="layers"]');
    await page.waitForSelector('[data-testid="customers-canvas"]', { timeout: 60_000 });
    expect(Number(await page.getAttribute('[data-testid="customers-canvas"]', 'data-count'))).toBe(20_000);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 360_000);
});
