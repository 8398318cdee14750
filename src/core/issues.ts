/** A problem found in the user's data. Errors block the import; warnings do not. */
export interface Issue {
  severity: 'error' | 'warning';
  /** Stable machine code, e.g. `not-a-number`, so the UI can translate and group. */
  code: string;
  file: string;
  /** 1-based spreadsheet row (the header is row 1); absent when the issue is about the whole file. */
  row?: number;
  column?: string;
  /** The offending cell text, when there is one. */
  value?: string;
  /** Plain English description; the UI shows a translated one built from `code` and `params`. */
  message: string;
  /** What the user can do about it. */
  fix: string;
  /** Further cells with the same problem in the same column, not listed one by one. */
  more?: number;
  /** Further values of the message's template (counts, row lists), for the translated message. */
  params?: Record<string, string | number>;
}

/**
 * Collects issues, keeping at most `perKey` of each (code, column) so a million bad cells do not
 * produce a million messages; the rest are counted in `more` of the last one kept.
 */
export class IssueList {
  readonly items: Issue[] = [];
  private readonly counts = new Map<string, { n: number; last: Issue }>();
  constructor(private readonly perKey = 5) {}

  add(issue: Issue): void {
    const key = `${issue.code}\u0000${issue.column ?? ''}`;
    const seen = this.counts.get(key);
    if (seen && seen.n >= this.perKey) {
      seen.last.more = (seen.last.more ?? 0) + 1;
      return;
    }
    this.items.push(issue);
    if (seen) {
      seen.n++;
      seen.last = issue;
    } else this.counts.set(key, { n: 1, last: issue });
  }

  get hasErrors(): boolean {
    return this.items.some((i) => i.severity === 'error');
  }
}

/**
 * An issue thrown rather than collected (a whole file refused), so that what catches it can still
 * show it in the user's language by its code; its message is the English one-liner.
 */
export class IssueError extends Error {
  constructor(readonly issue: Issue) {
    super(`${issue.file}: ${issue.message}. Fix: ${issue.fix}`);
  }
}

/** One line for logs and the CLI: `file, row 12, column "perf:A:quality": message. Fix: fix`. */
export function formatIssue(i: Issue): string {
  const where = [i.file, i.row !== undefined ? `row ${i.row}` : '', i.column !== undefined ? `column "${i.column}"` : '']
    .filter(Boolean)
    .join(', ');
  const more = i.more ? ` (and ${i.more} more like it)` : '';
  return `${i.severity === 'error' ? 'Error' : 'Warning'}: ${where}: ${i.message}${more}. Fix: ${i.fix}`;
}
