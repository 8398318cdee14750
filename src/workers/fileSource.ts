import type { ByteSource } from '../core/import/decode.ts';

/** A browser File as a ByteSource, streamed (never File.text(): it returns '' for very large files in Chromium). */
export function fileByteSource(file: Blob & { name?: string }, name = file.name ?? ''): ByteSource {
  const source: ByteSource = {
    name,
    size: file.size,
    async *chunks() {
      const reader = file.stream().getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          yield value;
        }
      } finally {
        reader.releaseLock();
      }
    },
    slice: (start, end) => fileByteSource(file.slice(start, end), name),
  };
  blobs.set(source, file);
  return source;
}

const blobs = new WeakMap<ByteSource, Blob>();

/** The Blob a source made here reads (handed to the worker that reads a slice of it). */
export function blobOf(source: ByteSource): Blob | undefined {
  return blobs.get(source);
}
