import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createSmacof, smacof } from '../../../src/core/mds/smacof.ts';
import { procrustes } from '../../../src/core/mds/procrustes.ts';
import { evaluateStress } from '../../../src/core/mds/stress.ts';
import type { Transformation } from '../../../src/core/mds/types.ts';
import { allFinite, distances, maxAbsDiff, permuteMatrix, permuteRows, randomConfig, readDeltas } from './helpers.ts';

const TYPES: Transformation[] = ['ratio', 'interval', 'ordinal'];

/** Angular order of the points about their centroid, as a list of point indices. */
function angularOrder(x: Float64Array): number[] {
  const n = x.length / 2;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i++) {
    cx += x[2 * i] / n;
    cy += x[2 * i + 1] / n;
  }
  const angle = (i: number) => Math.atan2(x[2 * i + 1] - cy, x[2 * i] - cx);
  return [...Array(n).keys()].sort((a, b) => angle(a) - angle(b));
}

/** True when `order` is 0..n-1 up to a cyclic shift and a reflection. */
function isCyclicOrder(order: number[]): boolean {
  const n = order.length;
  const at = order.indexOf(0);
  const fwd = order.map((_, k) => order[(at + k) % n]);
  const back = order.map((_, k) => order[(at - k + n) % n]);
  const ok = (s: number[]) => s.every((v, k) => v === k);
  return ok(fwd) || ok(back);
}

describe('smacof on published data', () => {
  it("smacof(1 - ekman) reproduces R smacof's mds(1 - ekman): stress-1 0.1312, normalised stress 0.01721", () => {
    // R smacof 2.1-7, cran/smacof data/ekman.rda; mds() defaults: ratio, Torgerson start, eps 1e-6, itmax 1000.
    // Published: Stress-1 value 0.1312 (normalised stress 0.01721). Our run converges in 11 Guttman transforms.
    const { delta } = readDeltas('ekman');
    const r = smacof(delta);
    expect(r.stress1).toBeCloseTo(0.1312, 4);
    expect(r.normalisedStress).toBeCloseTo(0.01721, 5);
    expect(r.stress1).toBeCloseTo(Math.sqrt(r.normalisedStress), 6);
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeLessThanOrEqual(30);
    expect(r.start).toBe(0);
    expect(r.classical?.nonEuclidean).toBe(true);
  });

  it('smacof(1 - ekman) draws the colour circle: the 14 colours in wavelength order around the centroid', () => {
    const { delta, labels } = readDeltas('ekman');
    expect(labels.map(Number)).toEqual([...labels.map(Number)].sort((a, b) => a - b));
    const r = smacof(delta);
    expect(isCyclicOrder(angularOrder(r.coords))).toBe(true);
  });

  it("smacof(morse) reproduces R smacof's mds(morse): stress-1 0.2999 from the classical start", () => {
    // Rothkopf (1957) Morse code confusions as R smacof 2.1-7 ships them (1 - symmetrised confusion rate).
    const { delta, n } = readDeltas('morse');
    expect(n).toBe(36);
    const r = smacof(delta);
    expect(r.start).toBe(0);
    expect(r.stress1).toBeCloseTo(0.2999, 3);
    expect(r.converged).toBe(true);
  });

  it('smacof(kinship) reports point stress summing to 100 and Shepard data for every pair', () => {
    const { delta, n } = readDeltas('kinship');
    const r = smacof(delta, { type: 'ordinal' });
    expect(r.pointStress.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 9);
    const m = (n * (n - 1)) / 2;
    expect(r.shepard.delta.length).toBe(m);
    const d = distances(r.coords, 2);
    for (let t = 0; t < m; t++) {
      expect(r.shepard.distance[t]).toBeCloseTo(d[r.shepard.i[t] * n + r.shepard.j[t]], 9);
      expect(r.shepard.delta[t]).toBe(delta[r.shepard.i[t] * n + r.shepard.j[t]]);
    }
    // Ordinal: disparities never decrease with the dissimilarities.
    const order = [...Array(m).keys()].sort((a, b) => r.shepard.delta[a] - r.shepard.delta[b]);
    for (let t = 1; t < m; t++) {
      if (r.shepard.delta[order[t]] > r.shepard.delta[order[t - 1]]) {
        expect(r.shepard.dhat[order[t]]).toBeGreaterThanOrEqual(r.shepard.dhat[order[t - 1]] - 1e-12);
      }
    }
    // Stress-1 by its definition, from the Shepard data.
    let sdh2 = 0;
    let sdhd = 0;
    let sd2 = 0;
    for (let t = 0; t < m; t++) {
      sdh2 += r.shepard.dhat[t] ** 2;
      sdhd += r.shepard.dhat[t] * r.shepard.distance[t];
      sd2 += r.shepard.distance[t] ** 2;
    }
    const c = sdhd / sdh2;
    let res = 0;
    for (let t = 0; t < m; t++) res += (c * r.shepard.dhat[t] - r.shepard.distance[t]) ** 2;
    expect(r.stress1).toBeCloseTo(Math.sqrt(res / sd2), 9);
    // Disparities are normalised to sum dhat^2 = n(n-1)/2.
    expect(sdh2).toBeCloseTo(m, 6);
  });

  it('smacof(ekman, {benchmark: 3}) reports the random-data stress-1, well above the fitted one', () => {
    const { delta } = readDeltas('ekman');
    const a = smacof(delta, { benchmark: 3, seed: 5 });
    const b = smacof(delta, { benchmark: 3, seed: 5 });
    expect(a.benchmark?.runs).toBe(3);
    expect(a.benchmark!.mean).toBeGreaterThan(1.5 * a.stress1);
    expect(Array.from(a.benchmark!.stress1)).toEqual(Array.from(b.benchmark!.stress1));
    // The benchmark does not disturb the fit itself.
    expect(a.stress1).toBe(smacof(delta).stress1);
  });
});

