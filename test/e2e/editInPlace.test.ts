// Tables acted on in place (issue 14 item 3): a segment renamed in the share-of-value table is
// renamed on the map, in the tables and in the exports, and undo brings the old name back; our firm
// is marked with a star; a margin rate typed in the strategy table moves the relationship type.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openApp, saved, useBrowser } from './browser.ts';

const getBrowser = useBrowser();
const NEW = 'Key accounts 大客户';

async function download(page: Page, click: () => Promise<void>): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  return readFileSync((await dl.path())!, 'utf8');
}

describe('tables acted on in place', () => {
  it('renames a segment on the map, in the tables and in the exports; undo brings it back', async () => {
    const { page, errors } = await openApp(getBrowser());
    await page.waitForSelector('[data-testid="map-label"][data-label="S3"]', { timeout: 60_000 });
    await saved(page);
    const x0 = Number(await page.getAttribute('[data-testid="map-label"][data-label="S3"]', 'data-x'));
    const y0 = Number(await page.getAttribute('[data-testid="map-label"][data-label="S3"]', 'data-y'));

    await page.click('[data-testid="nav-measure"]');
    await page.click('[data-testid="segment-row"][data-segment="S3"] [data-testid="rename"]');
    // A name another segment has is refused before anything changes, saying why.
    await page.fill('[data-testid="rename-input"]', 'S1');
    await page.keyboard.press('Enter');
    expect(await page.textContent('[data-testid="rename-error"]')).toContain('Another segment is already called “S1”');
    expect(await page.locator('[data-testid="segment-row"][data-segment="S3"]').count()).toBe(1);
    await page.fill('[data-testid="rename-input"]', NEW);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`[data-testid="segment-row"][data-segment="${NEW}"]`);
    expect(await page.locator('[data-testid="segment-row"][data-segment="S3"]').count()).toBe(0);
    // The numbers are the segment's own: only the name changed.
    const cells = await page.locator(`[data-testid="cell"][data-segment="${NEW}"]`).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.value));
    expect(cells).toHaveLength(5);
    const csv = await download(page, () => page.click('[data-testid="export-csv"]'));
    expect(csv).toContain(`${NEW},`);
    expect(csv).not.toMatch(/^S3,/m);
    await saved(page);

    // On the map, at the same place (the picture does not turn for a rename), and in the SVG export.
    await page.click('[data-testid="nav-map"]');
    const label = `[data-testid="map-label"][data-label="${NEW}"]`;
    await page.waitForSelector(label, { timeout: 60_000 });
    expect(Number(await page.getAttribute(label, 'data-x'))).toBeCloseTo(x0, 0);
    expect(Number(await page.getAttribute(label, 'data-y'))).toBeCloseTo(y0, 0);
    await page.click('[data-testid="export-menu"]');
    const svg = await download(page, () => page.click('[data-testid="export-svg"]'));
    expect(svg).toContain(NEW);
    expect(svg).not.toMatch(/>S3</);

    // Undo: the old name everywhere again.
    await page.click('[data-testid="undo"]');
    await page.waitForSelector('[data-testid="map-label"][data-label="S3"]', { timeout: 60_000 });
    expect(await page.locator(label).count()).toBe(0);
    await page.click('[data-testid="nav-measure"]');
    await page.waitForSelector('[data-testid="segment-row"][data-segment="S3"]');
    expect(await page.locator(`[data-testid="cell"][data-segment="S3"]`).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.value))).toEqual(cells);
    // Redo, then a reload: the name is kept with the project.
    await page.click('[data-testid="redo"]');
    await page.waitForSelector(`[data-testid="segment-row"][data-segment="${NEW}"]`, { timeout: 60_000 });
    await saved(page);
    await page.reload();
    // Once the project is open again, the name is in the tables and on the map.
    await saved(page);
    await page.click('[data-testid="nav-measure"]');
    await page.waitForSelector(`[data-testid="segment-row"][data-segment="${NEW}"]`, { timeout: 60_000 });
    await page.click('[data-testid="nav-map"]');
    await page.waitForSelector(label, { timeout: 60_000 });
    expect(errors).toEqual([]);
  });

  it('marks our firm with a star and sets a margin rate that moves the relationship type, both undone', async () => {
    const { page, errors } = await openApp(getBrowser());
    await page.waitForSelector('[data-testid="map-label"][data-label="S3"]', { timeout: 60_000 });
    await saved(page);
    await page.click('[data-testid="nav-measure"]');
    expect(await page.locator('th.firm.us').textContent()).toContain('Apex');
    await page.click('[data-testid="mark-us"][data-firm="Cobalt"]');
    await page.waitForFunction(() => document.querySelector('th.firm.us')?.textContent?.includes('Cobalt'), null, { timeout: 60_000 });

    // The strategy table (the sample customer database is linked to the sample project).
    await page.click('[data-testid="nav-customers"]');
    const row = (s: string) => `[data-testid="strategy-row"][data-segment="${s}"]`;
    await page.waitForSelector(row('S4'), { timeout: 120_000 });
    expect(await page.getAttribute(row('S4'), 'data-relationship')).toBe('accountable');
    await page.fill(`${row('S4')} [data-testid="margin-input"]`, '60');
    await page.press(`${row('S4')} [data-testid="margin-input"]`, 'Enter');
    await page.waitForSelector(`${row('S4')}[data-margin-source="user"][data-relationship="proactive"]`);
    const csv = await download(page, () => page.click('[data-testid="export-strategy"]'));
    expect(csv.split('\n').find((l) => l.startsWith('S4,'))).toMatch(/,0\.6,user,proactive$/);
    await page.click('[data-testid="undo"]');
    await page.waitForSelector(`${row('S4')}[data-margin-source="database"][data-relationship="accountable"]`);
    await page.click('[data-testid="undo"]');
    await page.click('[data-testid="nav-measure"]');
    await page.waitForFunction(() => document.querySelector('th.firm.us')?.textContent?.includes('Apex'), null, { timeout: 60_000 });
    expect(errors).toEqual([]);
  });
});
