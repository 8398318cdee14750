/**
 * Procrustes alignment and a deterministic orientation rule, so that the same data always give the
 * same picture and successive maps (waves, what-if scenarios) stay comparable.
 * Orthogonal Procrustes: Schönemann (1966), Psychometrika 31, 1-10; with scaling and translation:
 * Borg & Groenen, Modern MDS, 2nd ed., ch. 20 (R smacof Procrustes()).
 */
import { EigenvalueDecomposition, Matrix, SVD } from 'ml-matrix';
import { assertFinite } from './dissimilarities.ts';

export interface ProcrustesOptions {
  /** Dimensions p of both configurations. Default 2. */
  dims?: number;
  /**
   * `match[i]` = index in `reference` of config point i, or -1 when point i has no counterpart.
   * Default: point i matches reference point i for every i (both must then have the same size).
   */
  match?: ArrayLike<number>;
  /** Allow an isotropic scale factor. Default false: rotation/reflection and translation only. */
  scaling?: boolean;
  /** Allow reflections. Default true (an MDS map's handedness carries no meaning). */
  reflection?: boolean;
}

export interface ProcrustesResult {
  /** Every point of `config` moved by the fitted transformation: s * x R + t. */
  coords: Float64Array;
  /** p x p orthogonal matrix R (row-major), applied as x R. */
  rotation: Float64Array;
  /** Scale factor s (1 without scaling). */
  scale: number;
  /** Translation t (length p). */
  translation: Float64Array;
  /** Root mean squared distance between matched points after alignment. */
  rmsd: number;
  /** Number of matched points used. */
  shared: number;
}

/**
 * Align `config` to `reference` on their shared points: minimise sum over matched i of
 * ||s x_i R + t - y_match(i)||^2 over orthogonal R (and s > 0 with `scaling`). Solution: centre both
 * on the matched points, SVD of X'Y = U S V', R = U V', s = trace(S) / ||X||^2.
 * Throws with fewer than 2 matched points or non-finite coordinates.
 */
export function procrustes(config: Float64Array, reference: Float64Array, options: ProcrustesOptions = {}): ProcrustesResult {
  const { dims: p = 2, scaling = false, reflection = true } = options;
  const n = config.length / p;
  const nr = reference.length / p;
  if (!Number.isInteger(n) || !Number.isInteger(nr)) throw new Error(`configuration lengths must be multiples of dims = ${p}`);
  assertFinite(config, 'the configuration to align', p);
  assertFinite(reference, 'the reference configuration', p);
  let match = options.match;
  if (!match) {
    if (n !== nr) throw new Error(`without match, both configurations need the same number of points (${n} vs ${nr})`);
    match = Int32Array.from({ length: n }, (_, i) => i);
  }
  if (match.length !== n) throw new Error(`match must have one entry per configuration point (${n}); got ${match.length}`);
  const mx = new Float64Array(p);
  const my = new Float64Array(p);
  let shared = 0;
  for (let i = 0; i < n; i++) {
    const r = match[i];
    if (r < 0) continue;
    if (!(Number.isInteger(r) && r < nr)) throw new Error(`match[${i}] = ${r} is not a reference point index`);
    shared++;
    for (let c = 0; c < p; c++) {
      mx[c] += config[i * p + c];
      my[c] += reference[r * p + c];
    }
  }
  if (shared < 2) throw new Error(`Procrustes needs at least 2 shared points; got ${shared}`);
  for (let c = 0; c < p; c++) {
    mx[c] /= shared;
    my[c] /= shared;
  }
  const cross = new Float64Array(p * p);
  let ssx = 0;
  for (let i = 0; i < n; i++) {
    const r = match[i];
    if (r < 0) continue;
    for (let a = 0; a < p; a++) {
      const xa = config[i * p + a] - mx[a];
      ssx += xa * xa;
      for (let b = 0; b < p; b++) cross[a * p + b] += xa * (reference[r * p + b] - my[b]);
    }
  }
  const svd = new SVD(Matrix.from1DArray(p, p, cross), { autoTranspose: false });
  const u = svd.leftSingularVectors;
  const v = svd.rightSingularVectors;
  const sv = svd.diagonal;
  const rot = new Float64Array(p * p);
  const build = () => {
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) {
        let s = 0;
        for (let c = 0; c < p; c++) s += u.get(a, c) * v.get(b, c);
        rot[a * p + b] = s;
      }
    }
  };
  build();
  if (!reflection && determinant(rot, p) < 0) {
    // Best proper rotation: flip the direction of the smallest singular value.
    for (let a = 0; a < p; a++) v.set(a, p - 1, -v.get(a, p - 1));
    sv[p - 1] = -sv[p - 1];
    build();
  }
  let scale = 1;
  if (scaling) {
    let tr = 0;
    for (const s of sv) tr += s;
    scale = ssx > 0 ? tr / ssx : 1;
  }
  const translation = new Float64Array(p);
  for (let b = 0; b < p; b++) {
    let s = 0;
    for (let a = 0; a < p; a++) s += mx[a] * rot[a * p + b];
    translation[b] = my[b] - scale * s;
  }
  const coords = applyTransform(config, p, rot, scale, translation);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const r = match[i];
    if (r < 0) continue;
    for (let c = 0; c < p; c++) ss += (coords[i * p + c] - reference[r * p + c]) ** 2;
  }
  return { coords, rotation: rot, scale, translation, rmsd: Math.sqrt(ss / shared), shared };
}

