/** A zoom state as d3-zoom keeps it: screen = data-screen point * k + (x, y). Pure, so it is testable. */
export interface ZoomState {
  k: number;
  x: number;
  y: number;
}

export const IDENTITY: ZoomState = { k: 1, x: 0, y: 0 };

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
export function affineOf(base: (x: number, y: number) => [number, number], t: ZoomState): { ax: number; bx: number; ay: number; by: number } {
  const [x0, y0] = applyZoom(t, base(0, 0));
  const [x1, y1] = applyZoom(t, base(1, 1));
  return { ax: x1 - x0, bx: x0, ay: y1 - y0, by: y0 };
}
