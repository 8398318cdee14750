/**
 * The user's names for firms and segments, and the user's choice of our firm (issue 14 item 3:
 * tables acted on in place).
 *
 * A rename is applied to the survey itself, right after it is built, so that every measurement,
 * map, driver model, scenario, wave and export downstream sees one name and none of them has to
 * translate labels. The file keeps its own names: `Names` maps a label as the file gives it (the
 * original) to the label the user chose, so a rename survives a new wave read from another file
 * with the same columns, and undo is a matter of the previous `Names`.
 *
 * Segments formed from need importance are named C1..Ck by measure(); their names apply there
 * (the survey carries them as `segmentNames`). C1 is "the first cluster of this k": with another k
 * the clusters change and the user's names stay on the same positions (said on screen).
 */
import { codePoint, firstControlChar } from '../import/header.ts';
import type { Survey } from '../survey.ts';

export interface Names {
  /** Original firm label -> the user's label. */
  firms: Record<string, string>;
  /** Original segment label (a segment column's value, or C1..Ck) -> the user's label. */
  segments: Record<string, string>;
  /** Our firm by its original label, when the user marked it; null = the mapping's choice. */
  us: string | null;
}

export type NameKind = 'firm' | 'segment';

export const NAME_MAX = 100;

export function emptyNames(): Names {
  return { firms: Object.create(null), segments: Object.create(null), us: null };
}

export function hasNames(n: Names | null | undefined): n is Names {
  return !!n && (Object.keys(n.firms).length > 0 || Object.keys(n.segments).length > 0 || n.us !== null);
}

const rename = (map: Record<string, string>, label: string): string => (Object.hasOwn(map, label) ? map[label] : label);

/**
 * The survey with the user's names: firms, segment labels and our firm renamed, importance
 * clusters' names carried for measure(). `survey` must be the survey as built from its file (never
 * a renamed one: names map original labels).
 */
export function withNames(survey: Survey, names: Names | null | undefined): Survey {
  if (!hasNames(names)) return survey;
  const us = names.us !== null && survey.firms.includes(names.us) ? names.us : survey.us;
  return {
    ...survey,
    firms: survey.firms.map((f) => rename(names.firms, f)),
    us: us === null ? null : rename(names.firms, us),
    segmentLabels: survey.segmentLabels.map((g) => rename(names.segments, g)),
    segmentNames: { ...names.segments },
  };
}

export type NameProblem =
  | { code: 'empty' }
  | { code: 'long'; length: number }
  | { code: 'control'; char: string }
  | { code: 'taken'; name: string };

/** What is wrong with a new name (for the screen to say in the user's language); null when it can be used. */
export function checkName(name: string, others: readonly string[]): NameProblem | null {
  if (!name.trim()) return { code: 'empty' };
  if (name.length > NAME_MAX) return { code: 'long', length: name.length };
  const ctrl = firstControlChar(name);
  if (ctrl) return { code: 'control', char: codePoint(ctrl) };
  if (others.includes(name.trim())) return { code: 'taken', name: name.trim() };
  return null;
}

/** What is wrong with a new name, in English words that say what to do; null when it can be used. */
export function nameProblem(name: string, others: readonly string[], kind: NameKind): string | null {
  const p = checkName(name, others);
  if (!p) return null;
  switch (p.code) {
    case 'empty':
      return `a ${kind} needs a name: type one, or press Escape to keep the old one`;
    case 'long':
      return `a ${kind} name is at most ${NAME_MAX} characters (this one has ${p.length}): shorten it`;
    case 'control':
      return `a ${kind} name cannot hold the control character ${p.char}: type the name again`;
    case 'taken':
      return `another ${kind} is already called "${p.name}": choose a name no other ${kind} has`;
  }
}

/**
 * `names` with the label shown as `from` renamed `to`. `shown` is every label of that kind on screen
 * (the current names), to find the original behind `from` and to refuse a name already in use.
 * Throws an Error with the reason when `to` cannot be used.
 */
