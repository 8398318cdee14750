import { describe, expect, it } from 'vitest';
import { typedNumber } from '../../../src/lib/typedNumber.ts';

describe('typedNumber', () => {
  it('reads a decimal comma, ignores spaces, and a % only where asked', () => {
    expect(typedNumber(' 12,5 ')).toBe(12.5);
    expect(typedNumber('-3.25')).toBe(-3.25);
    expect(typedNumber('12.5 %', { percent: true })).toBe(12.5);
    expect(typedNumber('12.5%')).toBeNaN();
  });
  it('is null for an empty field (never 0, as Number("") is) and NaN for text', () => {
    expect(typedNumber('   ')).toBeNull();
    expect(typedNumber('%', { percent: true })).toBeNull();
    expect(typedNumber('abc')).toBeNaN();
    expect(typedNumber('0x1A')).toBeNaN();
    expect(typedNumber('Infinity')).toBeNaN();
    expect(typedNumber('12abc')).toBeNaN();
  });
});
