import { describe, it, expect, beforeAll } from 'vitest';
import { importSurvey } from '../../../src/core/import/importSurvey.ts';
import { measureWithDetail, type MeasureDetail, type MeasureResult } from '../../../src/core/measure/measure.ts';
import { bootstrapSegmentSov } from '../../../src/core/measure/bootstrap.ts';
import { jointDissimilarities, jointMap, smallDissimilarityWeights, LEADER_GAP_OFFSET, type JointMap } from '../../../src/core/map/jointMap.ts';
import { MAP_METHODS, parseMapMethod } from '../../../src/core/model/defaults.ts';
import { mapFromMeasurement, sovTable } from '../../../src/core/map/mapFromMeasurement.ts';
import { fileSource } from '../../../src/cli/nodeSource.ts';
import { expectClose } from '../helpers.ts';
import { rng } from '../../../src/core/random.ts';
import { readFileSync } from 'node:fs';

const truth = JSON.parse(readFileSync('data/sample-truth.json', 'utf8'));

describe('jointDissimilarities(F, S, sov)', () => {
  it('puts 1 - SoV between firms and segments and profile distances within blocks, with block weights', () => {
    // 2 firms x 2 segments: S1 = (0.8, 0.2), S2 = (0.3, 0.7).
    const { delta, weights } = jointDissimilarities(2, 2, Float64Array.from([0.8, 0.2, 0.3, 0.7]), 0.2);
    const n = 4;
    expectClose(delta[0 * n + 2], 0.2); // A-S1
    expectClose(delta[1 * n + 2], 0.8); // B-S1
    expectClose(delta[0 * n + 3], 0.7); // A-S2
    expectClose(delta[1 * n + 3], 0.3); // B-S2
    expectClose(delta[0 * n + 1], Math.hypot(0.8 - 0.2, 0.3 - 0.7)); // firm profiles over segments
    expectClose(delta[2 * n + 3], Math.hypot(0.8 - 0.3, 0.2 - 0.7)); // segment profiles over firms
    expect(weights[0 * n + 2]).toBe(1);
    expect(weights[0 * n + 1]).toBe(0.2);
    expect(weights[2 * n + 3]).toBe(0.2);
    expect(weights[0]).toBe(0);
  });

  it("with distance 'leaderGap' measures how far each firm trails the segment's leader", () => {
    const { delta } = jointDissimilarities(2, 2, Float64Array.from([0.8, 0.2, 0.3, 0.7]), 0.2, 'leaderGap');
    const n = 4;
    expectClose(delta[0 * n + 2], LEADER_GAP_OFFSET); // A leads S1
    expectClose(delta[1 * n + 2], LEADER_GAP_OFFSET + 0.6);
    expectClose(delta[0 * n + 3], LEADER_GAP_OFFSET + 0.4);
    expectClose(delta[1 * n + 3], LEADER_GAP_OFFSET); // B leads S2
    expectClose(delta[0 * n + 1], Math.hypot(0.6, -0.4)); // within blocks unchanged
  });

  it('gives undefined shares weight 0', () => {
    const { weights } = jointDissimilarities(2, 2, Float64Array.from([0.8, 0.2, NaN, NaN]), 0.2);
    expect(weights[0 * 4 + 3]).toBe(0);
  });
});

