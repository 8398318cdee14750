import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ByteSource } from '../core/import/decode.ts';

/** A file on disk as a ByteSource, streamed in 1 MiB chunks. */
export function fileSource(path: string): ByteSource {
  const size = statSync(path).size;
  return {
    name: basename(path),
    size,
    chunks: () => createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>,
  };
}
