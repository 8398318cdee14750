/**
 * Keeps circle marks from hiding each other on screen: overlapping circles are pushed apart along
 * the line joining their true centres (each by half the overlap, a fixed circle not at all), a few
 * hundred relaxation sweeps as in d3-force's collide force (`src/collide.js`), each circle held
 * within `maxShift` pixels of its true position. Circles that still overlap then shrink step by
 * step, down to `minScale` of their radius, and are pushed apart again. Screen space only: the
 * data, and every number shown about a mark, keep the true position and size.
 */
export interface Circle {
  /** Screen position of the true centre, in pixels. */
  x: number;
  y: number;
  /** Radius in pixels. */
  r: number;
  /** A fixed circle never moves nor shrinks; others keep clear of it. Default false. */
  fixed?: boolean;
}

export interface PlacedCircle {
  /** Where the circle is drawn. */
  x: number;
  y: number;
  /** Radius as drawn (at most the true radius). */
  r: number;
  /** Drawn more than half a pixel away from its true position. */
  moved: boolean;
}

export interface SeparateOptions {
  /** Clear space kept between two circles, in pixels. Default 2. */
  gap?: number;
  /** Largest distance a circle is drawn from its true position, in pixels. Default 48 (about two large marks). */
  maxShift?: number;
  /** Smallest radius a circle may shrink to, as a share of its own, in (0, 1]. Default 0.4; 1 never shrinks. */
  minScale?: number;
  /** Relaxation sweeps per round. Default 200. */
  iterations?: number;
}

/** Each shrinking round takes this share off the radius of a circle still overlapping. */
const SHRINK = 0.85;
/** Coincident centres have no direction between them: spread them by the golden angle, so the result is deterministic. */
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

export function separateCircles(circles: Circle[], options: SeparateOptions = {}): PlacedCircle[] {
  const { gap = 2, maxShift = 48, minScale = 0.4, iterations = 200 } = options;
  const n = circles.length;
  const x = circles.map((c) => c.x),
    y = circles.map((c) => c.y),
    r = circles.map((c) => c.r);
  const overlaps = (i: number, j: number) => Math.hypot(x[j] - x[i], y[j] - y[i]) < r[i] + r[j] + gap - 1e-6;
  const hold = (i: number) => {
    const dx = x[i] - circles[i].x,
      dy = y[i] - circles[i].y;
    const d = Math.hypot(dx, dy);
    if (d > maxShift) {
      x[i] = circles[i].x + (dx * maxShift) / d;
      y[i] = circles[i].y + (dy * maxShift) / d;
    }
  };
  const relax = () => {
    for (let it = 0; it < iterations; it++) {
      let moved = false;
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) {
          const fi = circles[i].fixed,
            fj = circles[j].fixed;
          if ((fi && fj) || !overlaps(i, j)) continue;
          let dx = x[j] - x[i],
            dy = y[j] - y[i],
            d = Math.hypot(dx, dy);
          if (d < 1e-9) {
            // Same place on screen: part along the true centres' direction, else by index.
            dx = circles[j].x - circles[i].x;
            dy = circles[j].y - circles[i].y;
            d = Math.hypot(dx, dy);
            if (d < 1e-9) {
              const a = (i + j) * GOLDEN_ANGLE;
              dx = Math.cos(a);
              dy = Math.sin(a);
              d = 1;
            }
          }
          const push = r[i] + r[j] + gap - Math.hypot(x[j] - x[i], y[j] - y[i]);
          const ux = dx / d,
            uy = dy / d;
          const si = fi ? 0 : fj ? 1 : 0.5;
          const sj = 1 - si;
          x[i] -= ux * push * si;
          y[i] -= uy * push * si;
          x[j] += ux * push * sj;
          y[j] += uy * push * sj;
          hold(i);
          hold(j);
          moved = true;
        }
      if (!moved) return;
    }
  };
  for (;;) {
    relax();
    const shrink = new Set<number>();
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++)
        if (!(circles[i].fixed && circles[j].fixed) && overlaps(i, j)) {
          if (!circles[i].fixed && r[i] > circles[i].r * minScale + 1e-9) shrink.add(i);
          if (!circles[j].fixed && r[j] > circles[j].r * minScale + 1e-9) shrink.add(j);
        }
    if (!shrink.size) break;
    for (const i of shrink) r[i] = Math.max(circles[i].r * minScale, r[i] * SHRINK);
  }
  return circles.map((c, i) => ({ x: x[i], y: y[i], r: r[i], moved: Math.hypot(x[i] - c.x, y[i] - c.y) > 0.5 }));
}
