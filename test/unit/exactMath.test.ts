import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exp } from '../../src/core/exactMath.ts';

describe('exp(x): fdlibm, the same bits in every engine', () => {
  it('is exact where the answer is known and handles the edges', () => {
    expect(exp(0)).toBe(1);
    // fdlibm rounds e^1 one ulp above Math.E, as Java's StrictMath.exp(1.0) (fdlibm 5.3) does.
    expect(exp(1)).toBe(2.7182818284590455);
    expect(exp(-Infinity)).toBe(0);
    expect(exp(Infinity)).toBe(Infinity);
    expect(exp(NaN)).toBeNaN();
    expect(exp(710)).toBe(Infinity);
    expect(exp(-746)).toBe(0);
    expect(exp(1e-30)).toBe(1);
    // Subnormal results (k < -1021): e^-740 = 4.2e-322.
    expect(exp(-740) / 4.2e-322).toBeCloseTo(1, 2);
  });
  it('is within 1 ulp of Math.exp over the range a share of value uses (property, seeded)', () => {
    fc.assert(
      fc.property(fc.double({ min: -700, max: 700, noNaN: true }), (x) => {
        const a = exp(x),
          b = Math.exp(x);
        expect(Math.abs(a - b)).toBeLessThanOrEqual(Math.abs(b) * 2.3e-16);
      }),
      { seed: 42, numRuns: 5000 },
    );
  });
});
