import { describe, it, expect } from 'vitest';
import type { DriverModel, DriverNeed, IpaRow, Quadrant } from '../../../src/core/drivers/drivers.ts';
import { GRID_POINT_R, barMax, bumpNeed, driverBars, gridLayout, methodDifferences } from '../../../src/lib/driversChart.ts';
import { totalOverlap } from '../../../src/core/map/labels.ts';
import { expectClose } from '../helpers.ts';

const need = (name: string, share: number, stated: number, extra: Partial<DriverNeed> = {}): DriverNeed => ({
  need: name,
  raw: share / 200,
  share,
  shareLow: share - 3,
  shareHigh: share + 4,
  stated,
  statedRank: NaN,
  derivedRank: NaN,
  flag: null,
  ...extra,
});

function model(needs: DriverNeed[], alternative: number[] | null = null, fitted = true): DriverModel {
  return {
    segment: 'S1',
    firm: 'A',
    target: 'overall:A',
    respondents: 100,
    rows: 100,
    fitted,
    code: fitted ? null : 'too-few',
    reason: fitted ? null : '12 complete respondents',
    faultNeeds: [],
    r2: fitted ? 0.5 : NaN,
    needs,
    replicatesUsed: 200,
    alternative: alternative ? { method: 'shapley', raw: Float64Array.from(alternative, (v) => v / 200), share: Float64Array.from(alternative) } : null,
  };
}

describe('driverBars(model)', () => {
  it('orders the needs by derived share, largest first, an undefined share last', () => {
    const bars = driverBars(model([need('quality', 20, 0.5), need('price', 50, 0.9), need('delivery', NaN, 0.1), need('service', 30, 0.5)]));
    expect(bars.map((b) => b.need)).toEqual(['price', 'service', 'quality', 'delivery']);
  });

  it('scales stated importance to sum to 100 (ranks kept), so it shares the bars\u2019 axis', () => {
    const bars = driverBars(model([need('quality', 40, 0.2), need('price', 60, 0.6)]));
    expectClose(bars[0].stated, 75);
    expectClose(bars[1].stated, 25);
    expectClose(
      bars.reduce((a, b) => a + b.stated, 0),
      100,
    );
  });

  it('leaves a stated importance nobody gave undefined, and scales the rest over the needs that have one', () => {
    const bars = driverBars(model([need('quality', 40, NaN), need('price', 60, 0.5)]));
    expect(bars.map((b) => b.stated)).toEqual([100, NaN]);
  });
});

describe('barMax(bars)', () => {
  it('is the next multiple of 10 at or above every share, interval end and stated value, and at least 10', () => {
    expect(barMax(driverBars(model([need('quality', 41, 0.5), need('price', 20, 0.5)])))).toBe(50); // 41 + 4 = 45
    expect(barMax(driverBars(model([need('quality', 2, 0.5)], null)).map((b) => ({ ...b, stated: 3 })))).toBe(10);
    expect(barMax([])).toBe(10);
  });
});

describe('methodDifferences(model, points)', () => {
  it('names the needs where the other method\u2019s share is more than 5 points away, largest difference first', () => {
    const m = model([need('quality', 40, 0.5), need('price', 30, 0.5), need('delivery', 30, 0.5)], [33, 40, 27]);
    expect(methodDifferences(m)).toEqual([
      { need: 'price', share: 30, other: 40 },
      { need: 'quality', share: 40, other: 33 },
    ]);
    expect(methodDifferences(m, 8)).toEqual([{ need: 'price', share: 30, other: 40 }]);
  });

  it('is empty without the other method or when the model is not fitted', () => {
    expect(methodDifferences(model([need('quality', 40, 0.5)]))).toEqual([]);
    expect(methodDifferences(model([need('quality', NaN, 0.5)], [10], false))).toEqual([]);
  });
});

