import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openApp, useBrowser } from './browser.ts';

const truth = JSON.parse(readFileSync('data/sample-truth.json', 'utf8'));
const getBrowser = useBrowser();

async function choose(page: Page, path: string) {
  await page.waitForSelector('[data-testid="map-point"]');
  await page.click('[data-testid="nav-import"]');
  await page.setInputFiles('[data-testid="file-input"]', path);
}

const cellValue = (page: Page, seg: string, firm: string) => page.getAttribute(`[data-testid="cell"][data-segment="${seg}"][data-firm="${firm}"]`, 'data-value');

describe('survey import through the UI', () => {
  it('imports the sample survey: mapping proposed, confirmed, Measure shows the planted structure', async () => {
    const { page, errors } = await openApp(getBrowser());
    await choose(page, 'data/survey.csv');
    await page.waitForSelector('[data-testid="mapping"]');
    expect(await page.$$eval('[data-testid="mapping-row"]', (r) => r.length)).toBe(71);
    const role = await page.$eval('[data-testid="mapping-row"][data-column="perf:Apex:quality"] select', (s) => (s as HTMLSelectElement).value);
    expect(role).toBe('perf');
    await page.click('[data-testid="confirm-mapping"]');
    await page.waitForSelector('[data-testid="map-view"]');
    await page.click('[data-testid="nav-measure"]');
    await page.waitForSelector('[data-testid="heat-table"]');
    expect(await page.textContent('[data-testid="notice"]')).toContain('Imported survey.csv: 4800 respondents'.replace('4800', '4,800'));
    for (const [seg, leader] of Object.entries(truth.leaders as Record<string, string>)) {
      const values = await Promise.all(truth.firms.map((f: string) => cellValue(page, seg, f)));
      const best = truth.firms[values.map(Number).indexOf(Math.max(...values.map(Number)))];
      expect(best).toBe(leader);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('imports the Chinese GB18030 survey with Chinese labels', async () => {
    const { page } = await openApp(getBrowser());
    await choose(page, 'data/survey_zh_gb18030.csv');
    await page.waitForSelector('[data-testid="mapping"]');
    expect(await page.textContent('[data-testid="mapping"]')).toContain('GB18030');
    await page.click('[data-testid="confirm-mapping"]');
    await page.waitForSelector('[data-testid="map-view"]');
    await page.click('[data-testid="nav-measure"]');
    await page.waitForSelector('[data-testid="cell"][data-firm="顶峰"]');
    const a = Number(await cellValue(page, '细分2', '顶峰'));
    const b = Number(await cellValue(page, '细分2', '北辰'));
    expect(a).toBeGreaterThan(b);
    await page.context().close();
  });

  it('stops a broken survey with the error naming file, row and column, and keeps the data in use', async () => {
    const { page } = await openApp(getBrowser());
    await choose(page, 'test/fixtures/broken-row.csv');
    await page.waitForSelector('[data-testid="mapping"]');
    await page.click('[data-testid="confirm-mapping"]');
    const issue = page.locator('[data-testid="issue"][data-code="not-a-number"]');
    await issue.waitFor();
    expect(await issue.getAttribute('data-row')).toBe('5');
    expect(await issue.getAttribute('data-column')).toBe('perf:A:quality');
    const text = await issue.textContent();
    expect(text).toContain('broken-row.csv');
    expect(text).toContain('"abc" is not a number');
    expect(await page.textContent('[data-testid="notice"]')).toContain('The data you had is unchanged');
    // The sample is still the data in use.
    expect(await page.textContent('[data-testid="data-current"]')).toContain('4,800 respondents');
    await page.click('[data-testid="nav-measure"]');
    expect(await cellValue(page, 'S2', 'Apex')).not.toBeNull();
    await page.context().close();
  });

  it('lets the user fix a problem in the mapping step: map a text label to a scale point', async () => {
    const { page } = await openApp(getBrowser());
    await choose(page, 'test/fixtures/broken-row.csv');
    await page.waitForSelector('[data-testid="mapping"]');
    await page.fill('input[aria-label="Scale point: abc"]', '6');
    await page.click('[data-testid="confirm-mapping"]');
    await page.waitForSelector('[data-testid="map-view"]');
    await page.click('[data-testid="nav-measure"]');
    await page.waitForSelector('[data-testid="cell"][data-firm="B"]');
    expect(await page.textContent('[data-testid="data-current"]')).toContain('broken-row.csv');
    await page.context().close();
  });

  it('reports a row with the wrong number of fields before the mapping step', async () => {
    const { page } = await openApp(getBrowser());
    await choose(page, 'test/fixtures/field-count.csv');
    const issue = page.locator('[data-testid="issue"][data-code="field-count"]').first();
    await issue.waitFor();
    expect(await issue.getAttribute('data-row')).toBe('3');
    expect(await page.textContent('[data-testid="data-current"]')).toContain('4,800 respondents');
    await page.context().close();
  });

  it('shows labels from files as text, never as markup', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icrm-'));
    const evil = '<img src=x onerror=alert(1)>';
    const file = join(dir, 'evil.csv');
    writeFileSync(file, `id,segment,imp:q,perf:"${evil}":q,perf:B:q,fam:"${evil}",fam:B\n1,S1,5,7,6,5,5\n2,S1,4,8,5,5,4\n`.replace(/"/g, ''));
    const { page } = await openApp(getBrowser());
    let dialog = false;
    page.on('dialog', (d) => {
      dialog = true;
      void d.dismiss();
    });
    await choose(page, file);
    await page.waitForSelector('[data-testid="mapping"]');
    await page.click('[data-testid="confirm-mapping"]');
    await page.waitForSelector('[data-testid="map-view"]');
    await page.click('[data-testid="nav-measure"]');
    await page.waitForSelector(`[data-testid="cell"][data-firm="B"]`);
    expect(await page.locator('table.heat img').count()).toBe(0);
    expect(await page.textContent('table.heat thead')).toContain(evil);
    expect(dialog).toBe(false);
    await page.context().close();
  });

  it('shows progress on a large file with its pace and time left, and cancels it, keeping the data in use', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icrm-'));
    const lines = readFileSync('data/survey.csv', 'utf8').trim().split('\n');
    const body = lines.slice(1).join('\n') + '\n';
    const big = join(dir, 'big.csv');
    writeFileSync(big, lines[0] + '\n' + body.repeat(120)); // 384,000 rows, about 65 MB
    const { page } = await openApp(getBrowser());
    await choose(page, big);
    await page.waitForSelector('[data-testid="progress"]');
    // After a second of reading: the pace in rows per second and the time left (issue 13).
    await page.waitForSelector('[data-testid="progress-rate"]', { timeout: 60_000 });
    expect(Number(await page.getAttribute('[data-testid="progress-rate"]', 'data-rows-per-second'))).toBeGreaterThan(0);
    expect(await page.textContent('[data-testid="progress-rate"]')).toMatch(/^\s*· [\d,]+ rows\/s$/);
    await page.waitForSelector('[data-testid="progress-eta"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="progress-eta"]')).toMatch(/^\s*· about (\d+ min )?\d+ s left$/);
    await page.click('[data-testid="cancel"]');
    await expect.poll(() => page.textContent('[data-testid="notice"]').catch(() => '')).toContain('Import cancelled');
    // A cancel mid-parse restarts the worker, which rebuilds the survey in use and maps it again (aligned to the map on screen): that ends too.
    await expect.poll(() => page.locator('[data-testid="progress"]').count(), { timeout: 60_000 }).toBe(0);
    expect(await page.textContent('[data-testid="data-current"]')).toContain('4,800 respondents');
    await page.context().close();
  });
});