describe('the joint map of the sample market', () => {
  let m: { result: MeasureResult; detail: MeasureDetail };
  let map: JointMap;
  beforeAll(async () => {
    const { survey } = await importSurvey(fileSource('data/survey.csv'));
    m = measureWithDetail(survey!);
    map = mapFromMeasurement(m, { replicates: 60 });
  });

  it('fits well below the stress of random data, with high rank fidelity', () => {
    expect(map.stress1).toBeLessThan(0.2);
    expect(map.randomStress1!).toBeGreaterThan(map.stress1);
    expect(map.rankFidelity).toBeGreaterThanOrEqual(0.85);
    expect(map.firmSegmentStress1).toBeLessThan(0.15);
    expect(map.points).toHaveLength(10);
    for (const p of map.points) expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
  });

  it('under the default method places every segment nearest its planted strongest firm, by the 5% margin (5 of 5)', () => {
    expect(map.method).toBe('joint');
    expect(map.misplaced).toEqual([]);
    expect(map.leadersNearest).toEqual({ count: 5, of: 5 });
    const firms = map.points.filter((p) => p.kind === 'firm');
    for (const seg of map.points.filter((p) => p.kind === 'segment')) {
      const near = [...firms].sort((a, b) => Math.hypot(a.x - seg.x, a.y - seg.y) - Math.hypot(b.x - seg.x, b.y - seg.y));
      expect(near[0].label).toBe(truth.leaders[seg.label]);
      const d = (p: { x: number; y: number }) => Math.hypot(p.x - seg.x, p.y - seg.y);
      expect(d(near[0])).toBeLessThanOrEqual(0.95 * d(near[1]));
    }
  });

  it("the plain interval fit (METHOD's earlier default) misplaces S3 and S4 and names each, with the rival", () => {
    const plain = mapFromMeasurement(m, { replicates: 0, method: 'interval' });
    expect(plain.misplaced.map((x) => [x.segment, x.strongest, x.nearest])).toEqual([
      ['S3', 'Cobalt', 'Apex'],
      ['S4', 'Dynamo', 'Boreal'],
    ]);
    expect(plain.leadersNearest).toEqual({ count: 3, of: 5 });
    // The default reads better on every count the rule ranks.
    expect(map.rankFidelity).toBeGreaterThanOrEqual(plain.rankFidelity);
    expect(map.columnFidelity).toBeGreaterThanOrEqual(plain.columnFidelity - 0.05);
    expect(plain.degeneracy.signs).toContain('separated');
    expect(map.degeneracy.intermixedness).toBeLessThan(plain.degeneracy.intermixedness);
  });

  it("with method 'leader-gap' places every segment nearest its planted leader", () => {
    const alt = mapFromMeasurement(m, { replicates: 0, method: 'leader-gap' });
    expect(alt.misplaced).toEqual([]);
    expect(alt.rankFidelity).toBeGreaterThanOrEqual(0.9);
    expect(alt.stress1).toBeLessThan(alt.randomStress1!);
    const firms = alt.points.filter((p) => p.kind === 'firm');
    for (const seg of alt.points.filter((p) => p.kind === 'segment')) {
      const nearest = [...firms].sort((a, b) => Math.hypot(a.x - seg.x, a.y - seg.y) - Math.hypot(b.x - seg.x, b.y - seg.y))[0];
      expect(nearest.label).toBe(truth.leaders[seg.label]);
    }
  });

  it('gives every point a bootstrap confidence ellipse', () => {
    for (const p of map.points) {
      expect(p.ellipse).not.toBeNull();
      expect(p.ellipse!.rx).toBeGreaterThan(0);
      expect(p.ellipse!.rx).toBeGreaterThanOrEqual(p.ellipse!.ry);
      expect(p.ellipse!.rx).toBeLessThan(0.5);
    }
  });

  it('is deterministic and puts our firm on the positive side', () => {
    const again = mapFromMeasurement(m, { replicates: 60 });
    expect(again.points).toEqual(map.points);
    const apex = map.points.find((p) => p.label === 'Apex')!;
    expect(apex.x).toBeGreaterThanOrEqual(0);
    expect(apex.y).toBeGreaterThanOrEqual(0);
  });

  it('does not depend on the order of firms and segments (same distances after reordering)', () => {
    const r = m.result;
    const F = r.firms.length,
      S = r.segments.length;
    const sov = sovTable(r);
    const fo = [3, 0, 4, 1, 2],
      so = [2, 4, 0, 3, 1];
    const perm = new Float64Array(S * F);
    for (let s = 0; s < S; s++) for (let f = 0; f < F; f++) perm[s * F + f] = sov[so[s] * F + fo[f]];
    const a = jointMap({ firms: r.firms, segments: r.segments.map((s) => s.label), sov }, { benchmark: 0 });
    const b = jointMap({ firms: fo.map((f) => r.firms[f]), segments: so.map((s) => r.segments[s].label), sov: perm }, { benchmark: 0 });
    const dist = (map: JointMap, x: string, y: string) => {
      const p = map.points.find((q) => q.label === x)!,
        q = map.points.find((q2) => q2.label === y)!;
      return Math.hypot(p.x - q.x, p.y - q.y);
    };
    for (const f of r.firms) for (const s of r.segments) expectClose(dist(a, f, s.label), dist(b, f, s.label), 1e-4);
    expectClose(a.stress1, b.stress1, 1e-6);
  });

  it('aligns to a previous map by Procrustes, so a re-measure does not turn the picture', () => {
    const reference = map.points.map((p) => ({ kind: p.kind, label: p.label, x: -p.y, y: p.x })); // the old map, turned 90 degrees
    const aligned = mapFromMeasurement(m, { replicates: 0, reference });
    for (const p of aligned.points) {
      const r = reference.find((q) => q.label === p.label)!;
      expectClose(p.x, r.x, 1e-6);
      expectClose(p.y, r.y, 1e-6);
    }
  });

  it('bootstrap replicates are seeded and stay near the full-sample shares', () => {
    const F = 5,
      S = 5;
    const a = bootstrapSegmentSov(m.detail, S, F, { replicates: 20, seed: 3 });
    expect(bootstrapSegmentSov(m.detail, S, F, { replicates: 20, seed: 3 })).toEqual(a);
    const sov = sovTable(m.result);
    for (let b = 0; b < 20; b++) for (let k = 0; k < S * F; k++) expect(Math.abs(a[b * S * F + k] - sov[k])).toBeLessThan(0.08);
  });

  it('bootstrap replicates count the draws and sum in member order: the draw-by-draw sums to 1e-12', () => {
    // The former way, kept as the reference: each drawn respondent added as drawn (the same seeded draws).
    const F = 5,
      S = 5,
      B = 12,
      d = m.detail;
    const members: number[][] = Array.from({ length: S }, () => []);
    for (let i = 0; i < d.segment.length; i++) if (d.segment[i] >= 0 && d.inShare[i]) members[d.segment[i]].push(i);
    const r = rng(11);
    const counted = bootstrapSegmentSov(d, S, F, { replicates: B, seed: 11 });
    for (let b = 0; b < B; b++)
      for (let s = 0; s < S; s++) {
        const acc = new Float64Array(F);
        let wsum = 0;
        for (let k = 0; k < members[s].length; k++) {
          const i = members[s][Math.floor(r() * members[s].length)];
          wsum += d.weight[i];
          for (let f = 0; f < F; f++) acc[f] += d.weight[i] * d.sov[i * F + f];
        }
        for (let f = 0; f < F; f++) expectClose(counted[(b * S + s) * F + f], acc[f] / wsum, 1e-12);
      }
  });
});

