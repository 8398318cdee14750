import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repeatCsv } from '../bench/makeSurvey.ts';
import { openSampleView, useBrowser } from './browser.ts';

const getBrowser = useBrowser();

describe('a points layer too large to draw every frame (issue 13 item 3)', () => {
  it('moves its last drawing while the user zooms and draws every point again when the zoom pauses', async () => {
    // 300,000 respondents: the sample's rows repeated with fresh ids (made here, never committed).
    const file = join(mkdtempSync(join(tmpdir(), 'icrm-points-')), 'survey-300k.csv');
    await repeatCsv('data/survey.csv', file, 300_000, 'P');
    const { page, errors } = await openSampleView(getBrowser(), 'import');
    await page.setInputFiles('[data-testid="file-input"]', file);
    await page.waitForSelector('[data-testid="mapping"]', { timeout: 120_000 });
    await page.click('[data-testid="confirm-mapping"]');
    await page.waitForSelector('[data-testid="map-point"]', { timeout: 120_000 });
    await page.click('[data-testid="layers"]');
    await page.check('[data-testid="toggle-respondents"]');
    await page.click('[data-testid="layers"]');
    const canvas = page.locator('[data-testid="points-canvas"]');
    await expect.poll(() => canvas.getAttribute('data-count'), { timeout: 120_000 }).toBe('300000');
    const read = async () => ({
      full: Number(await canvas.getAttribute('data-full-renders')),
      moved: Number(await canvas.getAttribute('data-moved-renders')),
      ms: Number(await canvas.getAttribute('data-full-ms')),
    });
    await expect.poll(async () => (await read()).full, { timeout: 30_000 }).toBeGreaterThan(0);
    const before = await read();
    // A second of wheel turns, one per animation frame, as the frame-rate bench does.
    await page.evaluate(`new Promise((resolve) => {
      const svg = document.querySelector('[data-testid="map-svg"]');
      const r = svg.getBoundingClientRect();
      const t0 = performance.now();
      const tick = (now) => {
        svg.dispatchEvent(new WheelEvent('wheel', { deltaY: -20, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true, cancelable: true }));
        if (now - t0 < 1000) requestAnimationFrame(tick); else resolve();
      };
      requestAnimationFrame(tick);
    })`);
    const during = await read();
    if (before.ms > 8) {
      // Above a frame's budget: most frames moved the picture, and an exact drawing follows the pause.
      expect(during.moved - before.moved).toBeGreaterThan(during.full - before.full);
      await expect.poll(async () => (await read()).full, { timeout: 10_000 }).toBeGreaterThan(during.full);
    } else {
      // A machine fast enough to draw them all within the budget draws every frame exactly.
      expect(during.moved).toBe(before.moved);
      expect(during.full).toBeGreaterThan(before.full);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
