/**
 * Label placement that keeps labels apart and inside the frame: each label, in priority order,
 * takes the first of 8 candidate positions around its point (right, left, above, below, then the
 * diagonals, near then farther) that overlaps no placed label, no point, crosses no line drawn on
 * the map (need arrows, leader lines) and stays in the frame; when none is free it takes the one
 * with the least overlap. A pinned label (dragged by the user) keeps its offset. Greedy, O(n^2)
 * per pass: enough for the few dozen labels a map carries.
 */
export interface LabelInput {
  /** Anchor point on screen. */
  x: number;
  y: number;
  /** Radius of the point's mark, kept clear. */
  r: number;
  width: number;
  height: number;
  /** A user-set offset of the label's top-left corner from the anchor. */
  pinned?: { dx: number; dy: number };
}

/** A straight line on the map that labels keep off, in screen pixels. */
export interface LabelLine {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface PlaceOptions {
  /** Space kept between a label and the frame's edge, in pixels. Default 2. */
  pad?: number;
  /** Lines labels avoid crossing. Default none. */
  lines?: LabelLine[];
  /** Extra distances beyond the mark's edge at which candidates are tried, nearest first. Default [0, 10, 24]. */
  reach?: number[];
}

/**
 * Cost of one pixel of line inside a label. A label lying along a 30 px stretch of arrow costs
 * about as much as 90 px² of label overlap (weighted 10): enough to prefer a free spot, not to
 * jump far.
 */
const LINE_COST = 30;

export interface LabelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlap = (a: LabelBox, b: LabelBox) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

function circleOverlap(b: LabelBox, cx: number, cy: number, r: number): number {
  const nx = Math.max(b.x, Math.min(cx, b.x + b.width)),
    ny = Math.max(b.y, Math.min(cy, b.y + b.height));
  const d = Math.hypot(nx - cx, ny - cy);
  return d < r ? (r - d) * (r - d) * 4 : 0;
}

/** Length of the part of a line inside a box (Liang–Barsky clipping, Foley et al. 1990, section 3.12.4). */
export function lengthInside(b: LabelBox, l: LabelLine): number {
  const dx = l.x2 - l.x1,
    dy = l.y2 - l.y1;
  let t0 = 0,
    t1 = 1;
  for (const [p, q] of [
    [-dx, l.x1 - b.x],
    [dx, b.x + b.width - l.x1],
    [-dy, l.y1 - b.y],
    [dy, b.y + b.height - l.y1],
  ]) {
    if (p === 0) {
      if (q < 0) return 0;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
    }
  }
  return t1 > t0 ? (t1 - t0) * Math.hypot(dx, dy) : 0;
}

export function placeLabels(items: LabelInput[], frame: { width: number; height: number }, options: PlaceOptions = {}): LabelBox[] {
  const { pad = 2, lines = [], reach = [0, 10, 24] } = options;
  const placed: LabelBox[] = [];
  const out: LabelBox[] = new Array(items.length);
  const clamp = (b: LabelBox): LabelBox => ({
    ...b,
    x: Math.max(pad, Math.min(frame.width - b.width - pad, b.x)),
    y: Math.max(pad, Math.min(frame.height - b.height - pad, b.y)),
  });
  items.forEach((it, i) => {
    if (it.pinned) {
      const b = clamp({ x: it.x + it.pinned.dx, y: it.y + it.pinned.dy, width: it.width, height: it.height });
      placed.push(b);
      out[i] = b;
      return;
    }
    const gap = it.r + 3;
    const w = it.width,
      h = it.height;
    const candidates: [number, number][] = [];
    for (const g of reach.map((d) => gap + d)) {
      candidates.push([g, -h / 2], [-g - w, -h / 2], [-w / 2, -g - h], [-w / 2, g], [g * 0.7, -g * 0.7 - h], [-g * 0.7 - w, -g * 0.7 - h], [g * 0.7, g * 0.7], [-g * 0.7 - w, g * 0.7]);
    }
    let best: LabelBox | null = null,
      bestCost = Infinity;
    for (const [dx, dy] of candidates) {
      const raw = { x: it.x + dx, y: it.y + dy, width: w, height: h };
      const b = clamp(raw);
      let cost = Math.abs(b.x - raw.x) + Math.abs(b.y - raw.y);
      for (const p of placed) cost += overlap(b, p) * 10;
      for (const other of items) cost += circleOverlap(b, other.x, other.y, other.r + 1);
      for (const l of lines) cost += lengthInside(b, l) * LINE_COST;
      if (cost < bestCost) {
        bestCost = cost;
        best = b;
        if (cost === 0) break;
      }
    }
    placed.push(best!);
    out[i] = best!;
  });
  return out;
}

/** Total overlap area between label boxes (0 when none overlap). */
export function totalOverlap(boxes: LabelBox[]): number {
  let s = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) s += overlap(boxes[i], boxes[j]);
  return s;
}
