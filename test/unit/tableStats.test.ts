// columnStats, the mapping step's summary of a column: distinct numbers counted whether they are
// small whole numbers (counted in an array) or anything else (in a map), and given up past 100.
import { describe, expect, it } from 'vitest';
import { BLANK, columnStats, type RawColumn } from '../../src/core/table.ts';

const column = (num: number[], text: (string | null)[] = []): RawColumn => {
  const labels = [...new Set(text.filter((t): t is string => t !== null))];
  return {
    name: 'c',
    num: Float64Array.from(num),
    code: text.length ? Int32Array.from(text, (t) => (t === null ? BLANK : labels.indexOf(t))) : null,
    labels,
  };
};

describe('columnStats', () => {
  it('counts each distinct number, small integers, -0, codes like 99 and -1025, and fractions alike, ascending', () => {
    const c = column([5, 3, 5, -0, 0, 99, -1025, 2.5, 2.5, 1e6, NaN]);
    const s = columnStats(c, 11);
    expect(s.values).toEqual([
      { value: -1025, count: 1 },
      { value: 0, count: 2 },
      { value: 2.5, count: 2 },
      { value: 3, count: 1 },
      { value: 5, count: 2 },
      { value: 99, count: 1 },
      { value: 1e6, count: 1 },
    ]);
    expect([s.numeric, s.blank, s.min, s.max, s.integers]).toEqual([10, 1, -1025, 1e6, false]);
  });

  it('gives up the distinct numbers past 100, whichever way they were counted, and counts text labels', () => {
    expect(columnStats(column(Array.from({ length: 101 }, (_, i) => i)), 101).values).toBeNull();
    expect(columnStats(column(Array.from({ length: 100 }, (_, i) => i)), 100).values).toHaveLength(100);
    expect(columnStats(column([...Array.from({ length: 60 }, (_, i) => i), ...Array.from({ length: 41 }, (_, i) => i + 0.5)]), 101).values).toBeNull();
    const t = columnStats(column([NaN, NaN, NaN, 1], ['x', 'y', 'x', null]), 4);
    expect(t.labels).toEqual([
      { label: 'x', count: 2 },
      { label: 'y', count: 1 },
    ]);
    expect([t.text, t.numeric, t.blank, t.integers]).toEqual([3, 1, 0, true]);
  });
});