describe('smacof properties', () => {
  for (const type of TYPES) {
    it(`smacof(delta, {type: '${type}'}) never increases stress`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 5, max: 20 }), fc.integer({ min: 0, max: 1e6 }), (n, seed) => {
          const x = randomConfig(n, 3, seed);
          const d = distances(x, 3);
          // Noisy, partly tied dissimilarities (rounded) to exercise the ordinal ties.
          for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) d[i * n + j] = d[j * n + i] = Math.round(d[i * n + j] * (1 + 0.3 * Math.sin(seed + i * 7 + j)) * 4) / 4 + 0.25;
          const run = createSmacof(d, { type, randomStarts: 1, seed, tolerance: 1e-10, maxIterations: 200 });
          let last = Infinity;
          let run0 = "";
          while (!run.done) {
            const p = run.step(1);
            if (`${p.phase}${p.run}` !== run0) {
              last = Infinity;
              run0 = `${p.phase}${p.run}`;
            }
            expect(p.stress).toBeLessThanOrEqual(last * (1 + 1e-12) + 1e-15);
            last = p.stress;
          }
          expect(allFinite(run.result().coords)).toBe(true);
        }),
        { seed: 2024, numRuns: 12 },
      );
    });
  }

  it('smacof(exact Euclidean distances) recovers the configuration with stress ~0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 30 }), fc.integer({ min: 0, max: 1e6 }), fc.constantFrom<Transformation>(...TYPES), (n, seed, type) => {
        const truth = randomConfig(n, 2, seed);
        const r = smacof(distances(truth, 2), { type, tolerance: 1e-12 });
        expect(r.stress1).toBeLessThan(1e-4);
        const fit = procrustes(r.coords, truth, { scaling: true });
        let spread = 0;
        for (const v of truth) spread += v * v;
        expect(fit.rmsd).toBeLessThan(1e-3 * Math.sqrt(spread / n));
      }),
      { seed: 11, numRuns: 15 },
    );
  });

  it('smacof(permuted input) gives the permuted picture (after Procrustes)', () => {
    const { delta, n } = readDeltas('kinship');
    const perm = [...Array(n).keys()].reverse();
    [perm[0], perm[5]] = [perm[5], perm[0]];
    for (const type of TYPES) {
      const a = smacof(delta, { type, tolerance: 1e-10 });
      const b = smacof(permuteMatrix(delta, perm), { type, tolerance: 1e-10 });
      expect(b.stress1).toBeCloseTo(a.stress1, 8);
      const fit = procrustes(b.coords, permuteRows(a.coords, 2, perm));
      expect(fit.rmsd).toBeLessThan(1e-5);
    }
  });

  it('smacof(delta, {weights}) with missing pairs (NaN) still recovers a Euclidean configuration', () => {
    const n = 15;
    const truth = randomConfig(n, 2, 99);
    const d = distances(truth, 2);
    const w = new Float64Array(n * n).fill(1);
    for (const [i, j] of [
      [0, 1],
      [2, 9],
      [4, 13],
      [7, 8],
    ]) {
      d[i * n + j] = d[j * n + i] = NaN;
    }
    w[3 * n + 5] = w[5 * n + 3] = 3;
    const r = smacof(d, { weights: w, tolerance: 1e-12 });
    expect(r.stress1).toBeLessThan(1e-5);
    expect(r.shepard.delta.length).toBe((n * (n - 1)) / 2 - 4);
    expect(procrustes(r.coords, truth, { scaling: true }).rmsd).toBeLessThan(1e-4);
  });

  it('smacof(delta, {randomStarts: 3}) keeps the best of the classical and random starts', () => {
    const { delta } = readDeltas('morse');
    const r = smacof(delta, { randomStarts: 3, seed: 3 });
    expect(r.startStress1.length).toBe(4);
    expect(r.stress1).toBe(Math.min(...r.startStress1));
    expect(r.startStress1[r.start]).toBe(r.stress1);
  });

  it('createSmacof steps in slices and ends where smacof() ends', () => {
    const { delta } = readDeltas('ekman');
    const s = createSmacof(delta, { type: 'interval' });
    expect(s.done).toBe(false);
    const first = s.step(2);
    expect(first.iteration).toBe(2);
    expect(first.phase).toBe('fit');
    expect(Number.isFinite(first.stress)).toBe(true);
    expect(s.result().finished).toBe(false);
    while (!s.done) s.step(3);
    const stepped = s.result();
    const direct = smacof(delta, { type: 'interval' });
    expect(stepped.finished).toBe(true);
    expect(stepped.iterations).toBe(direct.iterations);
    expect(maxAbsDiff(stepped.coords, direct.coords)).toBe(0);
  });

  it('smacof(degenerate input) throws a clear Error, never NaN coordinates', () => {
    const n = 6;
    const equal = new Float64Array(n * n).fill(1);
    for (let i = 0; i < n; i++) equal[i * n + i] = 0;
    expect(() => smacof(equal)).toThrow(/all known dissimilarities are equal/);
    expect(() => smacof(Float64Array.of(0, 1, 1, 0))).toThrow(/at least 3 points; got 2/);
    const missing = new Float64Array(n * n).fill(NaN);
    expect(() => smacof(missing)).toThrow(/no dissimilarity is known/);
    // Point 5 linked to nothing: its position is undetermined.
    const d = distances(randomConfig(n, 2, 4), 2);
    for (let j = 0; j < n - 1; j++) d[5 * n + j] = d[j * n + 5] = NaN;
    expect(() => smacof(d)).toThrow(/do not connect all points: point\(s\) 5/);
    const inf = distances(randomConfig(n, 2, 4), 2);
    inf[2] = Infinity;
    expect(() => smacof(inf)).toThrow(/Infinity/);
    expect(() => smacof(distances(randomConfig(n, 2, 4), 2), { type: 'cubic' as Transformation })).toThrow(/type must be/);
  });

  it('evaluateStress(delta, fitted coords) gives back the fit\'s stress figures', () => {
    const { delta } = readDeltas('ekman');
    for (const type of TYPES) {
      const r = smacof(delta, { type, tolerance: 1e-12 });
      const e = evaluateStress(delta, r.coords, { type });
      expect(e.stress1).toBeCloseTo(r.stress1, 6);
      expect(e.normalisedStress).toBeCloseTo(r.normalisedStress, 6);
    }
  });

  it('smacof(interval) keeps every disparity >= 0 with a non-negative slope', () => {
    const { delta } = readDeltas('kinship');
    const r = smacof(delta, { type: 'interval' });
    expect(r.disparity.kind).toBe('linear');
    if (r.disparity.kind === 'linear') expect(r.disparity.slope).toBeGreaterThanOrEqual(0);
    for (const v of r.shepard.dhat) expect(v).toBeGreaterThanOrEqual(0);
  });
});
