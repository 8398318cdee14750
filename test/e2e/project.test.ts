import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openApp, saved, useBrowser } from './browser.ts';

const getBrowser = useBrowser();

const labelX = async (page: Page, label: string) => Number(await page.getAttribute(`[data-testid="map-label"][data-label="${label}"]`, 'data-x'));

/**
 * Drags the label of `label`, once the map on screen is the one asked for: a map arriving under the
 * pointer would move the label away and the press would pan the map instead (which the zoom shows).
 */
async function dragLabel(page: Page, label: string, dx: number, dy: number) {
  await page.waitForSelector('[data-testid="map-svg"][aria-busy="false"]');
  const zoom = () => page.getAttribute('[data-testid="map-svg"]', 'data-zoom-x');
  const before = await zoom();
  const box = (await page.locator(`[data-testid="map-label"][data-label="${label}"]`).boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + dx, box.y + box.height / 2 + dy, { steps: 6 });
  await page.mouse.up();
  expect(await zoom()).toBe(before);
}

describe('projects: nothing lost (issue 11)', () => {
  it('brings back settings, the drill-down, label positions and a scenario after a reload, and undoes and redoes across it', async () => {
    const { page, errors } = await openApp(getBrowser());
    await page.waitForSelector('[data-testid="map-label"][data-label="Cobalt"]');
    await saved(page);
    expect(await page.textContent('[data-testid="project-name"]')).toBe('Sample project');
    expect(await page.isDisabled('[data-testid="undo"]')).toBe(true);
    // A setting: one wave.
    await page.click('[data-testid="nav-measure"]');
    await page.selectOption('[data-testid="wave"]', '2025-H1');
    await saved(page);
    await page.click('[data-testid="nav-map"]');
    await page.waitForSelector('[data-testid="map-label"][data-label="Cobalt"]');
    // A label dragged (on the map of that wave).
    const x0 = await labelX(page, 'Cobalt');
    await dragLabel(page, 'Cobalt', 60, 40);
    const x1 = await labelX(page, 'Cobalt');
    expect(x1 - x0).toBeCloseTo(60, 0);
    // A scenario saved.
    await page.click('[data-testid="nav-improve"]');
    await page.fill('[data-testid="whatif-slider"][data-need="quality"]', '2');
    await page.fill('[data-testid="whatif-name"]', 'Quality push');
    await page.click('[data-testid="whatif-save"]');
    await page.waitForSelector('[data-testid="whatif-saved-item"][data-name="Quality push"]');
    // Into a segment.
    await page.click('[data-testid="nav-map"]');
    await page.dblclick('[data-testid="map-point"][data-label="S3"]');
    await page.waitForSelector('[data-testid="crumb-market"]');
    await saved(page);

    await page.reload();
    await page.waitForSelector('[data-testid="crumb-segment"]:has-text("S3")', { timeout: 60_000 });
    await page.click('[data-testid="crumb-market"]');
    await page.waitForSelector('[data-testid="map-svg"][data-level="market"]');
    // The way back to the market is animated: the label settles where it was left.
    await expect.poll(() => labelX(page, 'Cobalt')).toBeCloseTo(x1, 0);
    await page.click('[data-testid="nav-measure"]');
    expect(await page.$eval('[data-testid="wave"]', (s) => (s as HTMLSelectElement).value)).toBe('2025-H1');
    await page.click('[data-testid="nav-improve"]');
    await page.waitForSelector('[data-testid="whatif-saved-item"][data-name="Quality push"]');

    // Undo after the reload takes back the last change (the scenario), not the navigation; redo puts it back.
    await page.click('[data-testid="undo"]');
    await expect.poll(() => page.locator('[data-testid="whatif-saved-item"]').count()).toBe(0);
    expect(await page.$eval('nav button.active', (b) => b.getAttribute('data-testid'))).toBe('nav-improve');
    await page.click('[data-testid="redo"]');
    await page.waitForSelector('[data-testid="whatif-saved-item"][data-name="Quality push"]');
    // Undo twice more, by keyboard: the scenario, then the label, go.
    await page.click('[data-testid="nav-map"]');
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await expect.poll(() => labelX(page, 'Cobalt')).toBeCloseTo(x0, 0);
    await saved(page);
    // The undone state is what a reload brings back, with redo still possible.
    await page.reload();
    await page.waitForSelector('[data-testid="map-label"][data-label="Cobalt"]', { timeout: 60_000 });
    expect(await labelX(page, 'Cobalt')).toBeCloseTo(x0, 0);
    expect(await page.isEnabled('[data-testid="redo"]')).toBe(true);
    await page.click('[data-testid="nav-improve"]');
    await page.keyboard.press('Control+Shift+z');
    await page.waitForSelector('[data-testid="map-label"], [data-testid="whatif"]');
    await page.keyboard.press('Control+y');
    await page.waitForSelector('[data-testid="whatif-saved-item"][data-name="Quality push"]');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('exports a project file that a fresh browser profile opens to the same map; a damaged or hostile file changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icrm-project-'));
    const a = await openApp(getBrowser());
    let page = a.page;
    await page.waitForSelector('[data-testid="map-label"][data-label="Cobalt"]');
    await saved(page);
    // An imported survey (the Chinese one), so the file must carry the survey's bytes.
    await page.click('[data-testid="nav-import"]');
    await page.setInputFiles('[data-testid="file-input"]', 'data/survey_zh.csv');
    await page.click('[data-testid="confirm-mapping"]');
    await page.waitForSelector('[data-testid="map-label"][data-label="钴蓝"]', { timeout: 60_000 });
    await page.click('[data-testid="project-name"]');
    await page.fill('[data-testid="project-name-input"]', '华东研讨会');
    await page.keyboard.press('Enter');
    await dragLabel(page, '钴蓝', -50, 30);
    await saved(page);
    // The same map: the new fit is aligned to the one left on screen (to 1e-9; the alignment's rounding differs in the last bits).
    const points = await page.$$eval('[data-testid="map-point"]', (els) => els.map((e) => `${e.getAttribute('data-label')}@${Number(e.getAttribute('data-x')).toFixed(9)},${Number(e.getAttribute('data-y')).toFixed(9)}`).sort());
    const moved = await labelX(page, '钴蓝');
    await page.click('[data-testid="project-menu"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="project-export"]')]);
    expect(download.suggestedFilename()).toBe('华东研讨会.icrm');
    const file = join(dir, 'project.icrm');
    await download.saveAs(file);
    expect(a.errors).toEqual([]);
    await page.context().close();

    // A fresh profile: open the file.
    const b = await openApp(getBrowser());
    page = b.page;
    await page.waitForSelector('[data-testid="map-label"][data-label="Cobalt"]');
    await saved(page);
    // Hostile and damaged files first: a message, and the projects stay as they are.
    writeFileSync(join(dir, 'not-a-project.icrm'), 'id,segment\n1,S1\n');
    const bytes = readFileSync(file);
    writeFileSync(join(dir, 'damaged.icrm'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    for (const [name, message] of [
      ['not-a-project.icrm', /not a project file \(it is not a zip\)/],
      ['damaged.icrm', /the zip is damaged/],
    ] as const) {
      await page.click('[data-testid="project-menu"]');
      await page.setInputFiles('[data-testid="project-file-input"]', join(dir, name));
      await page.waitForSelector('[data-testid="project-problem"][data-key="project.importFailed"]');
      expect(await page.textContent('[data-testid="project-problem"]')).toMatch(message);
      expect(await page.textContent('[data-testid="project-name"]')).toBe('Sample project');
      await page.click('[data-testid="project-problem"] button.link');
    }
    await page.click('[data-testid="project-menu"]');
    expect(await page.locator('[data-testid="project-item"]').count()).toBe(1);
    await page.setInputFiles('[data-testid="project-file-input"]', file);
    await page.waitForSelector('[data-testid="map-label"][data-label="钴蓝"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="project-name"]')).toBe('华东研讨会');
    await expect.poll(() => page.$$eval('[data-testid="map-point"]', (els) => els.map((e) => `${e.getAttribute('data-label')}@${Number(e.getAttribute('data-x')).toFixed(9)},${Number(e.getAttribute('data-y')).toFixed(9)}`).sort())).toEqual(points);
    expect(await labelX(page, '钴蓝')).toBeCloseTo(moved, 0);
    await page.click('[data-testid="project-menu"]');
    expect(await page.$$eval('[data-testid="project-item"]', (els) => els.map((e) => e.getAttribute('data-name')).sort())).toEqual(['Sample project', '华东研讨会'].sort());
    expect(b.errors).toEqual([]);
    await page.context().close();
  });

  it('lets one tab edit a project: a second tab says so and can take over', async () => {
    const { page } = await openApp(getBrowser());
    await page.waitForSelector('[data-testid="map-point"]');
    await saved(page);
    const second = await page.context().newPage();
    await second.goto(page.url());
    await second.waitForSelector('[data-testid="project-problem"][data-key="project.otherTab"]', { timeout: 60_000 });
    expect(await second.getAttribute('[data-testid="project-status"]', 'data-status')).toBe('readonly');
    await second.click('[data-testid="project-take-over"]');
    await second.waitForSelector('[data-testid="project-status"][data-status="saved"]', { timeout: 60_000 });
    await page.waitForSelector('[data-testid="project-problem"][data-key="project.takenOver"]');
    expect(await page.getAttribute('[data-testid="project-status"]', 'data-status')).toBe('readonly');
    await page.context().close();
  });

  it('keeps the work on screen and says so when storage is full', async () => {
    const { page, errors } = await openApp(getBrowser());
    await page.waitForSelector('[data-testid="map-point"]');
    await saved(page);
    // Simulate a full disk: every IndexedDB write from now on fails with QuotaExceededError.
    await page.evaluate(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
        if (this.name === 'projects') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return put.apply(this, args);
      };
    });
    await page.click('[data-testid="nav-measure"]');
    await page.selectOption('[data-testid="wave"]', '2025-H2');
    await page.waitForSelector('[data-testid="project-problem"][data-key="project.quota"]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid="project-problem"]')).toMatch(/storage is full, so your latest changes are not saved; they stay on screen/);
    expect(await page.getAttribute('[data-testid="project-status"]', 'data-status')).toBe('unsaved');
    // The change is still on screen, and the page was not reloaded.
    expect(await page.$eval('[data-testid="wave"]', (s) => (s as HTMLSelectElement).value)).toBe('2025-H2');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