export function renamed(names: Names, kind: NameKind, from: string, to: string, shown: readonly string[]): Names {
  const target = to.trim();
  const problem = nameProblem(to, shown.filter((l) => l !== from), kind);
  if (problem) throw new Error(problem);
  if (!shown.includes(from)) throw new Error(`there is no ${kind} called "${from}" any more: it may have been renamed or measured again`);
  const map = kind === 'firm' ? names.firms : names.segments;
  // The original behind the label on screen: the key whose name it is, or the label itself.
  const original = Object.keys(map).find((k) => map[k] === from) ?? from;
  const next: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(map)) if (k !== original) next[k] = v;
  if (target !== original) next[original] = target;
  return kind === 'firm' ? { ...names, firms: next } : { ...names, segments: next };
}

/** `names` with our firm set to the firm shown as `shownFirm` (by its original label). */
export function withUs(names: Names, shownFirm: string): Names {
  const original = Object.keys(names.firms).find((k) => names.firms[k] === shownFirm) ?? shownFirm;
  return { ...names, us: original };
}

/**
 * How a label of one measurement reads in the next, when only names changed between them (a
 * rename or its undo): the same firms and segments in the same order. Anything else (another k,
 * another survey) keeps labels as they are. Lets the map on screen stay the reference of the next
 * fit (so a rename does not turn the picture) and a drill-down stay open under its new name.
 */
export function carryLabels(
  prev: { firms: readonly string[]; segments: readonly { label: string }[] } | null,
  next: { firms: readonly string[]; segments: readonly { label: string }[] },
): (kind: string, label: string) => string {
  if (!prev) return (_k, l) => l;
  const firms = prev.firms.length === next.firms.length ? new Map(prev.firms.map((f, i) => [f, next.firms[i]])) : new Map<string, string>();
  const segs = prev.segments.length === next.segments.length ? new Map(prev.segments.map((g, i) => [g.label, next.segments[i].label])) : new Map<string, string>();
  return (kind, label) => (kind === 'firm' ? firms : kind === 'segment' ? segs : new Map<string, string>()).get(label) ?? label;
}

/**
 * Names from a small CSV (`kind,from,to`; kind `firm` or `segment`), the command line's form of
 * renames made in the app: applied in order to the labels of a measurement, so a row may rename
 * what an earlier row named. Errors name the file, the line, the column and the fix.
 */
export function namesFromCsv(
  rows: string[][],
  file: string,
  labels: { firms: readonly string[]; segments: readonly string[] },
): Names {
  const header = (rows[0] ?? []).map((h) => h.replace(/^\uFEFF/, '').trim().toLowerCase());
  if (header.join(',') !== 'kind,from,to') throw new Error(`${file}: line 1 must be the header "kind,from,to" (found "${(rows[0] ?? []).join(',')}"). Fix: write one rename per line under that header, e.g. "segment,S3,Key accounts"`);
  let names = emptyNames();
  const shown = { firm: [...labels.firms], segment: [...labels.segments] };
  rows.slice(1).forEach((row, i) => {
    const line = i + 2;
    if (row.every((c) => !c.trim())) return;
    const [kind, from, to] = [row[0]?.trim().toLowerCase(), row[1]?.trim() ?? '', row[2] ?? ''];
    if (kind !== 'firm' && kind !== 'segment') throw new Error(`${file}: line ${line}, column kind: "${row[0] ?? ''}" is neither firm nor segment. Fix: write firm or segment`);
    const list = shown[kind];
    if (!list.includes(from)) throw new Error(`${file}: line ${line}, column from: there is no ${kind} called "${from}" (the ${kind}s are ${list.join(', ')}). Fix: use a ${kind} as the survey names it, or as an earlier line renamed it`);
    try {
      names = renamed(names, kind, from, to, list);
    } catch (e) {
      throw new Error(`${file}: line ${line}, column to: ${(e as Error).message}`);
    }
    list[list.indexOf(from)] = to.trim();
  });
  return names;
}
