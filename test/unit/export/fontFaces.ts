// Reading back the fonts an export embeds: its @font-face rules, their ranges and the glyphs their fonts carry.
import { expect } from 'vitest';
import { CJK_FONT_FAMILY, cjkCodePoints, parseUnicodeRange, type CodeRange } from '../../../src/core/export/cjkFont.ts';
import { woffToSfnt } from '../../../src/core/export/woff.ts';

/**
 * The code points a font maps to glyphs, read from its cmap (formats 4 and 12, the ones HarfBuzz
 * writes): https://learn.microsoft.com/en-us/typography/opentype/spec/cmap
 */
export function cmapCodePoints(sfnt: Uint8Array): Set<number> {
  const v = new DataView(sfnt.buffer, sfnt.byteOffset, sfnt.byteLength);
  let cmap = -1;
  for (let i = 0; i < v.getUint16(4); i++) if (v.getUint32(12 + 16 * i) === 0x636d6170) cmap = v.getUint32(20 + 16 * i);
  expect(cmap, 'a cmap table').toBeGreaterThan(0);
  const out = new Set<number>();
  for (let i = 0; i < v.getUint16(cmap + 2); i++) {
    const sub = cmap + v.getUint32(cmap + 8 + 8 * i);
    const format = v.getUint16(sub);
    if (format === 12) {
      for (let g = 0; g < v.getUint32(sub + 12); g++) {
        const o = sub + 16 + 12 * g;
        for (let c = v.getUint32(o); c <= v.getUint32(o + 4); c++) out.add(c);
      }
    } else if (format === 4) {
      const segs = v.getUint16(sub + 6) / 2;
      for (let s = 0; s < segs; s++) {
        const end = v.getUint16(sub + 14 + 2 * s);
        const start = v.getUint16(sub + 16 + 2 * segs + 2 * s);
        for (let c = start; c <= end && c !== 0xffff; c++) out.add(c);
      }
    }
  }
  return out;
}

export interface Face {
  family: string;
  ranges: CodeRange[];
  mapped: Set<number>;
}

/** The @font-face rules of an export, read back: family, unicode-range and the characters its font has glyphs for. */
export function fontFaces(doc: string): Face[] {
  return [...doc.matchAll(/@font-face \{([^}]*)\}/g)].map(([, body]) => {
    const family = /font-family: '([^']+)'/.exec(body)![1];
    const data = /src: url\(data:font\/woff;base64,([A-Za-z0-9+/=]+)\) format\('woff'\)/.exec(body);
    expect(data, 'a WOFF data URL').not.toBeNull();
    const woff = new Uint8Array(Buffer.from(data![1], 'base64'));
    expect(String.fromCharCode(...woff.subarray(0, 4))).toBe('wOFF');
    return { family, ranges: parseUnicodeRange(/unicode-range: ([^;]+);/.exec(body)![1]), mapped: cmapCodePoints(woffToSfnt(woff)) };
  });
}

/** Every CJK character of the export's text (the style with the font itself left out) is in a face's range, and that face's font has its glyph. */
export function expectCovered(doc: string, faces: Face[]) {
  const chars = cjkCodePoints(doc.replace(/<style>[\s\S]*?<\/style>/g, ''));
  expect(chars.length).toBeGreaterThan(0);
  expect(faces.length).toBeGreaterThan(0);
  for (const f of faces) expect(f.family).toBe(CJK_FONT_FAMILY);
  const missing = chars.filter((c) => !faces.some((f) => f.ranges.some(([a, b]) => a <= c && c <= b) && f.mapped.has(c)));
  expect(missing.map((c) => String.fromCodePoint(c))).toEqual([]);
  // A subset, not whole slices: no face declares or carries a character the export does not show.
  const shown = new Set(chars);
  for (const f of faces) {
    for (const [a, b] of f.ranges) for (let c = a; c <= b; c++) expect(shown.has(c)).toBe(true);
    expect([...f.mapped].filter((c) => c >= 0x2e80 && !shown.has(c))).toEqual([]);
  }
}

