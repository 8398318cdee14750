/**
 * Strict number reading for survey cells: `12`, `-3.5`, `1e3`, `.5`, and `3,5` when the file
 * uses decimal commas; a trailing `%` only when `percent` (share of wallet exported as "35%": the
 * parser keeps such cells as text and only the share-of-wallet reading takes them).
 * Anything else (`12abc`, `0x1A`, `Infinity`, `NaN`, `1.234,5`, and `1e999`, which overflows) is NaN:
 * it is reported as text, never read as its prefix the way `parseFloat` would.
 */
export function parseNumber(s: string, decimalComma: boolean, percent = true): number {
  let end = s.length;
  let start = 0;
  while (start < end && (s.charCodeAt(start) === 32 || s.charCodeAt(start) === 9)) start++;
  while (end > start && (s.charCodeAt(end - 1) === 32 || s.charCodeAt(end - 1) === 9)) end--;
  if (end > start && s.charCodeAt(end - 1) === 37 /* % */) {
    if (!percent) return NaN;
    end--;
  }
  if (start === end) return NaN;
  const sep = decimalComma ? 44 : 46;
  let i = start;
  let c = s.charCodeAt(i);
  if (c === 43 || c === 45) i++;
  let digits = 0;
  while (i < end && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
    i++;
    digits++;
  }
  let sepAt = -1;
  if (i < end && s.charCodeAt(i) === sep) {
    sepAt = i;
    i++;
    while (i < end && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return NaN;
  if (i < end && ((c = s.charCodeAt(i)) === 101 || c === 69)) {
    i++;
    if (i < end && ((c = s.charCodeAt(i)) === 43 || c === 45)) i++;
    let exp = 0;
    while (i < end && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
      i++;
      exp++;
    }
    if (exp === 0) return NaN;
  }
  if (i !== end) return NaN;
  let t = start === 0 && end === s.length ? s : s.slice(start, end);
  if (sepAt >= 0 && decimalComma) t = t.replace(',', '.');
  const v = +t;
  return Number.isFinite(v) ? v : NaN;
}
