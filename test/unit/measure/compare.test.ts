import { describe, expect, it } from 'vitest';
import { cellKey, compareMeasurements } from '../../../src/core/measure/compare.ts';
import type { SegmentFirm } from '../../../src/core/measure/segments.ts';

const row = (segment: string, firm: string, shareOfValue: number): SegmentFirm =>
  ({ segment, firm, shareOfValue, size: 1, familiarityRate: NaN, meanValue: NaN, relativeValue: NaN, shareOfWallet: NaN, marketValue: NaN, opportunity: NaN }) as SegmentFirm;
const seg = (label: string) => ({ label, respondents: 1, size: 1, marketValue: 1, emptyConsideration: 0 });

describe('compareMeasurements(a, b, metric)', () => {
  it('gives each shared cell both figures and b - a, and names what only one measurement has', () => {
    const a = { firms: ['A', 'B'], segments: [seg('S1'), seg('S2')], rows: [row('S1', 'A', 0.6), row('S1', 'B', 0.4), row('S2', 'A', 0.3), row('S2', 'B', 0.7)] };
    const b = { firms: ['A', 'B'], segments: [seg('S1'), seg('S3')], rows: [row('S1', 'A', 0.5), row('S1', 'B', 0.5), row('S3', 'A', 0.2), row('S3', 'B', 0.8)] };
    const c = compareMeasurements(a, b, 'shareOfValue');
    expect(c.cells.size).toBe(2);
    const s1a = c.cells.get(cellKey('S1', 'A'))!;
    expect(s1a.a).toBe(0.6);
    expect(s1a.b).toBe(0.5);
    expect(s1a.diff).toBeCloseTo(-0.1, 12);
    expect(c.onlyA).toEqual(['segment S2']);
    expect(c.onlyB).toEqual(['segment S3']);
  });
  it('gives NaN, never a number, where either figure is undefined', () => {
    const a = { firms: ['A'], segments: [seg('S1')], rows: [row('S1', 'A', NaN)] };
    const b = { firms: ['A'], segments: [seg('S1')], rows: [row('S1', 'A', 0.5)] };
    expect(compareMeasurements(a, b, 'shareOfValue').cells.get(cellKey('S1', 'A'))!.diff).toBeNaN();
  });
});
