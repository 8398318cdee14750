import { describe, it, expect } from 'vitest';
import { ProgressRate, splitDuration } from '../../src/core/progressRate.ts';

describe('ProgressRate', () => {
  it('gives rows per second and the time left of a steady stage, from hand-computed reports', () => {
    const r = new ProgressRate();
    // 0 rows at t = 0; 200,000 rows (20%) at t = 2 s: 100,000 rows/s, 80% left at 10%/s = 8 s.
    expect(r.update('parse', 0, 0, 0)).toEqual({ rowsPerSecond: null, remainingMs: null });
    expect(r.update('parse', 0.2, 200_000, 2000)).toEqual({ rowsPerSecond: 100_000, remainingMs: 8000 });
    // 500,000 at 4 s: 125,000 rows/s; 50% done in 4 s, 50% left = 4 s.
    expect(r.update('parse', 0.5, 500_000, 4000)).toEqual({ rowsPerSecond: 125_000, remainingMs: 4000 });
  });

  it('says nothing in the first second or before 2% of the stage, and nothing left at the end', () => {
    const r = new ProgressRate();
    r.update('parse', 0, 0, 0);
    expect(r.update('parse', 0.3, 300, 900)).toEqual({ rowsPerSecond: null, remainingMs: null });
    expect(r.update('parse', 0.01, 10, 5000).remainingMs).toBeNull();
    expect(r.update('parse', 1, 1000, 6000).remainingMs).toBeNull();
  });

  it('starts again on a new stage, measuring from where that stage began', () => {
    const r = new ProgressRate();
    r.update('parse', 0, 0, 0);
    r.update('parse', 0.6, 600_000, 3000);
    // Measuring starts at 60% of the whole job at t = 10 s, with no row counts.
    expect(r.update('measure', 0.6, undefined, 10_000)).toEqual({ rowsPerSecond: null, remainingMs: null });
    // 20 points of the job in 2 s: the remaining 20 points take 2 s more.
    const v = r.update('measure', 0.8, undefined, 12_000);
    expect(v.rowsPerSecond).toBeNull();
    expect(v.remainingMs).toBeCloseTo(2000, 6);
  });

  it('starts again when the fraction goes back (a job started anew)', () => {
    const r = new ProgressRate();
    r.update('parse', 0, 0, 0);
    r.update('parse', 0.5, 50, 5000);
    expect(r.update('parse', 0.1, 10, 6000)).toEqual({ rowsPerSecond: null, remainingMs: null });
    const v = r.update('parse', 0.3, 30, 8000);
    expect(v.rowsPerSecond).toBe(10);
    expect(v.remainingMs).toBeCloseTo(7000, 6);
  });
});

describe('splitDuration', () => {
  it('rounds to whole seconds, at least one, and splits minutes', () => {
    expect(splitDuration(200)).toEqual({ minutes: 0, seconds: 1 });
    expect(splitDuration(59_400)).toEqual({ minutes: 0, seconds: 59 });
    expect(splitDuration(125_000)).toEqual({ minutes: 2, seconds: 5 });
  });
});
