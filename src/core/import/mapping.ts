import type { ColumnStats } from '../table.ts';

/** The canonical roles of METHOD.md a column can take. */
export type Role =
  | 'ignore'
  | 'id'
  | 'segment'
  | 'weight'
  | 'wave'
  | 'spend'
  | 'profile'
  | 'firm'
  | 'imp'
  | 'perf'
  | 'fam'
  | 'sow'
  | 'overall';

export const ROLES: Role[] = ['ignore', 'id', 'segment', 'weight', 'wave', 'spend', 'profile', 'firm', 'imp', 'perf', 'fam', 'sow', 'overall'];

/** Rating families share one scale each (METHOD.md: all `imp:` columns share one scale, ...). */
export type Family = 'imp' | 'perf' | 'fam' | 'overall';
export const FAMILIES: Family[] = ['imp', 'perf', 'fam', 'overall'];

export interface ColumnMapping {
  column: string;
  role: Role;
  /** For perf (wide), fam, sow, overall (wide). */
  firm?: string;
  /** For imp and perf. */
  need?: string;
}

export interface Scale {
  min: number;
  max: number;
}

export interface Mapping {
  /** Wide: one row per respondent. Stacked: one row per respondent and firm, with a `firm` column. */
  shape: 'wide' | 'stacked';
  columns: ColumnMapping[];
  /** Declared scale per family; null = detected from the data (smallest nested scale holding every value). */
  scales: Record<Family, Scale | null>;
  /**
   * Cell texts that mean "missing" in rating and number columns, and numeric codes (e.g. "99") that
   * mean it in the rating columns (importance, performance, familiarity, overall); in share of wallet,
   * spend and weight a numeric code counts only when negative, since 99 there can be a real value.
   */
  missingCodes: string[];
  /** Text answer labels mapped to scale points, e.g. {"Very important": 4}. */
  likert: Record<string, number>;
  /** The user's own firm. */
  us: string | null;
}

/** Nested scales METHOD.md tries, smallest first. */
export const NESTED_SCALES: Scale[] = [
  { min: 1, max: 5 },
  { min: 1, max: 7 },
  { min: 1, max: 10 },
  { min: 0, max: 10 },
  { min: 0, max: 100 },
];

/** The smallest nested scale that holds [lo, hi], or null when none does. */
export function detectScale(lo: number, hi: number): Scale | null {
  if (!(lo <= hi)) return NESTED_SCALES[0];
  return NESTED_SCALES.find((s) => s.min <= lo && hi <= s.max) ?? null;
}

const MISSING_TEXT = [
  'na',
  'n/a',
  '#n/a',
  'nan',
  'null',
  'none',
  'missing',
  '-',
  '.',
  '?',
  'dk',
  "don't know",
  'dont know',
  'do not know',
  'refused',
  'not applicable',
  '不知道',
  '不清楚',
  '缺失',
  '无',
  '拒答',
  '不适用',
];
/** Numeric codes surveys use for "missing", proposed only when they stand apart from the scale. */
const MISSING_NUMBERS = [99, 98, 999, 9999, -99, -9, -1, -999];

/** Likert label sets (English and Simplified Chinese), mapped to 1..k. */
const LIKERT_SETS: string[][] = [
  ['not at all important', 'slightly important', 'moderately important', 'very important', 'extremely important'],
  ['not important', 'somewhat important', 'important', 'very important', 'extremely important'],
  ['strongly disagree', 'disagree', 'neutral', 'agree', 'strongly agree'],
  ['very poor', 'poor', 'fair', 'good', 'very good'],
  ['very poor', 'poor', 'average', 'good', 'excellent'],
  ['very dissatisfied', 'dissatisfied', 'neutral', 'satisfied', 'very satisfied'],
  ['never heard of it', 'heard of the name only', 'know a little', 'know fairly well', 'know very well'],
  ['never heard of it', 'know the name only', 'know a little', 'know well', 'know very well'],
  ['非常不重要', '不重要', '一般', '重要', '非常重要'],
  ['完全不重要', '不太重要', '一般', '比较重要', '非常重要'],
  ['非常不同意', '不同意', '一般', '同意', '非常同意'],
  ['非常差', '差', '一般', '好', '非常好'],
  ['非常不满意', '不满意', '一般', '满意', '非常满意'],
  ['从未听说', '只听说过', '了解一点', '比较了解', '非常了解'],
];

