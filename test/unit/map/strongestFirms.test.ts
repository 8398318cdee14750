import { describe, it, expect } from 'vitest';
import { strongestFirms } from '../../../src/core/map/strongestFirms.ts';

const row = (segment: string, firm: string, shareOfValue: number) => ({ segment, firm, shareOfValue });

describe('strongestFirms(rows)', () => {
  it('names the firm with the largest share of value in each segment', () => {
    const rows = [row('S1', 'A', 0.2), row('S1', 'B', 0.5), row('S1', 'C', 0.3), row('S2', 'A', 0.7), row('S2', 'B', 0.1), row('S2', 'C', 0.2)];
    expect(strongestFirms(rows)).toEqual(
      new Map([
        ['S1', 'B'],
        ['S2', 'A'],
      ]),
    );
  });

  it('skips undefined shares, gives a segment without any share no firm, and keeps the first of an exact tie', () => {
    const rows = [row('S1', 'A', NaN), row('S1', 'B', 0.4), row('S1', 'C', 0.4), row('S2', 'A', NaN), row('S2', 'B', NaN)];
    expect(strongestFirms(rows)).toEqual(new Map([['S1', 'B']]));
  });

  it('gives the same answer whatever the order of the firms within a segment, when shares differ', () => {
    const rows = [row('S1', 'A', 0.1), row('S1', 'B', 0.6), row('S1', 'C', 0.3)];
    expect(strongestFirms([...rows].reverse())).toEqual(strongestFirms(rows));
  });
});
