import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSampleView, saved, useBrowser } from './browser.ts';

const truth = JSON.parse(readFileSync('data/sample-truth.json', 'utf8'));
const getBrowser = useBrowser();

describe('Monitor: the waves of the sample (issue 10)', () => {
  it('plays every wave, draws the planted moves as trajectories, and names the planted alerts and nothing stable', async () => {
    const { page, errors } = await openSampleView(getBrowser(), 'monitor', '[data-testid="waves-map"]', 60_000);
    expect(await page.$$eval('[data-testid="wave-tick"]', (els) => els.map((e) => e.getAttribute('data-wave')))).toEqual(truth.waves);
    // Congruence of each wave's aligned firms with the first wave's is reported.
    for (const c of await page.$$eval('[data-testid="congruence"]', (els) => els.map((e) => Number(e.getAttribute('data-value'))))) expect(c).toBeGreaterThan(0.9);

    // The planted 2026-H1 moves, read as the map is read, within a segment (each segment's distances
    // have their own unit, row-conditional): Dynamo comes nearer S3 relative to S3's leader Cobalt.
    // Apex's planted loss in S2 (54% to 48%, still far ahead of 19%) leaves it S2's nearest firm; an
    // interval map per segment does not carry the size of a lead, so the alert and the table say it.
    const leg = async (label: string) =>
      page.$eval(`[data-testid="trajectory"][data-label="${label}"][data-from="2025-H2"][data-to="2026-H1"]`, (e) => ({
        x1: Number(e.getAttribute('x1')),
        y1: Number(e.getAttribute('y1')),
        x2: Number(e.getAttribute('x2')),
        y2: Number(e.getAttribute('y2')),
      }));
    const at = async (label: string, wave: string) => {
      await page.click(`[data-testid="wave-tick"][data-wave="${wave}"]`);
      return page.$eval(`[data-testid="waves-map"] [data-testid="wave-point"][data-label="${label}"]`, (e) => ({ x: Number(e.getAttribute('data-x')), y: Number(e.getAttribute('data-y')) }));
    };
    const d = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);
    expect(await leg('Dynamo')).toBeTruthy();
    const ratio = async (firm: string, other: string[], segment: string, wave: string) => {
      const s = await at(segment, wave);
      const mine = d(await at(firm, wave), s);
      let nearest = Infinity;
      for (const o of other) nearest = Math.min(nearest, d(await at(o, wave), s));
      return mine / nearest;
    };
    expect(await ratio('Dynamo', ['Cobalt'], 'S3', '2026-H1')).toBeLessThan(await ratio('Dynamo', ['Cobalt'], 'S3', '2025-H2'));
    expect(await ratio('Apex', ['Boreal', 'Cobalt', 'Dynamo', 'Everfield'], 'S2', '2026-H1')).toBeLessThan(1);
    expect(await leg('Apex')).toBeTruthy();

    // Playing moves through the waves and stops at the last one.
    await page.click('[data-testid="wave-tick"][data-wave="2025-H1"]');
    await page.click('[data-testid="wave-play"]');
    await expect.poll(() => page.$eval('[data-testid="wave-slider"]', (e) => Number((e as HTMLInputElement).value)), { timeout: 10_000 }).toBe(truth.waves.length - 1);

    // The latest wave's alerts: the planted competitor gain and our planted loss, in words.
    const alerts = await page.$$eval('[data-testid="alert"]', (els) => els.map((e) => ({ kind: e.getAttribute('data-kind'), firm: e.getAttribute('data-firm'), segment: e.getAttribute('data-segment'), text: e.textContent })));
    expect(alerts).toContainEqual(expect.objectContaining({ kind: 'competitor-gain', firm: 'Dynamo', segment: 'S3' }));
    expect(alerts).toContainEqual(expect.objectContaining({ kind: 'our-loss', firm: 'Apex', segment: 'S2' }));
    expect(alerts.find((a) => a.firm === 'Dynamo')!.text).toMatch(/Dynamo gained \d+\.\d points in S3, the market’s most valuable segment \(95% interval \+\d+\.\d to \+\d+\.\d\)\./);
    expect(alerts.find((a) => a.firm === 'Apex')!.text).toMatch(/We \(Apex\) lost \d+\.\d points in S2 \(95% interval −\d+\.\d to −\d+\.\d\)\./);
    // Nothing stable: no alert in the segments where nothing was planted in 2026-H1 (data/README.md).
    for (const a of alerts) expect(['S2', 'S3']).toContain(a.segment);

    // The change table marks the planted changes as significant, with their intervals.
    await page.click('[data-testid="wave-tick"][data-wave="2026-H1"]');
    const dynamo = page.locator('[data-testid="change-row"][data-segment="S3"][data-firm="Dynamo"]');
    expect(await dynamo.getAttribute('data-significant')).toBe('1');
    expect(Number(await dynamo.getAttribute('data-change'))).toBeGreaterThan(0.03);
    await page.check('[data-testid="only-significant"]');
    const sig = await page.$$eval('[data-testid="change-row"]', (els) => els.map((e) => e.getAttribute('data-significant')));
    expect(sig.length).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="wave-small-map"]').count()).toBe(truth.waves.length);
    expect(await page.textContent('body')).not.toMatch(/NaN/);
    // Chinese.
    await page.click('[data-testid="lang"]');
    expect(await page.textContent('[data-testid="monitor-view"] h2')).toBe('监测：逐波次的竞争关系');
    expect(await page.textContent('[data-testid="alerts"]')).toMatch(/Dynamo 在 S3（市场最有价值的细分）增加了/);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('adding a wave through the UI (issue 10 item 3)', () => {
  it("puts Monitor's latest changes into the exports once the waves are computed", async () => {
    const { page, errors } = await openSampleView(getBrowser(), 'monitor', '[data-testid="waves-map"]', 60_000);
    await page.click('[data-testid="nav-map"]');
    await page.waitForSelector('[data-testid="map-point"]');
    await page.click('[data-testid="export-menu"]');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-html"]')]);
    const html = readFileSync((await dl.path())!, 'utf8');
    expect(html).toMatch(/Changes in 2026-H1 since 2025-H2: \d+ significant at 95%/);
    expect(errors).toEqual([]);
  });

  it('cancels adding a large wave file: the survey keeps its waves, and the next file is added', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icrm-wave-'));
    const [header, ...lines] = readFileSync('data/survey.csv', 'utf8').trim().split('\n');
    const names = header.split(',');
    const waveCol = names.indexOf('wave'),
      idCol = names.indexOf('id');
    // 2027-H1 as a 96,000-respondent file (the sample's rows 20 times, new ids): long enough to cancel.
    const big = [header];
    for (let k = 0; k < 20; k++)
      for (const l of lines) {
        const c = l.split(',');
        c[waveCol] = '2027-H1';
        c[idCol] = `${k}-${c[idCol]}`;
        big.push(c.join(','));
      }
    writeFileSync(join(dir, 'big.csv'), big.join('\n') + '\n');
    writeFileSync(join(dir, 'small.csv'), [header, ...lines.slice(0, 1600).map((l) => ((c) => ((c[waveCol] = '2027-H1'), (c[idCol] = `n-${c[idCol]}`), c.join(',')))(l.split(',')))].join('\n') + '\n');

    const { page, errors } = await openSampleView(getBrowser(), 'monitor', '[data-testid="waves-map"]', 60_000);
    await page.setInputFiles('[data-testid="wave-file-input"]', join(dir, 'big.csv'));
    await page.click('[data-testid="cancel"]', { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="notice"]')?.textContent?.toLowerCase().includes('cancel'), null, { timeout: 30_000 });
    expect(await page.locator('[data-testid="progress"]').count()).toBe(0);
    expect(await page.$$eval('[data-testid="wave-tick"]', (els) => els.map((e) => e.getAttribute('data-wave')))).toEqual(truth.waves);
    // The survey in use still answers, and takes the next file.
    await page.setInputFiles('[data-testid="wave-file-input"]', join(dir, 'small.csv'));
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="wave-tick"]')].some((e) => e.getAttribute('data-wave') === '2027-H1'), null, { timeout: 90_000 });
    expect(await page.$$eval('[data-testid="wave-tick"]', (els) => els.map((e) => e.getAttribute('data-wave')))).toEqual([...truth.waves, '2027-H1']);
    expect(errors).toEqual([]);
  });

  it('adds a file as a new wave, names what it lacks, and keeps it with the project over a reload', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icrm-wave-'));
    const [header, ...lines] = readFileSync('data/survey.csv', 'utf8').trim().split('\n');
    const names = header.split(',');
    const waveCol = names.indexOf('wave');
    const pick = (waves: string[], keep: (c: string) => boolean) => {
      const cols = names.map((c, j) => (keep(c) ? j : -1)).filter((j) => j >= 0);
      const rows = lines.filter((l) => waves.includes(l.split(',')[waveCol])).map((l) => ((c) => cols.map((j) => c[j]).join(','))(l.split(',')));
      return [cols.map((j) => names[j]).join(','), ...rows].join('\n') + '\n';
    };
    writeFileSync(join(dir, 'first.csv'), pick(['2025-H1'], () => true));
    // The next wave's file, as another agency delivered it: no wave column, and Everfield not asked.
    writeFileSync(join(dir, 'autumn.csv'), pick(['2025-H2'], (c) => c !== 'wave' && !c.includes('Everfield')));

    const { page, errors } = await openSampleView(getBrowser(), 'import');
    await page.setInputFiles('[data-testid="file-input"]', join(dir, 'first.csv'));
    await page.click('[data-testid="confirm-mapping"]');
    await page.waitForSelector('[data-testid="map-point"]');
    await page.click('[data-testid="nav-monitor"]');
    await page.waitForSelector('[data-testid="monitor-one-wave"]');
    await page.fill('[data-testid="wave-name"]', '2025-H2');
    await page.setInputFiles('[data-testid="wave-file-input"]', join(dir, 'autumn.csv'));
    await page.waitForSelector('[data-testid="waves-map"]', { timeout: 60_000 });
    expect(await page.$$eval('[data-testid="wave-tick"]', (els) => els.map((e) => e.getAttribute('data-wave')))).toEqual(['2025-H1', '2025-H2']);
    expect(await page.textContent('[data-testid="wave-notes"]')).toContain('Everfield is not in the new file: it is blank in the new wave.');
    expect(await page.textContent('[data-testid="notice"]')).toContain('autumn.csv added as wave 2025-H2.');
    // Everfield is absent from the new wave's map, present in the first.
    expect(await page.locator('[data-testid="wave-small-map"] >> nth=1').locator('[data-testid="wave-point"][data-label="Everfield"]').count()).toBe(0);
    expect(await page.locator('[data-testid="wave-small-map"] >> nth=0').locator('[data-testid="wave-point"][data-label="Everfield"]').count()).toBe(1);
    await saved(page);

    // The project keeps the wave file: after a reload both waves are back.
    await page.reload();
    await page.waitForSelector('[data-testid="waves-map"]', { timeout: 60_000 });
    expect(await page.$$eval('[data-testid="wave-tick"]', (els) => els.map((e) => e.getAttribute('data-wave')))).toEqual(['2025-H1', '2025-H2']);
    expect(await page.textContent('[data-testid="data-current"]')).toContain('first.csv');
    expect(await page.textContent('[data-testid="data-current"]')).toContain('3,200 respondents');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('dated snapshots (issue 10 item 4)', () => {
  it('freezes two waves with a date and a note, compares them cell by cell, and keeps them over a reload', async () => {
    const { page, errors } = await openSampleView(getBrowser(), 'measure');
    const pooled = await page.getAttribute('[data-testid="measure"]', 'data-id');
    await page.selectOption('[data-testid="wave"]', '2025-H2');
    // The wave's measurement is on screen when the table answers for a new measurement id.
    await expect.poll(() => page.getAttribute('[data-testid="measure"]', 'data-id'), { timeout: 60_000 }).not.toBe(pooled);
    await page.fill('[data-testid="snapshot-date"]', '2025-12-15');
    await page.fill('[data-testid="snapshot-note"]', 'before the 2026 campaign');
    await page.click('[data-testid="snapshot-freeze"]');
    await page.selectOption('[data-testid="wave"]', '2026-H1');
    await expect.poll(() => page.locator('[data-testid="cell"][data-segment="S3"][data-firm="Dynamo"]').getAttribute('data-value').then(Number), { timeout: 60_000 }).toBeGreaterThan(0.15);
    await page.fill('[data-testid="snapshot-date"]', '2026-06-30');
    await page.fill('[data-testid="snapshot-note"]', 'after');
    await page.click('[data-testid="snapshot-freeze"]');
    const ids = await page.$$eval('[data-testid="snapshot-item"]', (els) => els.map((e) => e.getAttribute('data-id')!));
    expect(ids).toHaveLength(2);
    await page.selectOption('[data-testid="snapshot-a"]', ids[0]);
    await page.selectOption('[data-testid="snapshot-b"]', ids[1]);
    const cell = page.locator('[data-testid="snapshot-cell"][data-segment="S3"][data-firm="Dynamo"]');
    const [a, b, diff] = await Promise.all(['data-a', 'data-b', 'data-diff'].map((k) => cell.getAttribute(k).then(Number)));
    // Dynamo's planted gain in S3 in 2026-H1 (data/README.md).
    expect(diff).toBeCloseTo(b - a, 12);
    expect(diff).toBeGreaterThan(0.03);
    await saved(page);
    await page.reload();
    await page.waitForSelector('[data-testid="snapshot-item"]', { timeout: 60_000 });
    expect(await page.$$eval('[data-testid="snapshot-item"]', (els) => els.map((e) => e.getAttribute('data-date')))).toEqual(['2025-12-15', '2026-06-30']);
    expect(await page.textContent('[data-testid="snapshots"]')).toContain('before the 2026 campaign');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
