import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ByteSource } from '../core/import/decode.ts';

/** A file on disk (or bytes `start` to `end` of it) as a ByteSource, streamed in 1 MiB chunks. */
export function fileSource(path: string, start = 0, end = statSync(path).size): ByteSource {
  const source: ByteSource = {
    name: basename(path),
    size: end - start,
    chunks: () => (end > start ? createReadStream(path, { highWaterMark: 1 << 20, start, end: end - 1 }) : []) as AsyncIterable<Uint8Array>,
    slice: (a, b) => fileSource(path, start + a, start + Math.min(b, end - start)),
  };
  ranges.set(source, { path, start, end });
  return source;
}

const ranges = new WeakMap<ByteSource, { path: string; start: number; end: number }>();

/** The file and byte range a source made here reads (handed to the thread that reads a slice of it). */
export function rangeOf(source: ByteSource): { path: string; start: number; end: number } | undefined {
  return ranges.get(source);
}
