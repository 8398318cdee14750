import { parseNumber } from '../core/import/number.ts';

/**
 * A number the user typed in a field, read as survey cells are (core/import/number.ts, so `0x1A`
 * and `Infinity` are not numbers): blanks around it ignored, a decimal comma read as a point
 * (Chinese and European keyboards), and with `percent` a trailing % too. Null when the field is
 * empty (each field says what empty means: back to the default, no filter ...), NaN when it is not
 * a number. The fields are text fields (inputmode decimal): a number field hands over '' for '85%'.
 */
export function typedNumber(text: string, options: { percent?: boolean } = {}): number | null {
  let t = text.trim();
  if (options.percent) t = t.replace(/%$/, '').trim();
  return t === '' ? null : parseNumber(t, t.includes(','), false);
}
