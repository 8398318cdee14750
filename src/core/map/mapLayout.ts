import type { MeasureResult } from '../measure/measure.ts';
import type { MapInfo } from '../model/surveyModel.ts';
import { placeLabels, type LabelBox, type LabelLine } from './labels.ts';
import { separateCircles } from './separateCircles.ts';
import { strongestFirms } from './strongestFirms.ts';
import { applyZoom, fitFrame, type ZoomState } from './zoom.ts';

/** Everything drawn on the map, in screen pixels: the SVG view and the SVG export both render it. */
export interface MapLayout {
  width: number;
  height: number;
  points: ScreenPoint[];
  labels: (LabelBox & { text: string; index: number })[];
  /** Need arrows; an arrow whose tip is out of the frame has no label (`null`). */
  needs: { need: string; x1: number; y1: number; x2: number; y2: number; r: number; label: LabelBox | null }[];
  links: { from: number; to: number; strength: number; rank: number }[];
  /** From each segment (or sub-group) to its strongest firm, when asked for (`showLeaders`): edge of one mark to edge of the other. */
  leaders: { from: number; to: number; x1: number; y1: number; x2: number; y2: number }[];
  /** Pixels per data unit after zoom (for ellipses and the scale bar). */
  scale: number;
}

export interface ScreenPoint {
  index: number;
  kind: 'firm' | 'segment';
  label: string;
  /** Data coordinates. */
  x: number;
  y: number;
  /** Screen coordinates of the mark as drawn. */
  sx: number;
  sy: number;
  /** Screen coordinates of the data point; a segment's mark moved off a neighbour (`moved`) is drawn elsewhere. */
  tx: number;
  ty: number;
  /** Mark radius in pixels, as drawn. */
  r: number;
  /** Drawn away from its true position (a thin line leads back to it). */
  moved: boolean;
  /** Drawn smaller than its size calls for, so as not to hide a neighbour. */
  shrunk: boolean;
  us: boolean;
  distorted: boolean;
  misplaced: boolean;
  ellipse: { rx: number; ry: number; angleDeg: number } | null;
}

export interface LayoutOptions {
  width: number;
  height: number;
  zoom: ZoomState;
  /** Label offsets the user dragged, by `kind:label`. */
  pins: Record<string, { dx: number; dy: number }>;
  selected: { kind: 'firm' | 'segment'; label: string } | null;
  showNeeds: boolean;
  showEllipses: boolean;
  /** Approximate text width in pixels (the UI measures with a canvas; tests estimate). */
  measure: (text: string) => number;
  fontSize?: number;
  /** Points that fix the frame (the market map's), so firms keep their place when zooming into a segment. */
  framePoints?: { x: number; y: number }[];
  /** Lines from each segment to its strongest firm. Default false. */
  showLeaders?: boolean;
  /** Labels of points drawn as context only (no label, faded). */
  context?: { kind: 'firm' | 'segment'; label: string; x: number; y: number; size?: number }[];
}

/** The data-to-screen function of a map drawn in a frame (before zoom). */
export function frameOf(points: { x: number; y: number }[], width: number, height: number, fontSize = 13) {
  return fitFrame(points, width, height, Math.max(60, fontSize * 5));
}

/** Width estimate for text without a canvas: CJK characters are about one em, others about 0.6 em. */
export function estimateWidth(text: string, fontSize = 13): number {
  let w = 0;
  for (const ch of text) w += /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/.test(ch) ? fontSize : fontSize * 0.6;
  return w;
}

