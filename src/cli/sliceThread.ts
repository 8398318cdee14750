import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ByteSource } from '../core/import/decode.ts';
import type { SliceReader, SliceRows } from '../core/import/parseCsv.ts';
import { rangeOf } from './nodeSource.ts';

/**
 * The command line's second reader of a large survey file: a worker thread reading the second half
 * (core/import/parseCsv.ts, readInTwo), as the app's slice worker does in the browser. Undefined on
 * one core. The thread runs sliceThread.worker.ts under the loader the command runs under (tsx).
 */
export function sliceThread(): SliceReader | undefined {
  if (availableParallelism() < 2) return undefined;
  return (source: ByteSource, plan, onProgress) => {
    const range = rangeOf(source);
    if (!range) return { promise: Promise.reject(new Error('not a file slice')), cancel: () => {} };
    // Loader hooks (tsx's, which runs the command's TypeScript) are not inherited by a thread, and a
    // thread's --import comes after its main file is loaded: the thread registers tsx, then imports it.
    const file = new URL('./sliceThread.worker.ts', import.meta.url).href;
    const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(file)}); })`;
    const worker = new Worker(boot, { eval: true, workerData: { ...range, plan } });
    const promise = new Promise<SliceRows>((resolve, reject) => {
      worker.on('message', (r: { type: 'progress'; bytes: number; rows: number } | { type: 'done'; rows: SliceRows } | { type: 'error'; message: string }) => {
        if (r.type === 'progress') return onProgress(r.bytes, r.rows);
        void worker.terminate();
        if (r.type === 'done') resolve(r.rows);
        else reject(new Error(r.message));
      });
      worker.on('error', reject);
    });
    return { promise, cancel: () => void worker.terminate() };
  };
}
