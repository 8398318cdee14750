import { describe, expect, it } from 'vitest';
import { penalisedStressAt, prefscal, variation } from '../../../src/core/mds/prefscal.ts';
import { jointMap } from '../../../src/core/map/jointMap.ts';
import { marketFromDeltas } from '../../bench/markets.ts';
import { readFileSync } from 'node:fs';
import { SHARED } from './helpers.ts';
import { expectClose } from '../helpers.ts';

describe('variation(values, weights) and penalisedStressAt', () => {
  it('computes the coefficient of variation and sigma_p by hand', () => {
    // Values 1, 2, 3 with unit weights: mean 2, population sd sqrt(2/3).
    expectClose(variation([1, 2, 3], [1, 1, 1]), Math.sqrt(2 / 3) / 2);
    // delta = (1, 2, 3), theta = 0, distances proportional to delta: sigma_n = 0, so sigma_p = 0.
    expectClose(penalisedStressAt(0, [1, 2, 3], [1, 1, 1], [2, 4, 6]).sigmaP, 0);
    // Distances (1, 1, 2): sum g d = 1 + 2 + 6 = 9, sum g^2 = 14, sum d^2 = 6: sigma_n = 1 - 81 / 84.
    const r = penalisedStressAt(0, [1, 2, 3], [1, 1, 1], [1, 1, 2], 0.5, 1);
    expectClose(r.sigmaN, 1 - 81 / 84);
    expectClose(r.sigmaP, Math.sqrt(1 - 81 / 84) * (1 + 1 / (2 / 3 / 4)));
  });
});

describe('prefscal on the breakfast data (Green & Rao 1972; the degeneracy example of Busing, Groenen & Heiser 2005)', () => {
  const market = marketFromDeltas('breakfast', readFileSync(`${SHARED}/deltas/breakfast.csv`, 'utf8'));
  it('plain interval SMACOF degenerates (flattened distances, firms and segments apart); the PREFSCAL penalty does not', () => {
    const plain = jointMap(market, { method: 'interval', benchmark: 0 });
    const pen = jointMap(market, { method: 'prefscal', benchmark: 0 });
    expect(plain.degeneracy.signs).toEqual(['flattened', 'separated']);
    expect(pen.degeneracy.signs).toEqual([]);
    expect(pen.rankFidelity).toBeGreaterThan(plain.rankFidelity + 0.1);
  });
  it('keeps the disparities spread: their coefficient of variation stays near that of the data', () => {
    const n = 3;
    // Three points on a line, dissimilarities 1, 1, 2: exactly representable.
    const delta = Float64Array.from([0, 1, 2, 1, 0, 1, 2, 1, 0]);
    const w = Float64Array.from([0, 1, 1, 1, 0, 1, 1, 1, 0]);
    const r = prefscal(delta, w, Float64Array.from([0, 0.1, 1.2, 0, 1.9, -0.1]));
    expect(r.normalisedStress).toBeLessThan(1e-6);
    expect(r.theta).toBeGreaterThanOrEqual(-1 - 1e-12);
    expect(r.coords.length).toBe(2 * n);
  });
});
