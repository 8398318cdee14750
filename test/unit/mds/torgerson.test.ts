import { describe, it, expect } from 'vitest';
import { torgerson } from '../../../src/core/mds/torgerson.ts';
import { assertFinite } from '../../../src/core/mds/dissimilarities.ts';
import { procrustes } from '../../../src/core/mds/procrustes.ts';
import { allFinite, distances, maxAbsDiff, randomConfig, readDeltas } from './helpers.ts';

describe('torgerson', () => {
  it('torgerson(exact 2D distances) recovers the configuration, with no negative eigenvalue', () => {
    const truth = randomConfig(25, 2, 11);
    const r = torgerson(distances(truth, 2));
    expect(r.method).toBe('full');
    expect(r.complete).toBe(true);
    expect(r.eigenvalues.length).toBe(25);
    expect(r.nonEuclidean).toBe(false);
    expect(r.explained).toBeCloseTo(1, 10);
    expect(Math.abs(r.eigenvalues[2])).toBeLessThan(1e-9 * r.eigenvalues[0]);
    expect(procrustes(r.coords, truth).rmsd).toBeLessThan(1e-9);
    // trace(B) = sum of all eigenvalues
    expect(r.trace).toBeCloseTo(r.eigenvalues.reduce((a, b) => a + b, 0), 9);
  });

  it('torgerson(Ekman) reports every eigenvalue and flags the negative ones (non-Euclidean)', () => {
    // Ekman (1954) colour data as shipped with R smacof 2.1-7; delta = 1 - similarity.
    const { delta } = readDeltas('ekman');
    const r = torgerson(delta);
    expect(r.eigenvalues.length).toBe(14);
    expect(r.nonEuclidean).toBe(true);
    expect(r.negative.count).toBe(2);
    expect(r.negative.mostNegative).toBeLessThan(0);
    expect(r.warnings.join(' ')).toMatch(/negative eigenvalue/);
    for (let i = 1; i < r.eigenvalues.length; i++) expect(r.eigenvalues[i]).toBeLessThanOrEqual(r.eigenvalues[i - 1]);
  });

  it("torgerson(delta, {method: 'lanczos'}) agrees with the full decomposition on 300 points", () => {
    const n = 300;
    const x = randomConfig(n, 5, 3);
    // Non-Euclidean noise, so B has negative eigenvalues as well.
    const d = distances(x, 5);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) d[i * n + j] = d[j * n + i] = d[i * n + j] * (1 + 0.05 * Math.sin(i * 31 + j * 17));
    const full = torgerson(d, { dims: 3, method: 'full' });
    const fast = torgerson(d, { dims: 3, method: 'lanczos' });
    expect(fast.method).toBe('lanczos');
    expect(fast.complete).toBe(false);
    for (let c = 0; c < 3; c++) expect(Math.abs(fast.eigenvalues[c] - full.eigenvalues[c])).toBeLessThan(1e-8 * full.eigenvalues[0]);
    // Same deterministic sign rule on both paths: the coordinates agree entry by entry.
    expect(maxAbsDiff(fast.coords, full.coords)).toBeLessThan(1e-6);
    // The most negative eigenvalue is found on the fast path too.
    expect(fast.nonEuclidean).toBe(true);
    expect(fast.negative.mostNegative).toBeCloseTo(full.negative.mostNegative, 6);
    expect(fast.trace).toBeCloseTo(full.trace, 8);
  });

  it("torgerson(delta with NaN) imputes the missing pairs ('mean' and 'triangle') and says how many", () => {
    const truth = randomConfig(12, 2, 5);
    const d = distances(truth, 2);
    const n = 12;
    for (const [i, j] of [
      [0, 1],
      [3, 7],
      [5, 11],
    ]) {
      d[i * n + j] = d[j * n + i] = NaN;
    }
    const mean = torgerson(d, { impute: 'mean' });
    const tri = torgerson(d, { impute: 'triangle' });
    expect(mean.imputed).toBe(3);
    expect(tri.imputed).toBe(3);
    expect(allFinite(mean.coords)).toBe(true);
    expect(allFinite(tri.coords)).toBe(true);
    expect(mean.warnings.join(' ')).toMatch(/3 missing dissimilarities were imputed \(mean\)/);
    // The triangle bounds are tight here, so the classical picture stays close to the truth.
    expect(procrustes(tri.coords, truth).rmsd).toBeLessThan(procrustes(mean.coords, truth).rmsd);
  });

  it('torgerson(bad input) throws a clear Error instead of returning NaN', () => {
    const d = distances(randomConfig(5, 2, 1), 2);
    const inf = d.slice();
    inf[1] = Infinity;
    expect(() => torgerson(inf)).toThrow(/row 0, column 1.*Infinity/);
    const neg = d.slice();
    neg[5 + 2] = -1;
    expect(() => torgerson(neg)).toThrow(/row 1, column 2.*negative/);
    expect(() => torgerson(new Float64Array(6))).toThrow(/square/);
    expect(() => torgerson(d, { dims: 5 })).toThrow(/dims/);
  });

  it('assertFinite names the bad entry before any ml-matrix call', () => {
    expect(() => assertFinite(Float64Array.of(1, 2, NaN, 4), 'B', 2)).toThrow(/B holds NaN at row 1, column 0/);
  });
});
