import { describe, it, expect } from 'vitest';
import { customerPoints, pointsInBox, selectionCsv } from '../../../src/lib/customerPoints.ts';
import { nearestInGrid, pointGrid } from '../../../src/core/map/pointGrid.ts';
import { affineOf } from '../../../src/core/map/zoom.ts';

const segments = [
  { x: 0, y: 0 },
  { x: 10, y: 0 },
];

describe('customerPoints(sample, segmentXy, halfWidth)', () => {
  it('places a sure customer at its segment and an uncertain one between segments, within the scatter', () => {
    const sample = { prob: Float32Array.from([1, 0, 0.5, 0.5]), revenue: Float64Array.from([100, 5]), respondents: ['', ''] };
    const p = customerPoints(sample, segments, 10);
    // Scatter radius is 3% of the half-width: 0.3.
    expect(Math.hypot(p.xy[0] - 0, p.xy[1] - 0)).toBeLessThanOrEqual(0.3 + 1e-6);
    expect(Math.hypot(p.xy[2] - 5, p.xy[3] - 0)).toBeLessThanOrEqual(0.3 + 1e-6);
    expect(p.linked).toBe(0);
    expect(customerPoints(sample, segments, 10).xy).toEqual(p.xy); // seeded
  });

  it("puts a survey-linked customer at its respondent's own position", () => {
    const sample = { prob: Float32Array.from([1, 0]), revenue: Float64Array.from([1]), respondents: ['R7'] };
    const p = customerPoints(sample, segments, 10, { row: (id) => (id === 'R7' ? 1 : undefined), xy: [0, 0, 3, 4] });
    expect([p.xy[0], p.xy[1]]).toEqual([3, 4]);
    expect(p.linked).toBe(1);
  });

  it('sizes dots by revenue quantile', () => {
    const revenue = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    const p = customerPoints({ prob: new Float32Array(200).fill(0.5), revenue, respondents: Array(100).fill('') }, segments, 10);
    expect([p.radii[0], p.radii[60], p.radii[95], p.radii[99]]).toEqual([1, 2, 3, 4]);
  });
});

describe('screen picking', () => {
  const base = (x: number, y: number): [number, number] => [100 + 10 * x, 100 - 10 * y];
  const xy = Float32Array.from([0, 0, 1, 1, 5, 5]);
  const t = affineOf(base, { k: 2, x: 0, y: 0 });

  it('the hover index finds the point under the pointer within the radius, else -1', () => {
    expect(nearestInGrid(pointGrid(xy), t, 220, 180)).toBe(1); // point (1, 1) at screen (220, 180)
    expect(nearestInGrid(pointGrid(xy), t, 400, 400)).toBe(-1);
  });

  it('pointsInBox lists the points inside a box drawn in any direction', () => {
    expect(pointsInBox(xy, t, { x0: 230, y0: 170, x1: 190, y1: 210 }).sort()).toEqual([0, 1]);
  });
});

describe('selectionCsv(sample, selection)', () => {
  it('writes id, revenue, tier, most likely segment and probability, defusing formula-like ids', () => {
    const csv = selectionCsv({ ids: ['C1', '=cmd'], revenue: Float64Array.from([10, 20]), prob: Float32Array.from([0.25, 0.75, 0.5, 0.5]), tier: [0, 3], segments: ['S1', 'S2'] }, [1, 0]);
    expect(csv.trim().split('\n')).toEqual(['customer_id,revenue_12m,value_tier,most_likely_segment,probability', "'=cmd,20,rest 80%,S1,0.5", 'C1,10,top 1%,S2,0.75']);
  });
});
