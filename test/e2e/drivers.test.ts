import { describe, it, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { openSampleView, useBrowser } from './browser.ts';

const getBrowser = useBrowser();

async function choose(page: Page, segment: string, firm: string) {
  await page.selectOption('[data-testid="drivers-segment"]', segment);
  await page.selectOption('[data-testid="drivers-firm"]', firm);
}
const firstBar = (page: Page) => page.getAttribute('[data-testid="driver-bar"] >> nth=0', 'data-need');
const quadrantNames = (page: Page) => page.$$eval('[data-testid="ipa-quadrant"]', (els) => els.map((e) => e.textContent));

describe('key drivers and the importance-performance grid (Improve)', () => {
  it('shows the planted drivers first, names the quadrants in English and Chinese, and a grid point opens the what-if with that need +1', async () => {
    const { page, errors } = await openSampleView(getBrowser(), 'improve', '[data-testid="driver-bar"]', 60_000);
    // Ours in the whole market by default: a bar per need, every share a number.
    expect(await page.$eval('[data-testid="drivers-firm"]', (s) => (s as HTMLSelectElement).value)).toBe('Apex');
    const shares = await page.$$eval('[data-testid="driver-bar"]', (els) => els.map((e) => Number(e.getAttribute('data-share'))));
    expect(shares).toHaveLength(8);
    for (const s of shares) expect(Number.isFinite(s)).toBe(true);
    expect([...shares].sort((a, b) => b - a)).toEqual(shares);
    expect(await page.textContent('[data-testid="drivers-fit"]')).toMatch(/^R² 0\.\d\d · [\d,]+ respondents · intervals from 200 bootstrap replicates$/);

    // data/README.md: S1 buys on price, S4 on delivery, S5 on sustainability; the pooled model (all firms) of each segment finds it.
    for (const [segment, need] of [
      ['S1', 'price'],
      ['S4', 'delivery'],
      ['S5', 'sustainability'],
    ]) {
      await choose(page, segment, '*');
      expect(await firstBar(page), segment).toBe(need);
    }

    // Apex in S1, where it is weak: price is important and Apex is behind (fix first); the grid is named in English.
    await choose(page, 'S1', 'Apex');
    expect(await page.getAttribute('[data-testid="ipa-point"][data-need="price"]', 'data-quadrant')).toBe('fix-first');
    expect(await page.$$eval('[data-testid="ipa-point"]', (els) => els.length)).toBe(8);
    expect(await quadrantNames(page)).toEqual(['Fix first', 'Keep', 'Watch', 'Don\u2019t overspend']);
    for (const q of await page.$$('[data-testid="ipa-quadrant"]')) expect(await q.isVisible()).toBe(true);
    // Some of Apex's needs rank differently stated and derived in S1; they are marked and explained.
    expect(await page.$$eval('[data-testid="driver-bar"][data-flag="true"]', (els) => els.length)).toBeGreaterThan(0);
    expect(await page.textContent('[data-testid="drivers-flag-note"]')).toContain('stated and derived ranks differ');

    await page.click('[data-testid="lang"]');
    expect(await quadrantNames(page)).toEqual(['优先改进', '保持', '关注', '勿过度投入']);
    expect(await page.textContent('[data-testid="drivers"]')).not.toMatch(/NaN|undefined/);
    await page.click('[data-testid="lang"]');

    // A grid point opens the what-if for Apex in S1 with price one point up.
    await page.click('[data-testid="ipa-point"][data-need="price"]');
    expect(await page.$eval('[data-testid="whatif-slider"][data-need="price"]', (s) => (s as HTMLInputElement).value)).toBe('1');
    expect(await page.$eval('[data-testid="whatif-slider"][data-need="quality"]', (s) => (s as HTMLInputElement).value)).toBe('0');
    expect(await page.$eval('[data-testid="whatif-firm"]', (s) => (s as HTMLSelectElement).value)).toBe('Apex');
    expect(await page.$eval('[data-testid="whatif-segment"]', (s) => (s as HTMLSelectElement).value)).toBe('S1');
    await page.waitForSelector('[data-testid="whatif-table"]');
    // Scrolled to the what-if: its top in the upper half of the window (the page may end before it reaches the top).
    await page.waitForFunction(() => {
      const top = document.querySelector('[data-testid="whatif"]')!.getBoundingClientRect().top;
      return top >= -1 && top < innerHeight / 2;
    });
    const s1 = await page.$eval('[data-testid="whatif-row"][data-segment="S1"]', (e) => ({ base: Number(e.getAttribute('data-base')), scenario: Number(e.getAttribute('data-scenario')) }));
    expect(s1.scenario).toBeGreaterThan(s1.base);
    expect(await page.textContent('body')).not.toMatch(/NaN/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows a busy state with a cancel button; after a cancel it waits to be asked, then computes', async () => {
    const { page, errors } = await openSampleView(getBrowser(), 'improve');
    await page.click('[data-testid="drivers-cancel"]');
    await page.waitForSelector('[data-testid="drivers-run"]');
    expect(await page.$('[data-testid="driver-bar"]')).toBeNull();
    // The page stays usable meanwhile: the what-if sandbox is there.
    expect(await page.isVisible('[data-testid="whatif"]')).toBe(true);
    await page.click('[data-testid="drivers-run"]');
    await page.waitForSelector('[data-testid="driver-bar"]', { timeout: 60_000 });
    // After the cancel (which restarts the worker when the fit is past its first step), the map, the
    // drill-down and the Measure view still answer for one measurement.
    await page.click('[data-testid="nav-map"]');
    await page.waitForSelector('[data-testid="map-point"][data-label="S3"]');
    await page.dblclick('[data-testid="map-point"][data-label="S3"]');
    await page.waitForSelector('[data-testid="crumb-segment"]');
    expect((await page.textContent('body')) ?? '').not.toMatch(/no longer held/);
    const mapId = await page.getAttribute('[data-testid="map-measurement"]', 'data-id');
    await page.click('[data-testid="nav-measure"]');
    expect(await page.getAttribute('[data-testid="measure"]', 'data-id')).toBe(mapId);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
