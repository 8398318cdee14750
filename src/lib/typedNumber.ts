/**
 * A number the user typed in a field: spaces ignored and a decimal comma read as a point (Chinese
 * and European keyboards), and with `percent` a trailing % too. Null when the field is empty (each
 * field says what empty means: back to the default, no filter ...), NaN when it is not a number.
 */
export function typedNumber(text: string, options: { percent?: boolean } = {}): number | null {
  let t = text.trim();
  if (options.percent) t = t.replace(/%$/, '').trim();
  return t === '' ? null : Number(t.replace(',', '.'));
}
