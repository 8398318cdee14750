import { describe, it, expect } from 'vitest';
import { CJK_FONT_FAMILY, embeddedCjkFont, parseUnicodeRange, type FontSource } from '../../../src/core/export/cjkFont.ts';
import { reportSvgWithFont } from '../../../src/core/export/mapSvg.ts';
import { reportHtml } from '../../../src/core/export/html.ts';
import { nodeFontSource } from '../../../src/cli/nodeFontSource.ts';
import { reportOf, sampleModel, sampleZhModel } from './sample.ts';
import { expectCovered, fontFaces } from './fontFaces.ts';

describe('parseUnicodeRange(css)', () => {
  it.each([
    ['U+4e00', [[0x4e00, 0x4e00]]],
    ['U+4e00-4e0f,U+4e11', [[0x4e00, 0x4e0f], [0x4e11, 0x4e11]]],
    ['U+20-22, U+1F300', [[0x20, 0x22], [0x1f300, 0x1f300]]],
  ])('%s', (css, expected) => expect(parseUnicodeRange(css)).toEqual(expected));
  it('refuses what is not a range', () => expect(() => parseUnicodeRange('U+4e00,x')).toThrow(/cannot read "x"/));
});

describe('embeddedCjkFont(text, source)', () => {
  const real = nodeFontSource();
  const recording = () => {
    const calls: string[] = [];
    const source: FontSource = {
      ranges: real.ranges,
      woff: (id) => (calls.push(id), real.woff(id)),
      harfbuzz: () => (calls.push('harfbuzz'), real.harfbuzz()),
    };
    return { calls, source };
  };

  it('embeds nothing and reads no font for text without CJK characters', async () => {
    const { calls, source } = recording();
    expect(await embeddedCjkFont('Apex leads S3 · 50% – “fit”', source)).toEqual({ css: '', slices: [], bytes: 0 });
    expect(calls).toEqual([]);
  });

  it('reads only the slices covering a CJK character used and embeds just those glyphs, declared by exactly those characters', async () => {
    const { calls, source } = recording();
    const ranges = await real.ranges();
    const sliceOf = (ch: string) => Object.keys(ranges).find((id) => parseUnicodeRange(ranges[id]).some(([a, b]) => a <= ch.codePointAt(0)! && ch.codePointAt(0)! <= b))!;
    const font = await embeddedCjkFont('Apex 的 钴蓝 的', source);
    const expected = [...new Set(['的', '钴', '蓝'].map(sliceOf))];
    expect(font.slices.sort()).toEqual(expected.sort());
    expect(calls.filter((c) => c !== 'harfbuzz').sort()).toEqual(expected.sort());
    const faces = fontFaces(font.css);
    expect(faces.flatMap((f) => f.ranges).sort((a, b) => a[0] - b[0])).toEqual(['的', '钴', '蓝'].map((c) => [c.codePointAt(0), c.codePointAt(0)]).sort((a, b) => a[0]! - b[0]!));
    expectCovered('的钴蓝', faces);
    // Three glyphs, not three slices of 30-40 KB.
    expect(font.bytes).toBeLessThan(12_000);
  });

  it('embeds nothing without a font source', async () => {
    expect((await embeddedCjkFont('细分', undefined)).css).toBe('');
  });
});

describe('the SVG and HTML exports embed the CJK glyphs their text needs', () => {
  const fonts = nodeFontSource();

  it('reportSvgWithFont of a Chinese survey in Chinese holds WOFF faces with a glyph for every CJK character it shows', async () => {
    const svg = await reportSvgWithFont(await reportOf(await sampleZhModel(), 'zh'), fonts);
    expect(svg).toMatch(/^<svg [^>]*>\n<defs><style>@font-face/);
    expect(svg).toContain(`font-family="&apos;${CJK_FONT_FAMILY}&apos;, system-ui`);
    expectCovered(svg, fontFaces(svg));
  });

  it('reportHtml of a Chinese survey in Chinese holds WOFF faces for every CJK character, tooltips included, and lets the page use them', async () => {
    const html = await reportHtml(await reportOf(await sampleZhModel(), 'zh'), { fonts });
    expectCovered(html, fontFaces(html));
    expect(html).toMatch(/Content-Security-Policy" content="[^"]*; font-src data:"/);
  });

  it('the English sample in English embeds no font; in Chinese it embeds the glyphs of the Chinese words', async () => {
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
