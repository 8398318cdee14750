import { describe, it, expect } from 'vitest';
import { csvCell, csvNumber, formatNumber, formatSigned } from '../../src/core/format.ts';

describe('csvCell(value)', () => {
  const cases: [string | number, string][] = [
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+cmd', "'+cmd"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['S1', 'S1'],
    ['a,b', '"a,b"'],
    ['顶峰', '顶峰'],
    [0.1 + 0.2, '0.30000000000000004'],
    [NaN, ''],
  ];
  for (const [input, out] of cases) it(`writes ${JSON.stringify(input)} as ${JSON.stringify(out)}`, () => expect(csvCell(input)).toBe(out));
  it('writes undefined figures as empty cells, never NaN or 0', () => {
    expect(csvNumber(NaN)).toBe('');
    expect(csvNumber(Infinity)).toBe('');
  });
});

describe('formatNumber: figures for people', () => {
  it('writes decimals, whole numbers and percents in English and Chinese, and a dash for an undefined figure', () => {
    expect(formatNumber(1234.5678, 'en-US', 'num', 2)).toBe('1,234.57');
    expect(formatNumber(1234.5678, 'zh-CN', 'num', 1)).toBe('1,234.6');
    expect(formatNumber(1234567.4, 'en-US', 'int')).toBe('1,234,567');
    expect(formatNumber(0.1234, 'en-US', 'pct', 1)).toBe('12.3%');
    expect(formatNumber(0.5, 'zh-CN', 'pct', 0)).toBe('50%');
    for (const v of [NaN, Infinity, -Infinity]) expect(formatNumber(v, 'en-US', 'num', 2)).toBe('–');
    // The kept formatter gives the same text on a second call, whatever was formatted between.
    expect(formatNumber(2.5, 'en-US', 'num', 2)).toBe('2.50');
    expect(formatNumber(2.5, 'en-US', 'num', 0)).toBe('3');
    expect(formatNumber(2.5, 'en-US', 'num', 2)).toBe('2.50');
  });
});

describe('formatSigned: a change for people (the screen and the slides)', () => {
  it('puts +, − or ± before the size of the change, and an en dash for none', () => {
    expect(formatSigned(1.25, 'en-US')).toBe('+1.3');
    expect(formatSigned(-1234.5, 'en-US', 0)).toBe('−1,235');
    expect(formatSigned(0, 'zh-CN')).toBe('±0.0');
    expect(formatSigned(NaN, 'en-US')).toBe('–');
  });
});
