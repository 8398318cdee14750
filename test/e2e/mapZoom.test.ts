import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openApp, useBrowser } from './browser.ts';

const truth = JSON.parse(readFileSync('data/sample-truth.json', 'utf8'));
const getBrowser = useBrowser();

interface Mark {
  kind: string;
  label: string;
  sx: number;
  sy: number;
  r: number;
  moved: boolean;
}
const marks = (page: Page): Promise<Mark[]> =>
  page.$$eval('[data-testid="map-point"]', (els) =>
    els.map((e) => ({
      kind: e.getAttribute('data-kind')!,
      label: e.getAttribute('data-label')!,
      sx: Number(e.getAttribute('data-sx')),
      sy: Number(e.getAttribute('data-sy')),
      r: Number(e.getAttribute('data-r')),
      moved: e.getAttribute('data-moved') === 'true',
    })),
  );
const frameOf = (page: Page) => page.$eval('[data-testid="map-svg"]', (e) => ({ w: Number(e.getAttribute('width')), h: Number(e.getAttribute('height')) }));
const inView = (m: Mark, f: { w: number; h: number }) => m.sx >= 0 && m.sx <= f.w && m.sy >= 0 && m.sy <= f.h;
const level = (page: Page) => page.getAttribute('[data-testid="map-svg"]', 'data-level');
const visibleRespondents = async (page: Page) => Number((await page.getAttribute('[data-testid="points-canvas"]', 'data-visible-points').catch(() => null)) ?? -1);

/** Waits until the zoom has stopped moving (two reads 150 ms apart agree). */
async function settled(page: Page): Promise<void> {
  const read = () => page.$eval('[data-testid="map-svg"]', (e) => ['k', 'x', 'y'].map((a) => e.getAttribute(`data-zoom-${a}`)).join());
  let last = await read();
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(150);
    const now = await read();
    if (now === last) return;
    last = now;
  }
  throw new Error('the map kept moving');
}

/** Turns the wheel over a screen point of the map, a notch at a time as a mouse does. */
/**
 * Turns the wheel at (sx, sy), at most `notches` times; with `until`, stops as soon as it holds
 * (checked for up to `patienceMs` after each notch), as a user stops wheeling once the level they
 * want opens: on a loaded machine the drill-down answers after more notches have been turned.
 */
async function wheelAt(page: Page, sx: number, sy: number, notches: number, delta = -400, until?: () => Promise<boolean>, patienceMs = 800): Promise<void> {
  const box = (await page.locator('[data-testid="map-svg"]').boundingBox())!;
  await page.mouse.move(box.x + sx, box.y + sy);
  for (let i = 0; i < notches; i++) {
    await page.mouse.wheel(0, delta);
    await page.waitForTimeout(60);
    if (until) {
      const t0 = Date.now();
      while (Date.now() - t0 < patienceMs) {
        if (await until()) return;
        await page.waitForTimeout(50);
      }
    }
  }
}

async function openMarket(page: Page) {
  await page.waitForSelector('[data-testid="map-point"]');
  await settled(page);
}

