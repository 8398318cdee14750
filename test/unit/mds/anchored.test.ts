import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { anchoredSmacof, createAnchoredSmacof } from '../../../src/core/mds/anchored.ts';
import { smacof } from '../../../src/core/mds/smacof.ts';
import type { Transformation } from '../../../src/core/mds/types.ts';
import { allFinite, distances, maxAbsDiff, randomConfig, readDeltas } from './helpers.ts';

/** init with the free rows set to NaN (to be placed) and the fixed mask. */
function setup(x: Float64Array, p: number, fixedIdx: number[]): { init: Float64Array; fixed: number[] } {
  const n = x.length / p;
  const fixed = Array.from({ length: n }, (_, i) => (fixedIdx.includes(i) ? 1 : 0));
  const init = x.slice();
  for (let i = 0; i < n; i++) if (!fixed[i]) for (let c = 0; c < p; c++) init[i * p + c] = NaN;
  return { init, fixed };
}

describe('anchoredSmacof', () => {
  it('anchoredSmacof keeps the fixed points exactly where they were', () => {
    const { delta } = readDeltas('kinship');
    const base = smacof(delta);
    const { init, fixed } = setup(base.coords, 2, [0, 3, 7, 11]);
    for (const type of ['ratio', 'interval', 'ordinal'] as Transformation[]) {
      const r = anchoredSmacof(delta, { fixed, init, type });
      for (const i of [0, 3, 7, 11]) {
        expect(r.coords[2 * i]).toBe(base.coords[2 * i]);
        expect(r.coords[2 * i + 1]).toBe(base.coords[2 * i + 1]);
      }
      expect(allFinite(r.coords)).toBe(true);
      expect(r.fixedCount).toBe(4);
    }
  });

  it('anchoredSmacof(exact distances, fixed truth) puts the free points at their true positions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 6, max: 25 }), fc.integer({ min: 0, max: 1e6 }), (n, seed) => {
        const truth = randomConfig(n, 2, seed);
        const { init, fixed } = setup(truth, 2, [0, 1, 2]);
        // The dissimilarities are in a different unit than the map: the ratio scale is fitted.
        const d = distances(truth, 2).map((v) => 3 * v);
        const r = anchoredSmacof(d, { fixed, init, tolerance: 1e-14, maxIterations: 5000 });
        expect(r.stress1).toBeLessThan(1e-6);
        expect(maxAbsDiff(r.coords, truth)).toBeLessThan(1e-5);
        expect(r.disparity.kind === 'linear' && r.disparity.slope).toBeCloseTo(1 / 3, 6);
        // From a perturbed start (finite free rows are used as given) the free points return to the truth.
        const jitter = randomConfig(n, 2, seed + 1);
        const start = truth.map((v, t) => (fixed[t >> 1] ? v : v + 0.05 * jitter[t]));
        const back = anchoredSmacof(d, { fixed, init: start, tolerance: 1e-14, maxIterations: 20000 });
        expect(maxAbsDiff(back.coords, truth)).toBeLessThan(1e-4);
      }),
      { seed: 3, numRuns: 15 },
    );
  });

  it('createAnchoredSmacof never increases raw stress and reports progress', () => {
    const { delta } = readDeltas('morse');
    const base = smacof(delta);
    const { init, fixed } = setup(base.coords, 2, [0, 5, 10, 15, 20, 25, 30]);
    for (const type of ['ratio', 'interval', 'ordinal'] as Transformation[]) {
      const s = createAnchoredSmacof(delta, { fixed, init, type, tolerance: 1e-9 });
      let lastRaw = Infinity;
      while (!s.done) {
        s.step(1);
        const raw = s.result().rawStress;
        expect(raw).toBeLessThanOrEqual(lastRaw * (1 + 1e-12));
        lastRaw = raw;
      }
      expect(s.result().finished).toBe(true);
    }
  });

  it('anchoredSmacof(weights) with missing pairs uses the Cholesky solve of V_ff', () => {
    const n = 12;
    const truth = randomConfig(n, 2, 77);
    const d = distances(truth, 2);
    d[5 * n + 6] = d[6 * n + 5] = NaN;
    const w = new Float64Array(n * n).fill(1);
    w[4 * n + 8] = w[8 * n + 4] = 5;
    const { init, fixed } = setup(truth, 2, [0, 1, 2, 3]);
    const r = anchoredSmacof(d, { fixed, init, weights: w, tolerance: 1e-14, maxIterations: 5000 });
    expect(maxAbsDiff(r.coords, truth)).toBeLessThan(1e-5);
  });

  it('anchoredSmacof(bad setup) throws a clear Error', () => {
    const x = randomConfig(6, 2, 1);
    const d = distances(x, 2);
    expect(() => anchoredSmacof(d, { fixed: [0, 0, 0, 0, 0, 0], init: x })).toThrow(/at least one fixed point/);
    expect(() => anchoredSmacof(d, { fixed: [1, 1, 1, 1, 1, 1], init: x })).toThrow(/nothing to fit/);
    const bad = x.slice();
    bad[0] = NaN;
    expect(() => anchoredSmacof(d, { fixed: [1, 0, 0, 0, 0, 0], init: bad })).toThrow(/fixed point 0 has a non-finite/);
    // Point 5 has no known dissimilarity at all: undetermined.
    const lone = d.slice();
    for (let j = 0; j < 5; j++) lone[5 * 6 + j] = lone[j * 6 + 5] = NaN;
    expect(() => anchoredSmacof(lone, { fixed: [1, 1, 0, 0, 0, 0], init: x })).toThrow(/do not connect/);
  });
});