describe('bumpNeed(points, need)', () => {
  it('adds one point to the need, keeps the others, and stops at the slider\u2019s end', () => {
    expect(bumpNeed({ quality: 2 }, 'price')).toEqual({ quality: 2, price: 1 });
    expect(bumpNeed({ price: 1.5 }, 'price')).toEqual({ price: 2.5 });
    expect(bumpNeed({ price: 2.5 }, 'price')).toEqual({ price: 3 });
  });
});

const names: Record<Quadrant, string> = { 'fix-first': 'Fix first', keep: 'Keep', 'dont-overspend': 'Don\u2019t overspend', watch: 'Watch' };
const row = (n: string, share: number, gap: number, quadrant: Quadrant | null): IpaRow => ({ segment: 'S1', firm: 'A', need: n, competitor: 'B', share, gap, quadrant });

describe('gridLayout(rows, names, frame)', () => {
  const rows = [row('quality', 30, -0.1, 'fix-first'), row('price', 40, 0.05, 'keep'), row('delivery', 10, -0.02, 'watch'), row('service', 20, 0.2, 'dont-overspend')];
  const g = gridLayout(rows, names, { width: 560, height: 420 });

  it('puts gap 0 in the middle and the horizontal crosshair at the mean share (100 / needs)', () => {
    expectClose(g.zeroX, (g.inner.x0 + g.inner.x1) / 2);
    expect(g.meanShare).toBe(25);
    const zero = g.yTicks.find((t) => t.value === 0)!;
    expectClose(g.inner.y1, zero.y);
    expect(g.meanY).toBeLessThan(g.inner.y1);
    expect(g.meanY).toBeGreaterThan(g.inner.y0);
  });

  it('draws each need in the quadrant the core gave it: fix first up-left, keep up-right, watch down-left, don\u2019t overspend down-right', () => {
    for (const p of g.points) {
      const left = p.x < g.zeroX,
        up = p.y < g.meanY;
      const q: Quadrant = up ? (left ? 'fix-first' : 'keep') : left ? 'watch' : 'dont-overspend';
      expect(q, p.need).toBe(p.quadrant);
    }
    expect(g.quadrants.map((q) => q.text)).toEqual(['Fix first', 'Keep', 'Watch', 'Don\u2019t overspend']);
  });

  it('keeps every point and label inside the plotting area, labels apart from each other and from the quadrant names', () => {
    const crowded = ['quality', 'price', 'delivery', 'service', 'support', 'innovation', 'reliability', 'sustainability'].map((n, i) => row(n, 12 + (i % 3), -0.01 + i * 0.003, 'watch'));
    const c = gridLayout(crowded, names, { width: 560, height: 420 });
    for (const p of c.points) {
      expect(p.x).toBeGreaterThanOrEqual(c.inner.x0 + GRID_POINT_R);
      expect(p.x).toBeLessThanOrEqual(c.inner.x1 - GRID_POINT_R);
      expect(p.label.x).toBeGreaterThanOrEqual(c.inner.x0);
      expect(p.label.x + p.label.width).toBeLessThanOrEqual(c.inner.x1);
      expect(p.label.y).toBeGreaterThanOrEqual(c.inner.y0);
      expect(p.label.y + p.label.height).toBeLessThanOrEqual(c.inner.y1);
    }
    expect(totalOverlap(c.points.map((p) => p.label))).toBe(0);
    for (const p of c.points) for (const q of c.quadrants) expect(totalOverlap([p.label, q.box]), `${p.need} and ${q.text}`).toBe(0);
  });

  it('leaves out a need without a quadrant (no model or no competitor), never drawing NaN', () => {
    const l = gridLayout([...rows, row('support', NaN, 0.1, null)], names, { width: 560, height: 420 });
    expect(l.points.map((p) => p.need)).toEqual(['quality', 'price', 'delivery', 'service']);
    for (const p of l.points) expect(Number.isFinite(p.x) && Number.isFinite(p.y) && Number.isFinite(p.label.x)).toBe(true);
  });
});
