import { describe, it, expect } from 'vitest';
import { openApp, saved, useBrowser } from './browser.ts';

const getBrowser = useBrowser();

describe('the what-if sandbox (Improve)', () => {
  it('moving a slider raises our share in the table and moves our firm on the map; two saved scenarios side by side; saved scenarios survive a reload', async () => {
    const { page, errors } = await openApp(getBrowser());
    await page.waitForSelector('[data-testid="map-point"]');
    const basePoints = await page.$$eval('[data-testid="map-point"][data-kind="firm"]', (els) => els.map((e) => ({ label: e.getAttribute('data-label'), x: Number(e.getAttribute('data-x')), y: Number(e.getAttribute('data-y')) })));
    await page.click('[data-testid="nav-improve"]');
    await page.waitForSelector('[data-testid="whatif"]');
    expect(await page.$eval('[data-testid="whatif-firm"]', (s) => (s as HTMLSelectElement).value)).toBe('Apex');
    // Most valuable segments: S3 (the market's largest, led by Cobalt) first, named in one sentence.
    expect(await page.getAttribute('[data-testid="valuable-row"] >> nth=0', 'data-segment')).toBe('S3');
    expect(await page.textContent('[data-testid="act-first"]')).toMatch(/^Apex should act first in S3 \(Cobalt leads; opportunity [\d,]+\)/);
    await page.fill('[data-testid="whatif-slider"][data-need="quality"]', '2');
    await page.fill('[data-testid="whatif-slider"][data-need="delivery"]', '1.5');
    await page.waitForSelector('[data-testid="whatif-row"]', { timeout: 90_000 });
    const rows = await page.$$eval('[data-testid="whatif-row"]', (els) => els.map((e) => ({ base: Number(e.getAttribute('data-base')), scenario: Number(e.getAttribute('data-scenario')) })));
    expect(rows).toHaveLength(5);
    for (const r of rows) expect(r.scenario).toBeGreaterThan(r.base);
    expect(Number((await page.textContent('[data-testid="whatif-total"]'))!.replace(/[^\d.-]/g, ''))).toBeGreaterThan(0);
    // Our firm moved on the map; the base position is ghosted.
    await page.waitForSelector('[data-testid="whatif-ghost"]');
    const apexNow = await page.$eval('[data-testid="whatif-point"][data-label="Apex"]', (e) => ({ x: Number(e.getAttribute('data-x')), y: Number(e.getAttribute('data-y')) }));
    const apexBase = basePoints.find((p) => p.label === 'Apex')!;
    expect(Math.hypot(apexNow.x - apexBase.x, apexNow.y - apexBase.y)).toBeGreaterThan(1e-3);
    // Save, reload, and it is listed; applying it gives the same numbers.
    await page.fill('[data-testid="whatif-name"]', 'Quality push');
    await page.click('[data-testid="whatif-save"]');
    await page.waitForSelector('[data-testid="whatif-saved-item"][data-name="Quality push"]');
    // A second scenario, then both side by side.
    await page.click('[data-testid="whatif-reset"]');
    await page.fill('[data-testid="whatif-slider"][data-need="price"]', '2');
    await expect.poll(async () => (await page.$$('[data-testid="whatif-row"]')).length).toBe(5);
    expect(await page.textContent('[data-testid="whatif-points"][data-need="quality"]')).toBe('0.0');
    await page.fill('[data-testid="whatif-name"]', 'Price push');
    await page.click('[data-testid="whatif-save"]');
    await page.check('[data-testid="whatif-saved-item"][data-name="Quality push"] [data-testid="whatif-pick"]');
    await page.check('[data-testid="whatif-saved-item"][data-name="Price push"] [data-testid="whatif-pick"]');
    await page.click('[data-testid="whatif-compare"]');
    await page.waitForSelector('[data-testid="whatif-compare-table"]');
    const side = await page.$$eval('[data-testid="whatif-compare-row"]', (els) => els.map((e) => ({ firm: e.getAttribute('data-firm'), a: Number(e.getAttribute('data-a')), b: Number(e.getAttribute('data-b')) })));
    expect(side).toHaveLength(5);
    for (const x of side) expect(x.firm).toBe('Apex');
    expect(side.map((x) => x.a)).toEqual(rows.map((r) => r.scenario));
    expect(side.some((x) => Math.abs(x.a - x.b) > 1e-6)).toBe(true);
    await saved(page);
    await page.reload();
    // The project opens on the view it was left on (Improve).
    await page.waitForSelector('[data-testid="whatif-saved-item"][data-name="Quality push"]');
    await page.click('[data-testid="whatif-saved-item"][data-name="Quality push"] button.link >> nth=0');
    await page.waitForSelector('[data-testid="whatif-saved-item"][data-name="Price push"]');
    await page.waitForSelector('[data-testid="whatif-row"]');
    const again = await page.$$eval('[data-testid="whatif-row"]', (els) => els.map((e) => Number(e.getAttribute('data-scenario'))));
    expect(again).toEqual(rows.map((r) => r.scenario));
    expect(await page.textContent('body')).not.toMatch(/NaN/);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
