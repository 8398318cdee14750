/**
 * A parsed CSV kept as typed columns, never as one object per row (a million-row survey would
 * need gigabytes). Each cell is one of: a number (`num[i]` finite), blank (`num[i]` NaN and
 * `code[i] === -1`), or text (`code[i] >= 0`, an index into `labels`).
 */
export interface RawColumn {
  name: string;
  num: Float64Array;
  /** Null while the column has held no text cell at all (the common, numeric case). */
  code: Int32Array | null;
  labels: string[];
}

export interface RawTable {
  file: string;
  rowCount: number;
  columns: RawColumn[];
  encoding: string;
  delimiter: string;
  decimalComma: boolean;
  /** How many workers read the file at once (2: in two halves, core/import/parseCsv.ts). */
  readers?: 1 | 2;
}

export const BLANK = -1;

export function isBlank(c: RawColumn, i: number): boolean {
  return Number.isNaN(c.num[i]) && (c.code === null || c.code[i] === BLANK);
}

export function cellText(c: RawColumn, i: number): string {
  if (c.code !== null && c.code[i] >= 0) return c.labels[c.code[i]];
  const v = c.num[i];
  return Number.isNaN(v) ? '' : String(v);
}

/** Summary of one column, for the mapping step: what kind of values it holds. */
export interface ColumnStats {
  name: string;
  numeric: number;
  blank: number;
  text: number;
  min: number;
  max: number;
  /** Whether every number is an integer. */
  integers: boolean;
  /** Distinct numbers with counts, ascending, when there are at most 100 of them; else null. */
  values: { value: number; count: number }[] | null;
  /** Distinct text labels with their counts, most frequent first (at most 50). */
  labels: { label: string; count: number }[];
  distinctLabels: number;
}

/** Whole numbers in [-SMALL_INTEGERS, SMALL_INTEGERS) are counted in an array by columnStats. */
const SMALL_INTEGERS = 1024;

export function columnStats(c: RawColumn, rowCount: number): ColumnStats {
  let numeric = 0,
    blank = 0,
    min = Infinity,
    max = -Infinity,
    integers = true;
  const counts = new Int32Array(c.labels.length);
  // Distinct numbers are counted in an array for whole numbers near 0 (rating scales, codes such as
  // 99) and in a map for the rest: a map update per cell took 1.7 s over a million rows of 71 columns.
  const small = new Int32Array(2 * SMALL_INTEGERS);
  let values: Map<number, number> | null = new Map();
  let distinct = 0;
  for (let i = 0; i < rowCount; i++) {
    const v = c.num[i];
    if (v === v) {
      numeric++;
      if (values) {
        const b = v + SMALL_INTEGERS;
        if (b >= 0 && b < 2 * SMALL_INTEGERS && (b | 0) === b) {
          if (small[b]++ === 0) distinct++;
        } else {
          const k = values.get(v);
          if (k === undefined) distinct++;
          values.set(v, (k ?? 0) + 1);
        }
        if (distinct > 100) values = null;
      }
      if (v < min) min = v;
      if (v > max) max = v;
      if (integers && !Number.isInteger(v)) integers = false;
    } else if (c.code !== null && c.code[i] >= 0) counts[c.code[i]]++;
    else blank++;
  }
  if (values) for (let b = 0; b < small.length; b++) if (small[b]) values.set(b - SMALL_INTEGERS, small[b]);
  const labels = c.labels.map((label, k) => ({ label, count: counts[k] })).filter((l) => l.count > 0);
  labels.sort((a, b) => b.count - a.count);
  const text = labels.reduce((s, l) => s + l.count, 0);
  return {
    name: c.name,
    numeric,
    blank,
    text,
    min: numeric ? min : NaN,
    max: numeric ? max : NaN,
    integers,
    values: values ? [...values].map(([value, count]) => ({ value, count })).sort((a, b) => a.value - b.value) : null,
    labels: labels.slice(0, 50),
    distinctLabels: labels.length,
  };
}
