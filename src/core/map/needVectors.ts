/**
 * Need directions on the map by property fitting (PROFIT; Carroll & Chang 1970; Borg & Groenen,
 * Modern MDS, 2nd ed., sec. 4.3): each need's mean performance per firm is regressed on the firms'
 * map coordinates, y = a + b1 x + b2 y. The direction (b1, b2) points to where firms perform better
 * on that need; the multiple correlation R says how well a straight direction describes it.
 */
export interface NeedVector {
  need: string;
  /** Unit direction. */
  dx: number;
  dy: number;
  /** Multiple correlation in [0, 1]; the arrow's length. */
  r: number;
}

export function needVectors(needs: string[], firmCoords: Float64Array, performance: Float64Array): NeedVector[] {
  const F = firmCoords.length / 2;
  const N = needs.length;
  const out: NeedVector[] = [];
  for (let k = 0; k < N; k++) {
    const idx: number[] = [];
    for (let f = 0; f < F; f++) if (Number.isFinite(performance[f * N + k])) idx.push(f);
    if (idx.length < 3) continue;
    let mx = 0,
      my = 0,
      mv = 0;
    for (const f of idx) {
      mx += firmCoords[f * 2];
      my += firmCoords[f * 2 + 1];
      mv += performance[f * N + k];
    }
    mx /= idx.length;
    my /= idx.length;
    mv /= idx.length;
    let sxx = 0,
      syy = 0,
      sxy = 0,
      sxv = 0,
      syv = 0,
      svv = 0;
    for (const f of idx) {
      const x = firmCoords[f * 2] - mx,
        y = firmCoords[f * 2 + 1] - my,
        v = performance[f * N + k] - mv;
      sxx += x * x;
      syy += y * y;
      sxy += x * y;
      sxv += x * v;
      syv += y * v;
      svv += v * v;
    }
    const det = sxx * syy - sxy * sxy;
    if (!(Math.abs(det) > 1e-12) || !(svv > 0)) continue;
    const b1 = (syy * sxv - sxy * syv) / det;
    const b2 = (sxx * syv - sxy * sxv) / det;
    const len = Math.hypot(b1, b2);
    if (!(len > 0)) continue;
    const explained = b1 * sxv + b2 * syv;
    out.push({ need: needs[k], dx: b1 / len, dy: b2 / len, r: Math.sqrt(Math.max(0, Math.min(1, explained / svv))) });
  }
  return out;
}
