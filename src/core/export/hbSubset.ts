/**
 * Glyph-level font subsetting with HarfBuzz's hb-subset (harfbuzzjs's harfbuzz-subset.wasm, MIT): a
 * self-contained WebAssembly module with no imports, so the same code runs in Node and the browser
 * (the app's CSP allows WebAssembly with 'wasm-unsafe-eval'). Keeps only the glyphs of the given
 * code points, with their layout data.
 */

interface HbExports {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(ptr: number): void;
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_length(blob: number): number;
  hb_blob_get_data(blob: number, length: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, codepoint: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_or_fail(face: number, input: number): number;
}

/** HB_MEMORY_MODE_WRITABLE: HarfBuzz may use the bytes in place; they are freed after the call. */
const WRITABLE = 2;

export type Subsetter = (font: Uint8Array, codePoints: number[]) => Uint8Array;

/** A subsetter over one instance of harfbuzz-subset.wasm (its bytes), reused for every slice of an export. */
export async function hbSubsetter(wasm: Uint8Array): Promise<Subsetter> {
  const { instance } = await WebAssembly.instantiate(wasm as Uint8Array<ArrayBuffer>);
  const hb = instance.exports as unknown as HbExports;
  return (font, codePoints) => {
    const ptr = hb.malloc(font.length);
    new Uint8Array(hb.memory.buffer).set(font, ptr);
    const blob = hb.hb_blob_create(ptr, font.length, WRITABLE, 0, 0);
    const face = hb.hb_face_create(blob, 0);
    hb.hb_blob_destroy(blob);
    const input = hb.hb_subset_input_create_or_fail();
    try {
      if (!input) throw new Error('hb-subset: out of memory');
      const unicodes = hb.hb_subset_input_unicode_set(input);
      for (const c of codePoints) hb.hb_set_add(unicodes, c);
      const subset = hb.hb_subset_or_fail(face, input);
      if (!subset) throw new Error('hb-subset: the font could not be subset');
      const out = hb.hb_face_reference_blob(subset);
      // Copied out before anything else runs: the module's memory may grow and move.
      const bytes = new Uint8Array(hb.memory.buffer, hb.hb_blob_get_data(out, 0), hb.hb_blob_get_length(out)).slice();
      hb.hb_blob_destroy(out);
      hb.hb_face_destroy(subset);
      return bytes;
    } finally {
      if (input) hb.hb_subset_input_destroy(input);
      hb.hb_face_destroy(face);
      hb.free(ptr);
    }
  };
}
