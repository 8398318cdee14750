// Headers cleaned for display (src/core/import/header.ts, issue 12 item 5): table-driven.
import { describe, it, expect } from 'vitest';
import { cleanHeader, headerIssueText, MAX_HEADER_LENGTH } from '../../../src/core/import/header.ts';

describe('cleanHeader(raw)', () => {
  for (const [raw, name, removed] of [
    ['segment', 'segment', []],
    ['  imp:质量 ', 'imp:质量', []],
    ['seg\u0007ment', 'segment', ['U+0007']],
    ['Revenue\r\n2024', 'Revenue 2024', ['U+000D', 'U+000A']],
    ['a\tb', 'a b', ['U+0009']],
    ['\u202Eregion', 'region', ['U+202E']],
    ['x\u2066y\u2069\u200F', 'xy', ['U+2066', 'U+2069', 'U+200F']],
    ['nul\u0000here', 'nulhere', ['U+0000']],
    ['c1\u0085\u009b', 'c1', ['U+0085', 'U+009B']],
    ['\u0001\u0002', '', ['U+0001', 'U+0002']],
  ] as const)
    it(`${JSON.stringify(raw)} reads ${JSON.stringify(name)}`, () => {
      expect(cleanHeader(raw)).toEqual({ name, removed, cutFrom: null });
    });

  it(`cuts a 1,000-character header to its first ${MAX_HEADER_LENGTH} code points with an ellipsis, and says so`, () => {
    const c = cleanHeader('问'.repeat(1000));
    expect(c.name).toBe('问'.repeat(MAX_HEADER_LENGTH) + '…');
    expect(c.cutFrom).toBe(1000);
    const [issue] = headerIssueText(7, c);
    expect(issue).toMatchObject({ code: 'header-too-long', message: 'the header of column 7 has 1000 characters; it is cut to its first 200', params: { length: 1000, max: 200 } });
    expect(cleanHeader('😀'.repeat(MAX_HEADER_LENGTH)).cutFrom).toBeNull();
  });

  it('names the characters as U+XXXX and never repeats a raw control character in its words', () => {
    const [issue] = headerIssueText(2, cleanHeader('seg\u0007ment\n'));
    expect(issue.message).toBe(
      'the header of column 2 holds control or text-direction characters (U+0007, U+000A): line breaks and tabs are read as spaces, the others removed, so it reads "segment"',
    );
    // eslint-disable-next-line no-control-regex
    expect(`${issue.message}${issue.fix}`).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});
