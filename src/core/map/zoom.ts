/** A zoom state as d3-zoom keeps it: screen = data-screen point * k + (x, y). Pure, so it is testable. */
export interface ZoomState {
  k: number;
  x: number;
  y: number;
}

export const IDENTITY: ZoomState = { k: 1, x: 0, y: 0 };

/** Zoom limits of the map: from a little below the whole market to deep inside one segment's respondents. */
export const ZOOM_EXTENT: [number, number] = [0.4, 24];

/** One press of + or − zooms by this factor; one arrow key pans by PAN_STEP pixels. */
export const ZOOM_STEP = 1.4;
export const PAN_STEP = 40;

/**
 * Zooms `t` by `factor` keeping the screen point `about` fixed (d3-zoom's `scaleBy` about a
 * point, as a value), the scale clamped to `extent`.
 */
export function zoomAbout(t: ZoomState, factor: number, about: [number, number], extent: [number, number] = ZOOM_EXTENT): ZoomState {
  const k = Math.max(extent[0], Math.min(extent[1], t.k * factor));
  const [cx, cy] = about;
  return { k, x: cx - ((cx - t.x) * k) / t.k, y: cy - ((cy - t.y) * k) / t.k };
}

/** A rectangle in screen pixels, x0 ≤ x1 and y0 ≤ y1. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** screen = a * data + b on each axis. */
export interface Affine {
  ax: number;
  bx: number;
  ay: number;
  by: number;
}

export const applyZoom = (t: ZoomState, p: [number, number]): [number, number] => [p[0] * t.k + t.x, p[1] * t.k + t.y];
export const invertZoom = (t: ZoomState, p: [number, number]): [number, number] => [(p[0] - t.x) / t.k, (p[1] - t.y) / t.k];

/**
 * Fits data coordinates into a frame with equal scales on both axes (a map has no preferred
 * axis: distances must read the same in every direction), centred, with a margin in pixels.
 * The y axis points up, as on paper.
 */
export function fitFrame(points: { x: number; y: number }[], width: number, height: number, margin = 60): (x: number, y: number) => [number, number] {
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (const p of points) {
    x0 = Math.min(x0, p.x);
    x1 = Math.max(x1, p.x);
    y0 = Math.min(y0, p.y);
    y1 = Math.max(y1, p.y);
  }
  if (!(x1 >= x0)) return () => [width / 2, height / 2];
  const span = Math.max(x1 - x0, y1 - y0, 1e-9);
  const s = Math.min(width - 2 * margin, height - 2 * margin) / span;
  const cx = (x0 + x1) / 2,
    cy = (y0 + y1) / 2;
  return (x, y) => [width / 2 + (x - cx) * s, height / 2 - (y - cy) * s];
}

/**
 * The data-to-screen map after zoom as one affine transform per axis (screen = a * data + b), from
 * two probes of `base`: loops over many points then cost two multiply-adds each.
 */
export function affineOf(base: (x: number, y: number) => [number, number], t: ZoomState): Affine {
  const [x0, y0] = applyZoom(t, base(0, 0));
  const [x1, y1] = applyZoom(t, base(1, 1));
  return { ax: x1 - x0, bx: x0, ay: y1 - y0, by: y0 };
}

/**
 * Where a picture drawn under `from` goes to show the same data under `to`: screen' = s * screen + d
 * per axis, the arguments of drawImage. The map's points canvas uses it while the user zooms and pans
 * a layer too large to redraw every frame (a million respondents): the last full drawing is moved
 * and scaled, and redrawn once the movement pauses.
 */
export function blitBetween(from: Affine, to: Affine): { sx: number; dx: number; sy: number; dy: number } {
  const sx = to.ax / from.ax,
    sy = to.ay / from.ay;
  return { sx, dx: to.bx - sx * from.bx, sy, dy: to.by - sy * from.by };
}

export interface FrameBoxOptions {
  /** Space kept between the box and the frame's edges, in pixels. Default 80. */
  padding?: number;
  /** Smallest and largest zoom. Default ZOOM_EXTENT. */
  minK?: number;
  maxK?: number;
}

/**
 * The zoom that shows `box` (screen pixels before zoom) centred in the frame, as large as fits
 * inside the padding, its scale clamped to [minK, maxK] (d3-zoom's fit-to-extent, as a value).
 * A box wider or taller than the clamped scale allows stays centred.
 */
export function frameBox(box: Box, width: number, height: number, options: FrameBoxOptions = {}): ZoomState {
  const { padding = 80, minK = ZOOM_EXTENT[0], maxK = ZOOM_EXTENT[1] } = options;
  const fit = Math.min((width - 2 * padding) / Math.max(1, box.x1 - box.x0), (height - 2 * padding) / Math.max(1, box.y1 - box.y0));
  const k = Math.max(minK, Math.min(maxK, fit));
  const cx = (box.x0 + box.x1) / 2,
    cy = (box.y0 + box.y1) / 2;
  return { k, x: width / 2 - cx * k, y: height / 2 - cy * k };
}

/** The box around points mapped by `f` (e.g. the base frame); null when there is no finite point. */
export function boxOf(points: Iterable<{ x: number; y: number }>, f: (x: number, y: number) => [number, number] = (x, y) => [x, y]): Box | null {
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (const p of points) {
    const [x, y] = f(p.x, p.y);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  return x1 >= x0 ? { x0, y0, x1, y1 } : null;
}