describe('every zoom level opens framed on its points', () => {
  it('wheels from the market into S3 and on to its respondents with points in view at every step; the breadcrumb brings the market back into view', async () => {
    const { page, errors } = await openApp(getBrowser());
    await openMarket(page);
    const frame = await frameOf(page);
    const market = await marks(page);
    expect(market.filter((m) => m.kind === 'segment').map((m) => m.label)).toEqual(truth.segments);
    for (const m of market) expect(inView(m, frame), m.label).toBe(true);

    // Into S3: its sub-groups arrive framed, every one in view.
    const s3 = market.find((m) => m.label === 'S3')!;
    await wheelAt(page, s3.sx, s3.sy, 6, -400, async () => (await page.locator('[data-testid="crumb-segment"]').count()) > 0);
    await page.waitForSelector('[data-testid="crumb-segment"]', { timeout: 15000 });
    expect(await page.textContent('[data-testid="crumb-segment"]')).toBe('S3');
    await expect.poll(() => level(page)).toBe('subgroups');
    await settled(page);
    const subgroups = (await marks(page)).filter((m) => m.kind === 'segment');
    expect(subgroups.length).toBeGreaterThanOrEqual(3);
    for (const m of subgroups) {
      expect(m.label.startsWith('S3 · ')).toBe(true);
      expect(inView(m, frame), m.label).toBe(true);
    }
    expect(await page.locator('[data-testid="offscreen"]').count()).toBe(0);

    // Further down, over the largest sub-group: respondents, some of them in view.
    const largest = [...subgroups].sort((a, b) => b.r - a.r)[0];
    await wheelAt(page, largest.sx, largest.sy, 3, -300);
    await expect.poll(() => level(page), { timeout: 10000 }).toBe('respondents');
    await settled(page);
    expect(await page.textContent('[data-testid="breadcrumb"]')).toMatch(/Market\s*›\s*S3\s*›\s*Respondents/);
    expect(await visibleRespondents(page)).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="offscreen"]').count()).toBe(0);

    // The breadcrumb goes back to the market, framed again.
    await page.click('[data-testid="crumb-market"]');
    await expect.poll(() => level(page)).toBe('market');
    await settled(page);
    const back = await marks(page);
    expect(back.filter((m) => m.kind === 'segment').map((m) => m.label)).toEqual(truth.segments);
    for (const m of back) expect(inView(m, frame), m.label).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('wheeling into an empty corner of a segment still opens its respondents in view', async () => {
    const { page } = await openApp(getBrowser());
    await openMarket(page);
    await page.dblclick('[data-testid="map-point"][data-label="S3"]');
    await expect.poll(() => level(page)).toBe('subgroups');
    await settled(page);
    await wheelAt(page, 30, 30, 3, -300);
    await expect.poll(() => level(page), { timeout: 10000 }).toBe('respondents');
    await settled(page);
    expect(await visibleRespondents(page)).toBeGreaterThan(0);
    await page.context().close();
  });

  it('says where the points went when none is in view, and Show all frames them again (market and sub-groups)', async () => {
    const { page } = await openApp(getBrowser());
    await openMarket(page);
    const frame = await frameOf(page);
    await page.focus('[data-testid="map-svg"]');
    for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowLeft');
    await settled(page);
    expect((await marks(page)).some((m) => inView(m, frame))).toBe(false);
    // The points are off to the right: the arrow points right.
    expect(Math.abs(Number(await page.getAttribute('[data-testid="offscreen-arrow"]', 'data-angle')))).toBeLessThan(45);
    await page.click('[data-testid="show-all"]');
    // Show all animates the zoom; on a loaded machine the animation may start after settled()'s
    // first two reads agree, so wait (as a user watches) until it has brought the points in.
    await expect.poll(async () => (await marks(page)).filter((m) => !inView(m, frame)).map((m) => m.label), { timeout: 15000 }).toEqual([]);
    await settled(page);
    for (const m of await marks(page)) expect(inView(m, frame), m.label).toBe(true);
    expect(await page.locator('[data-testid="show-all"]').count()).toBe(0);

    await page.dblclick('[data-testid="map-point"][data-label="S3"]');
    await expect.poll(() => level(page)).toBe('subgroups');
    await settled(page);
    await page.focus('[data-testid="map-svg"]');
    for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowDown');
    await settled(page);
    expect((await marks(page)).filter((m) => m.kind === 'segment').some((m) => inView(m, frame))).toBe(false);
    await page.click('[data-testid="show-all"]');
    await expect.poll(async () => (await marks(page)).filter((m) => m.kind === 'segment' && !inView(m, frame)).map((m) => m.label), { timeout: 15000 }).toEqual([]);
    await settled(page);
    for (const m of (await marks(page)).filter((x) => x.kind === 'segment')) expect(inView(m, frame), m.label).toBe(true);
    await page.context().close();
  });
});

describe('a readable market map', () => {
  it('draws S2 and S5 apart on screen, with a line back to their true place and their own numbers on hover', async () => {
    const { page } = await openApp(getBrowser());
    await openMarket(page);
    const m = await marks(page);
    const s2 = m.find((x) => x.label === 'S2')!,
      s5 = m.find((x) => x.label === 'S5')!;
    expect(Math.hypot(s2.sx - s5.sx, s2.sy - s5.sy)).toBeGreaterThanOrEqual(s2.r + s5.r);
    expect(s2.moved || s5.moved).toBe(true);
    // No two segment circles overlap anywhere on the map.
    const segs = m.filter((x) => x.kind === 'segment');
    for (let i = 0; i < segs.length; i++) for (let j = i + 1; j < segs.length; j++) expect(Math.hypot(segs[i].sx - segs[j].sx, segs[i].sy - segs[j].sy)).toBeGreaterThanOrEqual(segs[i].r + segs[j].r);
    await page.hover('[data-testid="map-point"][data-label="S5"]');
    await page.waitForSelector('[data-testid="tooltip"]');
    expect(await page.textContent('[data-testid="tooltip"]')).toContain('Segment S5');
    expect(await page.locator('[data-testid="tooltip-nudged"]').count()).toBe(1);
    await page.context().close();
  });

  it('keeps need labels off the point labels and off the need arrows', async () => {
    const { page } = await openApp(getBrowser());
    await openMarket(page);
    const box = (sel: string) => page.$$eval(sel, (els) => els.map((e) => ['x', 'y', 'w', 'h'].map((k) => Number(e.getAttribute(`data-${k}`)))));
    const needs = await box('[data-testid="need-label"]');
    const labels = await box('[data-testid="map-label"]');
    expect(needs.length).toBe(truth.needs.length);
    for (const [x, y, w, h] of needs)
      for (const [a, b, c, d] of labels) {
        const ox = Math.min(x + w, a + c) - Math.max(x, a),
          oy = Math.min(y + h, b + d) - Math.max(y, b);
        expect(ox <= 0.5 || oy <= 0.5).toBe(true);
      }
    const arrows = await page.$$eval('.needs line', (els) => els.map((e) => ['x1', 'y1', 'x2', 'y2'].map((k) => Number(e.getAttribute(k)))));
    // Sample each arrow every pixel: no sample falls inside a label (1 px tolerance at the edges).
    for (const [x1, y1, x2, y2] of arrows) {
      const n = Math.ceil(Math.hypot(x2 - x1, y2 - y1));
      for (let s = 0; s <= n; s++) {
        const px = x1 + ((x2 - x1) * s) / n,
          py = y1 + ((y2 - y1) * s) / n;
        for (const [x, y, w, h] of [...labels, ...needs]) expect(px > x + 1 && px < x + w - 1 && py > y + 1 && py < y + h - 1).toBe(false);
      }
    }
    await page.context().close();
  });

  it('draws a thin line from each segment, and each sub-group, to its strongest firm when the layer is on (off by default)', async () => {
    const { page } = await openApp(getBrowser());
    await openMarket(page);
    expect(await page.locator('[data-testid="leader-line"]').count()).toBe(0);
    await page.click('[data-testid="layers"]');
    await page.check('[data-testid="toggle-leader-lines"]');
    const lines = Object.fromEntries(await page.$$eval('[data-testid="leader-line"]', (els) => els.map((e) => [e.getAttribute('data-from'), e.getAttribute('data-to')])));
    // Each segment's line reaches its strongest firm, unless that firm's mark already touches the circle.
    const m = await marks(page);
    const touching = (seg: Mark, firm: string) => {
      const f = m.find((x) => x.kind === 'firm' && x.label === firm)!;
      return Math.hypot(f.sx - seg.sx, f.sy - seg.sy) <= seg.r + f.r;
    };
    for (const seg of m.filter((x) => x.kind === 'segment')) {
      if (lines[seg.label] === undefined) expect(touching(seg, truth.leaders[seg.label]), seg.label).toBe(true);
      else expect(lines[seg.label]).toBe(truth.leaders[seg.label]);
    }
    expect(Object.keys(lines).length).toBeGreaterThanOrEqual(4);
    // The firm a segment's line reaches heads that segment's hover ranking.
    await page.hover('[data-testid="map-point"][data-label="S1"]');
    expect(await page.$eval('[data-testid="tooltip-row"]', (r) => r.textContent)).toContain(truth.leaders.S1);
    await page.dblclick('[data-testid="map-point"][data-label="S3"]');
    await expect.poll(() => level(page)).toBe('subgroups');
    await settled(page);
    const subgroups = (await marks(page)).filter((x) => x.kind === 'segment');
    const subLines = Object.fromEntries(await page.$$eval('[data-testid="leader-line"]', (els) => els.map((e) => [e.getAttribute('data-from'), e.getAttribute('data-to')])));
    const inside = await marks(page);
    for (const g of subgroups) {
      // A sub-group's strongest firm heads its hover ranking (its share of value per firm).
      await page.hover(`[data-testid="map-point"][data-label="${g.label}"]`);
      await expect.poll(() => page.textContent('[data-testid="tooltip"] strong')).toContain(g.label);
      const strongest = await page.$eval('[data-testid="tooltip-row"] td', (td) => td.textContent);
      const f = inside.find((x) => x.kind === 'firm' && x.label === strongest)!;
      if (subLines[g.label] === undefined) expect(Math.hypot(f.sx - g.sx, f.sy - g.sy), g.label).toBeLessThanOrEqual(g.r + f.r);
      else expect(subLines[g.label]).toBe(strongest);
    }
    await page.context().close();
  });
});
