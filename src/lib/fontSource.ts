// The CJK font's slices in the app: each WOFF2 slice of @fontsource/noto-sans-sc is a build asset,
// fetched from the app's own origin only when an export needs it. This module is loaded with a
// dynamic import at export time, so neither the URL table nor the ranges are in the first page load.
import type { FontSource } from '../core/export/cjkFont.ts';
import ranges from '@fontsource/noto-sans-sc/unicode.json';

// Only the numbered (CJK) slices at weight 400: the exports embed no other weight, and the latin,
// cyrillic and vietnamese slices never cover a CJK character.
const urls = import.meta.glob<string>('/node_modules/@fontsource/noto-sans-sc/files/noto-sans-sc-[0-9]*-400-normal.woff2', {
  query: '?url',
  import: 'default',
  eager: true,
});

const urlOf = (id: string): string | undefined => urls[`/node_modules/@fontsource/noto-sans-sc/files/noto-sans-sc-${id.replace(/^\[|\]$/g, '')}-400-normal.woff2`];

export const browserFontSource: FontSource = {
  ranges: async () => Object.fromEntries(Object.entries(ranges as Record<string, string>).filter(([id]) => urlOf(id))),
  woff2: async (id) => {
    const url = urlOf(id);
    if (!url) throw new Error(`font slice ${id}: not in the build`);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`font slice ${id}: ${res.status} ${res.statusText}`);
    return new Uint8Array(await res.arrayBuffer());
  },
};
