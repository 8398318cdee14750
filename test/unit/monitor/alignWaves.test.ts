import { describe, it, expect } from 'vitest';
import { alignToReference, type LabelledPoint } from '../../../src/core/monitor/alignWaves.ts';
import { expectClose } from '../helpers.ts';

const firms: LabelledPoint[] = [
  { kind: 'firm', label: 'A', x: 0, y: 1 },
  { kind: 'firm', label: 'B', x: 1.2, y: -0.4 },
  { kind: 'firm', label: 'C', x: -0.9, y: -0.6 },
  { kind: 'firm', label: 'D', x: 0.3, y: 0.2 },
];
const segments: LabelledPoint[] = [
  { kind: 'segment', label: 'S1', x: 0.5, y: 0.5 },
  { kind: 'segment', label: 'S2', x: -0.4, y: 0.1 },
];
/** s * x R + t with R a rotation by `angle`, after a reflection of x when `reflect`. */
const move = (points: LabelledPoint[], angle: number, reflect: boolean, s: number, t: [number, number]) =>
  points.map((p) => {
    const x = reflect ? -p.x : p.x;
    return { ...p, x: s * (x * Math.cos(angle) - p.y * Math.sin(angle)) + t[0], y: s * (x * Math.sin(angle) + p.y * Math.cos(angle)) + t[1] };
  });

describe('alignToReference', () => {
  it('alignToReference(moved wave, first wave) undoes a rotation, reflection, scale and shift on every point, congruence 1', () => {
    const first = [...firms, ...segments];
    const wave = move(first, 1.1, true, 2.5, [3, -7]);
    const aligned = alignToReference(wave, first)!;
    expect(aligned.shared).toBe(4);
    expectClose(aligned.congruence, 1, 1e-12);
    expectClose(aligned.rmsd, 0, 1e-12);
    aligned.points.forEach((p, i) => {
      expect(p.label).toBe(first[i].label);
      expectClose(p.x, first[i].x, 1e-12);
      expectClose(p.y, first[i].y, 1e-12);
    });
  });

  it('alignToReference fits on the firms only: segments that moved in the wave stay moved', () => {
    const first = [...firms, ...segments];
    const moved = [...firms, { ...segments[0], x: 0.9, y: -0.2 }, segments[1]];
    const aligned = alignToReference(move(moved, -0.4, false, 0.5, [1, 1]), first)!;
    expectClose(aligned.points[4].x, 0.9, 1e-12);
    expectClose(aligned.points[4].y, -0.2, 1e-12);
    expectClose(aligned.congruence, 1, 1e-12);
  });

  it('alignToReference reports a congruence below 1 when the firms move relative to each other, and matches firms by label', () => {
    const first = [...firms, ...segments];
    const wave = [{ ...firms[1] }, { ...firms[0], x: 0.6, y: 1.1 }, firms[2], firms[3], ...segments].reverse();
    const aligned = alignToReference(wave, first)!;
    expect(aligned.congruence).toBeLessThan(1);
    expect(aligned.congruence).toBeGreaterThan(0.8);
    expect(aligned.rmsd).toBeGreaterThan(0);
  });

  it('alignToReference needs 3 shared firms; an absent firm is left out of the fit', () => {
    expect(alignToReference([firms[0], firms[1], ...segments], firms)).toBeNull();
    const aligned = alignToReference(move([firms[0], firms[1], firms[3]], 0.3, false, 1, [0, 0]), firms)!;
    expect(aligned.shared).toBe(3);
    expectClose(aligned.congruence, 1, 1e-12);
  });
});
