import { describe, it, expect } from 'vitest';
import { openSampleView, useBrowser } from './browser.ts';

const getBrowser = useBrowser();

describe('customer economics in the Improve view (issue 9 item 6)', () => {
  it('has the sample database linked on the sample project, measures retention from the purchase dates, and takes the user’s rate', async () => {
    const { page, errors } = await openSampleView(getBrowser(), 'improve');
    // No click: the sample project links the sample customer database by itself.
    await page.waitForSelector('[data-testid="economics-table"]', { timeout: 120_000 });
    const rows = page.locator('[data-testid="economics-row"]');
    expect(await rows.count()).toBe(5);
    for (const seg of ['S1', 'S2', 'S3', 'S4', 'S5']) {
      const row = page.locator(`[data-testid="economics-row"][data-segment="${seg}"]`);
      expect(await row.getAttribute('data-source')).toBe('dates');
      const r = Number(await row.getAttribute('data-retention'));
      expect(r).toBeGreaterThan(0.6);
      expect(r).toBeLessThan(1);
      expect(Number(await row.getAttribute('data-stake'))).toBeGreaterThan(0);
    }
    expect(await page.locator('[data-testid="economics-finding"]').allTextContents()).toEqual([
      expect.stringMatching(/^If churn fell by 5 points, S\d would gain the most lifetime value: [\d,]+ \(\d+\.\d% of the gain over all segments\)\.$/),
      expect.stringMatching(/^Losing customer C\d{6}, the largest account of S\d, would cost [\d,]+ of lifetime value \(\d+\.\d% of the segment’s\)\.$/),
    ]);
    // The user's rate for S3 replaces the measured one, and its stake follows: r = 0.5 gives
    // factor 0.5 / 0.6 against 0.55 / 0.55 = 1, so the stake is customers x margin x (1 - 0.8333).
    const s3 = page.locator('[data-testid="economics-row"][data-segment="S3"]');
    const input = s3.locator('[data-testid="economics-retention"]');
    // Typed as a person writes a percent (a number field would have handed over '' for it).
    await input.fill('50%');
    await input.dispatchEvent('change');
    await expect.poll(() => s3.getAttribute('data-source')).toBe('user');
    expect(Number(await s3.getAttribute('data-retention'))).toBe(0.5);
    const cells = await s3.locator('td').allTextContents();
    const customers = Number(cells[0].replace(/,/g, ''));
    const margin = Number(cells[1].replace(/,/g, ''));
    const stake = Number(await s3.getAttribute('data-stake'));
    expect(Math.abs(stake - customers * margin * (1 - 0.5 / 0.6)) / stake).toBeLessThan(0.01);
    // Clearing the field returns to the rate from the dates.
    await input.fill('');
    await input.dispatchEvent('change');
    await expect.poll(() => s3.getAttribute('data-source')).toBe('dates');
    // Chinese.
    await page.click('[data-testid="lang"]');
    expect(await page.textContent('[data-testid="economics"] h3')).toBe('客户经济价值');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
