import type { ByteSource } from '../core/import/decode.ts';
import type { SliceReader } from '../core/import/parseCsv.ts';
import { sliceJob, type SliceMessage } from '../core/import/sliceMessages.ts';
import { blobOf } from './fileSource.ts';
import type { SliceRequest } from './parseSlice.worker.ts';

/**
 * Reads the second half of a large file in a worker of its own while the survey worker reads the
 * first (core/import/parseCsv.ts, readInTwo); null where the machine has one core or the source is
 * not a file. Cancelling ends that worker at once: it holds nothing else.
 */
export function sliceReader(): SliceReader | undefined {
  if ((navigator.hardwareConcurrency ?? 1) < 2) return undefined;
  return (source: ByteSource, plan, onProgress) => {
    const blob = blobOf(source);
    if (!blob) return undefined;
    return sliceJob((message, fail) => {
      const worker = new Worker(new URL('./parseSlice.worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (e: MessageEvent<SliceMessage>) => message(e.data);
      worker.onerror = (e) => {
        e.preventDefault();
        fail(e.message || 'the slice reader stopped');
      };
      worker.postMessage({ blob, name: source.name, plan } satisfies SliceRequest);
      return () => worker.terminate();
    }, onProgress);
  };
}