/** s * x R + t for every row x of `config`. */
export function applyTransform(config: Float64Array, p: number, rot: Float64Array, scale: number, t: Float64Array): Float64Array {
  const n = config.length / p;
  const out = new Float64Array(config.length);
  for (let i = 0; i < n; i++) {
    for (let b = 0; b < p; b++) {
      let s = 0;
      for (let a = 0; a < p; a++) s += config[i * p + a] * rot[a * p + b];
      out[i * p + b] = scale * s + t[b];
    }
  }
  return out;
}

function determinant(m: Float64Array, p: number): number {
  if (p === 1) return m[0];
  if (p === 2) return m[0] * m[3] - m[1] * m[2];
  const lu = Matrix.from1DArray(p, p, m);
  let det = 1;
  // Gaussian elimination with partial pivoting on a small copy.
  const a = lu.to2DArray();
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
    if (a[piv][c] === 0) return 0;
    if (piv !== c) {
      [a[piv], a[c]] = [a[c], a[piv]];
      det = -det;
    }
    det *= a[c][c];
    for (let r = c + 1; r < p; r++) {
      const f = a[r][c] / a[c][c];
      for (let k = c; k < p; k++) a[r][k] -= f * a[c][k];
    }
  }
  return det;
}

export interface OrientOptions {
  /** Dimensions. Default 2. */
  dims?: number;
  /** A point (index) that must end with non-negative coordinates on every axis, e.g. the user's own firm. Default none. */
  anchor?: number;
}

/**
 * Put a configuration in a canonical position, so the same input always gives the same picture:
 * 1. centre it (mean 0);
 * 2. rotate to principal axes (axis 1 = direction of largest spread);
 * 3. orient each axis: if `anchor` is given and its coordinate is not ~0, flip so it is positive;
 *    otherwise flip so the third moment sum x^3 is positive (the long tail points right/up; this
 *    does not depend on the order of the points); if that is ~0 too, so the point farthest from 0
 *    on the axis is on the positive side; last resort, the first point.
 * Only a shape with equal spread on two axes (e.g. a regular polygon) is left with an arbitrary
 * rotation; the rule cannot fix what the data do not.
 */
export function orient(config: Float64Array, options: OrientOptions = {}): Float64Array {
  const { dims: p = 2, anchor } = options;
  const n = config.length / p;
  if (!Number.isInteger(n)) throw new Error(`configuration length must be a multiple of dims = ${p}`);
  assertFinite(config, 'the configuration to orient', p);
  if (anchor !== undefined && !(Number.isInteger(anchor) && anchor >= 0 && anchor < n)) {
    throw new Error(`anchor must be a point index in 0..${n - 1}; got ${anchor}`);
  }
  const x = config.slice();
  for (let c = 0; c < p; c++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i * p + c];
    s /= n;
    for (let i = 0; i < n; i++) x[i * p + c] -= s;
  }
  const cov = new Float64Array(p * p);
  let scale = 0;
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < p; a++) {
      scale = Math.max(scale, Math.abs(x[i * p + a]));
      for (let b = 0; b < p; b++) cov[a * p + b] += x[i * p + a] * x[i * p + b];
    }
  }
  if (scale === 0) return x;
  let axes: Float64Array;
  if (p === 1) axes = Float64Array.of(1);
  else if (p === 2) {
    const angle = 0.5 * Math.atan2(2 * cov[1], cov[0] - cov[3]);
    const cs = Math.cos(angle);
    const sn = Math.sin(angle);
    axes = Float64Array.of(cs, -sn, sn, cs); // columns: (cs, sn) and (-sn, cs)
  } else {
    const e = new EigenvalueDecomposition(Matrix.from1DArray(p, p, cov), { assumeSymmetric: true });
    const vals = e.realEigenvalues;
    const order = [...vals.keys()].sort((a, b) => vals[b] - vals[a]);
    axes = new Float64Array(p * p);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) axes[a * p + b] = e.eigenvectorMatrix.get(a, order[b]);
  }
  const out = applyTransform(x, p, axes, 1, new Float64Array(p));
  const tiny = 1e-9 * scale;
  for (let c = 0; c < p; c++) {
    let sign = 0;
    if (anchor !== undefined && Math.abs(out[anchor * p + c]) > tiny) sign = Math.sign(out[anchor * p + c]);
    if (sign === 0) {
      let m3 = 0;
      let a3 = 0;
      for (let i = 0; i < n; i++) {
        const v = out[i * p + c];
        m3 += v * v * v;
        a3 += Math.abs(v * v * v);
      }
      // Relative threshold: a symmetric shape has m3 ~ 0 up to rounding.
      if (Math.abs(m3) > 1e-8 * a3) sign = Math.sign(m3);
    }
    if (sign === 0) {
      let far = 0;
      for (let i = 0; i < n; i++) if (Math.abs(out[i * p + c]) > Math.abs(far) + tiny) far = out[i * p + c];
      sign = Math.sign(far);
    }
    if (sign === 0) sign = Math.sign(out[c]) || 1;
    if (sign < 0) for (let i = 0; i < n; i++) out[i * p + c] = -out[i * p + c];
  }
  return out;
}
