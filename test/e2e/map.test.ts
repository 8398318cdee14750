import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openApp, saved, useBrowser } from './browser.ts';

const truth = JSON.parse(readFileSync('data/sample-truth.json', 'utf8'));
const getBrowser = useBrowser();

interface P {
  kind: string;
  label: string;
  x: number;
  y: number;
  sx: number;
  sy: number;
}
const points = (page: Page): Promise<P[]> =>
  page.$$eval('[data-testid="map-point"]', (els) =>
    els.map((e) => ({
      kind: e.getAttribute('data-kind')!,
      label: e.getAttribute('data-label')!,
      x: Number(e.getAttribute('data-x')),
      y: Number(e.getAttribute('data-y')),
      sx: Number(e.getAttribute('data-sx')),
      sy: Number(e.getAttribute('data-sy')),
    })),
  );
const nearestFirms = (pts: P[], seg: string) => {
  const s = pts.find((p) => p.kind === 'segment' && p.label === seg)!;
  return pts
    .filter((p) => p.kind === 'firm')
    .sort((a, b) => Math.hypot(a.x - s.x, a.y - s.y) - Math.hypot(b.x - s.x, b.y - s.y))
    .map((p) => p.label);
};

describe('the strategy map', () => {
  it('opens on the sample market with the planted structure, the reading rule, the fit and its distortions', async () => {
    const { page, errors } = await openApp(getBrowser());
    await page.waitForSelector('[data-testid="map-point"]');
    const pts = await points(page);
    expect(pts.filter((p) => p.kind === 'firm').map((p) => p.label)).toEqual(truth.firms);
    expect(pts.filter((p) => p.kind === 'segment').map((p) => p.label)).toEqual(truth.segments);
    for (const p of pts) expect(Number.isFinite(p.x) && Number.isFinite(p.sx)).toBe(true);
    // The reading rule holds: every segment's nearest firm is its planted leader, by the 5% margin.
    for (const seg of truth.segments) {
      expect(nearestFirms(pts, seg)[0]).toBe(truth.leaders[seg]);
      const s = pts.find((p) => p.kind === 'segment' && p.label === seg)!;
      const d = pts.filter((p) => p.kind === 'firm').map((f) => Math.hypot(f.x - s.x, f.y - s.y)).sort((a, b) => a - b);
      expect(d[0]).toBeLessThanOrEqual(0.95 * d[1]);
    }
    // The fit panel says so in words: 5 of 5, row and column fidelity, the method.
    expect(await page.getAttribute('[data-testid="leaders-nearest"]', 'data-value')).toBe('5');
    expect(await page.textContent('[data-testid="leaders-nearest"]')).toContain('Leaders nearest: 5 of 5');
    expect(Number(await page.getAttribute('[data-testid="column-fidelity"]', 'data-value'))).toBeGreaterThan(0.7);
    expect(await page.textContent('[data-testid="map-method-note"]')).toContain('reading rule, joint fit');
    expect(await page.locator('[data-testid="misplaced-item"]').count()).toBe(0);
    expect(await page.textContent('[data-testid="map-legend"]')).toContain('The shorter the distance, the stronger the relationship.');
    const stress = Number(await page.getAttribute('[data-testid="stress1"]', 'data-value'));
    expect(stress).toBeGreaterThan(0);
    expect(stress).toBeLessThan(0.2);
    expect(await page.textContent('body')).not.toMatch(/NaN/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('offers the other methods: the plain interval fit names the segments it misplaces, the leader gap says what it draws', async () => {
    const { page } = await openApp(getBrowser());
    await page.waitForSelector('[data-testid="map-point"]');
    await page.click('[data-testid="map-settings"]');
    await page.selectOption('[data-testid="map-method"]', 'interval');
    await page.waitForSelector('[data-testid="leaders-nearest"][data-value="3"]');
    const warning = await page.textContent('[data-testid="map-warning"]');
    expect(warning).toContain('S3: its strongest firm is Cobalt, but Apex is drawn nearer.');
    expect(warning).toContain('S4: its strongest firm is Dynamo, but Boreal is drawn nearer.');
    expect(await page.textContent('[data-testid="degeneracy"]')).toContain('firms and segments stand apart');
    await page.selectOption('[data-testid="map-method"]', 'leader-gap');
    await page.waitForSelector('[data-testid="leader-gap-note"]');
    const pts = await points(page);
    for (const seg of truth.segments) expect(nearestFirms(pts, seg)[0]).toBe(truth.leaders[seg]);
    expect(await page.locator('[data-testid="misplaced-item"]').count()).toBe(0);
    await page.context().close();
  });

  it('keeps labels apart and inside the frame', async () => {
    const { page } = await openApp(getBrowser());
    await page.waitForSelector('[data-testid="map-label"]');
    const frame = await page.$eval('[data-testid="map-svg"]', (e) => ({ w: Number(e.getAttribute('width')), h: Number(e.getAttribute('height')) }));
    const boxes = await page.$$eval('[data-testid="map-label"]', (els) => els.map((e) => ['x', 'y', 'w', 'h'].map((k) => Number(e.getAttribute(`data-${k}`)))));
    for (const [x, y, w, h] of boxes) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(x + w).toBeLessThanOrEqual(frame.w);
      expect(y + h).toBeLessThanOrEqual(frame.h);
    }
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        const ox = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
        const oy = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
        expect(ox <= 0.5 || oy <= 0.5).toBe(true);
      }
    await page.context().close();
  });

  it('remembers a label the user dragged, across a reload', async () => {
    const { page } = await openApp(getBrowser());
    await page.waitForSelector('[data-testid="map-label"][data-label="Cobalt"]');
    const label = page.locator('[data-testid="map-label"][data-label="Cobalt"]');
    const x0 = Number(await label.getAttribute('data-x')),
      y0 = Number(await label.getAttribute('data-y'));
    const box = (await label.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 40, { steps: 6 });
    await page.mouse.up();
    const x1 = Number(await label.getAttribute('data-x')),
      y1 = Number(await label.getAttribute('data-y'));
    expect(x1 - x0).toBeCloseTo(60, 0);
    expect(y1 - y0).toBeCloseTo(40, 0);
    // Kept with the project: the bar says when it is saved.
    await saved(page);
    await page.reload();
    await page.waitForSelector('[data-testid="map-label"][data-label="Cobalt"]');
    expect(Number(await page.getAttribute('[data-testid="map-label"][data-label="Cobalt"]', 'data-x'))).toBeCloseTo(x1, 0);
    await page.context().close();
  });

  it('shows the exact numbers on hover and ranks relationships on click', async () => {
    const { page } = await openApp(getBrowser());
    await page.waitForSelector('[data-testid="map-point"]');
    await page.hover('[data-testid="map-point"][data-label="S2"]');
    const tip = page.locator('[data-testid="tooltip"]');
    await tip.waitFor();
    expect(await tip.textContent()).toContain('Segment S2');
    const first = await page.$eval('[data-testid="tooltip-row"]', (r) => r.textContent);
    expect(first).toContain('Apex');
    const sov = Number(await page.getAttribute('[data-testid="tooltip-sov"]', 'data-value'));
    expect(sov).toBeGreaterThan(0.5);
    expect(await tip.textContent()).toMatch(/1\/5/);
    await page.click('[data-testid="map-point"][data-label="Apex"]');
    const items = await page.$$eval('[data-testid="ranked-item"]', (els) => els.map((e) => e.textContent ?? ''));
    expect(items[0]).toContain('S2');
    expect(items[1]).toContain('S5');
    expect(await page.locator('[data-testid="link"]').count()).toBe(5);
    await page.context().close();
  });

  it('zooms with buttons and keys and comes back on reset', async () => {
    const { page } = await openApp(getBrowser());
    await page.waitForSelector('[data-testid="map-point"]');
    const before = await points(page);
    await page.click('[data-testid="zoom-in"]');
    await page.waitForTimeout(400);
    const after = await points(page);
    const spread = (ps: P[]) => Math.max(...ps.map((p) => p.sx)) - Math.min(...ps.map((p) => p.sx));
    expect(spread(after)).toBeGreaterThan(spread(before) * 1.3);
    await page.focus('[data-testid="map-svg"]');
    await page.keyboard.press('0');
    await page.waitForTimeout(600);
    const reset = await points(page);
    expect(spread(reset)).toBeCloseTo(spread(before), 0);
    await page.context().close();
  });

  it('exports valid SVG with escaped labels, and shows a label like <img src=x onerror=alert(1)> as text', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const dir = mkdtempSync(join(tmpdir(), 'icrm-'));
    const file = join(dir, 'evil.csv');
    const rows = ['id,segment,imp:q,imp:p,perf:X:q,perf:X:p,perf:B:q,perf:B:p,perf:C:q,perf:C:p,fam:X,fam:B,fam:C'.replace(/X/g, evil)];
    for (let i = 0; i < 60; i++) rows.push([i, `S${(i % 3) + 1}`, 3 + (i % 5), 7 - (i % 5), 2 + ((i * 7) % 9), 1 + ((i * 3) % 10), 1 + ((i * 5) % 10), 2 + ((i * 11) % 9), 1 + ((i * 13) % 10), 1 + ((i * 17) % 10), 5, 4, 5].join(','));
    writeFileSync(file, rows.join('\n') + '\n');
    const { page } = await openApp(getBrowser());
    let dialog = false;
    page.on('dialog', (d) => {
      dialog = true;
      void d.dismiss();
    });
    await page.waitForSelector('[data-testid="map-point"]');
    await page.click('[data-testid="nav-import"]');
    await page.setInputFiles('[data-testid="file-input"]', file);
    await page.waitForSelector('[data-testid="mapping"]');
    await page.click('[data-testid="confirm-mapping"]');
    await page.waitForSelector(`[data-testid="map-point"][data-label="B"]`);
    expect(await page.locator('[data-testid="map-svg"] img').count()).toBe(0);
    const labels = await page.$$eval('[data-testid="map-label"]', (els) => els.map((e) => e.textContent));
    expect(labels).toContain(evil);
    await page.click('[data-testid="export-menu"]');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-svg"]')]);
    const svg = readFileSync((await dl.path())!, 'utf8');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return { error: doc.getElementsByTagName('parsererror').length, root: doc.documentElement.nodeName, texts: [...doc.getElementsByTagName('text')].map((t) => t.textContent) };
    }, svg);
    expect(parsed.error).toBe(0);
    expect(parsed.root).toBe('svg');
    expect(parsed.texts).toContain(evil);
    expect(parsed.texts.some((t) => t?.includes('The shorter the distance'))).toBe(true);
    expect(dialog).toBe(false);
    await page.context().close();
  });
});

