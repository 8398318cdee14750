// The two sides of a second reader (core/import/parseCsv.ts, readInTwo), shared by the app's slice
// worker and the command line's worker thread: what the reader posts, and the job that waits for it.
import type { ByteSource } from './decode.ts';
import { readSlice, type SlicePlan, type SliceRows } from './parseCsv.ts';

export type SliceMessage = { type: 'progress'; bytes: number; rows: number } | { type: 'done'; rows: SliceRows } | { type: 'error'; message: string };

/** Reads the slice and posts its progress, then its rows (their buffers moved, not copied) or its error. */
export async function answerSlice(source: ByteSource, plan: SlicePlan, post: (m: SliceMessage, transfer?: ArrayBuffer[]) => void): Promise<void> {
  try {
    const rows = await readSlice(source, plan, { onProgress: (f, n) => post({ type: 'progress', bytes: f * source.size, rows: n }) });
    post({ type: 'done', rows }, rows.columns.flatMap((c) => (c.code ? [c.num.buffer, c.code.buffer] : [c.num.buffer])) as ArrayBuffer[]);
  } catch (e) {
    post({ type: 'error', message: (e as Error)?.message ?? String(e) });
  }
}

/**
 * The job of a second reader: `connect` starts it, hands its messages to `message` and its failure
 * (a crash, an exit without an answer) to `fail`, and returns how to end it. It is ended once it
 * has answered, and at once on cancel.
 */
export function sliceJob(
  connect: (message: (m: SliceMessage) => void, fail: (why: string) => void) => () => void,
  onProgress: (bytes: number, rows: number) => void,
): { promise: Promise<SliceRows>; cancel(): void } {
  let end = () => {};
  const promise = new Promise<SliceRows>((resolve, reject) => {
    end = connect(
      (m) => {
        if (m.type === 'progress') return onProgress(m.bytes, m.rows);
        end();
        if (m.type === 'done') resolve(m.rows);
        else reject(new Error(m.message));
      },
      (why) => {
        end();
        reject(new Error(why));
      },
    );
  });
  return { promise, cancel: () => end() };
}
