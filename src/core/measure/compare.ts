import type { MeasureResult } from './measure.ts';
import type { SegmentFirm } from './segments.ts';

/** The figures of SegmentFirm that two measurements are compared on. */
export type ComparedMetric = 'shareOfValue' | 'relativeValue' | 'familiarityRate' | 'shareOfWallet';

export interface CellComparison {
  a: number;
  b: number;
  /** b - a; NaN when either is undefined. */
  diff: number;
}

/**
 * Two measurements of one survey side by side (Measure view): for every segment and firm they share,
 * by label, the figure in each and the difference b - a. Segments or firms in only one of them are
 * listed, so a comparison of two waves says what one of them lacks.
 */
export function compareMeasurements(
  a: Pick<MeasureResult, 'rows' | 'segments' | 'firms'>,
  b: Pick<MeasureResult, 'rows' | 'segments' | 'firms'>,
  metric: ComparedMetric,
): { cells: Map<string, CellComparison>; onlyA: string[]; onlyB: string[] } {
  const key = (r: Pick<SegmentFirm, 'segment' | 'firm'>) => `${r.segment}\u0000${r.firm}`;
  const inB = new Map(b.rows.map((r) => [key(r), r]));
  const cells = new Map<string, CellComparison>();
  for (const ra of a.rows) {
    const rb = inB.get(key(ra));
    if (!rb) continue;
    const x = ra[metric],
      y = rb[metric];
    cells.set(key(ra), { a: x, b: y, diff: Number.isFinite(x) && Number.isFinite(y) ? y - x : NaN });
  }
  const labels = (m: typeof a) => [...m.segments.map((s) => `segment ${s.label}`), ...m.firms.map((f) => `firm ${f}`)];
  const la = new Set(labels(a)),
    lb = new Set(labels(b));
  return { cells, onlyA: [...la].filter((x) => !lb.has(x)), onlyB: [...lb].filter((x) => !la.has(x)) };
}

/** The cell key compareMeasurements uses. */
export const cellKey = (segment: string, firm: string) => `${segment}\u0000${firm}`;
