/**
 * WOFF 1.0 (https://www.w3.org/TR/WOFF/) to and from a plain sfnt (TrueType/OpenType): HarfBuzz's
 * subsetter reads and writes sfnt, browsers take WOFF in a data URL. WOFF's zlib per table is
 * fflate's, already a dependency; WOFF2 would need a Brotli encoder and table transforms, for about
 * a third less on fonts of a few dozen glyphs.
 */
import { unzlibSync, zlibSync } from 'fflate';

const pad4 = (n: number) => (n + 3) & ~3;

interface Table {
  tag: number;
  checksum: number;
  data: Uint8Array;
}

/** The sfnt inside a WOFF 1.0 file; throws on anything else. */
export function woffToSfnt(woff: Uint8Array): Uint8Array {
  const v = new DataView(woff.buffer, woff.byteOffset, woff.byteLength);
  if (woff.length < 44 || v.getUint32(0) !== 0x774f4646) throw new Error('not a WOFF 1.0 font');
  const n = v.getUint16(12);
  const tables: Table[] = [];
  for (let i = 0; i < n; i++) {
    const o = 44 + 20 * i;
    const offset = v.getUint32(o + 4);
    const compressed = v.getUint32(o + 8);
    const original = v.getUint32(o + 12);
    const raw = woff.subarray(offset, offset + compressed);
    tables.push({ tag: v.getUint32(o), checksum: v.getUint32(o + 16), data: compressed < original ? unzlibSync(raw) : raw });
  }
  return sfnt(v.getUint32(4), tables);
}

function sfnt(flavor: number, tables: Table[]): Uint8Array {
  const n = tables.length;
  const out = new Uint8Array(12 + 16 * n + tables.reduce((s, t) => s + pad4(t.data.length), 0));
  const d = new DataView(out.buffer);
  let log = 0;
  while (2 ** (log + 1) <= n) log++;
  d.setUint32(0, flavor);
  d.setUint16(4, n);
  d.setUint16(6, 16 * 2 ** log);
  d.setUint16(8, log);
  d.setUint16(10, 16 * n - 16 * 2 ** log);
  let offset = 12 + 16 * n;
  tables.forEach((t, i) => {
    d.setUint32(12 + 16 * i, t.tag);
    d.setUint32(16 + 16 * i, t.checksum);
    d.setUint32(20 + 16 * i, offset);
    d.setUint32(24 + 16 * i, t.data.length);
    out.set(t.data, offset);
    offset += pad4(t.data.length);
  });
  return out;
}

/** A plain sfnt as WOFF 1.0, each table zlib-compressed where that makes it smaller. */
export function sfntToWoff(font: Uint8Array): Uint8Array {
  const v = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const n = v.getUint16(4);
  const tables = Array.from({ length: n }, (_, i) => {
    const o = 12 + 16 * i;
    const original = font.subarray(v.getUint32(o + 8), v.getUint32(o + 8) + v.getUint32(o + 12));
    const z = zlibSync(original, { level: 9 });
    return { tag: v.getUint32(o), checksum: v.getUint32(o + 4), original, data: z.length < original.length ? z : original };
  });
  const size = 44 + 20 * n + tables.reduce((s, t) => s + pad4(t.data.length), 0);
  const out = new Uint8Array(size);
  const d = new DataView(out.buffer);
  d.setUint32(0, 0x774f4646);
  d.setUint32(4, v.getUint32(0));
  d.setUint32(8, size);
  d.setUint16(12, n);
  d.setUint32(16, 12 + 16 * n + tables.reduce((s, t) => s + pad4(t.original.length), 0));
  d.setUint16(20, 1);
  let offset = 44 + 20 * n;
  tables.forEach((t, i) => {
    const o = 44 + 20 * i;
    d.setUint32(o, t.tag);
    d.setUint32(o + 4, offset);
    d.setUint32(o + 8, t.data.length);
    d.setUint32(o + 12, t.original.length);
    d.setUint32(o + 16, t.checksum);
    out.set(t.data, offset);
    offset += pad4(t.data.length);
  });
  return out;
}
