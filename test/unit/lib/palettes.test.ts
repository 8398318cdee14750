import { describe, expect, it } from 'vitest';
import { FIRM_COLOURS, POINTS_COLOURS, TIER_COLOURS } from '../../../src/lib/palettes.ts';
import { leastDistance, simulateCvd } from './cvd.ts';

describe('palettes that survive colour blindness', () => {
  it('simulates a deficiency as Machado et al. (2009): grey stays grey, red and green meet for a deuteranope', () => {
    const grey = simulateCvd('#808080', 'deuteranopia');
    expect(grey[1]).toBeCloseTo(0, 0);
    expect(grey[2]).toBeCloseTo(0, 0);
    // The pair the old firm palette (d3's Tableau10) used for two firms: nearly one colour.
    expect(leastDistance(['#e15759', '#59a14f'], 'deuteranopia')).toBeLessThan(2);
    expect(leastDistance(['#e15759', '#59a14f'], null)).toBeGreaterThan(50);
  });

  it.each([
    ['firms', FIRM_COLOURS, 15],
    ['value tiers', TIER_COLOURS, 20],
    ['score classes', POINTS_COLOURS, 15],
  ] as const)('keeps every two %s colours apart (CIE76 above %i) for normal vision and each deficiency', (_name, palette, least) => {
    for (const cvd of [null, 'protanopia', 'deuteranopia', 'tritanopia'] as const) expect(leastDistance(palette, cvd)).toBeGreaterThan(least);
  });
});
