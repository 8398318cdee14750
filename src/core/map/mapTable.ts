/**
 * The map's content as a table (issue 11 item 7: a table alternative for readers who cannot see
 * the map, and for anyone checking it): for each segment, each firm's figure (what the map draws)
 * beside the firm's distance on the map, the strongest firm and the nearest one, and how many
 * pairs of firms the map orders as the figures do. The reading rule, shorter = stronger, is then
 * checkable cell by cell.
 */
export interface MapTableRow {
  segment: string;
  /** The measured figure per firm (share of value, ...), NaN where undefined. */
  values: number[];
  /** Distance on the map from the segment to each firm (NaN when a point is missing). */
  distances: number[];
  strongest: string | null;
  nearest: string | null;
  /** Firm pairs with different defined figures, and those the map puts in the same order. */
  pairs: number;
  pairsKept: number;
}

export function mapTable(
  points: readonly { kind: string; label: string; x: number; y: number }[],
  firms: readonly string[],
  segments: readonly string[],
  /** Segment x firm figures, `table[s * F + f]`; larger = stronger. */
  table: ArrayLike<number>,
): MapTableRow[] {
  const F = firms.length;
  const at = (kind: string, label: string) => points.find((p) => p.kind === kind && p.label === label);
  const firmXy = firms.map((f) => at('firm', f));
  return segments.map((segment, s) => {
    const p = at('segment', segment);
    const values = Array.from({ length: F }, (_, f) => table[s * F + f]);
    const distances = firmXy.map((q) => (p && q ? Math.hypot(p.x - q.x, p.y - q.y) : NaN));
    const best = (score: (f: number) => number) => {
      let k = -1;
      for (let f = 0; f < F; f++) if (Number.isFinite(score(f)) && (k < 0 || score(f) > score(k))) k = f;
      return k < 0 ? null : firms[k];
    };
    let pairs = 0,
      pairsKept = 0;
    for (let a = 0; a < F; a++)
      for (let b = a + 1; b < F; b++) {
        if (!Number.isFinite(values[a]) || !Number.isFinite(values[b]) || values[a] === values[b] || !Number.isFinite(distances[a]) || !Number.isFinite(distances[b])) continue;
        pairs++;
        if (values[a] > values[b] === distances[a] < distances[b]) pairsKept++;
      }
    return { segment, values, distances, strongest: best((f) => values[f]), nearest: best((f) => -distances[f]), pairs, pairsKept };
  });
}