const GENERIC: [Role, RegExp][] = [
  ['id', /^(id|respondent|respondent[ _-]?id|resp[ _-]?id|case[ _-]?id|record[ _-]?id|编号|受访者|受访者编号|样本编号|id号)$/i],
  ['segment', /^(segment|seg|segment[ _-]?label|cluster|细分|细分市场|分群|市场细分)$/i],
  ['weight', /^(weight|wt|wgt|survey[ _-]?weight|权重|加权)$/i],
  ['wave', /^(wave|period|survey[ _-]?wave|round|year|quarter|波次|期次|轮次|调查期)$/i],
  ['spend', /^(spend|total[ _-]?spend|category[ _-]?spend|annual[ _-]?spend|spending|purchase[ _-]?volume|支出|采购额|年采购额|总支出|品类支出)$/i],
  ['firm', /^(firm|brand|company|supplier|competitor|vendor|企业|品牌|公司|供应商|竞争者)$/i],
];

const FAMILY_WORDS: [Role, RegExp][] = [
  ['imp', /^(imp|importance|importance[ _-]?of|重要性|重要程度)$/i],
  ['perf', /^(perf|performance|rating|score|表现|评价|绩效|评分)$/i],
  ['fam', /^(fam|familiarity|awareness|熟悉度|熟悉程度|了解程度)$/i],
  ['sow', /^(sow|share[ _-]?of[ _-]?wallet|wallet[ _-]?share|wallet|钱包份额|份额|采购份额)$/i],
  ['overall', /^(overall|overall[ _-]?rating|loyalty|repurchase|总体|总体评价|总体满意度|再购意愿)$/i],
];
const CJK_AFFIXES: [Role, string[]][] = [
  ['imp', ['重要性', '重要程度']],
  ['fam', ['熟悉度', '熟悉程度']],
  ['sow', ['钱包份额', '采购份额']],
  ['overall', ['总体评价', '总体']],
  ['perf', ['表现', '评价']],
];

function splitHeader(h: string): string[] {
  if (/[:：]/.test(h)) return h.split(/\s*[:：]\s*/);
  if (/\s[-–—]\s/.test(h)) return h.split(/\s+[-–—]\s+/);
  if (h.includes('_')) return h.split('_');
  return h.split(/\s+/);
}

/** A header read as a rating family plus its qualifiers (firm and/or need), or a generic role. */
export function readHeader(header: string): { role: Role | null; parts: string[] } {
  const h = header.trim();
  for (const [role, re] of GENERIC) if (re.test(h)) return { role, parts: [] };
  const parts = splitHeader(h).filter((p) => p !== '');
  // The family word may be at the start or the end, and may span several words ("share of wallet").
  for (let k = Math.min(4, parts.length); k >= 1; k--) {
    for (const [role, re] of FAMILY_WORDS) {
      if (re.test(parts.slice(0, k).join(' '))) return { role, parts: parts.slice(k) };
      if (parts.length > k && re.test(parts.slice(parts.length - k).join(' '))) return { role, parts: parts.slice(0, parts.length - k) };
    }
  }
  if (parts.length === 1) {
    for (const [role, words] of CJK_AFFIXES)
      for (const w of words) {
        if (h.startsWith(w) && h.length > w.length) return { role, parts: [h.slice(w.length)] };
        if (h.endsWith(w) && h.length > w.length) return { role, parts: [h.slice(0, h.length - w.length)] };
      }
  }
  return { role: null, parts };
}

const norm = (s: string) => s.trim().toLowerCase();

/**
 * Proposes a mapping from headers and column contents. Every proposal is only a proposal: the
 * mapping step shows it and the user corrects any of it.
 */
