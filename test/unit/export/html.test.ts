import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launch } from '../../e2e/browser.ts';
import { reportHtml } from '../../../src/core/export/html.ts';
import { HOSTILE, hostileModel, reportOf, sampleZhModel } from './sample.ts';

/**
 * The HTML export opened from disk in chromium with the network off: every request but the file's
 * own is routed to abort and recorded, so a file that tried to fetch anything (a font, a script, an
 * image from a label) fails the test.
 */
async function openOffline(browser: Browser, html: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'icrm-html-')), 'report.html');
  writeFileSync(file, html);
  const context = await browser.newContext({ offline: true, viewport: { width: 1200, height: 900 } });
  const url = pathToFileURL(file).href;
  // Everything but the file itself is aborted and recorded.
  const attempted: string[] = [];
  await context.route('**/*', (route) => {
    if (route.request().url() === url) return route.continue();
    attempted.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  let dialog = false;
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('dialog', (d) => {
    dialog = true;
    void d.dismiss();
  });
  await page.goto(url);
  await page.waitForLoadState('load');
  return { page, attempted, others: () => requests.filter((r) => r !== url), problems, dialog: () => dialog };
}

async function hoverShows(page: Page, selector: string): Promise<string> {
  await page.hover(selector, { force: true });
  await page.waitForSelector('#tip:not([hidden])');
  return (await page.textContent('#tip')) ?? '';
}

describe('reportHtml opened from disk, offline', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the Chinese map with its labels, the fit and the tables, requests nothing, and shows a tooltip on hover', async () => {
    const report = await reportOf(await sampleZhModel(), 'zh');
    const { page, attempted, others, problems } = await openOffline(browser, await reportHtml(report));
    for (const label of ['顶峰', '北辰', '钴蓝', '动力', '常青', '细分1', '细分3', '细分5']) expect(await page.locator('svg text', { hasText: label }).first().isVisible(), label).toBe(true);
    expect(await page.textContent('h1')).toBe('竞争性关系：survey_zh.csv');
    expect(await page.locator('[data-section="fit"] li').first().textContent()).toBe('解读规则成立：每个细分中距离最近的企业就是关系最强的企业。');
    expect(await page.locator('section[data-table] table').count()).toBe(2);
    const tip = await hoverShows(page, '.hit[data-label="细分3"]');
    expect(tip).toMatch(/^细分3 · 细分价值份额钴蓝: 5\d\.\d%/);
    const firm = await hoverShows(page, '.hit[data-label="顶峰"]');
    expect(firm).toContain('顶峰 · 企业');
    expect(attempted).toEqual([]);
    expect(others()).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('renders a hostile label as text: no element made from it, no script run, no dialog', async () => {
    const report = await reportOf(await hostileModel(), 'en');
    const html = await reportHtml(report);
    expect(html).not.toContain('<img');
    const { page, attempted, others, problems, dialog } = await openOffline(browser, html);
    expect(await page.locator('img').count()).toBe(0);
    const texts = await page.$$eval('svg text', (els) => els.map((e) => e.textContent));
    for (const label of Object.values(HOSTILE)) expect(texts).toContain(label);
    expect(await page.locator('th', { hasText: HOSTILE.markup }).count()).toBeGreaterThan(0);
    const i = report.map.points.findIndex((p) => p.label === HOSTILE.markup);
    const tip = await hoverShows(page, `.hit[data-i="${i}"]`);
    expect(tip.startsWith(`${HOSTILE.markup} · Firm`)).toBe(true);
    expect(await page.locator('#tip img').count()).toBe(0);
    expect(dialog()).toBe(false);
    expect(attempted).toEqual([]);
    expect(others()).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
