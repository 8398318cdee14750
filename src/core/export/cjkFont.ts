/**
 * A CJK font embedded in the SVG, PNG and HTML exports, so Chinese labels and titles show the same on
 * a reader's machine that has no Chinese font (issue 11 item 6). Core stays pure: the font's bytes come
 * through a FontSource, read from node_modules by the CLI and fetched as Vite assets by the app.
 *
 * The font is Noto Sans SC (OFL-1.1) as published by @fontsource/noto-sans-sc: about a hundred
 * slices, each covering a `unicode-range` of characters grouped by frequency. An export takes the
 * slices that cover a CJK character it shows, at weight 400 (bold titles are synthesised), cuts each
 * down to the glyphs of those characters with HarfBuzz (hbSubset.ts) and embeds them as WOFF data
 * URLs, each face declaring exactly its characters, so Latin text stays on the system font stack as
 * before. Whole slices would be 30-40 KB each and a Chinese export touches ten of them (about 330
 * KB); the glyphs alone are about 40 KB. With no CJK character, nothing is embedded.
 */
import { hbSubsetter } from './hbSubset.ts';
import { sfntToWoff, woffToSfnt } from './woff.ts';

/** The embedded face's family: a private name, so a reader's own "Noto Sans SC" never stands in for it. */
export const CJK_FONT_FAMILY = 'ICRM Noto Sans SC';

/** Characters from here up (CJK radicals, punctuation, kana, ideographs, fullwidth forms) need the embedded font. */
const CJK_FROM = 0x2e80;

/** One I/O seam for the font's bytes (STYLE: one interface per outside thing). */
export interface FontSource {
  /** Each slice's id and its CSS `unicode-range` ("U+4e00-4e0f,U+4e11"). */
  ranges(): Promise<Record<string, string>>;
  /** The slice's WOFF 1.0 bytes (zlib, which fflate reads; WOFF2 would need a Brotli decoder). */
  woff(id: string): Promise<Uint8Array>;
  /** The bytes of harfbuzzjs's harfbuzz-subset.wasm. */
  harfbuzz(): Promise<Uint8Array>;
}

export type CodeRange = [from: number, to: number];

/** Parses a CSS unicode-range ("U+4e00-4e0f,U+4e11") into inclusive code point ranges. */
export function parseUnicodeRange(css: string): CodeRange[] {
  return css
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^U\+([0-9a-f]+)(?:-([0-9a-f]+))?$/i.exec(part);
      if (!m) throw new Error(`unicode-range: cannot read "${part}"`);
      const from = parseInt(m[1], 16);
      return [from, m[2] ? parseInt(m[2], 16) : from];
    });
}

const formatRange = (ranges: CodeRange[]) => ranges.map(([a, b]) => (a === b ? `U+${a.toString(16)}` : `U+${a.toString(16)}-${b.toString(16)}`)).join(',');

/** The distinct code points of `text` that need the CJK font, ascending. */
export function cjkCodePoints(text: string): number[] {
  const out = new Set<number>();
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c >= CJK_FROM) out.add(c);
  }
  return [...out].sort((a, b) => a - b);
}

const covers = (ranges: CodeRange[], c: number) => ranges.some(([a, b]) => a <= c && c <= b);

/** Consecutive code points as ranges: [0x4e00, 0x4e01, 0x4e03] → [[0x4e00, 0x4e01], [0x4e03, 0x4e03]]. */
function toRanges(sorted: number[]): CodeRange[] {
  const out: CodeRange[] = [];
  for (const c of sorted) {
    const last = out[out.length - 1];
    if (last && last[1] === c - 1) last[1] = c;
    else out.push([c, c]);
  }
  return out;
}

function base64(bytes: Uint8Array): string {
  let bin = '';
  // In blocks: String.fromCharCode(...) of a whole 40 KB slice would overflow the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export interface EmbeddedFont {
  /** `@font-face` rules with the subset slices as WOFF data URLs; '' when the text has no CJK character. */
  css: string;
  /** Ids of the slices the glyphs came from. */
  slices: string[];
  /** WOFF bytes embedded (before base64). */
  bytes: number;
}

/**
 * The @font-face rules for the CJK characters of `text` (the whole export: its labels, titles,
 * table texts and tooltip data), or none when `source` is absent or the text has none. A character
 * no slice covers is left to the system fonts.
 */
export async function embeddedCjkFont(text: string, source: FontSource | undefined): Promise<EmbeddedFont> {
  const chars = cjkCodePoints(text);
  if (!source || chars.length === 0) return { css: '', slices: [], bytes: 0 };
  const slices = Object.entries(await source.ranges())
    .map(([id, css]) => ({ id, ranges: parseUnicodeRange(css).filter(([, b]) => b >= CJK_FROM).map(([a, b]): CodeRange => [Math.max(a, CJK_FROM), b]) }))
    .filter((s) => s.ranges.length > 0);
  const used = slices.map((s) => ({ id: s.id, chars: chars.filter((c) => covers(s.ranges, c)) })).filter((s) => s.chars.length > 0);
  if (used.length === 0) return { css: '', slices: [], bytes: 0 };
  const subset = await hbSubsetter(await source.harfbuzz());
  const faces: string[] = [];
  let bytes = 0;
  for (const s of used) {
    const woff = sfntToWoff(subset(woffToSfnt(await source.woff(s.id)), s.chars));
    bytes += woff.length;
    faces.push(
      `@font-face { font-family: '${CJK_FONT_FAMILY}'; font-style: normal; font-weight: 400; font-display: block; ` +
        `src: url(data:font/woff;base64,${base64(woff)}) format('woff'); unicode-range: ${formatRange(toRanges(s.chars))}; }`,
    );
  }
  return { css: faces.join('\n'), slices: used.map((s) => s.id), bytes };
}