describe('zooming into a segment and back out', () => {
  it('opens the sub-groups of S2 in place with firms anchored, shows respondents deeper, and returns to the market', async () => {
    const { page, errors } = await openApp(getBrowser());
    await page.waitForSelector('[data-testid="map-point"]');
    const market = await points(page);
    await page.dblclick('[data-testid="map-point"][data-label="S2"]');
    await page.waitForSelector('[data-testid="crumb-segment"]');
    expect(await page.textContent('[data-testid="breadcrumb"]')).toMatch(/Market\s*›\s*S2/);
    await page.waitForTimeout(900);
    const inside = await points(page);
    // Firms stay exactly where the market map put them (data coordinates).
    for (const f of market.filter((p) => p.kind === 'firm')) {
      const g = inside.find((p) => p.kind === 'firm' && p.label === f.label)!;
      expect(g.x).toBeCloseTo(f.x, 9);
      expect(g.y).toBeCloseTo(f.y, 9);
    }
    const subgroups = inside.filter((p) => p.kind === 'segment');
    expect(subgroups.length).toBeGreaterThanOrEqual(3);
    for (const s of subgroups) expect(s.label.startsWith('S2 · ')).toBe(true);
    // Every sub-group sits nearest Apex: S2's respondents give Apex the largest share, whatever firm they know best.
    for (const s of subgroups) expect(nearestFirms(inside, s.label)[0]).toBe('Apex');
    expect(await page.getAttribute('[data-testid="leaders-nearest"]', 'data-value')).toBe(String(subgroups.length));
    expect(await page.locator('[data-testid="misplaced-item"]').count()).toBe(0);
    // Deeper: individual respondents on a canvas.
    expect(await page.locator('[data-testid="points-canvas"]').count()).toBe(0);
    await page.focus('[data-testid="map-svg"]');
    // Quick presses: each step counts even while the previous transition runs.
    for (let i = 0; i < 3; i++) await page.keyboard.press('+');
    await page.waitForSelector('[data-testid="points-canvas"]');
    expect(Number(await page.getAttribute('[data-testid="points-canvas"]', 'data-count'))).toBeGreaterThan(500);
    // Group by another column.
    await page.selectOption('[data-testid="group-by"]', 'column:industry');
    await page.waitForSelector('[data-testid="map-point"][data-label="S2 · Chemicals"]');
    // Back out to the market.
    await page.click('[data-testid="crumb-market"]');
    await page.waitForSelector('[data-testid="map-point"][data-label="S2"]');
    expect(await page.locator('[data-testid="crumb-segment"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('opens a segment double-clicked while a new map is computed on that new map, and keeps it open', async () => {
    const { page, errors } = await openApp(getBrowser());
    await page.waitForSelector('[data-testid="leaders-nearest"][data-value="5"]');
    await page.click('[data-testid="map-settings"]');
    // In one turn of the page: the interval fit is asked for, and S3 double-clicked while it is
    // computed and the joint fit is still on screen.
    await page.evaluate(() => {
      const method = document.querySelector<HTMLSelectElement>('[data-testid="map-method"]')!;
      method.value = 'interval';
      method.dispatchEvent(new Event('change', { bubbles: true }));
      document.querySelector('[data-testid="map-point"][data-label="S3"]')!.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    });
    await page.waitForSelector('[data-testid="crumb-segment"]:has-text("S3")');
    await page.waitForSelector('[data-testid="map-point"][data-label^="S3 · "]');
    const inside = await points(page);
    await page.click('[data-testid="crumb-market"]');
    await page.waitForSelector('[data-testid="map-svg"][data-level="market"]');
    // The market underneath is the fit the user chose (its S3 and S4 misplaced), not the one the double-click met,
    // and the sub-groups were placed against its firms.
    await page.waitForSelector('[data-testid="leaders-nearest"][data-value="3"]');
    const market = await points(page);
    for (const f of market.filter((p) => p.kind === 'firm')) {
      const g = inside.find((p) => p.kind === 'firm' && p.label === f.label)!;
      expect(g.x).toBeCloseTo(f.x, 9);
      expect(g.y).toBeCloseTo(f.y, 9);
    }
    expect(await page.$eval('[data-testid="map-method"]', (s) => (s as HTMLSelectElement).value)).toBe('interval');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('zooms in deep with the wheel to open the segment at the centre, and zooming out returns', async () => {
    const { page } = await openApp(getBrowser());
    await page.waitForSelector('[data-testid="map-point"]');
    const s5 = (await points(page)).find((p) => p.label === 'S5')!;
    const box = (await page.locator('[data-testid="map-svg"]').boundingBox())!;
    await page.mouse.move(box.x + s5.sx, box.y + s5.sy);
    for (let i = 0; i < 6; i++) {
      await page.mouse.wheel(0, -400);
      await page.waitForTimeout(60);
    }
    await page.waitForSelector('[data-testid="crumb-segment"]', { timeout: 10000 });
    const seg = await page.textContent('[data-testid="crumb-segment"]');
    expect(['S5', 'S2']).toContain(seg); // S2 and S5 overlap on the market map
    for (let i = 0; i < 10; i++) {
      await page.mouse.wheel(0, 400);
      await page.waitForTimeout(60);
    }
    await expect.poll(() => page.locator('[data-testid="crumb-segment"]').count(), { timeout: 10000 }).toBe(0);
    await page.context().close();
  });
});

describe('workshop use', () => {
  it('saves views and steps through them in presentation mode with the keyboard', async () => {
    const { page } = await openApp(getBrowser());
    await page.waitForSelector('[data-testid="map-point"]');
    await page.click('[data-testid="save-view"]');
    await page.click('[data-testid="map-point"][data-label="Apex"]');
    await page.click('[data-testid="zoom-in"]');
    await page.waitForTimeout(400);
    await page.click('[data-testid="save-view"]');
    await page.click('[data-testid="present"]');
    await page.waitForSelector('[data-testid="present-bar"]');
    expect(await page.textContent('[data-testid="present-bar"]')).toContain('1 / 2');
    expect(await page.locator('header').isVisible()).toBe(false);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.textContent('[data-testid="present-bar"]')).toContain('2 / 2');
    await page.waitForTimeout(700);
    expect(await page.locator('[data-testid="ranked"]').count()).toBe(1); // view 2 has Apex selected
    // Large type in presentation mode.
    const size = await page.$eval('[data-testid="map-label"] text', (e) => parseFloat(getComputedStyle(e).fontSize));
    expect(size).toBeGreaterThanOrEqual(18);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.textContent('[data-testid="present-bar"]')).toContain('1 / 2');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid="present-bar"]').count()).toBe(0);
    await page.context().close();
  });
});
