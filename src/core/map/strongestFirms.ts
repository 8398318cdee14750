/**
 * Each segment's (or sub-group's) strongest firm: the one with the largest share of value among
 * its rows, as the fit panel ranks them; the first listed wins an exact tie. A segment with no
 * finite share has none.
 */
export function strongestFirms(rows: readonly { segment: string; firm: string; shareOfValue: number }[]): Map<string, string> {
  const best = new Map<string, { firm: string; sov: number }>();
  for (const r of rows) {
    if (!Number.isFinite(r.shareOfValue)) continue;
    const b = best.get(r.segment);
    if (!b || r.shareOfValue > b.sov) best.set(r.segment, { firm: r.firm, sov: r.shareOfValue });
  }
  return new Map([...best].map(([segment, b]) => [segment, b.firm]));
}
