import type { ByteSource } from '../core/import/decode.ts';

/** A browser File as a ByteSource, streamed (never File.text(): it returns '' for very large files in Chromium). */
export function fileByteSource(file: File): ByteSource {
  return {
    name: file.name,
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
  };
}
