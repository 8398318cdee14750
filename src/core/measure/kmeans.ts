import { rng } from '../random.ts';

export interface KMeansResult {
  /** Cluster per point, 0..k-1, ordered by cluster size (largest first). */
  assignment: Int32Array;
  centroids: Float64Array;
  /** Within-cluster sum of squares. */
  wss: number;
  iterations: number;
}

/**
 * Lloyd's k-means with k-means++ seeding (Arthur & Vassilvitskii 2007), best of `restarts`
 * seeded runs by within-cluster sum of squares. `x` holds n points of `d` dimensions row-major.
 */
export function kmeans(x: Float64Array, d: number, k: number, { seed = 1, restarts = 5, maxIterations = 100 } = {}): KMeansResult {
  const n = x.length / d;
  if (k < 1 || k > n) throw new Error(`k-means needs 1 <= k <= ${n} points, got k = ${k}`);
  const r = rng(seed);
  let best: KMeansResult | null = null;
  for (let run = 0; run < restarts; run++) {
    const c = new Float64Array(k * d);
    const d2 = new Float64Array(n).fill(Infinity);
    let first = Math.floor(r() * n);
    for (let q = 0; q < k; q++) {
      c.set(x.subarray(first * d, first * d + d), q * d);
      let total = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (x[i * d + j] - c[q * d + j]) ** 2;
        if (s < d2[i]) d2[i] = s;
        total += d2[i];
      }
      let u = r() * total;
      first = n - 1;
      for (let i = 0; i < n; i++) {
        u -= d2[i];
        if (u < 0) {
          first = i;
          break;
        }
      }
    }
    const assign = new Int32Array(n).fill(-1);
    let it = 0,
      wss = 0;
    for (; it < maxIterations; it++) {
      let changed = false;
      wss = 0;
      for (let i = 0; i < n; i++) {
        let bq = 0,
          bs = Infinity;
        for (let q = 0; q < k; q++) {
          let s = 0;
          for (let j = 0; j < d; j++) s += (x[i * d + j] - c[q * d + j]) ** 2;
          if (s < bs) {
            bs = s;
            bq = q;
          }
        }
        wss += bs;
        if (assign[i] !== bq) {
          assign[i] = bq;
          changed = true;
        }
      }
      if (!changed) break;
      const cnt = new Float64Array(k);
      c.fill(0);
      for (let i = 0; i < n; i++) {
        cnt[assign[i]]++;
        for (let j = 0; j < d; j++) c[assign[i] * d + j] += x[i * d + j];
      }
      for (let q = 0; q < k; q++) {
        // An emptied cluster restarts at a random point, so k clusters survive.
        if (cnt[q] === 0) {
          const far = Math.floor(r() * n);
          c.set(x.subarray(far * d, far * d + d), q * d);
        } else for (let j = 0; j < d; j++) c[q * d + j] /= cnt[q];
      }
    }
    if (!best || wss < best.wss) best = { assignment: assign, centroids: c, wss, iterations: it + 1 };
  }
  return relabelBySize(best!, k, d);
}

function relabelBySize(res: KMeansResult, k: number, d: number): KMeansResult {
  const cnt = new Array(k).fill(0);
  for (const a of res.assignment) cnt[a]++;
  const order = [...cnt.keys()].sort((a, b) => cnt[b] - cnt[a] || a - b);
  const rank = new Int32Array(k);
  order.forEach((q, i) => (rank[q] = i));
  const centroids = new Float64Array(k * d);
  order.forEach((q, i) => centroids.set(res.centroids.subarray(q * d, q * d + d), i * d));
  return { ...res, assignment: res.assignment.map((a) => rank[a]), centroids };
}

/**
 * Mean silhouette (Rousseeuw 1987) of an assignment, on at most `sample` seeded points so that it
 * stays quick for large surveys.
 */
export function silhouette(x: Float64Array, d: number, assignment: Int32Array, k: number, { sample = 1500, seed = 1 } = {}): number {
  const n = assignment.length;
  const r = rng(seed);
  const idx = n <= sample ? [...Array(n).keys()] : Array.from({ length: sample }, () => Math.floor(r() * n));
  let total = 0;
  for (const i of idx) {
    const sum = new Float64Array(k);
    const cnt = new Float64Array(k);
    for (const j of idx) {
      if (i === j) continue;
      let s = 0;
      for (let t = 0; t < d; t++) s += (x[i * d + t] - x[j * d + t]) ** 2;
      sum[assignment[j]] += Math.sqrt(s);
      cnt[assignment[j]]++;
    }
    const own = assignment[i];
    const a = cnt[own] ? sum[own] / cnt[own] : 0;
    let b = Infinity;
    for (let q = 0; q < k; q++) if (q !== own && cnt[q]) b = Math.min(b, sum[q] / cnt[q]);
    total += cnt[own] && b < Infinity ? (b - a) / Math.max(a, b) : 0;
  }
  return total / idx.length;
}
