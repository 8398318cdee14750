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

const numberFormats = new Map<string, Intl.NumberFormat>();

/**
 * A figure for people, in `locale`: `digits` decimals ('num'), a whole number ('int') or a percent
 * of `digits` decimals ('pct'); an en dash for an undefined figure, never NaN. The formatters are
 * kept: building an Intl.NumberFormat costs tens of microseconds, and building one per figure held
 * the page's frame on a table of a few hundred figures (and an export's on every cell).
 */
export function formatNumber(v: number, locale: string, kind: 'num' | 'int' | 'pct', digits = 0): string {
  if (!Number.isFinite(v)) return '–';
  const key = `${locale}|${kind}|${digits}`;
  let f = numberFormats.get(key);
  if (!f) {
    const options: Intl.NumberFormatOptions =
      kind === 'int' ? { maximumFractionDigits: 0 } : { ...(kind === 'pct' ? { style: 'percent' as const } : {}), minimumFractionDigits: digits, maximumFractionDigits: digits };
    numberFormats.set(key, (f = new Intl.NumberFormat(locale, options)));
  }
  return f.format(v);
}

/** A change with its sign (+, − or ±) and `digits` decimals, in `locale`; an en dash when undefined. */
export function formatSigned(v: number, locale: string, digits = 1): string {
  return Number.isFinite(v) ? (v > 0 ? '+' : v < 0 ? '−' : '±') + formatNumber(Math.abs(v), locale, 'num', digits) : '–';
}

/** "a", "a and b", "a, b and c": names in an English sentence (messages, the command line's last line). */
export function listNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
