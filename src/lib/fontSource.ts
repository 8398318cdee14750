// The CJK font's slices and HarfBuzz's subsetter in the app: each WOFF slice of @fontsource/noto-sans-sc
// and harfbuzz-subset.wasm are build assets, fetched from the app's own origin only when an export
// needs them. This module is loaded with a dynamic import at export time, so neither the URL table nor
// the ranges are in the first page load.
import type { FontSource } from '../core/export/cjkFont.ts';
import ranges from '@fontsource/noto-sans-sc/unicode.json';
import harfbuzzUrl from 'harfbuzzjs/dist/harfbuzz-subset.wasm?url';

// Only the numbered (CJK) slices at weight 400: the exports embed no other weight, and the latin,
// cyrillic and vietnamese slices never cover a CJK character.
const urls = import.meta.glob<string>('/node_modules/@fontsource/noto-sans-sc/files/noto-sans-sc-[0-9]*-400-normal.woff', {
  query: '?url',
  import: 'default',
  eager: true,
});

const urlOf = (id: string): string | undefined => urls[`/node_modules/@fontsource/noto-sans-sc/files/noto-sans-sc-${id.replace(/^\[|\]$/g, '')}-400-normal.woff`];

async function bytes(url: string, what: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${what}: ${res.status} ${res.statusText}`);
  return new Uint8Array(await res.arrayBuffer());
}

export const browserFontSource: FontSource = {
  ranges: async () => Object.fromEntries(Object.entries(ranges as Record<string, string>).filter(([id]) => urlOf(id))),
  woff: async (id) => {
    const url = urlOf(id);
    if (!url) throw new Error(`font slice ${id}: not in the build`);
    return bytes(url, `font slice ${id}`);
  },
  harfbuzz: () => bytes(harfbuzzUrl, 'harfbuzz-subset.wasm'),
};
