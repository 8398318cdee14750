// The second reader of a large survey file: reads the slice it is given as its plan says and hands
// the typed columns back (transferred, not copied). Started and ended by sliceReader.ts, once per file.
import { readSlice, sliceBuffers, type SlicePlan, type SliceRows } from '../core/import/parseCsv.ts';
import { fileByteSource } from './fileSource.ts';

export type SliceRequest = { blob: Blob; name: string; plan: SlicePlan };
export type SliceReply =
  | { type: 'progress'; bytes: number; rows: number }
  | { type: 'done'; rows: SliceRows }
  | { type: 'error'; message: string };

const post = (r: SliceReply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(r, transfer);

self.onmessage = async (e: MessageEvent<SliceRequest>) => {
  const { blob, name, plan } = e.data;
  try {
    const rows = await readSlice(fileByteSource(blob, name), plan, { onProgress: (f, n) => post({ type: 'progress', bytes: f * blob.size, rows: n }) });
    post({ type: 'done', rows }, sliceBuffers(rows));
  } catch (err) {
    post({ type: 'error', message: (err as Error)?.message ?? String(err) });
  }
};
