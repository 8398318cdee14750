import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { argsortNonNegative, intervalFit, ordinalOrder, pava, pavaBuffers } from '../../../src/core/mds/transform.ts';

describe('transform', () => {
  it('pava(unit weights) pools adjacent violators (hand-worked case)', () => {
    const target = Float64Array.of(1, 3, 2, 4, 0, 6);
    const w = new Float64Array(6).fill(1);
    const out = new Float64Array(6);
    const order = Uint32Array.of(0, 1, 2, 3, 4, 5);
    pava(order, 6, target, w, out, pavaBuffers(6));
    // 3,2 pool to 2.5; then 2.5,2.5,4,0 -> 4,0 pool to 2, which violates 2.5: pool 3,2,4,0 -> 2.25
    expect(Array.from(out)).toEqual([1, 2.25, 2.25, 2.25, 2.25, 6]);
  });

  it('pava(weights) gives the weighted mean of a pooled block', () => {
    const out = new Float64Array(2);
    pava(Uint32Array.of(0, 1), 2, Float64Array.of(4, 1), Float64Array.of(3, 1), out, pavaBuffers(2));
    expect(out[0]).toBeCloseTo(3.25, 12);
    expect(out[1]).toBeCloseTo(3.25, 12);
  });

  it('pava(any input) is monotone and no farther from the target than any other monotone fit tried', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 1, maxLength: 30 }), (xs) => {
        const n = xs.length;
        const target = Float64Array.from(xs);
        const w = new Float64Array(n).fill(1);
        const out = new Float64Array(n);
        const order = Uint32Array.from({ length: n }, (_, i) => i);
        pava(order, n, target, w, out, pavaBuffers(n));
        for (let i = 1; i < n; i++) expect(out[i]).toBeGreaterThanOrEqual(out[i - 1] - 1e-12);
        const loss = (f: ArrayLike<number>) => xs.reduce((s, x, i) => s + (x - f[i]) ** 2, 0);
        // Compare with two other monotone fits: the running maximum and the constant mean.
        const runMax = xs.map((_, i) => Math.max(...xs.slice(0, i + 1)));
        const mean = xs.map(() => xs.reduce((a, b) => a + b, 0) / n);
        expect(loss(out)).toBeLessThanOrEqual(loss(runMax) + 1e-9);
        expect(loss(out)).toBeLessThanOrEqual(loss(mean) + 1e-9);
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('intervalFit keeps the slope >= 0 and every disparity >= 0', () => {
    const sums = (delta: number[], t: number[]) => ({
      s0: delta.length,
      s1: delta.reduce((a, b) => a + b, 0),
      s2: delta.reduce((a, b) => a + b * b, 0),
      t0: t.reduce((a, b) => a + b, 0),
      t1: delta.reduce((a, b, i) => a + b * t[i], 0),
      t2: t.reduce((a, b) => a + b * b, 0),
      deltaMin: Math.min(...delta),
    });
    // Exact line: recovered.
    const exact = intervalFit(sums([1, 2, 3], [3, 5, 7]));
    expect(exact.a).toBeCloseTo(1, 12);
    expect(exact.b).toBeCloseTo(2, 12);
    // Decreasing target: the best non-decreasing line is the constant mean.
    const down = intervalFit(sums([1, 2, 3], [3, 2, 1]));
    expect(down.b).toBe(0);
    expect(down.a).toBeCloseTo(2, 12);
    // Steep line through negative values at deltaMin: clipped to start at 0.
    const clipped = intervalFit(sums([1, 2, 3], [0, 0, 3]));
    expect(clipped.b).toBeGreaterThan(0);
    expect(clipped.a + clipped.b * 1).toBeGreaterThanOrEqual(-1e-12);
  });

  it('argsortNonNegative sorts like a stable comparator sort, ties and zeros included', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(0), fc.constant(1.5), fc.double({ min: 0, max: 1e6, noNaN: true })), { maxLength: 200 }), (xs) => {
        const values = Float64Array.from(xs);
        const idx = Uint32Array.from({ length: xs.length }, (_, i) => i);
        argsortNonNegative(values, idx);
        const expected = [...xs.keys()].sort((a, b) => xs[a] - xs[b] || a - b);
        expect(Array.from(idx)).toEqual(expected);
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('ordinalOrder skips weight-0 pairs and marks runs of tied dissimilarities', () => {
    const o = ordinalOrder(Float64Array.of(2, 1, 2, 3, 1), Float64Array.of(1, 1, 1, 1, 0));
    expect(o.len).toBe(4);
    expect(Array.from(o.order.subarray(0, 4))).toEqual([1, 0, 2, 3]);
    expect(Array.from(o.tieStart)).toEqual([1]);
    expect(Array.from(o.tieEnd)).toEqual([3]);
  });
});