export function layoutMap(info: MapInfo, r: MeasureResult, o: LayoutOptions): MapLayout {
  const { width, height, zoom } = o;
  const fontSize = o.fontSize ?? 13;
  const pts = info.map.points;
  const base = frameOf(o.framePoints ?? pts, width, height, fontSize);
  // The data-to-screen scale before zoom, from two points one unit apart.
  const s0 = Math.abs(base(1, 0)[0] - base(0, 0)[0]);
  const scale = s0 * zoom.k;
  const maxSize = Math.max(1e-9, ...pts.map((p) => p.size ?? 0));
  const misplaced = new Set(info.map.misplaced.map((m) => m.segment));
  const distorted = new Set(info.map.distorted);
  const points: ScreenPoint[] = pts.map((p, index) => {
    const [sx, sy] = applyZoom(zoom, base(p.x, p.y));
    const rad = p.kind === 'segment' ? (7 + 16 * Math.sqrt((p.size ?? maxSize) / maxSize)) * (fontSize / 13) : 7 * (fontSize / 13);
    return {
      index,
      kind: p.kind,
      label: p.label,
      x: p.x,
      y: p.y,
      sx,
      sy,
      tx: sx,
      ty: sy,
      r: rad,
      moved: false,
      shrunk: false,
      us: p.kind === 'firm' && p.label === r.us,
      distorted: distorted.has(p.label),
      misplaced: p.kind === 'segment' && misplaced.has(p.label),
      ellipse: o.showEllipses && p.ellipse ? { rx: p.ellipse.rx * scale, ry: p.ellipse.ry * scale, angleDeg: (-p.ellipse.angle * 180) / Math.PI } : null,
    };
  });
  // Segment circles never hide each other: overlapping ones are drawn apart (or smaller), firms stay put.
  const circles = points.filter((p) => p.kind === 'segment');
  separateCircles(circles.map((p) => ({ x: p.tx, y: p.ty, r: p.r }))).forEach((c, k) => {
    const p = circles[k];
    p.shrunk = c.r < p.r - 1e-9;
    Object.assign(p, { sx: c.x, sy: c.y, r: c.r, moved: c.moved });
  });
  let cx = 0,
    cy = 0;
  for (const p of points) {
    cx += p.tx;
    cy += p.ty;
  }
  cx /= points.length;
  cy /= points.length;
  const arrow = Math.min(width, height) * 0.22;
  const arrows = o.showNeeds ? info.needs.map((v) => ({ need: v.need, x1: cx, y1: cy, x2: cx + v.dx * v.r * arrow, y2: cy - v.dy * v.r * arrow, r: v.r })) : [];

  const leaders: MapLayout['leaders'] = [];
  if (o.showLeaders) {
    const strongest = strongestFirms(r.rows);
    for (const p of points) {
      const firm = p.kind === 'segment' ? strongest.get(p.label) : undefined;
      const to = firm === undefined ? -1 : points.findIndex((q) => q.kind === 'firm' && q.label === firm);
      if (to < 0) continue;
      const q = points[to];
      const d = Math.hypot(q.sx - p.sx, q.sy - p.sy);
      // Nothing to draw when the firm sits inside the circle.
      if (d <= p.r + q.r) continue;
      const ux = (q.sx - p.sx) / d,
        uy = (q.sy - p.sy) / d;
      leaders.push({ from: p.index, to, x1: p.sx + ux * p.r, y1: p.sy + uy * p.r, x2: q.sx - ux * q.r, y2: q.sy - uy * q.r });
    }
  }

  // Point labels first (firms, then larger segments), then need labels, all kept apart and off the lines drawn.
  // Points zoomed out of the frame keep no label: a label clamped to the edge would sit beside nothing.
  const inFrame = (p: ScreenPoint) => p.sx >= -p.r && p.sy >= -p.r && p.sx <= width + p.r && p.sy <= height + p.r;
  const order = points.filter(inFrame).sort((a, b) => (a.kind === b.kind ? b.r - a.r : a.kind === 'firm' ? -1 : 1));
  const needFont = fontSize * 0.85;
  const tipsInFrame = arrows.filter((v) => v.x2 >= 0 && v.y2 >= 0 && v.x2 <= width && v.y2 <= height);
  const lines: LabelLine[] = [
    ...arrows,
    ...leaders,
    ...points.filter((p) => p.moved).map((p) => ({ x1: p.sx, y1: p.sy, x2: p.tx, y2: p.ty })),
  ];
  const boxes = placeLabels(
    [
      ...order.map((p) => ({ x: p.sx, y: p.sy, r: p.r, width: o.measure(p.label) + 8, height: fontSize + 6, pinned: o.pins[`${p.kind}:${p.label}`] })),
      ...tipsInFrame.map((v) => ({ x: v.x2, y: v.y2, r: 3, width: o.measure(v.need) * 0.85 + 6, height: needFont + 4 })),
    ],
    { width, height },
    { lines },
  );
  const labels = order.map((p, k) => ({ ...boxes[k], text: p.label, index: p.index }));
  const needs = arrows.map((v) => {
    const k = tipsInFrame.indexOf(v);
    return { ...v, label: k < 0 ? null : boxes[order.length + k] };
  });

  const links: MapLayout['links'] = [];
  if (o.selected) {
    const F = r.firms.length;
    const sel = points.find((p) => p.kind === o.selected!.kind && p.label === o.selected!.label);
    if (sel) {
      const rows = r.rows.filter((x) => (o.selected!.kind === 'firm' ? x.firm === sel.label : x.segment === sel.label));
      const ranked = [...rows].filter((x) => Number.isFinite(x.shareOfValue)).sort((a, b) => b.shareOfValue - a.shareOfValue);
      ranked.forEach((row, k) => {
        const other = o.selected!.kind === 'firm' ? F + r.segments.findIndex((s) => s.label === row.segment) : r.firms.indexOf(row.firm);
        if (other >= 0) links.push({ from: sel.index, to: other, strength: row.shareOfValue, rank: k + 1 });
      });
    }
  }
  return { width, height, points, labels, needs, links, leaders, scale };
}
