import type { RawColumn, RawTable } from '../table.ts';
import { BLANK } from '../table.ts';
import { IssueList, type Issue } from '../issues.ts';
import type { Survey } from '../survey.ts';
import { parseNumber } from './number.ts';
import { detectScale, FAMILIES, type Family, type Mapping, type Scale } from './mapping.ts';

const collator = new Intl.Collator(['en', 'zh'], { numeric: true });
/** Natural order, so S2 comes before S10 and waves sort as written. */
export const naturalSort = (a: string, b: string) => collator.compare(a, b);

const FAMILY_NAMES: Record<Family, string> = {
  imp: 'need importance',
  perf: 'performance',
  fam: 'familiarity',
  overall: 'overall rating',
};

/**
 * Turns a parsed table and a (user-confirmed) mapping into the model's survey: rating cells
 * mapped through Likert labels and missing codes, checked against their scale and rescaled to
 * [0, 1]; weights, spend and wallet checked; the stacked shape folded into one row per
 * respondent. Returns `survey: null` when an error blocks the import.
 */
export function buildSurvey(table: RawTable, mapping: Mapping): { survey: Survey | null; issues: Issue[] } {
  const file = table.file;
  const issues = new IssueList(5);
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const cols = mapping.columns.filter((m) => m.role !== 'ignore');
  const error = (code: string, message: string, fix: string, extra: Partial<Issue> = {}) =>
    issues.add({ severity: 'error', code, file, message, fix, ...extra });
  const warn = (code: string, message: string, fix: string, extra: Partial<Issue> = {}) =>
    issues.add({ severity: 'warning', code, file, message, fix, ...extra });

  for (const m of cols)
    if (!byName.has(m.column)) error('unknown-column', `the mapping names a column "${m.column}" that the file does not have`, 'choose the mapping again for this file', { column: m.column });
  const stacked = mapping.shape === 'stacked';
  const of = (role: string) => cols.filter((m) => m.role === role && byName.has(m.column));
  const single = (role: string, label: string) => {
    const list = of(role);
    if (list.length > 1) error('duplicate-role', `more than one column is mapped as ${label}: ${list.map((m) => `"${m.column}"`).join(', ')}`, `keep one column as ${label} and set the others to "ignore" or "profile"`);
    return list[0] ? byName.get(list[0].column)! : null;
  };
  const idCol = single('id', 'respondent id');
  const segCol = single('segment', 'segment');
  const weightCol = single('weight', 'weight');
  const waveCol = single('wave', 'wave');
  const spendCol = single('spend', 'spend');
  const firmCol = stacked ? single('firm', 'firm') : null;
  if (stacked && !firmCol) error('no-firm-column', 'the stacked shape needs a column naming the firm on each row', 'map the column that names the firm (brand, supplier ...) as "firm", or choose the wide shape');

  const impCols = of('imp');
  const perfCols = of('perf');
  if (impCols.length === 0) error('no-importance', 'no column is mapped as need importance', 'map each need-importance column (e.g. "imp:quality") to the role "need importance" and name its need');
  if (perfCols.length === 0) error('no-performance', 'no column is mapped as performance', 'map each performance column (e.g. "perf:A:quality") to the role "performance" with its firm and need');
  for (const m of [...impCols, ...perfCols])
    if (!m.need?.trim()) error('no-need', `column "${m.column}" has no need named`, 'type the need this column rates in the mapping step', { column: m.column });
  if (!stacked)
    for (const m of cols)
      if (['perf', 'fam', 'sow', 'overall'].includes(m.role) && !m.firm?.trim())
        error('no-firm', `column "${m.column}" has no firm named`, 'type the firm this column is about in the mapping step', { column: m.column });

  const seen = new Map<string, string>();
  for (const m of cols) {
    if (!['imp', 'perf', 'fam', 'sow', 'overall'].includes(m.role)) continue;
    const key = `${m.role}|${stacked ? '' : (m.firm ?? '')}|${m.role === 'imp' || m.role === 'perf' ? (m.need ?? '') : ''}`;
    if (seen.has(key)) error('duplicate-mapping', `columns "${seen.get(key)}" and "${m.column}" are mapped to the same ${m.role} ${[m.firm, m.need].filter(Boolean).join(' / ')}`, 'give each column its own firm and need, or ignore one of them', { column: m.column });
    else seen.set(key, m.column);
  }
  if (issues.hasErrors) return { survey: null, issues: issues.items };

  const missingText = new Set(mapping.missingCodes.map((c) => c.trim()));
  const missingNum = new Set(mapping.missingCodes.map((c) => Number(c.trim())).filter((v) => Number.isFinite(v)));
  const likert = new Map(Object.entries(mapping.likert));

  // Needs in order of first appearance. A need rated for performance but never for importance has
  // no weight for anyone: kept, it would leave every respondent with a blank importance answer.
  const needs: string[] = [];
  for (const m of impCols) if (!needs.includes(m.need!.trim())) needs.push(m.need!.trim());
  const unweighted = new Map<string, string[]>();
  for (const m of perfCols) {
    const need = m.need!.trim();
    if (!needs.includes(need)) unweighted.set(need, [...(unweighted.get(need) ?? []), m.column]);
  }
  const ratedPerf = perfCols.filter((m) => needs.includes(m.need!.trim()));
  const firms: string[] = [];
  if (stacked) {
    for (let r = 0; r < table.rowCount; r++) {
      const f = labelOf(firmCol!, r);
      if (f !== '' && !firms.includes(f)) firms.push(f);
    }
  } else for (const m of cols) if (m.firm && ['perf', 'fam', 'sow', 'overall'].includes(m.role) && !firms.includes(m.firm.trim())) firms.push(m.firm.trim());
  if (firms.length < 2) {
    error('few-firms', `the survey names ${firms.length} firm${firms.length === 1 ? '' : 's'}; competitive relationships need at least 2`, 'map the performance columns of every competitor in the survey');
    return { survey: null, issues: issues.items };
  }
  for (const [n, columns] of unweighted)
    warn('need-without-importance', `need "${n}" has performance columns (${columns.map((c) => `"${c}"`).join(', ')}) but no importance column; it is left out of the measurement`, `map its importance column (e.g. "imp:${n}") to measure it, or ignore its performance columns`, { column: columns[0], value: n });
  if (ratedPerf.length === 0 && perfCols.length > 0) {
    error('no-weighted-performance', 'no performance column rates a need that has an importance column', 'map the importance column of each need the performance columns rate');
    return { survey: null, issues: issues.items };
  }

  // Labels that carry their own number ("5 - Strongly agree", "3 (neutral)"), per column: read through
  // the label mapping, and shown, since a scale written 0-10 beside "10 = best" is easy to misread.
  const numberedLabels = new Map<string, Map<string, number>>();
  const numbered = new Set([...likert.keys()].filter((label) => /^\s*\d/.test(label)));
  // Reading rating cells: numbers, Likert labels, missing codes; anything else is an error.
  const readRating = (c: RawColumn, r: number): number => {
    const v = c.num[r];
    if (v === v) return missingNum.has(v) ? NaN : v;
    if (c.code === null || c.code[r] === BLANK) return NaN;
    const t = c.labels[c.code[r]];
    if (missingText.has(t)) return NaN;
    const l = likert.get(t);
    if (l !== undefined) {
      if (numbered.has(t)) {
        let used = numberedLabels.get(c.name);
        if (!used) numberedLabels.set(c.name, (used = new Map()));
        used.set(t, l);
      }
      return l;
    }
    const reason = notNumberReason(t, table.decimalComma);
    if (reason) return reportNotNumber(reason, t, r, c, 'a rating'), NaN;
    error('not-a-number', `"${t}" is not a number`, `enter a number on the scale, leave the cell empty when the respondent does not know, or map the label "${t}" to a scale point (or as a missing code) in the mapping step`, { row: r + 2, column: c.name, value: t });
    return NaN;
  };

  // Row model: wide = one respondent per row; stacked = rows grouped by id.
  const rowCount = table.rowCount;
  let n = rowCount;
  const respOfRow = new Int32Array(rowCount);
  const firmOfRow = new Int32Array(rowCount).fill(-1);
  const ids: string[] = [];
  const firstRow: number[] = [];
  if (stacked) {
    const index = new Map<string, number>();
    for (let r = 0; r < rowCount; r++) {
      const id = idCol ? labelOf(idCol, r) : '';
      if (!idCol) error('no-id', 'the stacked shape needs a respondent id column to group rows', 'map the respondent id column as "id"');
      if (id === '') {
        error('blank-id', 'the respondent id is empty', 'fill in the respondent id on every row', { row: r + 2, column: idCol?.name });
        respOfRow[r] = -1;
        continue;
      }
      let i = index.get(id);
      if (i === undefined) {
        i = ids.length;
        index.set(id, i);
        ids.push(id);
        firstRow.push(r);
      }
      respOfRow[r] = i;
      const f = labelOf(firmCol!, r);
      if (f === '') error('blank-firm', 'the firm is empty', 'name the firm this row is about', { row: r + 2, column: firmCol!.name });
      firmOfRow[r] = firms.indexOf(f);
    }
    n = ids.length;
    if (issues.hasErrors) return { survey: null, issues: issues.items };
  } else {
    // A repeated id is found by the cell's text code (an array lookup) or its number, not by a map of
    // every id as a string (0.8 s at a million rows). The two never meet: a cell holds a text code
    // only when it is not a plain number (or keeps its text, as 000123 does), and a plain number's
    // text is what the number reads as (see labelOf).
    const firstOfCode = idCol?.code ? new Int32Array(idCol.labels.length).fill(-1) : null;
    const firstOfNumber = new Map<number, number>();
    for (let r = 0; r < rowCount; r++) {
      respOfRow[r] = r;
      firstRow.push(r);
      let id = idCol ? labelOf(idCol, r) : '';
      let prev: number | undefined;
      if (id === '') id = `R${r + 2}`;
      else if (firstOfCode && idCol!.code![r] >= 0) {
        const k = idCol!.code![r];
        if (firstOfCode[k] >= 0) prev = firstOfCode[k];
        else firstOfCode[k] = r;
      } else {
        const v = idCol!.num[r];
        prev = firstOfNumber.get(v);
        if (prev === undefined) firstOfNumber.set(v, r);
      }
      if (prev !== undefined)
        warn('duplicate-id', `respondent id "${id}" also appears on row ${prev + 2}`, 'give every respondent a unique id (rows are kept as separate respondents)', { row: r + 2, column: idCol?.name, value: id });
      ids.push(id);
    }
  }

  // Respondent-level columns must agree across a respondent's rows in the stacked shape.
  const respondentCols = [idCol, segCol, weightCol, waveCol, spendCol, ...impCols.map((m) => byName.get(m.column)!), ...of('profile').map((m) => byName.get(m.column)!)].filter(
    (c): c is RawColumn => c !== null,
  );
  if (stacked)
    for (const c of respondentCols) {
      for (let r = 0; r < rowCount; r++) {
        const i = respOfRow[r];
        if (i < 0) continue;
        const r0 = firstRow[i];
        if (r0 !== r && !sameCell(c, r0, r))
          error('stacked-disagree', `respondent "${ids[i]}" has "${labelOf(c, r)}" here but "${labelOf(c, r0)}" on row ${r0 + 2}`, `respondent-level columns must be the same on all of a respondent's rows: correct row ${r + 2} or row ${r0 + 2}`, { row: r + 2, column: c.name });
      }
    }

  const F = firms.length;
  const N = needs.length;
  const famCols = of('fam');
  const sowCols = of('sow');
  const overallCols = of('overall');
  const rawImp = new Float64Array(n * N).fill(NaN);
  const rawPerf = new Float64Array(n * F * N).fill(NaN);
  const rawFam = new Float64Array(n * F).fill(NaN);
  const rawOverall = overallCols.length ? new Float64Array(n * F).fill(NaN) : null;
  const sow = sowCols.length ? new Float64Array(n * F).fill(NaN) : null;

  for (const m of impCols) {
    const c = byName.get(m.column)!;
    const k = needs.indexOf(m.need!.trim());
    for (let r = 0; r < rowCount; r++) if (firstRow[respOfRow[r]] === r) rawImp[respOfRow[r] * N + k] = readRating(c, r);
  }
  // Per-firm cells: in the wide shape the firm comes from the mapping, in the stacked shape from the row.
  const perFirm = (m: { column: string; firm?: string }, put: (i: number, f: number, r: number, c: RawColumn) => void) => {
    const c = byName.get(m.column)!;
    const fixed = stacked ? -1 : firms.indexOf(m.firm!.trim());
    for (let r = 0; r < rowCount; r++) {
      const f = stacked ? firmOfRow[r] : fixed;
      if (f < 0 || respOfRow[r] < 0) continue;
      put(respOfRow[r], f, r, c);
    }
  };
  const seenPair = stacked ? new Uint8Array(n * F) : null;
  if (stacked)
    for (let r = 0; r < rowCount; r++) {
      const i = respOfRow[r],
        f = firmOfRow[r];
      if (i < 0 || f < 0) continue;
      if (seenPair![i * F + f]) error('stacked-repeat', `respondent "${ids[i]}" has two rows for firm "${firms[f]}"`, 'keep one row per respondent and firm', { row: r + 2, column: firmCol!.name });
      seenPair![i * F + f] = 1;
    }
  for (const m of ratedPerf) {
    const k = needs.indexOf(m.need!.trim());
    perFirm(m, (i, f, r, c) => (rawPerf[(i * F + f) * N + k] = readRating(c, r)));
  }
  for (const m of famCols) perFirm(m, (i, f, r, c) => (rawFam[i * F + f] = readRating(c, r)));
  for (const m of overallCols) perFirm(m, (i, f, r, c) => (rawOverall![i * F + f] = readRating(c, r)));
  for (const m of sowCols)
    perFirm(m, (i, f, r, c) => {
      const v = readNumber(c, r, 'share of wallet', true, true);
      sow![i * F + f] = v;
    });

  function reportNotNumber(reason: NotNumber, t: string, r: number, c: RawColumn, what: string) {
    error(reason.code, `"${t}" ${reason.message}`, `${reason.fix} for ${what}, or leave the cell empty`, { row: r + 2, column: c.name, value: t });
  }

  function readAmount(v: number, c: RawColumn, r: number, what: string, allowZero: boolean): number {
    // Rating codes do not reach amounts: 99 is a real share of wallet or spend; -99 cannot be one.
    if (v < 0 && missingNum.has(v)) return NaN;
    if (v < 0 || (!allowZero && v === 0)) {
      error('bad-number', `${what} ${v} is ${v < 0 ? 'negative' : 'zero'}`, `${what} must be ${allowZero ? 'zero or more' : 'above zero'}: correct the cell or leave it empty`, { row: r + 2, column: c.name, value: String(v) });
      return NaN;
    }
    return v;
  }

  /** An amount (share of wallet, spend, weight); `percent` reads "35%" as 35 (share of wallet only). */
  function readNumber(c: RawColumn, r: number, what: string, allowZero: boolean, percent = false): number {
    const v = c.num[r];
    if (v === v) return readAmount(v, c, r, what, allowZero);
    if (c.code === null || c.code[r] === BLANK) return NaN;
    const t = c.labels[c.code[r]];
    if (missingText.has(t)) return NaN;
    // A percentage is a share: read as one in share of wallet, reported anywhere else.
    if (percent) {
      const p = parseNumber(t, table.decimalComma, true);
      if (p === p) return readAmount(p, c, r, what, allowZero);
    }
    const reason = notNumberReason(t, table.decimalComma);
    if (reason) return reportNotNumber(reason, t, r, c, `a ${what}`), NaN;
    error('not-a-number', `"${t}" is not a number`, `enter the ${what} as a number (decimal point${table.decimalComma ? ' or comma' : ''}), or leave the cell empty`, { row: r + 2, column: c.name, value: t });
    return NaN;
  }

  const weight = new Float64Array(n).fill(1);
  const spend = spendCol ? new Float64Array(n).fill(NaN) : null;
  for (let i = 0; i < n; i++) {
    const r = firstRow[i];
    if (weightCol) {
      const w = readNumber(weightCol, r, 'weight', false);
      weight[i] = w === w ? w : 1;
    }
    if (spendCol) spend![i] = readNumber(spendCol, r, 'spend', true);
  }

  // Scales: declared, or the smallest nested scale holding every value of the family.
  const scales = { imp: null, perf: null, fam: null, overall: null } as Survey['scales'];
  const familyArrays: Record<Family, { arr: Float64Array | null; cols: { column: string }[] }> = {
    imp: { arr: rawImp, cols: impCols },
    perf: { arr: rawPerf, cols: ratedPerf },
    fam: { arr: rawFam, cols: famCols },
    overall: { arr: rawOverall, cols: overallCols },
  };
  for (const fam of FAMILIES) {
    const { arr, cols: fcols } = familyArrays[fam];
    if (!arr || fcols.length === 0) continue;
    let lo = Infinity,
      hi = -Infinity,
      hiAt = -1;
    for (let j = 0; j < arr.length; j++) {
      const v = arr[j];
      if (v < lo) lo = v;
      if (v > hi) {
        hi = v;
        hiAt = j;
      }
    }
    const declared = mapping.scales[fam];
    let scale: Scale | null = declared ?? detectScale(lo, hi);
    if (!scale) {
      const where = locate(fam, hiAt < 0 ? 0 : hiAt);
      error('no-scale', `the ${FAMILY_NAMES[fam]} values run from ${lo} to ${hi}, which fits none of the scales 1-5, 1-7, 1-10, 0-10, 0-100`, `declare the ${FAMILY_NAMES[fam]} scale in the mapping step, or mark codes like 99 or -99 as missing`, where);
      scale = { min: lo, max: hi };
    } else if (declared) {
      let bad = 0;
      for (let j = 0; j < arr.length; j++) {
        const v = arr[j];
        if (v < declared.min || v > declared.max) {
          if (bad++ < 5) error('out-of-scale', `${v} is outside the declared ${FAMILY_NAMES[fam]} scale ${declared.min}-${declared.max}`, 'correct the value, widen the declared scale, or mark it as a missing code', { ...locate(fam, j), value: String(v) });
        }
      }
    }
    if (scale.max <= scale.min) {
      error('bad-scale', `the ${FAMILY_NAMES[fam]} scale ${scale.min}-${scale.max} is empty`, 'declare a scale whose maximum is above its minimum');
      continue;
    }
    scales[fam] = scale;
    const span = scale.max - scale.min;
    for (let j = 0; j < arr.length; j++) arr[j] = (arr[j] - scale.min) / span;
  }

  // Which respondent row and column a flat index came from, for messages.
  function locate(fam: Family, j: number): Partial<Issue> {
    if (fam === 'imp') {
      const i = Math.floor(j / N);
      return { row: firstRow[i] + 2, column: impCols.find((m) => m.need!.trim() === needs[j % N])?.column };
    }
    const per = fam === 'perf' ? F * N : F;
    const i = Math.floor(j / per);
    const f = fam === 'perf' ? Math.floor((j % per) / N) : j % F;
    const list = familyArrays[fam].cols as { column: string; firm?: string; need?: string }[];
    const col = list.find((m) => (stacked || m.firm?.trim() === firms[f]) && (fam !== 'perf' || m.need?.trim() === needs[j % N]));
    return { row: firstRow[i] + 2, column: col?.column };
  }

  for (const [column, used] of numberedLabels) {
    const shown = [...used].sort((a, b) => a[1] - b[1]).map(([label, v]) => `"${label}" = ${v}`);
    warn('numbered-labels', `column "${column}" holds labels with numbers, read through the label mapping: ${shown.join(', ')}`, 'check the numbers in the mapping step (Likert labels); change one there if the label means another scale point', { column, value: shown.join(', ') });
  }

  const hasFamiliarity = famCols.length > 0;
  if (!hasFamiliarity) {
    warn('no-familiarity', 'the survey has no familiarity columns: a firm counts as familiar to a respondent who rated it', 'map the familiarity columns ("fam:<firm>") if the survey has them');
    for (let i = 0; i < n; i++)
      for (let f = 0; f < F; f++) {
        let rated = false;
        for (let k = 0; k < N; k++) if (rawPerf[(i * F + f) * N + k] === rawPerf[(i * F + f) * N + k]) rated = true;
        rawFam[i * F + f] = rated ? 1 : 0;
      }
  }

  const categorical = (c: RawColumn | null) => {
    if (!c) return null;
    const labels: string[] = [];
    const index = new Map<string, number>();
    const raw = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const t = labelOf(c, firstRow[i]);
      if (t === '' || missingText.has(t)) {
        raw[i] = -1;
        continue;
      }
      let k = index.get(t);
      if (k === undefined) {
        k = labels.length;
        index.set(t, k);
        labels.push(t);
      }
      raw[i] = k;
    }
    const sorted = [...labels].sort(naturalSort);
    const remap = labels.map((l) => sorted.indexOf(l));
    const codes = raw.map((k) => (k < 0 ? -1 : remap[k]));
    return { codes, labels: sorted };
  };
  const seg = categorical(segCol);
  if (seg) {
    const blanks = seg.codes.reduce((s, k) => s + (k < 0 ? 1 : 0), 0);
    if (blanks) warn('blank-segment', `${blanks} respondent${blanks === 1 ? ' has' : 's have'} no segment and are left out of the segment tables`, 'fill in their segment, or remove the segment mapping to form segments from need importance', { column: segCol!.name });
  }
  const wave = categorical(waveCol);
  const profiles = of('profile').map((m) => {
    const c = categorical(byName.get(m.column)!)!;
    return { name: m.column, codes: c.codes, labels: c.labels };
  });

  if (issues.hasErrors) return { survey: null, issues: issues.items };
  const us = mapping.us && firms.includes(mapping.us) ? mapping.us : null;
  return {
    survey: {
      file,
      n,
      firms,
      needs,
      us,
      ids,
      rows: Int32Array.from(firstRow, (r) => r + 2),
      weight,
      segment: seg?.codes ?? null,
      segmentLabels: seg?.labels ?? [],
      wave: wave?.codes ?? null,
      waveLabels: wave?.labels ?? [],
      imp: rawImp,
      perf: rawPerf,
      fam: rawFam,
      hasFamiliarity,
      sow,
      overall: rawOverall,
      spend,
      profiles,
      scales,
    },
    issues: issues.items,
  };
}


