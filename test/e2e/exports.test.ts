import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { openApp, useBrowser } from './browser.ts';
import { SEGMENTS_HEADER } from '../../src/core/measure/segmentsCsv.ts';

const getBrowser = useBrowser();

/** Opens the Export menu, clicks one export and returns the file the browser received. */
async function exportFile(page: Page, kind: string): Promise<{ name: string; bytes: Uint8Array }> {
  if (!(await page.locator('[data-testid="export-pptx"]').isVisible())) await page.click('[data-testid="export-menu"]');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid="export-${kind}"]`)]);
  return { name: dl.suggestedFilename(), bytes: new Uint8Array(readFileSync((await dl.path())!)) };
}
const unzip = (bytes: Uint8Array) => Object.fromEntries(Object.entries(unzipSync(bytes)).map(([k, v]) => [k, strFromU8(v)]));

describe('the Export menu of the map', () => {
  it('saves a deck, a workbook, a CSV, an SVG, a PNG and an HTML file, named for the survey and the day, in English and Chinese', async () => {
    const { page, errors } = await openApp(getBrowser());
    await page.waitForSelector('[data-testid="map-point"]');
    // A label the user dragged (Apex, 120 px down) is where the deck puts it.
    await page.waitForSelector('[data-testid="map-label"][data-label="Apex"]');
    const box = (await page.locator('[data-testid="map-label"][data-label="Apex"]').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 120, { steps: 8 });
    await page.mouse.up();
    const day = /^icrm-survey-\d{4}-\d{2}-\d{2}\./;

    const pptx = await exportFile(page, 'pptx');
    expect(pptx.name).toMatch(day);
    expect(pptx.name.endsWith('.pptx')).toBe(true);
    const deck = unzip(pptx.bytes);
    const map = deck['ppt/slides/slide2.xml'];
    for (const label of ['Apex', 'Boreal', 'Cobalt', 'S1', 'S5']) expect(map).toContain(`<a:t>${label}</a:t>`);
    const mark = Number(/name="firm Apex".*?<a:off x="\d+" y="(\d+)"\/>/.exec(map)![1]);
    const label = Number(/<p:sp>(?:(?!<p:sp>).)*?<a:off x="\d+" y="(\d+)"\/>(?:(?!<p:sp>).)*?<a:t>Apex<\/a:t>/.exec(map)![1]);
    expect((label - mark) / 914400).toBeGreaterThan(0.9);
    expect(deck['ppt/slides/slide3.xml']).toContain("Cobalt leads S3, the market&apos;s most valuable segment");

    const xlsx = unzip((await exportFile(page, 'xlsx')).bytes);
    expect(xlsx['xl/workbook.xml']).toContain('<sheet name="Share of value"');
    expect(Object.values(xlsx).join('')).not.toMatch(/<f[ >]/);

    const csv = await exportFile(page, 'csv');
    expect(strFromU8(csv.bytes).replace(/^\uFEFF/, '').split('\n')[0]).toBe(SEGMENTS_HEADER);

    const svg = await exportFile(page, 'svg');
    expect(strFromU8(svg.bytes)).toMatch(/^<svg xmlns/);
    const png = await exportFile(page, 'png');
    expect([...png.bytes.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);

    const html = await exportFile(page, 'html');
    expect(html.name).toMatch(/\.html$/);
    expect(strFromU8(html.bytes)).toContain('Cobalt leads S3');

    // In Chinese: the deck's words are Chinese and every run says so.
    await page.click('[data-testid="lang"]');
    const zh = unzip((await exportFile(page, 'pptx')).bytes);
    expect(zh['ppt/slides/slide3.xml']).toContain('Cobalt 在市场最有价值的细分 S3 中领先');
    for (const m of zh['ppt/slides/slide2.xml'].matchAll(/<a:rPr [^>]*>/g)) expect(m[0]).toContain('lang="zh-CN"');
    expect(await page.locator('[data-testid="export-error"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('saves every table as a CSV file in one zip, titles listed in tables.csv', async () => {
    const { page, errors } = await openApp(getBrowser());
    await page.waitForSelector('[data-testid="map-point"]');
    const f = await exportFile(page, 'tables');
    expect(f.name).toMatch(/^icrm-survey-\d{4}-\d{2}-\d{2}\.tables\.zip$/);
    const files = unzipSync(f.bytes);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['01-shareOfValue.csv', 'tables.csv']));
    const index = strFromU8(files['tables.csv']);
    expect(index).toContain("01-shareOfValue.csv,Cobalt leads S3, the market's most valuable segment".replace(/,C/, ',"C') + '"');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
