import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CJK_FONT_FAMILY, cjkCodePoints, embeddedCjkFont, parseUnicodeRange, type CodeRange, type FontSource } from '../../../src/core/export/cjkFont.ts';
import { reportSvgWithFont } from '../../../src/core/export/mapSvg.ts';
import { reportHtml } from '../../../src/core/export/html.ts';
import { nodeFontSource, sliceFile } from '../../../src/cli/nodeFontSource.ts';
import { reportOf, sampleModel, sampleZhModel } from './sample.ts';

const packageDir = dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/package.json'));

interface Face {
  family: string;
  ranges: CodeRange[];
  bytes: Uint8Array;
}

/** The @font-face rules of an export, read back: family, unicode-range and the data URL's bytes. */
function fontFaces(doc: string): Face[] {
  return [...doc.matchAll(/@font-face \{([^}]*)\}/g)].map(([, body]) => {
    const family = /font-family: '([^']+)'/.exec(body)![1];
    const data = /src: url\(data:font\/woff2;base64,([A-Za-z0-9+/=]+)\) format\('woff2'\)/.exec(body);
    expect(data, 'a WOFF2 data URL').not.toBeNull();
    return { family, ranges: parseUnicodeRange(/unicode-range: ([^;]+);/.exec(body)![1]), bytes: new Uint8Array(Buffer.from(data![1], 'base64')) };
  });
}

/** Every CJK character of the export's text (the style with the font itself left out) lies in some embedded face's range. */
function expectCovered(doc: string, faces: Face[]) {
  const text = doc.replace(/<style>[\s\S]*?<\/style>/g, '');
  const chars = cjkCodePoints(text);
  expect(chars.length).toBeGreaterThan(0);
  const missing = chars.filter((c) => !faces.some((f) => f.ranges.some(([a, b]) => a <= c && c <= b)));
  expect(missing.map((c) => String.fromCodePoint(c))).toEqual([]);
  for (const f of faces) {
    expect(f.family).toBe(CJK_FONT_FAMILY);
    // WOFF2's signature, and the very bytes of one of the package's slices.
    expect(String.fromCharCode(...f.bytes.subarray(0, 4))).toBe('wOF2');
  }
  // Each face is one of the package's slices, whole.
  const ranges = JSON.parse(readFileSync(join(packageDir, 'unicode.json'), 'utf8')) as Record<string, string>;
  for (const f of faces) {
    const id = Object.keys(ranges).find((k) => parseUnicodeRange(ranges[k]).some(([a, b]) => a <= f.ranges[0][0] && f.ranges[0][0] <= b))!;
    expect(f.bytes).toEqual(new Uint8Array(readFileSync(join(packageDir, 'files', sliceFile(id)))));
  }
}

describe('parseUnicodeRange(css)', () => {
  it.each([
    ['U+4e00', [[0x4e00, 0x4e00]]],
    ['U+4e00-4e0f,U+4e11', [[0x4e00, 0x4e0f], [0x4e11, 0x4e11]]],
    ['U+20-22, U+1F300', [[0x20, 0x22], [0x1f300, 0x1f300]]],
  ])('%s', (css, expected) => expect(parseUnicodeRange(css)).toEqual(expected));
  it('refuses what is not a range', () => expect(() => parseUnicodeRange('U+4e00,x')).toThrow(/cannot read "x"/));
});

describe('embeddedCjkFont(text, source)', () => {
  const calls: string[] = [];
  const fake: FontSource = {
    ranges: async () => ({ latin: 'U+0-ff', '[1]': 'U+20-7e,U+4e00-4e2f', '[2]': 'U+4e30-4eff', '[3]': 'U+ff01-ff5e' }),
    woff2: async (id) => {
      calls.push(id);
      return new TextEncoder().encode(`wOF2${id}`);
    },
  };

  it('embeds nothing and reads no font for text without CJK characters', async () => {
    calls.length = 0;
    expect(await embeddedCjkFont('Apex leads S3 · 50%', fake)).toEqual({ css: '', slices: [], bytes: 0 });
    expect(calls).toEqual([]);
  });

  it('embeds only the slices covering a CJK character used, each declaring only its CJK range', async () => {
    calls.length = 0;
    const font = await embeddedCjkFont('Apex 一', fake);
    expect(font.slices).toEqual(['[1]']);
    expect(calls).toEqual(['[1]']);
    // The slice's Latin part is left to the system fonts.
    expect(font.css).toContain('unicode-range: U+4e00-4e2f;');
    expect(font.css).toContain(`font-family: '${CJK_FONT_FAMILY}'`);
    expect(font.css).toContain(`url(data:font/woff2;base64,${btoa('wOF2[1]')})`);
    // "（" (U+FF08) is in slice 3: two slices for two characters.
    expect((await embeddedCjkFont('一（', fake)).slices).toEqual(['[1]', '[3]']);
  });

  it('embeds nothing without a font source', async () => {
    expect((await embeddedCjkFont('细分', undefined)).css).toBe('');
  });
});

describe('the SVG and HTML exports embed the CJK font their text needs', () => {
  const fonts = nodeFontSource();

  it('reportSvgWithFont of a Chinese survey in Chinese holds WOFF2 faces covering every CJK character it shows', async () => {
    const svg = await reportSvgWithFont(await reportOf(await sampleZhModel(), 'zh'), fonts);
    expect(svg).toMatch(/^<svg [^>]*>\n<defs><style>@font-face/);
    expect(svg).toContain(`font-family="&apos;${CJK_FONT_FAMILY}&apos;, system-ui`);
    expectCovered(svg, fontFaces(svg));
  });

  it('reportHtml of a Chinese survey in Chinese holds WOFF2 faces covering every CJK character, tooltips included, and lets the page use them', async () => {
    const html = await reportHtml(await reportOf(await sampleZhModel(), 'zh'), { fonts });
    expectCovered(html, fontFaces(html));
    expect(html).toMatch(/Content-Security-Policy" content="[^"]*; font-src data:"/);
  });

  it('the English sample in English embeds no font; in Chinese it embeds the slices of the Chinese words only', async () => {
    const model = await sampleModel();
    const en = await reportOf(model, 'en');
    for (const doc of [await reportSvgWithFont(en, fonts), await reportHtml(en, { fonts })]) {
      expect(doc).not.toContain('@font-face');
      expect(doc).not.toContain('data:font');
      expect(doc).not.toContain('font-src');
    }
    const zh = await reportOf(model, 'zh');
    const svg = await reportSvgWithFont(zh, fonts);
    expectCovered(svg, fontFaces(svg));
  });
});
