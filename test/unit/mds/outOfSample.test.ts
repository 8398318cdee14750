import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { applyDisparity, outOfSample } from '../../../src/core/mds/outOfSample.ts';
import { allFinite, crossDistances, maxAbsDiff, randomConfig } from './helpers.ts';

describe('outOfSample', () => {
  it('outOfSample(exact distances) places each new point at its true position (2D and 3D)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 12 }), fc.integer({ min: 0, max: 1e6 }), fc.constantFrom(2, 3), (k, seed, p) => {
        fc.pre(k > p);
        const fixed = randomConfig(k, p, seed);
        const truth = randomConfig(50, p, seed + 1);
        const r = outOfSample(fixed, crossDistances(truth, fixed, p), { dims: p });
        expect(maxAbsDiff(r.coords, truth)).toBeLessThan(1e-8);
        for (const s of r.stress1) expect(s).toBeLessThan(1e-8);
        expect(r.unconverged).toBe(0);
      }),
      { seed: 31, numRuns: 30 },
    );
  });

  it('outOfSample(noisy distances) lowers stress below the trilateration start and never returns NaN', () => {
    const fixed = randomConfig(10, 2, 4);
    const truth = randomConfig(500, 2, 5);
    const delta = crossDistances(truth, fixed, 2).map((v, t) => v * (1 + 0.2 * Math.sin(t * 12.9898)));
    const placed = outOfSample(fixed, delta);
    const start = outOfSample(fixed, delta, { maxIterations: 0 });
    expect(allFinite(placed.coords)).toBe(true);
    let better = 0;
    for (let i = 0; i < 500; i++) if (placed.stress1[i] <= start.stress1[i] + 1e-12) better++;
    expect(better).toBe(500);
    expect(placed.unconverged).toBe(0);
  });

  it('outOfSample(missing dissimilarities, disparity map) uses the known pairs in map units', () => {
    const fixed = randomConfig(6, 2, 8);
    const truth = randomConfig(20, 2, 9);
    const d = crossDistances(truth, fixed, 2);
    // Dissimilarities on another scale: dhat = 2 delta - 0.5  <=>  delta = (d + 0.5) / 2.
    const delta = d.map((v) => (v + 0.5) / 2);
    for (let i = 0; i < 20; i++) delta[i * 6 + (i % 6)] = NaN;
    const r = outOfSample(fixed, delta, { disparity: { kind: 'linear', intercept: -0.5, slope: 2 } });
    expect(maxAbsDiff(r.coords, truth)).toBeLessThan(1e-8);
    // A point with nothing known goes to the centroid, flagged with NaN stress.
    const none = outOfSample(fixed, new Float64Array(6).fill(NaN));
    expect(none.noData).toBe(1);
    expect(Number.isNaN(none.stress1[0])).toBe(true);
    expect(allFinite(none.coords)).toBe(true);
  });

  it('outOfSample({from, to, out}) fills slices of one output, as a worker would', () => {
    const fixed = randomConfig(5, 2, 1);
    const truth = randomConfig(30, 2, 2);
    const delta = crossDistances(truth, fixed, 2);
    const out = { coords: new Float64Array(60), stress1: new Float64Array(30) };
    outOfSample(fixed, delta, { from: 0, to: 10, out });
    outOfSample(fixed, delta, { from: 10, to: 30, out });
    expect(maxAbsDiff(out.coords, truth)).toBeLessThan(1e-8);
  });

  it('outOfSample(bad input) throws naming row and column', () => {
    const fixed = randomConfig(3, 2, 1);
    expect(() => outOfSample(fixed, Float64Array.of(1, 2, 3, 1, -2, 3))).toThrow(/row 1, column 1.*-2/);
    expect(() => outOfSample(fixed, Float64Array.of(1, 2, 3, 4))).toThrow(/m x k/);
    expect(() => outOfSample(Float64Array.of(0, NaN, 1, 1), Float64Array.of(1, 1))).toThrow(/NaN/);
  });

  it('applyDisparity(monotone) interpolates between knots and is constant beyond them', () => {
    const f = { kind: 'monotone' as const, delta: Float64Array.of(1, 2, 4), dhat: Float64Array.of(0.5, 1, 3) };
    expect(applyDisparity(f, 0)).toBe(0.5);
    expect(applyDisparity(f, 1.5)).toBeCloseTo(0.75, 12);
    expect(applyDisparity(f, 3)).toBeCloseTo(2, 12);
    expect(applyDisparity(f, 9)).toBe(3);
  });

  it('outOfSample handles many points in one call (linear cost; 1,000,000 x 10 is timed outside the tests)', () => {
    const fixed = randomConfig(10, 2, 3);
    const truth = randomConfig(20000, 2, 4);
    const r = outOfSample(fixed, crossDistances(truth, fixed, 2));
    expect(maxAbsDiff(r.coords, truth)).toBeLessThan(1e-7);
    expect(r.iterations / 20000).toBeLessThan(3);
  });
});
