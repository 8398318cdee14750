// calibrateBeta (sampled grid + Newton on the analytic derivatives) against the former full-grid
// golden-section calibration and against finite differences: the same beta to METHOD's 1e-6, or
// a fit at least as good, on random wallet data small and large.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { calibrateBeta, calibrateBetaByScan, GRID_SAMPLE, walletSse, walletSseDerivatives, type WalletPairs } from '../../../src/core/measure/shareOfValue.ts';
import { rng } from '../../../src/core/random.ts';

/** Respondents with 1..5 considered firms; observed shares from a logit at `truth` plus noise, or pure noise. */
function pairs(seed: number, respondents: number, truth: number, noise: number): WalletPairs {
  const r = rng(seed);
  const start = [0];
  const value: number[] = [];
  const observed: number[] = [];
  for (let i = 0; i < respondents; i++) {
    const k = 1 + Math.floor(r() * 5);
    const v = Array.from({ length: k }, () => -3 * r());
    const max = Math.max(...v);
    const e = v.map((x) => Math.exp(truth * (x - max)));
    const sum = e.reduce((a, b) => a + b, 0);
    const o = e.map((x) => Math.max(0, (1 - noise) * (x / sum) + noise * r()));
    const total = o.reduce((a, b) => a + b, 0) || 1;
    v.forEach((x, j) => {
      value.push(x - max);
      observed.push(o[j] / total);
    });
    start.push(value.length);
  }
  return { start: Int32Array.from(start), value: Float64Array.from(value), observed: Float64Array.from(observed) };
}

function agree(p: WalletPairs) {
  const fast = calibrateBeta(p, 0, 50)!;
  const ref = calibrateBetaByScan(p, 0, 50)!;
  const sseFast = walletSse(p, fast.beta);
  const sseRef = walletSse(p, ref.beta);
  // Never a worse fit; the same beta to 1e-6 unless SSE is flat there to rounding (beta near 50 with near-0/1 shares).
  expect(sseFast).toBeLessThanOrEqual(sseRef + 1e-12 * Math.max(1, sseRef));
  if (Math.abs(sseFast - sseRef) > 1e-13 * Math.max(1, sseRef)) expect(Math.abs(fast.beta - ref.beta)).toBeLessThanOrEqual(1e-6);
  return { fast, ref };
}

describe('calibrateBeta', () => {
  it('has the derivatives of SSE: first and second match central finite differences', () => {
    const p = pairs(3, 400, 4, 0.3);
    for (const b of [0, 0.7, 3, 9.5, 30]) {
      const h = 1e-4;
      const d = walletSseDerivatives(p, b);
      expect(d.sse).toBeCloseTo(walletSse(p, b), 10);
      const fd1 = (walletSse(p, b + h) - walletSse(p, b - h)) / (2 * h);
      const fd2 = (walletSse(p, b + h) - 2 * walletSse(p, b) + walletSse(p, b - h)) / (h * h);
      expect(Math.abs(d.d1 - fd1)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd1)));
      expect(Math.abs(d.d2 - fd2)).toBeLessThan(1e-3 * Math.max(1, Math.abs(fd2)));
    }
  });

  it('finds the full scan’s minimum to 1e-6 on random small wallet data (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 300 }), fc.double({ min: 0, max: 40, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (seed, n, truth, noise) => {
        agree(pairs(seed, n, truth, noise));
      }),
      { numRuns: 150, seed: 20261201 },
    );
  });

  it(`finds it on every respondent when the grid ran on a sample (more than ${GRID_SAMPLE.toLocaleString('en')} respondents)`, () => {
    for (const [seed, truth, noise] of [
      [1, 6, 0.2],
      [2, 0.5, 0.6],
      [3, 35, 0.05],
      [4, 12, 1],
    ] as const) {
      const { fast, ref } = agree(pairs(seed, 3 * GRID_SAMPLE + 17, truth, noise));
      expect(fast.respondents).toBe(ref.respondents);
    }
  });

  it('puts the minimum on a bound when SSE only falls towards it', () => {
    // Observed shares all on the lower-valued firm: share of value fits best at beta = 0.
    const p: WalletPairs = { start: Int32Array.from([0, 2, 4]), value: Float64Array.from([0, -1, 0, -2]), observed: Float64Array.from([0, 1, 0, 1]) };
    expect(calibrateBeta(p, 0, 50)!.beta).toBe(0);
    // All on the best firm: the fit improves up to the upper bound.
    const q: WalletPairs = { start: Int32Array.from([0, 2]), value: Float64Array.from([0, -1]), observed: Float64Array.from([1, 0]) };
    expect(calibrateBeta(q, 0, 50)!.beta).toBe(50);
  });
});