/**
 * Why a text cell that looks numeric is still not a number: a percentage outside share of wallet,
 * a number too large for a double (`1e999`), or the words `Infinity` and `NaN` that some tools
 * write for a failed formula. Null for any other text (a label, a typo).
 */
interface NotNumber {
  code: string;
  message: string;
  fix: string;
}

function notNumberReason(t: string, decimalComma: boolean): NotNumber | null {
  if (/%\s*$/.test(t) && !Number.isNaN(parseNumber(t, decimalComma, true)))
    return { code: 'percent-not-share', message: 'is a percentage; only share of wallet is read as one', fix: 'enter a plain number (without %)' };
  if (/^\s*[+-]?(\d+([.,]\d*)?|[.,]\d+)[eE][+-]?\d+\s*$/.test(t))
    return { code: 'number-out-of-range', message: 'is too large to be read as a number', fix: 'enter the value in the range the scale or amount allows' };
  if (/^\s*[+-]?(inf(inity)?|nan|#(num|div\/0|value|n\/a)!?)\s*$/i.test(t))
    return { code: 'not-finite', message: 'is not a finite number (a spreadsheet error or a failed calculation)', fix: 'enter the real value' };
  return null;
}

function labelOf(c: RawColumn, r: number): string {
  if (c.code !== null && c.code[r] >= 0) return c.labels[c.code[r]];
  const v = c.num[r];
  return v === v ? String(v) : '';
}

function sameCell(c: RawColumn, a: number, b: number): boolean {
  // Ids kept as text (`000123` beside `123`) compare as written, not as the number they parse to.
  if (c.code !== null && (c.code[a] >= 0 || c.code[b] >= 0)) return labelOf(c, a) === labelOf(c, b);
  const x = c.num[a],
    y = c.num[b];
  if (x === x || y === y) return x === y;
  const ca = c.code ? c.code[a] : BLANK;
  const cb = c.code ? c.code[b] : BLANK;
  return ca === cb;
}
