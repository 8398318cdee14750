/**
 * Numbers in output files: full precision (shortest round-trip, which is what JavaScript's
 * `String(number)` gives), an undefined figure as an empty cell, never NaN, null or 0.
 */
export function csvNumber(v: number): string {
  return Number.isFinite(v) ? String(v) : '';
}

/**
 * A CSV cell: quoted when needed, and defused when a spreadsheet would run it as a formula
 * (OWASP CSV injection: a leading = + - @ tab or CR gets a leading apostrophe). Numbers pass as they are.
 */
export function csvCell(v: string | number): string {
  if (typeof v === 'number') return csvNumber(v);
  let s = v;
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: (string | number)[]): string {
  return cells.map(csvCell).join(',');
}
