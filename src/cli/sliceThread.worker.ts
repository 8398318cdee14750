// A worker thread reading one slice of a survey file for sliceThread.ts; its columns are transferred back.
import { parentPort, workerData } from 'node:worker_threads';
import type { SlicePlan } from '../core/import/parseCsv.ts';
import { answerSlice } from '../core/import/sliceMessages.ts';
import { fileSource } from './nodeSource.ts';

const { path, start, end, plan } = workerData as { path: string; start: number; end: number; plan: SlicePlan };
await answerSlice(fileSource(path, start, end), plan, (m, transfer = []) => parentPort!.postMessage(m, transfer));
