// A worker thread reading one slice of a survey file for sliceThread.ts; its columns are transferred back.
import { parentPort, workerData } from 'node:worker_threads';
import { readSlice, sliceBuffers, type SlicePlan } from '../core/import/parseCsv.ts';
import { fileSource } from './nodeSource.ts';

const { path, start, end, plan } = workerData as { path: string; start: number; end: number; plan: SlicePlan };
try {
  const rows = await readSlice(fileSource(path, start, end), plan, { onProgress: (f, n) => parentPort!.postMessage({ type: 'progress', bytes: f * (end - start), rows: n }) });
  parentPort!.postMessage({ type: 'done', rows }, sliceBuffers(rows));
} catch (e) {
  parentPort!.postMessage({ type: 'error', message: (e as Error)?.message ?? String(e) });
}
