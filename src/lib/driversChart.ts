/**
 * What the Drivers view draws, computed from a model and its importance-performance rows: the bars
 * in order with their scale, the needs where the two methods part, and the grid's points, crosshairs,
 * quadrant names and labels in screen pixels. Pure, so the layout is tested without a browser.
 */
import { scaleLinear } from 'd3-scale';
import type { DriverModel, IpaRow, Quadrant, DriverNeed } from '../core/drivers/drivers.ts';
import { placeLabels, type LabelBox, type LabelInput } from '../core/map/labels.ts';
import { estimateWidth } from '../core/map/mapLayout.ts';

/** Shares of the two methods further apart than this (percentage points of R^2) are named on screen. */
export const METHOD_GAP_POINTS = 5;

/** A bar of the chart: the core's figures for a need, stated importance put on the shares' axis. */
export interface DriverBar extends Omit<DriverNeed, 'raw' | 'stated'> {
  /** Stated importance scaled so the needs' values sum to 100, on the same axis as the shares; NaN when undefined. */
  stated: number;
}

/**
 * The needs of a model as bars, largest derived share first (undefined shares last, in survey order).
 * Stated importance is rescaled to sum to 100 over the needs that have it: ranks are kept, and a
 * reader can set it beside the shares, which also sum to 100.
 */
export function driverBars(model: DriverModel): DriverBar[] {
  let total = 0;
  for (const n of model.needs) if (Number.isFinite(n.stated)) total += n.stated;
  const bars = model.needs.map((n) => ({
    need: n.need,
    share: n.share,
    shareLow: n.shareLow,
    shareHigh: n.shareHigh,
    stated: Number.isFinite(n.stated) && total > 0 ? (n.stated / total) * 100 : NaN,
    statedRank: n.statedRank,
    derivedRank: n.derivedRank,
    flag: n.flag,
  }));
  const key = (v: number) => (Number.isFinite(v) ? v : -Infinity);
  return bars.map((b, i) => ({ b, i })).sort((p, q) => key(q.b.share) - key(p.b.share) || p.i - q.i).map((p) => p.b);
}

/** Upper end of the bar axis: a round number at or above every share, interval end and stated value (at least 10). */
export function barMax(bars: DriverBar[]): number {
  let m = 10;
  for (const b of bars) for (const v of [b.share, b.shareHigh, b.stated]) if (Number.isFinite(v) && v > m) m = v;
  return Math.ceil(m / 10) * 10;
}

/** Needs whose share under the other method differs by more than `points`, largest difference first. */
export function methodDifferences(model: DriverModel, points = METHOD_GAP_POINTS): { need: string; share: number; other: number }[] {
  const alt = model.alternative;
  if (!model.fitted || !alt) return [];
  return model.needs
    .map((n, j) => ({ need: n.need, share: n.share, other: alt.share[j] }))
    .filter((d) => Number.isFinite(d.share) && Number.isFinite(d.other) && Math.abs(d.share - d.other) > points)
    .sort((a, b) => Math.abs(b.share - b.other) - Math.abs(a.share - a.other));
}

/** A need's what-if points after one more step up, held to the slider's range; the other needs kept. */
export function bumpNeed(points: Record<string, number>, need: string, step = 1, max = 3): Record<string, number> {
  return { ...points, [need]: Math.min(max, (points[need] ?? 0) + step) };
}

export interface GridFrame {
  width: number;
  height: number;
  /** Space for the axes' ticks and titles, in pixels. */
  margin?: { top: number; right: number; bottom: number; left: number };
  fontSize?: number;
}

export interface GridPoint {
  need: string;
  quadrant: Quadrant;
  competitor: string | null;
  share: number;
  gap: number;
  x: number;
  y: number;
  label: LabelBox;
  /** A thin line from the dot to its label, when the label had to go farther than beside it. */
  leader: { x1: number; y1: number; x2: number; y2: number } | null;
}

export interface GridLayout {
  /** The plotting area, in pixels. */
  inner: { x0: number; x1: number; y0: number; y1: number };
  /** Screen position of gap 0 and of the mean share. */
  zeroX: number;
  meanY: number;
  meanShare: number;
  xTicks: { value: number; x: number }[];
  yTicks: { value: number; y: number }[];
  /** Quadrant names, each in its quadrant's outer corner, with their text anchor and the box labels keep off. */
  quadrants: { quadrant: Quadrant; text: string; x: number; y: number; anchor: 'start' | 'end'; box: LabelBox }[];
  points: GridPoint[];
}

const DEFAULT_MARGIN = { top: 14, right: 16, bottom: 44, left: 52 };
/** Radius of a need's dot, in pixels. */
export const GRID_POINT_R = 5;
/**
 * How far past the dot a label may go, in pixels: beyond the map's default, because eight needs can
 * bunch near the crosshairs and their labels then need a stack of about eight lines.
 */
