import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openApp, useBrowser } from './browser.ts';

const truth = JSON.parse(readFileSync('data/sample-truth.json', 'utf8'));
const getBrowser = useBrowser();

/** The leader (largest share of value) of each segment, read from the cells the app exposes. */
async function leaders(page: Page): Promise<Record<string, string>> {
  const cells = await page.$$eval('[data-testid="cell"]', (els) =>
    els.map((e) => ({ segment: e.getAttribute('data-segment')!, firm: e.getAttribute('data-firm')!, value: Number(e.getAttribute('data-value')) })),
  );
  const best: Record<string, { firm: string; value: number }> = {};
  for (const c of cells) if (!best[c.segment] || c.value > best[c.segment].value) best[c.segment] = c;
  return Object.fromEntries(Object.entries(best).map(([s, b]) => [s, b.firm]));
}

describe('the app opens on the sample market', () => {
  it('shows the Measure heat map with the planted leaders, the calibration fit, and no NaN', async () => {
    const { page, errors } = await openApp(getBrowser());
    await page.click('[data-testid="nav-measure"]');
    await page.waitForSelector('[data-testid="heat-table"]');
    expect(await leaders(page)).toEqual(truth.leaders);
    await expect.poll(() => page.textContent('[data-testid="beta-fit"]')).toMatch(/calibrated against share of wallet: R² 0\.9\d\d/);
    expect(await page.textContent('[data-testid="data-current"]')).toContain('4,800 respondents');
    const text = await page.textContent('body');
    expect(text).not.toMatch(/NaN|undefined|null/);
    // Sorting by Apex puts Apex's strongest segments first.
    await page.click('th.us button.sort');
    const order = await page.$$eval('[data-testid="segment-row"]', (rows) => rows.map((r) => r.getAttribute('data-segment')));
    expect(order.slice(0, 2).sort()).toEqual(['S2', 'S5']);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('switches the wave and the metric, keeping the planted structure', async () => {
    const { page } = await openApp(getBrowser());
    await page.click('[data-testid="nav-measure"]');
    await page.waitForSelector('[data-testid="heat-table"]');
    await page.selectOption('[data-testid="wave"]', '2025-H2');
    await expect.poll(() => page.getAttribute('[data-testid="cell"][data-segment="S1"][data-firm="Apex"]', 'data-value')).not.toBe(null);
    await page.click('[data-testid="metric-familiarityRate"]');
    expect(await page.getAttribute('[data-testid="heat-table"]', 'data-metric')).toBe('familiarityRate');
    await page.click('[data-testid="metric-shareOfWallet"]');
    const sow = Number(await page.getAttribute('[data-testid="cell"][data-segment="S2"][data-firm="Apex"]', 'data-value'));
    expect(sow).toBeGreaterThan(0.4);
    await page.context().close();
  });

  it('speaks Chinese when asked, and remembers it after a reload', async () => {
    const { page } = await openApp(getBrowser());
    await page.click('[data-testid="nav-measure"]');
    await page.waitForSelector('[data-testid="heat-table"]');
    await page.click('[data-testid="lang"]');
    expect(await page.textContent('h1')).toBe('ICRM 战略沙盘');
    await page.reload();
    await page.click('[data-testid="nav-measure"]');
    await page.waitForSelector('[data-testid="heat-table"]');
    expect(await page.textContent('h1')).toBe('ICRM 战略沙盘');
    expect(await page.textContent('[data-testid="data-current"]')).toContain('位受访者');
    await page.context().close();
  });
});

describe('export of the Measure tables', () => {
  it('downloads segments.csv with the CLI header, full precision and formula-safe labels', async () => {
    const { page } = await openApp(getBrowser());
    await page.click('[data-testid="nav-measure"]');
    await page.waitForSelector('[data-testid="heat-table"]');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')]);
    expect(dl.suggestedFilename()).toBe('survey-segments.csv');
    const path = await dl.path();
    const text = readFileSync(path!, 'utf8').replace(/^\uFEFF/, '');
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('segment,firm,size,familiarity_rate,mean_value,relative_value,share_of_value,share_of_wallet,market_value,opportunity');
    expect(lines).toHaveLength(26);
    const apexS2 = lines.find((l) => l.startsWith('S2,Apex,'))!.split(',');
    expect(Number(apexS2[6])).toBeCloseTo(Number(await page.getAttribute('[data-testid="cell"][data-segment="S2"][data-firm="Apex"]', 'data-value')), 15);
    await page.context().close();
  });
});
