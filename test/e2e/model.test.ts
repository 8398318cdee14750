// One analysis model (issue 15): measurements with ids shared by the page, the worker and the CLI.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { downloadText, openApp, openSampleView, useBrowser } from './browser.ts';

const getBrowser = useBrowser();

const icrm = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/icrm.ts', ...args], { encoding: 'utf8' });

async function exportedCsv(page: Page): Promise<string> {
  await page.click('[data-testid="nav-measure"]');
  await page.waitForSelector('[data-testid="heat-table"]');
  return downloadText(page, '[data-testid="export-csv"]');
}

function cliCsv(...args: string[]): string {
  const out = mkdtempSync(join(tmpdir(), 'icrm-cli-'));
  const r = icrm('measure', ...args, '--out', out);
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(join(out, 'segments.csv'), 'utf8');
}

describe('one analysis model for the page, the worker and the CLI', () => {
  it('the app and the CLI write identical segments.csv for the sample, and for a survey whose mapping was saved under slightly different headers', async () => {
    const { page, errors } = await openApp(getBrowser());
    await page.waitForSelector('[data-testid="map-point"]');
    expect(await exportedCsv(page)).toBe(cliCsv('data/survey.csv'));

    // Wave 1 of a survey has one more column ("note"); the user corrects the mapping (the weight column is ignored).
    const dir = mkdtempSync(join(tmpdir(), 'icrm-wave-'));
    const lines = readFileSync('data/survey.csv', 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\n');
    const wave1 = join(dir, 'wave1.csv');
    writeFileSync(wave1, lines.map((l, i) => `${l},${i === 0 ? 'note' : 'x'}`).join('\n') + '\n');
    await page.click('[data-testid="nav-import"]');
    await page.setInputFiles('[data-testid="file-input"]', wave1);
    await page.waitForSelector('[data-testid="mapping-row"][data-column="weight"]');
    await page.selectOption('[data-testid="mapping-row"][data-column="weight"] select', 'ignore');
    await page.click('[data-testid="confirm-mapping"]');
    await page.waitForSelector('[data-testid="map-view"]');
    // The remembered mapping, as a file for the CLI.
    const saved = await page.evaluate(() => {
      const keys = JSON.parse(localStorage.getItem('icrm.mappings') ?? '[]') as string[];
      return localStorage.getItem(keys[0]);
    });
    expect(saved).toContain('"note"');
    const mappingFile = join(dir, 'mapping.json');
    writeFileSync(mappingFile, saved!);

    // The next file lacks "note": the saved mapping is applied by column name, and the app says so.
    await page.click('[data-testid="nav-import"]');
    await page.setInputFiles('[data-testid="file-input"]', 'data/survey.csv');
    await page.waitForSelector('[data-testid="mapping-row"][data-column="weight"]');
    expect(await page.$eval('[data-testid="mapping-row"][data-column="weight"] select', (s) => (s as HTMLSelectElement).value)).toBe('ignore');
    expect(await page.textContent('[data-testid="notice"]')).toContain('Columns it names that this file lacks: note.');
    await page.click('[data-testid="confirm-mapping"]');
    await page.waitForSelector('[data-testid="map-view"]');
    const app = await exportedCsv(page);
    const cli = cliCsv('data/survey.csv', '--mapping', mappingFile);
    expect(app).toBe(cli);
    // Ignoring the weights changed the numbers: the comparison is not of two defaults.
    expect(cli).not.toBe(cliCsv('data/survey.csv'));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('reads a large survey in two workers at once and writes the segments.csv the CLI writes (issue 13; one pass and two agree by the property in parseInTwo.test.ts)', async () => {
    // 32 copies of the sample under new ids: 153,600 respondents, about 17 MB (two readers from 16 MB).
    const dir = mkdtempSync(join(tmpdir(), 'icrm-two-'));
    const [header, ...rows] = readFileSync('data/survey.csv', 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\n');
    const out = [header];
    for (let k = 0; k < 32; k++) for (const r of rows) out.push(`K${k}-${r}`);
    const big = join(dir, 'big.csv');
    writeFileSync(big, out.join('\n') + '\n');
    const { page, errors } = await openApp(getBrowser());
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.waitForSelector('[data-testid="map-point"]');
    await page.click('[data-testid="nav-import"]');
    await page.setInputFiles('[data-testid="file-input"]', big);
    // Read in two halves, merged (not read again in one pass after a failed cut), by a worker of its own;
    // in one pass where the machine has one core.
    const two = (await page.evaluate(() => navigator.hardwareConcurrency)) >= 2;
    await page.waitForSelector(`[data-testid="mapping-file"][data-readers="${two ? 2 : 1}"]`, { timeout: 120_000 });
    expect(await page.textContent('[data-testid="mapping-file"]')).toContain('153,600 rows');
    expect((await page.textContent('[data-testid="mapping-file"]'))!.includes('read in two halves at once')).toBe(two);
    expect(workers.some((u) => /parseSlice\.worker/.test(u))).toBe(two);
    await page.click('[data-testid="confirm-mapping"]');
    await page.waitForSelector('[data-testid="map-view"]', { timeout: 120_000 });
    expect(await page.textContent('[data-testid="data-current"]')).toContain('153,600 respondents');
    expect(await exportedCsv(page)).toBe(cliCsv(big));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('after a re-measure with a new beta is cancelled, the Measure view, the map and the drill-down report one and the same measurement', async () => {
    const { page, errors } = await openSampleView(getBrowser(), 'measure', '[data-testid="heat-table"]');
    const before = Number(await page.getAttribute('[data-testid="measure"]', 'data-beta'));
    await page.fill('[data-testid="beta-input"]', '3');
    await page.press('[data-testid="beta-input"]', 'Enter');
    // Cancel while it runs; if the measurement was already done, the check below still holds.
    await page
      .click('[data-testid="cancel"]', { timeout: 2000 })
      .catch(() => {});
    await page.waitForTimeout(2500); // past the hard stop (1.5 s) and the worker's restart
    const measure = { id: await page.getAttribute('[data-testid="measure"]', 'data-id'), beta: Number(await page.getAttribute('[data-testid="measure"]', 'data-beta')) };
    expect([before, 3]).toContain(measure.beta);
    await page.click('[data-testid="nav-map"]');
    await page.waitForSelector('[data-testid="map-measurement"]');
    await expect.poll(() => page.getAttribute('[data-testid="map-measurement"]', 'data-beta')).toBe(String(measure.beta));
    await page.dblclick('[data-testid="map-point"][data-label="S3"]');
    await page.waitForSelector('[data-testid="crumb-segment"]');
    await expect.poll(() => page.getAttribute('[data-testid="map-measurement"]', 'data-beta')).toBe(String(measure.beta));
    // The Measure view still shows that measurement.
    await page.click('[data-testid="nav-measure"]');
    expect(Number(await page.getAttribute('[data-testid="measure"]', 'data-beta'))).toBe(measure.beta);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows two measurements side by side with the change in every cell (calibrated beta against beta 3)', async () => {
    const { page, errors } = await openSampleView(getBrowser(), 'measure', '[data-testid="heat-table"]');
    await page.fill('[data-testid="compare-beta"]', '3');
    await page.click('[data-testid="compare-go"]');
    await page.waitForSelector('[data-testid="compare-note"]');
    expect(await page.textContent('[data-testid="compare-note"]')).toMatch(/all waves pooled · β 7\.\d\d calibrated.*β 3\.00 fixed/);
    const diffs = await page.$$eval('[data-testid="cell-diff"]', (els) => els.map((e) => ({ seg: e.closest('td')!.getAttribute('data-segment'), v: Number(e.getAttribute('data-value')) })));
    expect(diffs.length).toBe(25);
    // Shares of value sum to 1 in both measurements, so the changes in a segment sum to 0.
    for (const seg of ['S1', 'S2', 'S3', 'S4', 'S5']) expect(Math.abs(diffs.filter((d) => d.seg === seg).reduce((a, d) => a + d.v, 0))).toBeLessThan(1e-9);
    // A lower beta spreads share: the leader of S3 loses.
    const lead = Number(await page.getAttribute('[data-testid="cell"][data-segment="S3"][data-firm="Cobalt"] [data-testid="cell-diff"]', 'data-value'));
    expect(lead).toBeLessThan(0);
    // The comparison does not replace the measurement in use.
    expect(await page.getAttribute('[data-testid="measure"]', 'data-beta')).not.toBe('3');
    await page.click('[data-testid="compare-close"]');
    expect(await page.locator('[data-testid="cell-diff"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
