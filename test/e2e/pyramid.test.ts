import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { openSampleView, useBrowser } from './browser.ts';

const getBrowser = useBrowser();

describe('the customer value pyramid in the Customers view (issue 14 item 1)', () => {
  it('shows the tiers of the sample database, allocates the cost exactly, and a what-if changes the profit figure', async () => {
    const { page, errors } = await openSampleView(getBrowser(), 'customers');
    // The sample project links the sample database by itself.
    await page.waitForSelector('[data-testid="pyramid-revenue"]', { timeout: 120_000 });
    const tier = (name: string) => page.locator(`[data-testid="pyramid-revenue-row"][data-tier="${name}"]`);
    const num = async (name: string, attr: string) => Number(await tier(name).getAttribute(attr));
    expect(await Promise.all(['vip', 'large', 'medium', 'small'].map((x) => num(x, 'data-customers')))).toEqual([500, 2000, 7500, 40000]);
    // Reference in plain TypeScript: the 500 largest revenues of the file.
    const revenues = readFileSync('data/customers.csv', 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[4])).sort((a, b) => b - a);
    const top = revenues.slice(0, 500).reduce((a, b) => a + b, 0);
    expect(Math.abs((await num('vip', 'data-revenue')) - top) / top).toBeLessThan(1e-12);

    // A shared cost of 100,000,000.01, allocated equally, adds up to the cent.
    await page.fill('[data-testid="pyramid-cost"]', '100000000.01');
    await page.dispatchEvent('[data-testid="pyramid-cost"]', 'change');
    await page.waitForSelector('[data-testid="pyramid-allocated"][data-cents="10000000001"]');
    // Ranked by profit, the top 1% hold at least the profit of the top 1% by revenue.
    const byProfit = Number(await page.getAttribute('[data-testid="pyramid-profit-row"][data-tier="vip"]', 'data-profit'));
    expect(byProfit).toBeGreaterThanOrEqual(await num('vip', 'data-profit'));

    await page.click('[data-testid="pyramid-add-move"]');
    const profit = page.locator('[data-testid="pyramid-whatif-row"][data-measure="profit"]');
    await profit.waitFor();
    const base = Number(await profit.getAttribute('data-base'));
    const margins = await Promise.all(['vip', 'large', 'medium', 'small'].map((x) => num(x, 'data-margin')));
    expect(Math.abs(base - (margins.reduce((a, b) => a + b, 0) - 100000000.01))).toBeLessThan(1e-3);
    // The default move: 2% of 50,000 customers, 1,000 small ones, grow into medium, each trading
    // the small mean margin for the medium one.
    const grown = base + 1000 * (margins[2] / 7500 - margins[3] / 40000);
    await expect.poll(async () => Number(await profit.getAttribute('data-scenario'))).toBeCloseTo(grown, 3);
    const shown = await page.textContent('[data-testid="pyramid-whatif-profit"]');
    expect(shown).toBe(Math.round(grown).toLocaleString('en-US'));

    // A second move: 1% of customers, 500 large ones, lost.
    await page.click('[data-testid="pyramid-add-move"]');
    const second = page.locator('[data-testid="pyramid-move"]').nth(1);
    await second.locator('[data-testid="pyramid-move-from"]').selectOption('large');
    await second.locator('[data-testid="pyramid-move-to"]').selectOption('lost');
    await second.locator('[data-testid="pyramid-move-percent"]').fill('1');
    await second.locator('[data-testid="pyramid-move-percent"]').dispatchEvent('change');
    await expect.poll(async () => Number(await profit.getAttribute('data-scenario'))).toBeCloseTo(grown - 500 * (margins[1] / 2000), 3);
    expect(await page.textContent('[data-testid="pyramid-whatif-profit"]')).not.toBe(shown);

    // A move the tier cannot give is said in words, in either language.
    await second.locator('[data-testid="pyramid-move-from"]').selectOption('vip');
    await second.locator('[data-testid="pyramid-move-percent"]').fill('5');
    await second.locator('[data-testid="pyramid-move-percent"]').dispatchEvent('change');
    expect(await page.textContent('[data-testid="pyramid-whatif-error"]')).toBe('The moves take more customers from VIP than the tier holds (5% of all customers is too many).');
    await page.click('[data-testid="lang"]');
    expect(await page.textContent('[data-testid="pyramid"] h3')).toBe('客户价值金字塔');
    expect(await page.textContent('[data-testid="pyramid-whatif-error"]')).toBe('移动从VIP取走的客户多于该层级的客户数（占全部客户的 5% 过多）。');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 180_000);
});
