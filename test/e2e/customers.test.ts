import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launch, openApp } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('the customer database linked to the market (DuckDB-WASM, OPFS)', () => {
  it('imports the sample database through the UI, shows the planted disagreement, and keeps the data over a reload', async () => {
    const { page, errors } = await openApp(browser);
    await page.waitForSelector('[data-testid="map-point"]');
    await page.click('[data-testid="nav-customers"]');
    await page.waitForSelector('[data-testid="db-status"]:has-text("Stored in this browser")', { timeout: 60_000 });
    await page.setInputFiles('[data-testid="db-file-input"]', 'data/customers.csv');
    await page.waitForSelector('[data-testid="zoom-table"]', { timeout: 120_000 });
    expect(Number(await page.getAttribute('[data-testid="db-rows"]', 'data-rows'))).toBe(50_000);
    // Zoom in: the classifier beats chance clearly.
    const acc = Number(await page.getAttribute('[data-testid="db-accuracy"]', 'data-accuracy'));
    const chance = Number(await page.getAttribute('[data-testid="db-accuracy"]', 'data-chance'));
    expect(acc).toBeGreaterThan(chance + 0.2);
    // Zoom out: S3 is the market's most valuable segment but a small share of our revenue.
    const s3 = page.locator('[data-testid="zoom-row"][data-segment="S3"]');
    expect(await s3.getAttribute('data-market-rank')).toBe('1');
    expect(Number(await s3.getAttribute('data-revenue-rank'))).toBeGreaterThanOrEqual(3);
    expect(Number(await s3.getAttribute('data-revenue-share'))).toBeLessThan(0.1);
    const top = await page.$$eval('[data-testid="zoom-row"]', (rows) => rows.filter((r) => r.getAttribute('data-revenue-rank') === '1').map((r) => r.getAttribute('data-segment')));
    expect(['S2', 'S5']).toContain(top[0]);
    expect(await page.textContent('[data-testid="zoom-messages"]')).toMatch(/S3 is number 1 in the market by value \(40\.\d% of market value\) but number \d in our database by revenue/);
    expect(await page.locator('[data-testid="strategy-row"]').count()).toBe(5);
    // The scoring SQL can be taken to a warehouse.
    const [sql] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-sql"]')]);
    const text = readFileSync((await sql.path())!, 'utf8');
    expect(text).toMatch(/SELECT/i);
    expect(text).toContain('industry');
    // The strategy table exports as CSV.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-strategy"]')]);
    const lines = readFileSync((await csv.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('segment,market_value,market_rank,our_share_of_value,leader,gap,penetration,revenue_at_risk,customers,margin_rate,relationship');
    expect(lines).toHaveLength(6);
    // Reload: the database comes back from the browser's storage without a re-import.
    await page.reload();
    await page.waitForSelector('[data-testid="map-point"]');
    await page.click('[data-testid="nav-customers"]');
    await page.waitForSelector('[data-testid="db-restored"]', { timeout: 60_000 });
    expect(Number(await page.getAttribute('[data-testid="db-rows"]', 'data-rows'))).toBe(50_000);
    await page.waitForSelector('[data-testid="zoom-table"]', { timeout: 60_000 });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
