// Shared helpers of the MDS tests: published data from ../shared/mds-data, random configurations, distances.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { normal, rng } from '../../../src/core/random.ts';

/** Published data sets live beside the repository (CI clones it with shared/ at ../shared). */
export const SHARED = resolve(process.cwd(), '../shared/mds-data');

/** A dissimilarity matrix from ../shared/mds-data/deltas/<name>.csv (R write.csv layout: "label" corner, labels on both margins). */
export function readDeltas(name: string): { labels: string[]; cols: string[]; delta: Float64Array; n: number } {
  const lines = readFileSync(resolve(SHARED, 'deltas', `${name}.csv`), 'utf8').trim().split(/\r?\n/);
  const cols = lines[0].split(',').slice(1).map(unquote);
  const rows = lines.slice(1).map((l) => l.split(','));
  const labels = rows.map((r) => unquote(r[0]));
  const delta = new Float64Array(rows.length * cols.length);
  rows.forEach((r, i) => r.slice(1).forEach((v, j) => (delta[i * cols.length + j] = v === '' || v === 'NA' ? NaN : Number(v))));
  return { labels, cols, delta, n: rows.length };
}

function unquote(s: string): string {
  return s.replace(/^"(.*)"$/, '$1');
}

/** n random points in p dimensions (standard normal), seeded. */
export function randomConfig(n: number, p: number, seed: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n * p }, () => normal(r));
}

/** Full n x n Euclidean distance matrix of a configuration. */
export function distances(x: Float64Array, p: number): Float64Array {
  const n = x.length / p;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let c = 0; c < p; c++) s += (x[i * p + c] - x[j * p + c]) ** 2;
      d[i * n + j] = d[j * n + i] = Math.sqrt(s);
    }
  }
  return d;
}

/** Rows x cols distances between two configurations. */
export function crossDistances(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const na = a.length / p;
  const nb = b.length / p;
  const d = new Float64Array(na * nb);
  for (let i = 0; i < na; i++) {
    for (let j = 0; j < nb; j++) {
      let s = 0;
      for (let c = 0; c < p; c++) s += (a[i * p + c] - b[j * p + c]) ** 2;
      d[i * nb + j] = Math.sqrt(s);
    }
  }
  return d;
}

/** Reorder the points of an n x n matrix: out[i][j] = m[perm[i]][perm[j]]. */
export function permuteMatrix(m: Float64Array, perm: number[]): Float64Array {
  const n = perm.length;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = m[perm[i] * n + perm[j]];
  return out;
}

/** Rows of an n x p configuration in the order `perm`. */
export function permuteRows(x: Float64Array, p: number, perm: number[]): Float64Array {
  const out = new Float64Array(x.length);
  perm.forEach((src, i) => out.set(x.subarray(src * p, src * p + p), i * p));
  return out;
}

/** Largest absolute difference between two arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expectSameLength(a, b);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function expectSameLength(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
}

/** True when every value is finite. */
export function allFinite(a: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}
