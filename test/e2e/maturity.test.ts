import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { openSampleView, saved, useBrowser } from './browser.ts';

const getBrowser = useBrowser();

describe('the CRM maturity check beside the strategy table (issue 14 item 4)', () => {
  it('places each process from the answers, in English and in Chinese, keeps them with the project and puts them in the export', async () => {
    const { page, errors } = await openSampleView(getBrowser(), 'customers', '[data-testid="maturity"]');
    // Marketing 4,4,4,1 (three answers reach 4); sales 3,3,2,2 (two reach 3, all reach 2); service 4,3,2,1 (three reach 2).
    const answers: Record<string, number> = { m1: 4, m2: 4, m3: 4, m4: 1, s1: 3, s2: 3, s3: 2, s4: 2, v1: 4, v2: 3, v3: 2, v4: 1 };
    for (const [q, a] of Object.entries(answers)) await page.selectOption(`[data-testid="maturity-question"][data-question="${q}"]`, String(a));
    const level = (p: string) => page.getAttribute(`[data-testid="maturity-row"][data-process="${p}"]`, 'data-level');
    expect([await level('marketing'), await level('sales'), await level('service')]).toEqual(['4', '2', '2']);
    expect(await page.getAttribute('[data-testid="maturity"]', 'data-level')).toBe('2');
    expect(await page.textContent('[data-testid="maturity-finding"]')).toMatch(
      /^\s*The firm stands at level 2, Managed by rules and habits: as mature as its least mature process.\s+Climb one level at a time: bring Sales, Service to level 3 before tools of the levels beyond.\s*$/,
    );
    expect(await page.textContent('[data-testid="maturity-row"][data-process="sales"] td:nth-of-type(3)')).toMatch(/^Key account management/);

    await page.click('[data-testid="lang"]');
    expect(await page.textContent('[data-testid="maturity"] h3')).toBe('CRM 成熟度自评');
    expect(await page.textContent('[data-testid="maturity-question"][data-question="s1"] option:checked')).toBe('按人人遵循的既定客户流程');
    expect(await page.textContent('[data-testid="maturity-finding"]')).toMatch(/企业处于第 2 级，靠规则和习惯管理.*先把销售、服务提升到第 3 级/s);
    expect(await page.textContent('[data-testid="maturity-row"][data-process="marketing"] th')).toBe('营销');

    // Saved with the project: a reload brings the answers back.
    await saved(page);
    await page.reload();
    // The project reopens where it was left, the Customers view.
    await page.waitForSelector('[data-testid="maturity"][data-level="2"]', { timeout: 60_000 });
    expect(await page.$eval('[data-testid="maturity-question"][data-question="m4"]', (s) => (s as HTMLSelectElement).value)).toBe('1');

    // In the exports: the workbook has the check as a sheet, in the language of the moment.
    await page.click('[data-testid="nav-map"]');
    await page.waitForSelector('[data-testid="map-point"]');
    if (!(await page.locator('[data-testid="export-pptx"]').isVisible())) await page.click('[data-testid="export-menu"]');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-xlsx"]')]);
    const files = Object.fromEntries(Object.entries(unzipSync(new Uint8Array(readFileSync((await dl.path())!)))).map(([k, v]) => [k, strFromU8(v)]));
    expect(files['xl/workbook.xml']).toContain('name="CRM 成熟度"');
    const sheets = Object.entries(files).filter(([k]) => k.startsWith('xl/worksheets/')).map(([, v]) => v);
    expect(sheets.some((x) => x.includes('CRM 成熟度：第 2 级，靠规则和习惯管理'))).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 180_000);
});
