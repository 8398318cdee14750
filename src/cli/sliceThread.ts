import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ByteSource } from '../core/import/decode.ts';
import type { SliceReader } from '../core/import/parseCsv.ts';
import { sliceJob } from '../core/import/sliceMessages.ts';
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
    if (!range) return undefined;
    // Loader hooks (tsx's, which runs the command's TypeScript) are not inherited by a thread, and a
    // thread's --import comes after its main file is loaded: the thread registers tsx, then imports it.
    const file = new URL('./sliceThread.worker.ts', import.meta.url).href;
    const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(file)}); })`;
    return sliceJob((message, fail) => {
      const worker = new Worker(boot, { eval: true, workerData: { ...range, plan } });
      worker.on('message', message);
      worker.on('error', (e) => fail(e.message));
      // An exit before the answer (the answer ends it first; a late fail is then a no-op).
      worker.on('exit', () => fail('the slice reader stopped'));
      return () => void worker.terminate();
    }, onProgress);
  };
}
