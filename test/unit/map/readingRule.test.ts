import { describe, expect, it } from 'vitest';
import { checkLeader, columnFidelity, leaderSet, leadersNearest, rowFidelity, LEADER_MARGIN } from '../../../src/core/map/readingRule.ts';
import { expectClose } from '../helpers.ts';

// Firms A (0, 0), B (10, 0), C (0, 10).
const firms = [0, 0, 10, 0, 0, 10];

describe('leaderSet(sovRow)', () => {
  it('holds the strongest firm and every firm within 0.5 points of its share', () => {
    expect(leaderSet([0.5, 0.3, 0.2])).toEqual([0]);
    expect(leaderSet([0.4, 0.396, 0.204])).toEqual([0, 1]);
    expect(leaderSet([0.4, 0.394, 0.206])).toEqual([0]);
    expect(leaderSet([NaN, NaN])).toEqual([]);
  });
});

describe('checkLeader(sovRow, firmXy, x, y)', () => {
  it('holds when the leader is nearest by the 5% margin, and names the closest rival with the distance ratio', () => {
    // Point (4, 0): d(A) = 4, d(B) = 6, d(C) = sqrt(116); ratio to B is 4/6.
    const c = checkLeader([0.5, 0.3, 0.2], firms, 4, 0);
    expect(c).toMatchObject({ ok: true, leader: 0, nearest: 0, rival: 1 });
    expectClose(c.ratio, 4 / 6);
  });

  it('fails inside the margin even when the leader is nearest (hand case: x = 4.9 gives 4.9 / 5.1 = 0.961 > 0.95)', () => {
    const c = checkLeader([0.5, 0.3, 0.2], firms, 4.9, 0);
    expect(c.nearest).toBe(0);
    expect(c.ok).toBe(false);
    expectClose(c.ratio, 4.9 / 5.1);
    // The boundary on the A-B line: x / (10 - x) = 0.95, x = 9.5 / 1.95.
    const edge = (10 * LEADER_MARGIN) / (1 + LEADER_MARGIN);
    expect(checkLeader([0.5, 0.3, 0.2], firms, edge - 1e-9, 0).ok).toBe(true);
    expect(checkLeader([0.5, 0.3, 0.2], firms, edge + 1e-9, 0).ok).toBe(false);
  });

  it('fails when a weaker firm is nearer', () => {
    expect(checkLeader([0.5, 0.3, 0.2], firms, 8, 0)).toMatchObject({ ok: false, leader: 0, nearest: 1 });
  });

  it('lets either of two firms tied within 0.5 points be the nearest, and asks nothing of an all-tied segment', () => {
    // A 0.4, B 0.398: B nearest is fine, against C the margin still applies.
    expect(checkLeader([0.4, 0.398, 0.202], firms, 8, 0)).toMatchObject({ ok: true, leader: 1, rival: 2 });
    expect(checkLeader([1 / 3, 1 / 3, 1 / 3], firms, 5, 5).ok).toBe(true);
  });
});

describe('leadersNearest, rowFidelity, columnFidelity on a hand-made joint configuration', () => {
  // 2 firms A (0, 0), B (10, 0); segments P (2, 0) and Q (7, 0).
  // Shares: P = (0.7, 0.3), Q = (0.45, 0.55).
  const coords = Float64Array.from([0, 0, 10, 0, 2, 0, 7, 0]);
  const sov = Float64Array.from([0.7, 0.3, 0.45, 0.55]);
  it('counts the segments that keep rule 1', () => {
    const r = leadersNearest(2, 2, sov, coords);
    // P: 2 / 8 = 0.25 holds. Q: B leads, 3 / 7 = 0.43 holds.
    expect(r.count).toBe(2);
    expect(r.failing).toEqual([]);
  });
  it('row fidelity: every within-segment pair ordered alike (1 of 1 per segment)', () => {
    expect(rowFidelity(2, 2, sov, coords)).toEqual({ fidelity: 1, pairs: 2, broken: [] });
    // Move Q to (4, 0): B (0.55) is now farther than A: that pair breaks, named.
    const moved = Float64Array.from([0, 0, 10, 0, 2, 0, 4, 0]);
    expect(rowFidelity(2, 2, sov, moved)).toEqual({ fidelity: 0.5, pairs: 2, broken: [{ segment: 1, stronger: 1, nearer: 0 }] });
  });
  it('column fidelity: for A, P (0.7) nearer than Q (0.45); for B, Q (0.55) nearer than P (0.3)', () => {
    expect(columnFidelity(2, 2, sov, coords)).toEqual({ fidelity: 1, pairs: 2 });
    // Swap the segments' positions: both firms now see the order reversed.
    expect(columnFidelity(2, 2, sov, Float64Array.from([0, 0, 10, 0, 7, 0, 2, 0]))).toEqual({ fidelity: 0, pairs: 2 });
  });
});

describe('rowFidelity(F, S, sov, coords) on one segment', () => {
  it('counts within-segment firm pairs ordered alike, skipping ties', () => {
    // 3 firms, 1 segment at the origin; shares 0.5 > 0.3 > 0.2 and map distances 1, 3, 2.
    const coords = Float64Array.from([1, 0, 3, 0, 0, 2, 0, 0]);
    const r = rowFidelity(3, 1, Float64Array.from([0.5, 0.3, 0.2]), coords);
    // Pairs: (A,B) 0.5>0.3 and 1<3 agree; (A,C) 0.5>0.2 and 1<2 agree; (B,C) 0.3>0.2 but 3>2 disagree.
    expect(r).toEqual({ fidelity: 2 / 3, pairs: 3, broken: [{ segment: 0, stronger: 1, nearer: 2 }] });
    expect(rowFidelity(3, 1, Float64Array.from([0.5, 0.25, 0.25]), coords).pairs).toBe(2);
  });
});