const LABEL_REACH = [0, 10, 24, 40, 60, 84];
/** A label whose box is farther than this from its dot's edge gets a leader line, in pixels. */
const LEADER_AFTER = 8;

/**
 * The importance-performance grid of a firm's rows: x the gap to its best competitor (scaled x100,
 * per cent of the rating scale, symmetric about the 0 crosshair), y the derived share from 0 (the
 * horizontal crosshair at the mean share, 100 / needs). Rows without a quadrant (no model, no
 * competitor) are left out. Labels keep off one another, the dots, the crosshairs and the quadrant names.
 */
export function gridLayout(rows: IpaRow[], names: Record<Quadrant, string>, frame: GridFrame): GridLayout {
  const { width, height, fontSize = 12 } = frame;
  const m = frame.margin ?? DEFAULT_MARGIN;
  const inner = { x0: m.left, x1: width - m.right, y0: m.top, y1: height - m.bottom };
  const shown = rows.filter((r) => r.quadrant !== null && Number.isFinite(r.share) && Number.isFinite(r.gap));
  const meanShare = rows.length ? 100 / rows.length : 0;
  // Gaps in per cent of the scale; at least +-5 so a market where everyone is close is not blown up.
  const reach = Math.max(5, ...shown.map((r) => Math.abs(r.gap * 100))) * 1.1;
  const top = Math.max(meanShare * 2, ...shown.map((r) => r.share)) * 1.08;
  const sx = scaleLinear().domain([-reach, reach]).range([inner.x0, inner.x1]).nice();
  const sy = scaleLinear().domain([0, top]).range([inner.y1, inner.y0]).nice();
  const zeroX = sx(0);
  const meanY = sy(meanShare);
  const h = fontSize + 4;
  const pad = 6;
  const corner = (quadrant: Quadrant, x: number, y: number, anchor: 'start' | 'end') => {
    const text = names[quadrant];
    const width = estimateWidth(text, fontSize) + 4;
    return { quadrant, text, x, y, anchor, box: { x: anchor === 'start' ? x : x - width, y: y - fontSize, width, height: h } };
  };
  const quadrants: GridLayout['quadrants'] = [
    corner('fix-first', inner.x0 + pad, inner.y0 + pad + fontSize, 'start'),
    corner('keep', inner.x1 - pad, inner.y0 + pad + fontSize, 'end'),
    corner('watch', inner.x0 + pad, inner.y1 - pad, 'start'),
    corner('dont-overspend', inner.x1 - pad, inner.y1 - pad, 'end'),
  ];
  // Labels are placed inside the plotting area (its own coordinates), quadrant names first as fixed
  // boxes, so the needs' labels go around them.
  const fixed: LabelInput[] = quadrants.map((q) => ({ x: q.box.x - inner.x0, y: q.box.y - inner.y0, r: 0, width: q.box.width, height: h, pinned: { dx: 0, dy: 0 } }));
  const pts = shown.map((r) => ({ r, x: sx(r.gap * 100), y: sy(r.share) }));
  const items: LabelInput[] = [...fixed, ...pts.map((p) => ({ x: p.x - inner.x0, y: p.y - inner.y0, r: GRID_POINT_R, width: estimateWidth(p.r.need, fontSize) + 4, height: h }))];
  const w = inner.x1 - inner.x0,
    hh = inner.y1 - inner.y0;
  const boxes = placeLabels(items, { width: w, height: hh }, {
    reach: LABEL_REACH,
    lines: [
      { x1: zeroX - inner.x0, y1: 0, x2: zeroX - inner.x0, y2: hh },
      { x1: 0, y1: meanY - inner.y0, x2: w, y2: meanY - inner.y0 },
    ],
  });
  const points = pts.map((p, i) => {
    const b = boxes[fixed.length + i];
    const label = { ...b, x: b.x + inner.x0, y: b.y + inner.y0 };
    const nx = Math.max(label.x, Math.min(p.x, label.x + label.width)),
      ny = Math.max(label.y, Math.min(p.y, label.y + label.height));
    const far = Math.hypot(nx - p.x, ny - p.y) - GRID_POINT_R > LEADER_AFTER;
    const leader = far ? { x1: p.x, y1: p.y, x2: nx, y2: ny } : null;
    return { need: p.r.need, quadrant: p.r.quadrant!, competitor: p.r.competitor, share: p.r.share, gap: p.r.gap, x: p.x, y: p.y, label, leader };
  });
  return {
    inner,
    zeroX,
    meanY,
    meanShare,
    xTicks: sx.ticks(6).map((value) => ({ value, x: sx(value) })),
    yTicks: sy.ticks(5).map((value) => ({ value, y: sy(value) })),
    quadrants,
    points,
  };
}