export function proposeMapping(stats: ColumnStats[]): Mapping {
  const read = stats.map((s) => ({ stats: s, ...readHeader(s.name) }));
  const hasFirmColumn = read.some((r) => r.role === 'firm');
  const needs = new Map<string, string>();
  const firms = new Map<string, string>();
  const addTo = (m: Map<string, string>, v: string) => {
    if (!m.has(norm(v))) m.set(norm(v), v.trim());
  };
  for (const r of read) {
    if (r.role === 'imp' && r.parts.length === 1) addTo(needs, r.parts[0]);
    if ((r.role === 'fam' || r.role === 'sow' || r.role === 'overall') && r.parts.length === 1) addTo(firms, r.parts[0]);
  }
  // Stacked when there is a firm column and per-firm columns carry no firm in their name.
  const stacked = hasFirmColumn && read.some((r) => (r.role === 'fam' || r.role === 'sow' || r.role === 'overall') && r.parts.length === 0);

  const columns: ColumnMapping[] = read.map((r) => {
    const column = r.stats.name;
    const role = r.role;
    if (role === 'imp' && r.parts.length >= 1) return { column, role, need: r.parts.join(' ') };
    if (role === 'perf') {
      if (stacked && r.parts.length >= 1) return { column, role, need: r.parts.join(' ') };
      if (r.parts.length === 2) {
        const [a, b] = r.parts;
        const swap = (needs.has(norm(a)) && !needs.has(norm(b))) || (firms.has(norm(b)) && !firms.has(norm(a)));
        return swap ? { column, role, firm: b, need: a } : { column, role, firm: a, need: b };
      }
    }
    if ((role === 'fam' || role === 'sow' || role === 'overall') && (r.parts.length === 1 || (stacked && r.parts.length === 0)))
      return r.parts.length ? { column, role, firm: r.parts[0] } : { column, role };
    if (role && role !== 'imp' && role !== 'perf' && role !== 'fam' && role !== 'sow' && role !== 'overall') return { column, role };
    // "A - Quality", "Quality: A": two parts, one a known need or firm, read as performance.
    if (!role && r.parts.length === 2) {
      const [a, b] = r.parts;
      if (needs.has(norm(b)) || firms.has(norm(a))) return { column, role: 'perf', firm: a, need: b };
      if (needs.has(norm(a)) || firms.has(norm(b))) return { column, role: 'perf', firm: b, need: a };
    }
    const s = r.stats;
    // Text or few distinct values: a profile column (industry, size band, region ...); else ignored.
    const categorical = s.distinctLabels > 0 ? s.distinctLabels <= 50 : s.values !== null && s.values.length <= 20;
    return { column, role: categorical ? 'profile' : 'ignore' };
  });
  // Canonical spellings of needs and firms, so "Quality" and "quality" are one need.
  for (const c of columns) {
    if (c.need) c.need = needs.get(norm(c.need)) ?? c.need.trim();
    if (c.firm) {
      addTo(firms, c.firm);
      c.firm = firms.get(norm(c.firm)) ?? c.firm.trim();
    }
  }

  // Numeric codes are a rating scale's (99 = don't know on a 1-10 scale): they are looked for among the
  // rating families only, so a spend of 5,000 does not hide them and a 99% share of wallet is not one.
  const numberColumns = new Set<string>(columns.filter((c) => ['imp', 'perf', 'fam', 'overall', 'sow', 'spend', 'weight'].includes(c.role)).map((c) => c.column));
  const rating = new Set<string>(columns.filter((c) => ['imp', 'perf', 'fam', 'overall'].includes(c.role)).map((c) => c.column));
  const texts = new Set<string>();
  const numbers = new Map<number, number>();
  let maxOther = -Infinity;
  for (const s of stats) {
    if (!numberColumns.has(s.name)) continue;
    for (const l of s.labels) texts.add(l.label);
    if (!rating.has(s.name)) {
      for (const v of s.values ?? []) if (v.value < 0 && MISSING_NUMBERS.includes(v.value)) numbers.set(v.value, (numbers.get(v.value) ?? 0) + v.count);
      continue;
    }
    for (const v of s.values ?? []) numbers.set(v.value, (numbers.get(v.value) ?? 0) + v.count);
    if (!s.values && s.numeric) maxOther = Math.max(maxOther, s.max);
  }
  for (const v of numbers.keys()) if (!MISSING_NUMBERS.includes(v)) maxOther = Math.max(maxOther, v);
  const missingCodes: string[] = [];
  for (const t of texts) if (MISSING_TEXT.includes(norm(t))) missingCodes.push(t);
  for (const v of MISSING_NUMBERS) if (numbers.has(v) && (v < 0 || v > 2 * Math.max(maxOther, 0))) missingCodes.push(String(v));

  const likert: Record<string, number> = {};
  const lowerTexts = new Map([...texts].map((t) => [norm(t), t]));
  for (const set of LIKERT_SETS) {
    const hits = set.filter((l) => lowerTexts.has(l));
    if (hits.length >= 2) set.forEach((l, k) => lowerTexts.has(l) && !(lowerTexts.get(l)! in likert) && (likert[lowerTexts.get(l)!] = k + 1));
  }
  // Numbers written as labels with text ("7 - very important", "1 = not at all"): take the number.
  for (const t of texts) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(?:[-=:.)]|\s)\s*\S/.exec(t);
    if (m && !(t in likert) && !missingCodes.includes(t)) likert[t] = Number(m[1]);
  }

  const firmColumn = columns.findIndex((c) => c.role === 'firm');
  const firmList = stacked
    ? stats[firmColumn].labels.map((l) => l.label).concat((stats[firmColumn].values ?? []).map((v) => String(v.value)))
    : [...new Set(columns.filter((c) => c.firm).map((c) => c.firm!))];
  const us =
    firmList.find((f) => /\b(us|ours|our firm|we)\b|\(us\)|我们|本公司|我司/i.test(f)) ?? firmList[0] ?? null;
  return {
    shape: stacked ? 'stacked' : 'wide',
    columns,
    scales: { imp: null, perf: null, fam: null, overall: null },
    missingCodes,
    likert,
    us,
  };
}
