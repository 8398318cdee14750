// Qualitative fields scored (issue 14 item 2) in the browser: a points scheme built on the sample
// customer database colours the customers on the map by score, filters the campaign export, is
// saved with the project (undo takes it back) and travels as a file that is validated on the way in.
import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { boxSelectAround, downloadText, openApp, saved, useBrowser } from './browser.ts';
import { POINTS_COLOURS, TIER_COLOURS } from '../../src/lib/palettes.ts';

const getBrowser = useBrowser();
const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const VIRIDIS = POINTS_COLOURS.map(rgb);
const TIERS = TIER_COLOURS.map(rgb);

/** How many opaque pixels of the customers canvas are nearest each palette (viridis vs tiers). */
async function canvasColours(page: Page): Promise<{ viridis: number; tiers: number }> {
  const pixels = await page.$eval('[data-testid="customers-canvas"]', (c) => {
    const canvas = c as HTMLCanvasElement;
    return Array.from(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data);
  });
  let viridis = 0,
    tiers = 0;
  const d = (p: number[], q: number[]) => Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i + 3] < 128) continue;
    // Un-premultiplied colour of a drawn dot (opacity 0.75 over a transparent canvas).
    const px = [pixels[i], pixels[i + 1], pixels[i + 2]];
    const v = Math.min(...VIRIDIS.map((q) => d(px, q))),
      t = Math.min(...TIERS.map((q) => d(px, q)));
    if (Math.min(v, t) > 40) continue;
    if (v < t) viridis++;
    else tiers++;
  }
  return { viridis, tiers };
}

async function setPoints(page: Page, column: string, value: string, points: string) {
  const input = `[data-testid="points-category"][data-column="${column}"] [data-testid="points-input"][data-value="${value}"]`;
  await page.fill(input, points);
  await page.press(input, 'Tab');
}

describe('a points scheme on the customer database', () => {
  it('colours the customers on the map by score, filters the campaign export, and is saved, undone and validated', async () => {
    const { page, errors } = await openApp(getBrowser());
    await page.waitForSelector('[data-testid="map-point"]', { timeout: 60_000 });
    await page.click('[data-testid="nav-customers"]');
    await page.waitForSelector('[data-testid="zoom-table"]', { timeout: 120_000 });
    await page.selectOption('[data-testid="points-column"]', 'industry');
    await page.click('[data-testid="points-add"]');
    await page.waitForSelector('[data-testid="points-category"][data-column="industry"] [data-testid="points-input"][data-value="Manufacturing"]', { timeout: 60_000 });
    await setPoints(page, 'industry', 'Manufacturing', '5');
    await setPoints(page, 'industry', 'Food & Beverage', '3');
    await page.selectOption('[data-testid="points-column"]', 'size_band');
    await page.click('[data-testid="points-add"]');
    await page.waitForSelector('[data-testid="points-category"][data-column="size_band"] [data-testid="points-input"][data-value="1000+"]', { timeout: 60_000 });
    await page.fill('[data-testid="points-category"][data-column="size_band"] [data-testid="points-coefficient"]', '2');
    await page.press('[data-testid="points-category"][data-column="size_band"] [data-testid="points-coefficient"]', 'Tab');
    await setPoints(page, 'size_band', '1000+', '4');
    // Score = 5 or 3 by industry + 2 x 4 for the largest firms: at most 13; the others' values are counted as unscored.
    await page.waitForFunction(() => document.querySelector('[data-testid="points-summary"]')?.textContent?.includes('to 13.0'), null, { timeout: 60_000 });
    const industry = page.locator('[data-testid="points-category"][data-column="industry"] [data-testid="points-stats"]');
    expect(Number(await industry.getAttribute('data-blank'))).toBe(0);
    expect(Number(await industry.getAttribute('data-unscored'))).toBe(50_000 - 15_335 - 13_160);
    expect(await industry.textContent()).toContain('Logistics');
    const tiers = await page.locator('[data-testid="points-tier"]').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.customers)));
    expect(tiers).toEqual([500, 2000, 7500, 40000]);
    await page.click('[data-testid="colour-by-points"]');
    await page.fill('[data-testid="points-min"]', '8');
    await page.press('[data-testid="points-min"]', 'Tab');

    // On the map: the customers drawn in the score's colours, with the score legend.
    await page.click('[data-testid="nav-map"]');
    await page.click('[data-testid="layers"]');
    await page.check('[data-testid="toggle-customers"]');
    await page.click('[data-testid="layers"]');
    await page.waitForSelector('[data-testid="points-legend"]', { timeout: 60_000 });
    await page.waitForSelector('[data-testid="customers-canvas"]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="customers-canvas"]')?.getAttribute('data-full-renders')) > 0);
    const scored = await canvasColours(page);
    expect(scored.viridis).toBeGreaterThan(1000);
    expect(scored.tiers).toBeLessThan(scored.viridis / 20);
    expect(await page.textContent('[data-testid="points-filter"]')).toContain('8');

    // The campaign export: the box holds only customers scoring 8 or more, with their score.
    const n = await boxSelectAround(page, 'S2', 60);
    expect(n).toBeGreaterThan(10);
    const lines = (await downloadText(page, '[data-testid="export-selection"]')).trim().split('\n');
    expect(lines[0]).toBe('customer_id,revenue_12m,value_tier,most_likely_segment,probability,points');
    expect(lines).toHaveLength(n + 1);
    for (const l of lines.slice(1)) expect(Number(l.split(',').at(-1))).toBeGreaterThanOrEqual(8);

    // The scheme as a file: saved, a hostile one refused by name with the scheme in use kept.
    await page.click('[data-testid="nav-customers"]');
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="points-export"]')]);
    const scheme = JSON.parse(readFileSync((await file.path())!, 'utf8'));
    expect(scheme).toMatchObject({ format: 'icrm-points-scheme', version: 1, categories: [{ column: 'industry', coefficient: 1 }, { column: 'size_band', coefficient: 2 }] });
    const dir = mkdtempSync(join(tmpdir(), 'points-'));
    writeFileSync(join(dir, 'bad.points.json'), JSON.stringify({ ...scheme, categories: [{ column: 'turnover_band', coefficient: 1, points: {} }] }));
    await page.setInputFiles('[data-testid="points-file"]', join(dir, 'bad.points.json'));
    expect(await page.textContent('[data-testid="points-error"]')).toContain('bad.points.json: categories[0].column "turnover_band" is not a column of the customer database');
    expect(await page.locator('[data-testid="points-category"]').count()).toBe(2);

    // Saved with the project: a change to the scheme is one undo step.
    await saved(page);
    await setPoints(page, 'industry', 'Logistics', '1');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="points-category"][data-column="industry"] [data-testid="points-stats"]')?.getAttribute('data-unscored')) === 50_000 - 15_335 - 13_160 - 7_691, null, { timeout: 60_000 });
    await page.click('[data-testid="undo"]');
    await page.waitForFunction(() => (document.querySelector('[data-testid="points-input"][data-value="Logistics"]') as HTMLInputElement)?.value === '', null, { timeout: 60_000 });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="points-category"][data-column="industry"] [data-testid="points-stats"]')?.getAttribute('data-unscored')) === 50_000 - 15_335 - 13_160, null, { timeout: 60_000 });
    expect(await page.isChecked('[data-testid="colour-by-points"]')).toBe(true);
    expect(errors).toEqual([]);
  });
});
