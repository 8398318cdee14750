/**
 * Column headers as the app shows and stores them (issue 12 item 5). A header is data from the
 * file, shown in tables, selects, exports and SQL comments, so it is cleaned once, at the import:
 * - line breaks and tabs (Excel's Alt+Enter in a header cell) read as one space;
 * - other control characters (C0, DEL, C1) and the invisible direction overrides (U+202A-U+202E,
 *   U+2066-U+2069, U+200E, U+200F), which can make a header read backwards on screen, are removed;
 * - a header longer than MAX_HEADER_LENGTH characters (a question's whole text) is cut there, with
 *   an ellipsis.
 * The import reports each change, naming the column and the characters as U+XXXX.
 */

/** Longest header kept whole, in characters (code points). A survey question of a paragraph fits. */
export const MAX_HEADER_LENGTH = 200;

const SPACES = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const ANY = new RegExp(`${SPACES.source}|${INVISIBLE.source}`, 'g');

export interface CleanHeader {
  name: string;
  /** The characters removed or read as a space, as `U+0007`, each once, in order of first appearance. */
  removed: string[];
  /** Length in code points before the cut, when the header was cut; else null. */
  cutFrom: number | null;
}

/** A character as `U+0007`, as messages name one. */
export const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The first C0 or C1 control character of `s` (a name or label typed or imported), or null. */
export function firstControlChar(s: string): string | null {
  for (const c of s) if (c < ' ' || (c >= '\u007f' && c <= '\u009f')) return c;
  return null;
}

/** The header as kept (trimmed; see the top of the file for what changes). */
export function cleanHeader(raw: string): CleanHeader {
  const removed = [...new Set(raw.match(ANY) ?? [])].map(codePoint);
  let name = raw.replace(SPACES, ' ').replace(INVISIBLE, '');
  if (removed.length) name = name.replace(/ {2,}/g, ' ');
  name = name.trim();
  const points = [...name];
  const cutFrom = points.length > MAX_HEADER_LENGTH ? points.length : null;
  if (cutFrom !== null) name = points.slice(0, MAX_HEADER_LENGTH).join('').trimEnd() + '…';
  return { name, removed, cutFrom };
}

export interface HeaderIssueText {
  code: 'header-control-characters' | 'header-too-long';
  message: string;
  fix: string;
  params: Record<string, string | number>;
}

/** The import's words for a cleaned header: the message (no raw control character) and its fix. */
export function headerIssueText(column: number, c: CleanHeader): HeaderIssueText[] {
  const out: HeaderIssueText[] = [];
  if (c.removed.length)
    out.push({
      code: 'header-control-characters',
      message: `the header of column ${column} holds control or text-direction characters (${c.removed.join(', ')}): line breaks and tabs are read as spaces, the others removed, so it reads "${c.name}"`,
      fix: 'nothing to do; to silence this, retype the header in the first row without line breaks',
      params: { characters: c.removed.join(', ') },
    });
  if (c.cutFrom !== null)
    out.push({
      code: 'header-too-long',
      message: `the header of column ${column} has ${c.cutFrom} characters; it is cut to its first ${MAX_HEADER_LENGTH}`,
      fix: 'give the column a short name in the first row (the question text belongs in the questionnaire)',
      params: { length: c.cutFrom, max: MAX_HEADER_LENGTH },
    });
  return out;
}
