// The second reader of a large survey file: reads the slice it is given as its plan says and hands
// the typed columns back. Started and ended by sliceReader.ts, once per file.
import type { SlicePlan } from '../core/import/parseCsv.ts';
import { answerSlice } from '../core/import/sliceMessages.ts';
import { fileByteSource } from './fileSource.ts';

export type SliceRequest = { blob: Blob; name: string; plan: SlicePlan };

self.onmessage = (e: MessageEvent<SliceRequest>) =>
  answerSlice(fileByteSource(e.data.blob, e.data.name), e.data.plan, (m, transfer = []) => (self as unknown as Worker).postMessage(m, transfer));
