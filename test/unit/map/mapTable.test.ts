import { describe, expect, it } from 'vitest';
import { mapTable } from '../../../src/core/map/mapTable.ts';

describe('mapTable: the map as a table', () => {
  it('gives each firm its figure and distance, the strongest and nearest firm, and the pairs the map keeps in order', () => {
    // S1 at the origin; A at distance 1, B at 2, C at 3 (3-4-5 triangle for C).
    const points = [
      { kind: 'segment', label: 'S1', x: 0, y: 0 },
      { kind: 'segment', label: 'S2', x: 10, y: 0 },
      { kind: 'firm', label: 'A', x: 1, y: 0 },
      { kind: 'firm', label: 'B', x: 0, y: 2 },
      { kind: 'firm', label: 'C', x: 3, y: 4 },
    ];
    // S1: A 0.5 > B 0.3 > C 0.2, which the distances 1 < 2 < 5 keep (3 of 3 pairs).
    // S2 (at x 10): distances A 9, B ~10.2, C ~8.06; figures A 0.2, B 0.2 (a tie: no pair), C 0.6.
    const rows = mapTable(points, ['A', 'B', 'C'], ['S1', 'S2'], [0.5, 0.3, 0.2, 0.2, 0.2, 0.6]);
    expect(rows[0]).toMatchObject({ segment: 'S1', strongest: 'A', nearest: 'A', pairs: 3, pairsKept: 3 });
    expect(rows[0].distances).toEqual([1, 2, 5]);
    expect(rows[1]).toMatchObject({ strongest: 'C', nearest: 'C', pairs: 2, pairsKept: 2 });
    // A map that swaps A and C for S1 reverses all three pairs.
    const swapped = mapTable(points.map((p) => (p.label === 'A' ? { ...p, x: 3, y: 4 } : p.label === 'C' ? { ...p, x: 1, y: 0 } : p)), ['A', 'B', 'C'], ['S1'], [0.5, 0.3, 0.2]);
    expect(swapped[0]).toMatchObject({ strongest: 'A', nearest: 'C', pairs: 3, pairsKept: 0 });
    // An undefined figure leaves its pairs out; a missing point has no distance.
    const gaps = mapTable(points.filter((p) => p.label !== 'B'), ['A', 'B', 'C'], ['S1'], [0.5, NaN, 0.2]);
    expect(gaps[0]).toMatchObject({ strongest: 'A', nearest: 'A', pairs: 1, pairsKept: 1 });
    expect(Number.isNaN(gaps[0].distances[1])).toBe(true);
  });
});
