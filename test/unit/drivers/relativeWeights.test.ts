import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Matrix, solve } from 'ml-matrix';
import { relativeWeights, weightedCorrelations } from '../../../src/core/drivers/relativeWeights.ts';
import { subsetR2 } from '../../../src/core/drivers/shapley.ts';
import { expectClose } from '../helpers.ts';
import { correlationArb, mtcars, ones } from './fixtures.ts';

const SEED = 20000101;
const fitted = (r: ReturnType<typeof relativeWeights>) => {
  if (!r.ok) throw new Error(`expected a fit, got ${r.reason}`);
  return r;
};

describe('relativeWeights', () => {
  // rwa (Martin Chan), README "Basic example": rwa(mtcars, outcome = "mpg",
  // predictors = c("cyl", "disp", "hp", "gear")) prints rsquare 0.7791896, Raw.RelWeight and
  // Rescaled.RelWeight below. https://github.com/martinctc/rwa#basic-example (commit e13908a)
  it('relativeWeights(cor(mtcars)) reproduces rwa\'s documented mpg ~ cyl + disp + hp + gear output', () => {
    const c = weightedCorrelations([mtcars.cyl, mtcars.disp, mtcars.hp, mtcars.gear], mtcars.mpg, ones);
    const r = fitted(relativeWeights(c.rxx, c.rxy));
    expectClose(r.r2, 0.7791896, 5e-8);
    [0.2284797, 0.2221469, 0.2321744, 0.0963886].forEach((v, j) => expectClose(r.raw[j], v, 5e-8));
    [29.32274, 28.50999, 29.79691, 12.37037].forEach((v, j) => expectClose(r.share[j], v, 5e-6));
  });

  // rwa vignette "Regression methods", rwa_multiregress(mtcars, "mpg", c("cyl", "disp", "hp", "wt")):
  // https://martinctc.github.io/rwa/articles/regression-methods.html
  it('relativeWeights(cor(mtcars)) reproduces rwa\'s documented mpg ~ cyl + disp + hp + wt output', () => {
    const c = weightedCorrelations([mtcars.cyl, mtcars.disp, mtcars.hp, mtcars.wt], mtcars.mpg, ones);
    const r = fitted(relativeWeights(c.rxx, c.rxy));
    [0.2096904, 0.1883043, 0.179959, 0.2706812].forEach((v, j) => expectClose(r.raw[j], v, 5e-8));
    [24.70914, 22.18908, 21.2057, 31.89607].forEach((v, j) => expectClose(r.share[j], v, 5e-6));
  });

  it('relativeWeights(I, rxy) gives the squared OLS standardised coefficients when the predictors are uncorrelated', () => {
    // A 2^3 factorial design: the three columns are exactly orthogonal, so each weight is beta_j^2 = r_jy^2.
    const x1: number[] = [],
      x2: number[] = [],
      x3: number[] = [],
      y: number[] = [];
    const noise = [0.3, -0.1, 0.4, -0.5, 0.2, 0.0, -0.2, 0.1];
    for (let k = 0; k < 8; k++) {
      const a = k & 1 ? 1 : -1,
        b = k & 2 ? 1 : -1,
        c = k & 4 ? 1 : -1;
      x1.push(a);
      x2.push(b);
      x3.push(c);
      y.push(2 * a - b + 0.5 * c + noise[k]);
    }
    const c = weightedCorrelations([x1, x2, x3], y, y.map(() => 1));
    for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) expectClose(c.rxx[j * 3 + k], j === k ? 1 : 0, 1e-15);
    const r = fitted(relativeWeights(c.rxx, c.rxy));
    // OLS on standardised variables, solved independently of the correlation route.
    const z = (v: number[]) => {
      const m = v.reduce((a, b) => a + b) / v.length;
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0));
      return v.map((t) => (t - m) / sd);
    };
    const X = new Matrix([z(x1), z(x2), z(x3)]).transpose();
    const beta = solve(X, Matrix.columnVector(z(y))).to1DArray();
    beta.forEach((b, j) => expectClose(r.raw[j], b * b, 1e-12));
  });

  it('relativeWeights(Rxx, rxy): raw weights are non-negative and sum to the regression R^2 (fast-check, fixed seed)', () => {
    fc.assert(
      fc.property(correlationArb(), ({ P, rxx, rxy }) => {
        const r = relativeWeights(rxx, rxy);
        if (!r.ok) return r.code === 'zero-r2';
        const all = Array.from({ length: P }, (_, j) => j);
        let sum = 0;
        for (const v of r.raw) {
          expect(v).toBeGreaterThanOrEqual(0);
          sum += v;
        }
        expectClose(sum, r.r2, 1e-9);
        expectClose(r.r2, subsetR2(rxx, rxy, all), 1e-9);
        expectClose(r.share.reduce((a, b) => a + b, 0), 100, 1e-9);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('relativeWeights names a constant need instead of returning NaN', () => {
    const price = mtcars.mpg.map(() => 5);
    const c = weightedCorrelations([mtcars.cyl, price, mtcars.wt], mtcars.mpg, ones);
    const r = relativeWeights(c.rxx, c.rxy, { names: ['quality', 'price', 'delivery'] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('constant-need');
    expect(r.needs).toEqual([1]);
    expect(r.reason).toMatch(/^price has the same rating from every respondent/);
  });

  it('relativeWeights names every need of a perfectly collinear set, and only those', () => {
    const sum = mtcars.cyl.map((v, i) => v + 0.01 * mtcars.disp[i]);
    const c = weightedCorrelations([mtcars.cyl, mtcars.hp, mtcars.disp, sum], mtcars.mpg, ones);
    const r = relativeWeights(c.rxx, c.rxy, { names: ['quality', 'service', 'price', 'value'] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('collinear-needs');
    expect(r.needs).toEqual([0, 2, 3]);
    expect(r.reason).toMatch(/^quality, price and value are perfectly collinear/);
    const twins = weightedCorrelations([mtcars.wt, mtcars.hp, mtcars.wt], mtcars.mpg, ones);
    const t = relativeWeights(twins.rxx, twins.rxy, { names: ['a', 'b', 'c'] });
    expect(t.ok ? [] : t.needs).toEqual([0, 2]);
  });

  it('relativeWeights says so when the target is constant', () => {
    const c = weightedCorrelations([mtcars.cyl, mtcars.wt], mtcars.mpg.map(() => 7), ones);
    const r = relativeWeights(c.rxx, c.rxy);
    expect(r.ok ? null : r.code).toBe('constant-target');
  });
});

describe('weightedCorrelations', () => {
  it('weightedCorrelations with unit weights is Pearson\'s r: cor(mtcars$mpg, mtcars$wt) = -0.8676594 (R)', () => {
    const c = weightedCorrelations([mtcars.wt], mtcars.mpg, ones);
    expectClose(c.rxy[0], -0.8676594, 5e-8);
    expect(c.n).toBe(32);
  });

  it('weightedCorrelations(columns, target, weights): weight 2 on a row equals the row twice', () => {
    const w = ones.map((_, i) => (i % 3 === 0 ? 2 : 1));
    const c = weightedCorrelations([mtcars.cyl, mtcars.hp], mtcars.mpg, w);
    const idx = mtcars.mpg.flatMap((_, i) => (i % 3 === 0 ? [i, i] : [i]));
    const pick = (v: number[]) => idx.map((i) => v[i]);
    const d = weightedCorrelations([pick(mtcars.cyl), pick(mtcars.hp)], pick(mtcars.mpg), idx.map(() => 1));
    for (let k = 0; k < 4; k++) expectClose(c.rxx[k], d.rxx[k], 1e-12);
    for (let k = 0; k < 2; k++) expectClose(c.rxy[k], d.rxy[k], 1e-12);
    expectClose(c.weightSum, idx.length, 1e-12);
  });

  it('weightedCorrelations keeps only rows complete in every column and the target (listwise)', () => {
    const cyl = [...mtcars.cyl],
      mpg = [...mtcars.mpg];
    cyl[0] = NaN;
    mpg[5] = NaN;
    const c = weightedCorrelations([cyl, mtcars.wt], mpg, ones);
    const keep = (v: number[]) => v.filter((_, i) => i !== 0 && i !== 5);
    const d = weightedCorrelations([keep(mtcars.cyl), keep(mtcars.wt)], keep(mtcars.mpg), keep(ones));
    expect(c.n).toBe(30);
    for (let k = 0; k < 4; k++) expectClose(c.rxx[k], d.rxx[k], 1e-15);
    for (let k = 0; k < 2; k++) expectClose(c.rxy[k], d.rxy[k], 1e-15);
  });
});
