/**
 * The map's reading rule (METHOD.md, "The strategy sandbox"), checked and measured on a drawn map.
 * In order of priority:
 * 1. every segment's (and sub-group's) nearest firm is its strongest firm by a margin of 5%:
 *    d(s, leader) <= LEADER_MARGIN * d(s, f) for every other firm f, except firms tied with the
 *    leader within LEADER_TIE of share (0.5 points);
 * 2. row fidelity: within a segment, firm pairs ordered alike by map distance and share;
 * 3. column fidelity: for one firm, segment pairs ordered alike by its distance to them and its share.
 *
 * Reading of the tie exception (METHOD says "except where two firms are tied within 0.5 points"):
 * the firms within LEADER_TIE of the segment's top share form its leader set; the rule holds when
 * the nearest member of that set is within the margin of every firm outside it. So a tie lets
 * either tied firm be the nearest, and a segment where every firm is tied asks nothing.
 *
 * Coordinates: `coords` holds firms first (F x 2), then the segments (S x 2); `sov[s * F + f]`.
 */

/** d(s, leader) <= LEADER_MARGIN x d(s, other firm): the 5% margin of METHOD. */
export const LEADER_MARGIN = 0.95;
/** Firms within this share of value of the segment's leader count as tied (0.5 percentage points). */
export const LEADER_TIE = 0.005;

/** Firms tied for the lead of one segment (share within LEADER_TIE of the top), or [] when none is defined. */
export function leaderSet(sovRow: ArrayLike<number>, tie = LEADER_TIE): number[] {
  let top = -Infinity;
  for (let f = 0; f < sovRow.length; f++) if (Number.isFinite(sovRow[f]) && sovRow[f] > top) top = sovRow[f];
  if (top === -Infinity) return [];
  const out: number[] = [];
  for (let f = 0; f < sovRow.length; f++) if (Number.isFinite(sovRow[f]) && sovRow[f] >= top - tie) out.push(f);
  return out;
}

/**
 * The leader set of one segment and the firms the rule compares it with: every other firm with a
 * defined share. Rule 1 asks the nearest leader to be within the margin of each rival.
 */
export function leaderAndRivals(sovRow: ArrayLike<number>, tie = LEADER_TIE): { lead: number[]; rivals: number[] } {
  const lead = leaderSet(sovRow, tie);
  const inLead = new Set(lead);
  const rivals: number[] = [];
  for (let f = 0; f < sovRow.length; f++) if (!inLead.has(f) && Number.isFinite(sovRow[f])) rivals.push(f);
  return { lead, rivals };
}

export interface RuleCheck {
  /** True when the rule holds (or the segment asks nothing: no defined share, or every firm tied). */
  ok: boolean;
  /** The leader the rule is checked against: the nearest member of the leader set. */
  leader: number;
  /** The firm nearest on the map. */
  nearest: number;
  /** The firm outside the leader set that comes closest relative to the margin (-1 when none). */
  rival: number;
  /** d(s, leader) / d(s, rival): the rule asks for at most LEADER_MARGIN. */
  ratio: number;
}

/** Check rule 1 for the point (x, y) against the firms at `firmXy` (x, y per firm). */
export function checkLeader(sovRow: ArrayLike<number>, firmXy: ArrayLike<number>, x: number, y: number, margin = LEADER_MARGIN, tie = LEADER_TIE): RuleCheck {
  const F = sovRow.length;
  const dist = (f: number) => Math.hypot(firmXy[2 * f] - x, firmXy[2 * f + 1] - y);
  let nearest = -1;
  for (let f = 0; f < F; f++) if (nearest < 0 || dist(f) < dist(nearest)) nearest = f;
  const { lead, rivals } = leaderAndRivals(sovRow, tie);
  if (!lead.length) return { ok: true, leader: -1, nearest, rival: -1, ratio: NaN };
  let leader = lead[0];
  for (const f of lead) if (dist(f) < dist(leader)) leader = f;
  let rival = -1,
    ratio = 0;
  for (const f of rivals) {
    const r = dist(f) > 0 ? dist(leader) / dist(f) : Infinity;
    if (rival < 0 || r > ratio) {
      rival = f;
      ratio = r;
    }
  }
  return { ok: rival < 0 || ratio <= margin, leader, nearest, rival, ratio: rival < 0 ? NaN : ratio };
}

/** Rule 1 over every segment of a joint configuration: how many hold, and the ones that do not. */
export function leadersNearest(F: number, S: number, sov: ArrayLike<number>, coords: ArrayLike<number>): { count: number; of: number; failing: { segment: number; check: RuleCheck }[] } {
  const firmXy = Array.prototype.slice.call(coords, 0, 2 * F) as number[];
  const failing: { segment: number; check: RuleCheck }[] = [];
  let count = 0;
  for (let s = 0; s < S; s++) {
    const row = Array.prototype.slice.call(sov, s * F, s * F + F) as number[];
    const c = checkLeader(row, firmXy, coords[2 * (F + s)], coords[2 * (F + s) + 1]);
    if (c.ok) count++;
    else failing.push({ segment: s, check: c });
  }
  return { count, of: S, failing };
}

const distance = (coords: ArrayLike<number>, i: number, j: number) => Math.hypot(coords[2 * i] - coords[2 * j], coords[2 * i + 1] - coords[2 * j + 1]);

/**
 * Row fidelity: the share of within-segment firm pairs (different defined shares) ordered alike by map
 * distance and share of value, with the pairs the map orders the other way (segment, the stronger
 * firm, the weaker firm drawn nearer).
 */
export function rowFidelity(F: number, S: number, sov: ArrayLike<number>, coords: ArrayLike<number>): { fidelity: number; pairs: number; broken: { segment: number; stronger: number; nearer: number }[] } {
  let agree = 0,
    pairs = 0;
  const broken: { segment: number; stronger: number; nearer: number }[] = [];
  for (let s = 0; s < S; s++)
    for (let a = 0; a < F; a++)
      for (let b = a + 1; b < F; b++) {
        const va = sov[s * F + a],
          vb = sov[s * F + b];
        if (!Number.isFinite(va) || !Number.isFinite(vb) || va === vb) continue;
        pairs++;
        const da = distance(coords, a, F + s),
          db = distance(coords, b, F + s);
        if (va > vb === da < db) agree++;
        else broken.push(va > vb ? { segment: s, stronger: a, nearer: b } : { segment: s, stronger: b, nearer: a });
      }
  return { fidelity: pairs ? agree / pairs : NaN, pairs, broken };
}

/** Column fidelity: for each firm, the share of segment pairs (different defined shares) ordered alike by its map distance to them and its share in them. */
export function columnFidelity(F: number, S: number, sov: ArrayLike<number>, coords: ArrayLike<number>): { fidelity: number; pairs: number } {
  let agree = 0,
    pairs = 0;
  for (let f = 0; f < F; f++)
    for (let s = 0; s < S; s++)
      for (let t = s + 1; t < S; t++) {
        const vs = sov[s * F + f],
          vt = sov[t * F + f];
        if (!Number.isFinite(vs) || !Number.isFinite(vt) || vs === vt) continue;
        pairs++;
        if (vs > vt === distance(coords, f, F + s) < distance(coords, f, F + t)) agree++;
      }
  return { fidelity: pairs ? agree / pairs : NaN, pairs };
}
