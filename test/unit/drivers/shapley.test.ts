import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { relativeWeights, weightedCorrelations } from '../../../src/core/drivers/relativeWeights.ts';
import { SHAPLEY_MAX_NEEDS, allSubsetR2, shapleyR2, subsetR2 } from '../../../src/core/drivers/shapley.ts';
import { expectClose } from '../helpers.ts';
import { correlationArb, mtcars, ones } from './fixtures.ts';

const SEED = 19800101;
const fitted = (r: ReturnType<typeof shapleyR2>) => {
  if (!r.ok) throw new Error(`expected a fit, got ${r.reason}`);
  return r;
};

/** Every order of entry of 0 .. P-1. */
function permutations(P: number): number[][] {
  if (P === 0) return [[]];
  return permutations(P - 1).flatMap((p) => Array.from({ length: P }, (_, k) => [...p.slice(0, k), P - 1, ...p.slice(k)]));
}

describe('shapleyR2', () => {
  it('shapleyR2 with two predictors matches the closed form (r_j^2 + R^2 - r_k^2) / 2 (hand computed)', () => {
    // r12 = 0.5, r1y = 0.6, r2y = 0.4: R^2 = (0.36 + 0.16 - 2 x 0.6 x 0.4 x 0.5) / (1 - 0.25) = 0.28 / 0.75.
    const r = fitted(shapleyR2(Float64Array.of(1, 0.5, 0.5, 1), Float64Array.of(0.6, 0.4)));
    const R2 = 0.28 / 0.75;
    expectClose(r.r2, R2, 1e-15);
    expectClose(r.raw[0], (0.36 + R2 - 0.16) / 2, 1e-15);
    expectClose(r.raw[1], (0.16 + R2 - 0.36) / 2, 1e-15);
  });

  it('shapleyR2 equals the mean gain in R^2 over all 24 orders of entry (LMG definition, mtcars)', () => {
    const c = weightedCorrelations([mtcars.cyl, mtcars.disp, mtcars.hp, mtcars.wt], mtcars.mpg, ones);
    const r = fitted(shapleyR2(c.rxx, c.rxy));
    const mean = new Float64Array(4);
    const orders = permutations(4);
    for (const order of orders)
      order.forEach((j, k) => (mean[j] += (subsetR2(c.rxx, c.rxy, order.slice(0, k + 1)) - subsetR2(c.rxx, c.rxy, order.slice(0, k))) / orders.length));
    for (let j = 0; j < 4; j++) expectClose(r.raw[j], mean[j], 1e-12);
    // The full model's R^2 is lm(mpg ~ cyl + disp + hp + wt)'s, the sum of rwa's documented raw weights (relativeWeights.test.ts).
    expectClose(r.r2, 0.2096904 + 0.1883043 + 0.179959 + 0.2706812, 2e-7);
  });

  it('allSubsetR2 (incremental Cholesky) agrees with subsetR2 solved afresh for every subset', () => {
    const c = weightedCorrelations([mtcars.cyl, mtcars.disp, mtcars.hp, mtcars.wt, mtcars.gear], mtcars.mpg, ones);
    const all = allSubsetR2(c.rxx, c.rxy);
    expect(all[0]).toBe(0);
    for (let mask = 1; mask < 32; mask++) {
      const subset = [0, 1, 2, 3, 4].filter((j) => mask & (1 << j));
      expectClose(all[mask], subsetR2(c.rxx, c.rxy, subset), 1e-12);
    }
  });

  it('shapleyR2(Rxx, rxy): values sum to R^2 and are non-negative (fast-check, fixed seed)', () => {
    fc.assert(
      fc.property(correlationArb(7), ({ P, rxx, rxy }) => {
        const r = shapleyR2(rxx, rxy);
        if (!r.ok) return r.code === 'zero-r2';
        expectClose(r.raw.reduce((a, b) => a + b, 0), r.r2, 1e-9);
        expectClose(r.r2, subsetR2(rxx, rxy, Array.from({ length: P }, (_, j) => j)), 1e-9);
        for (const v of r.raw) expect(v).toBeGreaterThanOrEqual(-1e-12);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('shapleyR2 and relativeWeights agree closely on mtcars (shares within 1.5 points, same ranking of the top need)', () => {
    const c = weightedCorrelations([mtcars.cyl, mtcars.disp, mtcars.hp, mtcars.wt], mtcars.mpg, ones);
    const s = fitted(shapleyR2(c.rxx, c.rxy));
    const w = relativeWeights(c.rxx, c.rxy);
    if (!w.ok) throw new Error(w.reason);
    for (let j = 0; j < 4; j++) expect(Math.abs(s.share[j] - w.share[j])).toBeLessThan(1.5);
    expect(s.share.indexOf(Math.max(...s.share))).toBe(3);
    expect(w.share.indexOf(Math.max(...w.share))).toBe(3);
  });

  it(`shapleyR2 refuses more than ${SHAPLEY_MAX_NEEDS} needs with a message naming the limit and the fix`, () => {
    const P = SHAPLEY_MAX_NEEDS + 1;
    const rxx = new Float64Array(P * P);
    for (let j = 0; j < P; j++) rxx[j * P + j] = 1;
    expect(() => shapleyR2(rxx, new Float64Array(P).fill(0.1))).toThrow(/at most 15 needs .*got 16: use relative weights/);
  });

  it('shapleyR2 names collinear needs as relative weights does', () => {
    const c = weightedCorrelations([mtcars.wt, mtcars.hp, mtcars.wt], mtcars.mpg, ones);
    const r = shapleyR2(c.rxx, c.rxy, { names: ['quality', 'price', 'delivery'] });
    expect(r.ok ? null : r.reason).toMatch(/^quality and delivery are perfectly collinear/);
  });
});
