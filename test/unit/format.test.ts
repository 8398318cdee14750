import { describe, it, expect } from 'vitest';
import { csvCell, csvNumber } from '../../src/core/format.ts';

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
