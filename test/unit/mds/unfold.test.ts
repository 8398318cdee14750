import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createUnfolding, unfold } from '../../../src/core/mds/unfold.ts';
import { procrustes } from '../../../src/core/mds/procrustes.ts';
import { allFinite, crossDistances, randomConfig, readDeltas } from './helpers.ts';

describe('unfold', () => {
  // Small sets (e.g. 4 x 3: 12 distances for 11 free coordinates) can be bent without changing a distance,
  // so recovery is only tested where the rectangular distances pin the configuration down. Unfolding
  // also has local minima, so the promise is: zero stress means the true picture, and the classical
  // start reaches zero stress in most cases (random starts rarely help: see the smacofRect literature).
  it('unfold(exact rectangular distances) at stress ~0 is the true configuration', () => {
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 25 }), fc.integer({ min: 5, max: 10 }), fc.integer({ min: 0, max: 1e6 }), (rows, cols, seed) => {
        const a = randomConfig(rows, 2, seed);
        const b = randomConfig(cols, 2, seed + 7);
        const r = unfold(crossDistances(a, b, 2), rows, { tolerance: 1e-13, maxIterations: 20000, randomStarts: 3, seed });
        expect(r.stress1).toBeLessThan(0.05);
        expect(r.rowCoords.length).toBe(rows * 2);
        expect(r.colCoords.length).toBe(cols * 2);
        if (r.stress1 < 1e-4) {
          const truth = new Float64Array([...a, ...b]);
          const fit = procrustes(r.coords, truth, { scaling: true });
          let spread = 0;
          for (const v of truth) spread += v * v;
          expect(fit.rmsd).toBeLessThan(1e-2 * Math.sqrt(spread / (rows + cols)));
        }
      }),
      { seed: 13, numRuns: 12 },
    );
  });

  it('unfold(exact rectangular distances) from the classical start reaches stress ~0 in at least 90% of cases', () => {
    let reached = 0;
    for (let s = 0; s < 20; s++) {
      const rows = 8 + (s % 10);
      const cols = 5 + (s % 4);
      const r = unfold(crossDistances(randomConfig(rows, 2, 13 * s), randomConfig(cols, 2, 13 * s + 7), 2), rows, { tolerance: 1e-12, maxIterations: 5000 });
      if (r.stress1 < 1e-3) reached++;
    }
    expect(reached).toBeGreaterThanOrEqual(18);
  });

  it('unfold fits the row-column pairs only: no within-set pair in the Shepard data', () => {
    const { delta, n, cols } = readDeltas('breakfast');
    const r = unfold(delta, n);
    expect(r.shepard.delta.length).toBe(n * cols.length);
    for (let t = 0; t < r.shepard.i.length; t++) {
      expect(r.shepard.i[t]).toBeLessThan(n);
      expect(r.shepard.j[t]).toBeGreaterThanOrEqual(n);
    }
    expect(allFinite(r.coords)).toBe(true);
    expect(r.pointStress.reduce((s, v) => s + v, 0)).toBeCloseTo(100, 9);
    expect(r.classical?.imputed).toBe((n * (n - 1)) / 2 + (cols.length * (cols.length - 1)) / 2);
  });

  it('createUnfolding steps like smacof and reports the permutation benchmark', () => {
    const { delta, n } = readDeltas('corprep_unfold');
    const s = createUnfolding(delta, n, { benchmark: 2 });
    const phases = new Set<string>();
    while (!s.done) phases.add(s.step(5).phase);
    expect(phases.has('benchmark')).toBe(true);
    const r = s.result();
    expect(r.benchmark?.runs).toBe(2);
    expect(r.rows).toBe(6);
    expect(r.cols).toBe(4);
  });

  it('unfold(bad input) throws naming row and column', () => {
    expect(() => unfold(Float64Array.of(1, 2, -3, 4), 2)).toThrow(/row 1, column 0.*-3/);
    expect(() => unfold(Float64Array.of(1, 2, 3), 2)).toThrow(/not a multiple/);
    expect(() => unfold(Float64Array.of(2, 2, 2, 2), 2)).toThrow(/all known dissimilarities are equal/);
    // Row 1 has nothing known: it is not linked to the rest.
    expect(() => unfold(Float64Array.of(1, 2, 3, NaN, NaN, NaN, 2, 1, 3), 3)).toThrow(/do not connect/);
  });
});
