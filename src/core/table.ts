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

export function columnStats(c: RawColumn, rowCount: number): ColumnStats {
  let numeric = 0,
    blank = 0,
    min = Infinity,
    max = -Infinity,
    integers = true;
  const counts = new Int32Array(c.labels.length);
  let values: Map<number, number> | null = new Map();
  for (let i = 0; i < rowCount; i++) {
    const v = c.num[i];
    if (v === v) {
      numeric++;
      if (values) {
        values.set(v, (values.get(v) ?? 0) + 1);
        if (values.size > 100) values = null;
      }
      if (v < min) min = v;
      if (v > max) max = v;
      if (integers && !Number.isInteger(v)) integers = false;
    } else if (c.code !== null && c.code[i] >= 0) counts[c.code[i]]++;
    else blank++;
  }
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
