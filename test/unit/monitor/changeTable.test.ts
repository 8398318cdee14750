import { describe, it, expect } from 'vitest';
import { changeTable, type WaveShares } from '../../../src/core/monitor/changeTable.ts';
import { percentile } from '../../../src/core/drivers/bootstrap.ts';
import { expectClose } from '../helpers.ts';

/** One segment, one firm, B replicates given by hand. */
const wave = (label: string, sov: number, reps: number[]): WaveShares => ({ wave: label, sov: Float64Array.of(sov), replicates: Float64Array.from(reps) });

describe('changeTable', () => {
  it('changeTable(waves) gives each share its percentile interval and each change the interval of replicate differences (same index)', () => {
    const reps1 = Array.from({ length: 41 }, (_, b) => 0.2 + 0.001 * b);
    const reps2 = Array.from({ length: 41 }, (_, b) => 0.3 + 0.002 * ((b * 7) % 41));
    const rows = changeTable([wave('A', 0.22, reps1), wave('B', 0.33, reps2)], ['S'], ['f']);
    expect(rows.map((r) => r.wave)).toEqual(['A', 'B']);
    const [a, b] = rows;
    expectClose(a.low, percentile(reps1, 0.025));
    expectClose(a.high, percentile(reps1, 0.975));
    expect(a.changePrev).toBeNaN();
    expect(a.changeFirst).toBeNaN();
    expect(a.significantPrev).toBeNull();
    expect(a.significantFirst).toBeNull();
    expectClose(b.changePrev, 0.11);
    const diffs = reps2.map((v, k) => v - reps1[k]).sort((x, y) => x - y);
    expectClose(b.changePrevLow, percentile(diffs, 0.025));
    expectClose(b.changePrevHigh, percentile(diffs, 0.975));
    expect(b.significantPrev).toBe(true);
    // With two waves the previous wave is the first.
    expect([b.changeFirst, b.changeFirstLow, b.changeFirstHigh, b.significantFirst]).toEqual([b.changePrev, b.changePrevLow, b.changePrevHigh, b.significantPrev]);
  });

  it('changeTable: a change whose interval holds 0 is not significant; a loss that excludes 0 is', () => {
    const flat = Array.from({ length: 20 }, (_, b) => 0.5 + 0.01 * (b - 10));
    const rows = changeTable([wave('1', 0.5, flat), wave('2', 0.5, [...flat].reverse()), wave('3', 0.2, flat.map((v) => v - 0.3))], ['S'], ['f']);
    expect(rows[1].significantPrev).toBe(false);
    expect(rows[2].significantPrev).toBe(true);
    expect(rows[2].changePrevHigh).toBeLessThan(0);
    expect(rows[2].significantFirst).toBe(true);
    expectClose(rows[2].changeFirst, -0.3);
  });

  it('changeTable: an undefined share (absent firm, empty segment) is blank with blank changes, never a crash', () => {
    const reps = [0.1, 0.2, 0.3];
    const rows = changeTable([wave('1', 0.2, reps), wave('2', NaN, [NaN, NaN, NaN]), wave('3', 0.25, reps)], ['S'], ['f']);
    expect([rows[1].shareOfValue, rows[1].low, rows[1].high, rows[1].changePrev, rows[1].changeFirst]).toEqual([NaN, NaN, NaN, NaN, NaN]);
    expect(rows[1].significantPrev).toBeNull();
    expect(rows[2].changePrev).toBeNaN();
    expect(rows[2].significantPrev).toBeNull();
    expectClose(rows[2].changeFirst, 0.05);
    expect(rows[2].significantFirst).toBe(false);
  });

  it('changeTable without replicates gives estimates and changes but no intervals and no significance', () => {
    const rows = changeTable([wave('1', 0.2, []), wave('2', 0.4, [])], ['S'], ['f']);
    expectClose(rows[1].changePrev, 0.2);
    expect(rows[1].low).toBeNaN();
    expect(rows[1].significantPrev).toBeNull();
  });

  it('changeTable orders rows wave-major, then segment, then firm', () => {
    const w = (label: string): WaveShares => ({ wave: label, sov: Float64Array.of(0.1, 0.9, 0.6, 0.4), replicates: new Float64Array(0) });
    const rows = changeTable([w('1'), w('2')], ['S1', 'S2'], ['a', 'b']);
    expect(rows.map((r) => `${r.wave}/${r.segment}/${r.firm}`)).toEqual(['1/S1/a', '1/S1/b', '1/S2/a', '1/S2/b', '2/S1/a', '2/S1/b', '2/S2/a', '2/S2/b']);
  });
});
