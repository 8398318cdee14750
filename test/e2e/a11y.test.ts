// Accessibility (issue 11 item 7): the map's content as a table that agrees with the map, and an
// in-place rename done with the keyboard alone, with a visible focus ring on the way.
import { describe, it, expect } from 'vitest';
import { openApp, useBrowser } from './browser.ts';

const getBrowser = useBrowser();

describe('the map without the picture, the tables without the mouse', () => {
  it('lists every segment with its strongest and nearest firm, as the fit panel counts them', async () => {
    const { page, errors } = await openApp(getBrowser());
    await page.waitForSelector('[data-testid="map-label"][data-label="S3"]', { timeout: 60_000 });
    await page.click('[data-testid="map-table"] summary');
    const rows = await page.locator('[data-testid="map-table-row"]').evaluateAll((els) => els.map((e) => ({ ...(e as HTMLElement).dataset })));
    expect(rows.map((r) => r.segment)).toEqual(['S1', 'S2', 'S3', 'S4', 'S5']);
    // The sample's planted leaders (README): S1 Boreal, S2 Apex, S3 Cobalt, S4 Dynamo, S5 Apex.
    expect(rows.map((r) => r.strongest)).toEqual(['Boreal', 'Apex', 'Cobalt', 'Dynamo', 'Apex']);
    // Each segment nearest its strongest firm on the map: what "Leaders nearest: 5 of 5" says.
    expect(rows.filter((r) => r.nearest === r.strongest)).toHaveLength(5);
    // The pairs kept over all segments, divided by all pairs, is the fit panel's row fidelity.
    const kept = rows.reduce((a, r) => a + Number(r.kept), 0),
      pairs = rows.reduce((a, r) => a + Number(r.pairs), 0);
    expect(await page.textContent('.map-side')).toContain(`Row fidelity ${Math.round((100 * kept) / pairs)}%`);
    expect(errors).toEqual([]);
  });

  it('renames a segment and marks our firm with the keyboard alone, showing where the focus is', async () => {
    const { page, errors } = await openApp(getBrowser());
    await page.waitForSelector('[data-testid="map-label"][data-label="S3"]', { timeout: 60_000 });
    await page.click('[data-testid="nav-measure"]');
    await page.waitForSelector('[data-testid="segment-row"][data-segment="S1"]');
    // Tab from the segment's name to its pencil.
    await page.focus('[data-testid="segment-row"][data-segment="S1"] th');
    let found = false;
    for (let i = 0; i < 80 && !found; i++) {
      await page.keyboard.press('Tab');
      found = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid === 'rename' && (document.activeElement as HTMLElement).dataset.label === 'S1');
    }
    expect(found).toBe(true);
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(ring).toBe('solid');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Retail 零售');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="segment-row"][data-segment="Retail 零售"]', { timeout: 60_000 });
    await page.focus('[data-testid="mark-us"][data-firm="Boreal"]');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.firm)).toBe('Boreal');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('th.firm.us')?.textContent?.includes('Boreal'), null, { timeout: 60_000 });
    expect(errors).toEqual([]);
  });

  it('selects, moves the label of and opens a segment from the keyboard, and takes its customers without a mouse', async () => {
    const { page, errors } = await openApp(getBrowser());
    await page.waitForSelector('[data-testid="map-label"][data-label="S2"]', { timeout: 60_000 });
    const y0 = Number(await page.getAttribute('[data-testid="map-label"][data-label="S2"]', 'data-y'));
    await page.focus('[data-testid="map-point"][data-label="S2"]');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');
    // Focus shows what hover shows: the point's relationships.
    await page.waitForSelector('[data-testid="tooltip"]');
    expect(await page.textContent('[data-testid="tooltip"]')).toContain('S2');
    await page.keyboard.press('Space');
    await page.waitForSelector('[data-testid="map-point"][data-label="S2"].selected');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Alt+ArrowDown');
    await page.waitForFunction((y) => Math.abs(Number(document.querySelector('[data-testid="map-label"][data-label="S2"]')?.getAttribute('data-y')) - y - 24) < 0.5, y0);
    // The customers of the selected segment, by a button (the keyboard's box).
    await page.click('[data-testid="layers"]');
    await page.check('[data-testid="toggle-customers"]');
    await page.click('[data-testid="layers"]');
    await page.waitForSelector('[data-testid="select-segment-customers"]', { timeout: 120_000 });
    await page.focus('[data-testid="select-segment-customers"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="selection-count"]');
    expect(Number(await page.getAttribute('[data-testid="selection-count"]', 'data-count'))).toBeGreaterThan(1000);
    // Enter on the segment opens it, as a double-click does.
    await page.focus('[data-testid="map-point"][data-label="S2"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="crumb-segment"]', { timeout: 60_000 });
    expect(errors).toEqual([]);
  });
});
