/**
 * Aligning one wave's map to the first wave's (METHOD.md "Monitor"): Procrustes on the firm points
 * they share (rotation, reflection, translation and one scale; mds/procrustes.ts), applied to every
 * point of the wave, firms and segments alike, so that both can be seen to move.
 *
 * How well the two align is Tucker's congruence coefficient of the aligned firm configuration and
 * the first wave's, both centred on the first wave's shared firms (after the alignment the two
 * centroids coincide): sum x.y / sqrt(sum x.x sum y.y). Under Procrustes with an optimal scale it is
 * also the Procrustes correlation, sqrt(1 - m^2) with m^2 the residual sum of squares of the standardised
 * fit (Gower & Dijksterhuis 2004, Procrustes Problems, ch. 4): 1 for the same configuration up to
 * the transformation, lower as the firms' relative positions change.
 */
import { procrustes } from '../mds/procrustes.ts';

export interface LabelledPoint {
  kind: 'firm' | 'segment';
  label: string;
  x: number;
  y: number;
}

/** Fewer shared firms cannot fix a rotation and a scale with anything left over to judge the fit. */
export const MIN_SHARED_FIRMS = 3;

/**
 * `points` moved onto `reference` by Procrustes on the firms both hold, with the congruence of their
 * firms; null when they share fewer than MIN_SHARED_FIRMS firms.
 */
export function alignToReference(points: LabelledPoint[], reference: LabelledPoint[]): { points: LabelledPoint[]; congruence: number; rmsd: number; shared: number } | null {
  const refFirm = new Map(reference.flatMap((p, k) => (p.kind === 'firm' ? [[p.label, k] as const] : [])));
  const match = Int32Array.from(points, (p) => (p.kind === 'firm' ? (refFirm.get(p.label) ?? -1) : -1));
  const shared = match.filter((m) => m >= 0).length;
  if (shared < MIN_SHARED_FIRMS) return null;
  const config = Float64Array.from(points.flatMap((p) => [p.x, p.y]));
  const ref = Float64Array.from(reference.flatMap((p) => [p.x, p.y]));
  const fit = procrustes(config, ref, { match, scaling: true, reflection: true });
  const moved = points.map((p, i) => ({ kind: p.kind, label: p.label, x: fit.coords[2 * i], y: fit.coords[2 * i + 1] }));
  let cx = 0,
    cy = 0;
  for (let i = 0; i < points.length; i++)
    if (match[i] >= 0) {
      cx += ref[2 * match[i]];
      cy += ref[2 * match[i] + 1];
    }
  cx /= shared;
  cy /= shared;
  let xy = 0,
    xx = 0,
    yy = 0;
  for (let i = 0; i < points.length; i++) {
    if (match[i] < 0) continue;
    const ax = moved[i].x - cx,
      ay = moved[i].y - cy,
      bx = ref[2 * match[i]] - cx,
      by = ref[2 * match[i] + 1] - cy;
    xy += ax * bx + ay * by;
    xx += ax * ax + ay * ay;
    yy += bx * bx + by * by;
  }
  const congruence = xx > 0 && yy > 0 ? xy / Math.sqrt(xx * yy) : NaN;
  return { points: moved, congruence, rmsd: fit.rmsd, shared };
}
