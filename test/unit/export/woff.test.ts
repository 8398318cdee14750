import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { sfntToWoff, woffToSfnt } from '../../../src/core/export/woff.ts';

// A real WOFF 1.0 file: one slice of the Noto Sans SC package the exports use.
const slice = new Uint8Array(readFileSync(createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/files/noto-sans-sc-119-400-normal.woff')));

describe('woffToSfnt(woff) and sfntToWoff(sfnt)', () => {
  it('unpack a WOFF into an sfnt with the same tables, and pack it back to the same sfnt', () => {
    const sfnt = woffToSfnt(slice);
    const v = new DataView(sfnt.buffer);
    const w = new DataView(slice.buffer, slice.byteOffset);
    // Same flavour and table count; each table's length is its original length in the WOFF directory.
    expect(v.getUint32(0)).toBe(w.getUint32(4));
    expect(v.getUint16(4)).toBe(w.getUint16(12));
    for (let i = 0; i < v.getUint16(4); i++) expect(v.getUint32(24 + 16 * i)).toBe(w.getUint32(44 + 20 * i + 12));
    // WOFF's totalSfntSize is the unpacked size.
    expect(sfnt.length).toBe(w.getUint32(16));
    const again = sfntToWoff(sfnt);
    expect(String.fromCharCode(...again.subarray(0, 4))).toBe('wOFF');
    expect(new DataView(again.buffer).getUint32(8)).toBe(again.length);
    expect(woffToSfnt(again)).toEqual(sfnt);
  });

  it('refuses what is not a WOFF 1.0 file', () => {
    expect(() => woffToSfnt(new TextEncoder().encode('wOF2' + ' '.repeat(60)))).toThrow(/not a WOFF 1.0 font/);
  });
});