describe('jointMap(input) on degenerate input', () => {
  it('refuses one segment, one firm and an undefined table with a clear message', () => {
    expect(() => jointMap({ firms: ['A', 'B'], segments: ['S1'], sov: Float64Array.from([0.5, 0.5]) })).toThrow(/at least 2 segments/);
    expect(() => jointMap({ firms: ['A'], segments: ['S1', 'S2'], sov: Float64Array.from([1, 1]) })).toThrow(/at least 2 firms/);
    expect(() => jointMap({ firms: ['A', 'B'], segments: ['S1', 'S2'], sov: new Float64Array(4).fill(NaN) })).toThrow(/too few/);
  });

  it('gives finite coordinates or a clear error when every share is equal', () => {
    try {
      const m = jointMap({ firms: ['A', 'B', 'C'], segments: ['S1', 'S2', 'S3'], sov: new Float64Array(9).fill(1 / 3) }, { benchmark: 0 });
      for (const p of m.points) expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
    } catch (e) {
      expect((e as Error).message).toMatch(/equal|constant|same/i);
    }
  });
});

describe('map methods (the candidates of the map-quality benchmark)', () => {
  // 2 firms x 2 segments: S1 = (0.8, 0.2), S2 = (0.3, 0.7); firm-segment deltas 0.2, 0.8, 0.7, 0.3.
  const sov = Float64Array.from([0.8, 0.2, 0.3, 0.7]);
  it("'small-weights' weighs firm-segment pairs 1 / delta^2 scaled to mean 1 (hand-computed), within-set pairs unchanged", () => {
    const { delta, weights } = jointDissimilarities(2, 2, sov, 0.2);
    const w = smallDissimilarityWeights(2, 2, delta, weights);
    const inv = [1 / 0.04, 1 / 0.64, 1 / 0.49, 1 / 0.09];
    const mean = inv.reduce((a, b) => a + b, 0) / 4;
    expectClose(w[0 * 4 + 2], inv[0] / mean); // A-S1, delta 0.2
    expectClose(w[1 * 4 + 2], inv[1] / mean); // B-S1, delta 0.8
    expectClose(w[0 * 4 + 3], inv[2] / mean); // A-S2, delta 0.7
    expectClose(w[3 * 4 + 1], inv[3] / mean); // S2-B, delta 0.3, symmetric
    expect(w[0 * 4 + 1]).toBe(0.2);
  });

  it('every method gives finite coordinates and reports its name; unknown names list the choices', () => {
    const input = { firms: ['A', 'B', 'C'], segments: ['S1', 'S2', 'S3'], sov: Float64Array.from([0.6, 0.3, 0.1, 0.2, 0.5, 0.3, 0.25, 0.25, 0.5]) };
    for (const method of MAP_METHODS) {
      const m = jointMap(input, { method, benchmark: 0 });
      expect(m.method).toBe(method);
      for (const p of m.points) expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
      if (method === 'joint' || method === 'replace') expect(m.leadersNearest).toEqual({ count: 3, of: 3 });
    }
    expect(() => parseMapMethod('smacof')).toThrow(/map method "smacof" is not known; use one of joint, replace, prefscal/);
  });

  it("'replace' holds the firms where the interval fit put them and re-places only the segments", () => {
    const input = { firms: ['A', 'B', 'C'], segments: ['S1', 'S2', 'S3'], sov: Float64Array.from([0.6, 0.3, 0.1, 0.2, 0.5, 0.3, 0.25, 0.25, 0.5]) };
    const plain = jointMap(input, { method: 'interval', benchmark: 0 });
    const re = jointMap(input, { method: 'replace', benchmark: 0 });
    // Same start, same orientation rule: firm-firm distances are unchanged.
    const d = (m: JointMap, a: number, b: number) => Math.hypot(m.points[a].x - m.points[b].x, m.points[a].y - m.points[b].y);
    for (const [a, b] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ])
      expectClose(d(re, a, b), d(plain, a, b), 1e-9);
  });
});
