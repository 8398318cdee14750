// Whether the browser can hold a customer table, decided before the import starts (issue 13 item 4):
// a file too large for its storage or its memory is refused with the figures and a way out, instead
// of failing half-way after minutes. The ratios are measured (README, Benchmarks): 10,000,000
// customers (737 MB) imported into OPFS in 35 s and zoomed in and out in 96 s on this 2-core machine.
import type { Issue } from '../issues.ts';
import { formatNumber } from '../format.ts';

/**
 * Browser storage a table takes per byte of CSV: 0.78 measured after importing and scoring
 * 1,000,000 customers (58 MB for a 74 MB file), rounded up for the scores and DuckDB's write-ahead log.
 */
export const STORAGE_PER_BYTE = 1.0;
/**
 * A table kept in memory (no private file system) lives in DuckDB-WASM's heap, which a 32-bit
 * WebAssembly memory caps at 4 GB; half of it is left for queries (scoring, the sample, the checks).
 */
export const MEMORY_TABLE_LIMIT = 2e9;
/**
 * A file in another encoding than UTF-8 is decoded into memory first (DuckDB reads UTF-8 only): its
 * chunks and the UTF-8 copy together, up to 1.5x the bytes for Chinese text, in one worker.
 */
export const TRANSCODE_LIMIT = 1e9;

export interface ImportBudget {
  file: string;
  bytes: number;
  /** 'opfs' (the private file system) or 'memory'. */
  storage: 'opfs' | 'memory';
  /** The file is UTF-8 (read in place) or needs decoding into memory first. */
  utf8: boolean;
  /** navigator.storage.estimate(), when the browser gives one. */
  estimate: { usage: number; quota: number } | null;
}

const mb = (b: number) => `${formatNumber(b / 1e6, 'en-US', 'int')} MB`;

/** The problem that stops this import before it starts, or null when the browser can hold it. */
export function importBudgetIssue(b: ImportBudget): Issue | null {
  const refuse = (code: string, message: string, fix: string, value: string, params?: Record<string, string>): Issue => ({ severity: 'error', code, file: b.file, value, message, fix, ...(params ? { params } : {}) });
  if (!b.utf8 && b.bytes > TRANSCODE_LIMIT)
    return refuse(
      'db-too-large-to-decode',
      `the file is ${mb(b.bytes)} in an encoding other than UTF-8; the browser decodes such a file in memory first, which holds at most ${mb(TRANSCODE_LIMIT)}`,
      'save it as "CSV UTF-8" (read in place, whatever its size), or split it',
      mb(b.bytes),
      { limit: mb(TRANSCODE_LIMIT) },
    );
  if (b.storage === 'memory' && b.bytes * STORAGE_PER_BYTE > MEMORY_TABLE_LIMIT)
    return refuse(
      'db-too-large-for-memory',
      `the file is ${mb(b.bytes)} and this browser keeps the customer database in memory (no private file system), which holds about ${mb(MEMORY_TABLE_LIMIT)}`,
      'open the app in a browser with the origin-private file system (Chrome, Edge, Firefox, Safari 17 and later, not a private window), export fewer columns, or score the database in your warehouse with the exported SQL (icrm score)',
      mb(b.bytes),
      { limit: mb(MEMORY_TABLE_LIMIT) },
    );
  if (b.storage === 'opfs' && b.estimate) {
    const free = b.estimate.quota - b.estimate.usage;
    const need = b.bytes * STORAGE_PER_BYTE;
    if (need > free)
      return refuse(
        'db-too-large-for-storage',
        `the file is ${mb(b.bytes)}; its table needs about ${mb(need)} of this browser's storage and ${mb(Math.max(0, free))} are free`,
        'free space (delete projects you no longer need, or other sites\' data), export fewer columns, or score the database in your warehouse with the exported SQL (icrm score)',
        mb(b.bytes),
        { need: mb(need), free: mb(Math.max(0, free)) },
      );
  }
  return null;
}
