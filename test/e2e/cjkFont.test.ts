import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM } from './browser.ts';
import { reportHtml } from '../../src/core/export/html.ts';
import { nodeFontSource } from '../../src/cli/nodeFontSource.ts';
import { reportOf, sampleZhModel } from '../unit/export/sample.ts';

/**
 * Chinese in the exports without a Chinese font on the reader's machine (issue 11 item 6). This
 * machine's chromium has fonts-noto-cjk, which would hide a missing font, so the browser is started
 * with a fontconfig that knows only DejaVu and Liberation: there, CJK text in any system font is
 * drawn as empty boxes, and only the font embedded in the export can draw it.
 */
async function launchWithoutCjkFonts(): Promise<Browser> {
  const dir = mkdtempSync(join(tmpdir(), 'icrm-fc-'));
  const conf = join(dir, 'fonts.conf');
  writeFileSync(
    conf,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n<dir>/usr/share/fonts/truetype/dejavu</dir>\n<dir>/usr/share/fonts/truetype/liberation</dir>\n<cachedir>${dir}/cache</cachedir>\n</fontconfig>\n`,
  );
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    env: { ...process.env, FONTCONFIG_FILE: conf },
  });
}

/**
 * Whether two characters are drawn alike in `font` on a canvas: empty boxes (tofu) all look the
 * same, real glyphs of different characters do not.
 */
function drawnAlike(page: Page, font: string, a: string, b: string): Promise<boolean> {
  return page.evaluate(
    ([font, a, b]) => {
      const draw = (ch: string) => {
        const c = document.createElement('canvas');
        c.width = c.height = 64;
        const ctx = c.getContext('2d')!;
        ctx.font = font;
        ctx.fillText(ch, 4, 52);
        return c.toDataURL();
      };
      return draw(a) === draw(b);
    },
    [font, a, b],
  );
}

describe('the CJK font embedded in the exports, in a browser without Chinese fonts', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchWithoutCjkFonts();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the HTML export opened from disk, offline, loads its own face and draws Chinese with it', async () => {
    const html = await reportHtml(await reportOf(await sampleZhModel(), 'zh'), { fonts: nodeFontSource() });
    const file = join(mkdtempSync(join(tmpdir(), 'icrm-html-')), 'report.html');
    writeFileSync(file, html);
    const url = pathToFileURL(file).href;
    const context = await browser.newContext({ offline: true });
    const attempted: string[] = [];
    await context.route('**/*', (route) => {
      if (route.request().url() === url) return route.continue();
      attempted.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(url);
    await page.waitForLoadState('load');
    expect(await page.textContent('h1')).toBe('竞争性关系：survey_zh.csv');
    const faces = await page.evaluate(async () => {
      await document.fonts.ready;
      return {
        check: document.fonts.check('16px "ICRM Noto Sans SC"', '竞争顶峰'),
        faces: [...document.fonts].map((f) => ({ family: f.family.replace(/"/g, ''), status: f.status, range: f.unicodeRange })),
      };
    });
    expect(faces.check).toBe(true);
    const ours = faces.faces.filter((f) => f.family === 'ICRM Noto Sans SC');
    expect(ours.length).toBeGreaterThan(0);
    // The faces of the title's characters were used, so loaded; none failed.
    expect(ours.filter((f) => f.status === 'loaded').length).toBeGreaterThan(0);
    expect(ours.filter((f) => f.status === 'error')).toEqual([]);
    // Without the embedded face the context draws boxes; with it, glyphs.
    expect(await drawnAlike(page, '48px sans-serif', '竞', '争')).toBe(true);
    expect(await drawnAlike(page, '48px "ICRM Noto Sans SC"', '竞', '争')).toBe(false);
    expect(attempted).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the app exports a Chinese survey as an SVG carrying the font and a PNG drawn with it, not as boxes', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const fontRequests: string[] = [];
    page.on('request', (r) => /\.woff$|harfbuzz-subset/.test(new URL(r.url()).pathname) && fontRequests.push(r.url()));
    // The subsetter is WebAssembly and the slices are fetched: the app's CSP must allow both.
    await page.addInitScript(() => {
      (window as unknown as { __violations: string[] }).__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __violations: string[] }).__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(inject('baseURL'));
    await page.waitForSelector('[data-testid="map-point"]');
    // The first page load fetches no font slice and no subsetter: they are loaded when an export needs them.
    expect(fontRequests).toEqual([]);
    await page.click('[data-testid="lang"]');
    await page.click('[data-testid="nav-import"]');
    await page.setInputFiles('[data-testid="file-input"]', 'data/survey_zh.csv');
    await page.waitForSelector('[data-testid="mapping"]');
    await page.click('[data-testid="confirm-mapping"]');
    await page.waitForSelector('[data-testid="map-point"][data-label="钴蓝"]', { timeout: 60_000 });
    const save = async (kind: string) => {
      if (!(await page.locator(`[data-testid="export-${kind}"]`).isVisible())) await page.click('[data-testid="export-menu"]');
      const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid="export-${kind}"]`)]);
      return new Uint8Array(readFileSync((await dl.path())!));
    };
    const svg = new TextDecoder().decode(await save('svg'));
    expect(svg).toContain('钴蓝');
    expect(svg).toMatch(/<defs><style>@font-face \{ font-family: 'ICRM Noto Sans SC';[^}]*url\(data:font\/woff;base64,/);
    expect(fontRequests.length).toBeGreaterThan(0);
    const png = await save('png');
    expect([...png.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    // The PNG against the same SVG drawn here with and without its font, at the export's 3x scale.
    const r = await page.evaluate(
      async ([svg, png]) => {
        const load = async (blob: Blob) => {
          const img = new Image();
          img.src = URL.createObjectURL(blob);
          await img.decode();
          return img;
        };
        const pixels = (img: HTMLImageElement, scale: number) => {
          const c = document.createElement('canvas');
          c.width = Math.round(img.width * scale);
          c.height = Math.round(img.height * scale);
          const ctx = c.getContext('2d')!;
          ctx.scale(scale, scale);
          ctx.drawImage(img, 0, 0);
          // The title band: the survey's Chinese title and reading rule.
          return ctx.getImageData(0, 0, c.width, 56 * 3).data;
        };
        const stripped = svg.replace(/<defs><style>[\s\S]*?<\/style><\/defs>/, '');
        const exported = pixels(await load(new Blob([new Uint8Array(png)], { type: 'image/png' })), 1);
        const withFont = pixels(await load(new Blob([svg], { type: 'image/svg+xml' })), 3);
        const without = pixels(await load(new Blob([stripped], { type: 'image/svg+xml' })), 3);
        const differing = (a: Uint8ClampedArray, b: Uint8ClampedArray) => {
          let n = 0;
          for (let i = 0; i < a.length; i += 4) if (Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]) > 30) n++;
          return n;
        };
        let ink = 0;
        for (let i = 0; i < exported.length; i += 4) if (exported[i] < 128) ink++;
        return { ink, sameAsWithFont: differing(exported, withFont), sameAsWithout: differing(exported, without), size: exported.length / 4 };
      },
      [svg, Array.from(png)] as const,
    );
    // Not blank: the title band has ink; drawn with the font (as this browser draws the SVG with it),
    // and unlike the boxes this browser draws without it.
    expect(r.ink).toBeGreaterThan(1000);
    expect(r.sameAsWithFont / r.size).toBeLessThan(0.002);
    expect(r.sameAsWithout).toBeGreaterThan(1000);
    // The HTML export made in the app carries the same kind of faces, and its own CSP lets them load.
    const html = new TextDecoder().decode(await save('html'));
    expect(html).toMatch(/<style>@font-face \{ font-family: 'ICRM Noto Sans SC';[^}]*url\(data:font\/woff;base64,/);
    expect(html).toMatch(/Content-Security-Policy" content="[^"]*; font-src data:"/);
    expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
    expect(await page.locator('[data-testid="export-error"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
