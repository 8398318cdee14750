// The CJK font's slices and HarfBuzz's subsetter for the command line (and Node tests), read from the
// installed @fontsource/noto-sans-sc and harfbuzzjs packages: the same bytes the app fetches as build assets.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FontSource } from '../core/export/cjkFont.ts';

const require = createRequire(import.meta.url);
const root = () => dirname(require.resolve('@fontsource/noto-sans-sc/package.json'));

/** Slice ids are those of the package's unicode.json ("[112]"); its files drop the brackets (noto-sans-sc-112-400-normal.woff). */
export const sliceFile = (id: string) => `noto-sans-sc-${id.replace(/^\[|\]$/g, '')}-400-normal.woff`;

export function nodeFontSource(): FontSource {
  return {
    ranges: async () => JSON.parse(await readFile(join(root(), 'unicode.json'), 'utf8')) as Record<string, string>,
    woff: async (id) => new Uint8Array(await readFile(join(root(), 'files', sliceFile(id)))),
    harfbuzz: async () => new Uint8Array(await readFile(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'))),
  };
}
