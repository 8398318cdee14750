/**
 * A new wave is one more file imported with the same mapping (METHOD.md "Monitor"): its survey is
 * appended to the survey in use, respondent by respondent, on the survey's own firms, needs,
 * segments and profile columns, matched by name.
 *
 * Where the new file differs it is used for what it shares, and each difference is said (notes as
 * data, the view words them):
 * - a firm of the survey the file does not have: blank in the new wave (not rated, so absent from
 *   that wave's map and table, never a zero); a firm only the file has: left out;
 * - a need the file does not ask: importance 0 in the new wave (the bottom of the scale, so it
 *   weighs nothing in value) and performance blank; a need only the file asks: left out;
 * - a scale that differs: both were rescaled to [0, 1] on import, so the waves stay comparable,
 *   but the reader should know the question changed;
 * - a segment only the file has: added; segment, profile, wallet, spend or overall columns the
 *   file lacks: blank for its respondents.
 * Refused: a file sharing no firm or no need with the survey, and a wave label already in it.
 */
import type { Survey } from '../survey.ts';

export type WaveMergeNote =
  | { code: 'missing-firm'; params: { firm: string } }
  | { code: 'new-firm'; params: { firm: string } }
  | { code: 'missing-need'; params: { need: string } }
  | { code: 'new-need'; params: { need: string } }
  | { code: 'scale-differs'; params: { family: string; survey: string; file: string } }
  | { code: 'new-segment'; params: { segment: string } }
  | { code: 'missing-column'; params: { column: string } };

export interface AppendedWave {
  survey: Survey;
  /** The wave labels the file added. */
  added: string[];
  notes: WaveMergeNote[];
}

/** The label of a file's wave when it has no wave column: its name without the extension. */
export function waveLabelOf(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.[^.]+$/, '') || base;
}

/**
 * `base` with `added`'s respondents appended as new waves. `label` names the file's one wave when it
 * has no wave column; `baseLabel` names the survey's when it has none (default: its file name).
 */
export function appendWave(base: Survey, added: Survey, label: string | null, baseLabel?: string): AppendedWave {
  const notes: WaveMergeNote[] = [];
  const F = base.firms.length,
    N = base.needs.length;
  const firmAt = base.firms.map((f) => added.firms.indexOf(f));
  const needAt = base.needs.map((n) => added.needs.indexOf(n));
  if (firmAt.every((j) => j < 0)) throw new Error(`${added.file} shares no firm with the survey (its firms: ${added.firms.join(', ')}; the survey's: ${base.firms.join(', ')})`);
  if (needAt.every((j) => j < 0)) throw new Error(`${added.file} shares no need with the survey (its needs: ${added.needs.join(', ')}; the survey's: ${base.needs.join(', ')})`);
  base.firms.forEach((f, k) => firmAt[k] < 0 && notes.push({ code: 'missing-firm', params: { firm: f } }));
  for (const f of added.firms) if (!base.firms.includes(f)) notes.push({ code: 'new-firm', params: { firm: f } });
  base.needs.forEach((n, k) => needAt[k] < 0 && notes.push({ code: 'missing-need', params: { need: n } }));
  for (const n of added.needs) if (!base.needs.includes(n)) notes.push({ code: 'new-need', params: { need: n } });
  const scaleText = (s: { min: number; max: number } | null) => (s ? `${s.min}-${s.max}` : 'none');
  for (const fam of ['imp', 'perf', 'fam', 'overall'] as const) {
    const a = base.scales[fam],
      b = added.scales[fam];
    if (a && b && (a.min !== b.min || a.max !== b.max)) notes.push({ code: 'scale-differs', params: { family: fam, survey: scaleText(a), file: scaleText(b) } });
  }

  // Waves: the survey's labels (or one for all of it), then the file's.
  const baseWaves = base.wave ? [...base.waveLabels] : [baseLabel ?? waveLabelOf(base.file)];
  const fileWaves = added.wave ? [...added.waveLabels] : [label ?? waveLabelOf(added.file)];
  for (const w of fileWaves) if (baseWaves.includes(w)) throw new Error(`${added.file}: wave "${w}" is already in the survey (its waves: ${baseWaves.join(', ')}); give the new wave another name`);
  const waveLabels = [...baseWaves, ...fileWaves];
  const nA = base.n,
    nB = added.n,
    n = nA + nB;
  const wave = new Int32Array(n);
  for (let i = 0; i < nA; i++) wave[i] = base.wave ? base.wave[i] : 0;
  for (let i = 0; i < nB; i++) wave[nA + i] = added.wave ? (added.wave[i] < 0 ? -1 : baseWaves.length + added.wave[i]) : baseWaves.length;

  // Segments by label; a file without a segment column leaves its respondents in none.
  let segment: Int32Array | null = null;
  const segmentLabels = [...base.segmentLabels];
  if (base.segment) {
    segment = new Int32Array(n);
    segment.set(base.segment);
    if (!added.segment) notes.push({ code: 'missing-column', params: { column: 'segment' } });
    for (let i = 0; i < nB; i++) {
      const k = added.segment ? added.segment[i] : -1;
      if (k < 0) {
        segment[nA + i] = -1;
        continue;
      }
      const l = added.segmentLabels[k];
      let at = segmentLabels.indexOf(l);
      if (at < 0) {
        at = segmentLabels.push(l) - 1;
        notes.push({ code: 'new-segment', params: { segment: l } });
      }
      segment[nA + i] = at;
    }
  }

  const imp = new Float64Array(n * N);
  imp.set(base.imp);
  const perf = new Float64Array(n * F * N).fill(NaN);
  perf.set(base.perf);
  const fam = new Float64Array(n * F).fill(NaN);
  fam.set(base.fam);
  const NB = added.needs.length,
    FB = added.firms.length;
  for (let i = 0; i < nB; i++) {
    for (let k = 0; k < N; k++) imp[(nA + i) * N + k] = needAt[k] < 0 ? 0 : added.imp[i * NB + needAt[k]];
    for (let f = 0; f < F; f++) {
      const g = firmAt[f];
      if (g < 0) continue;
      fam[(nA + i) * F + f] = added.fam[i * FB + g];
      for (let k = 0; k < N; k++) if (needAt[k] >= 0) perf[((nA + i) * F + f) * N + k] = added.perf[(i * FB + g) * NB + needAt[k]];
    }
  }
  /** A per-firm column of both (NaN where a side lacks it), or null when neither has it. */
  const perFirm = (a: Float64Array | null, b: Float64Array | null, column: string) => {
    if (!a && !b) return null;
    if (a && !b) notes.push({ code: 'missing-column', params: { column } });
    const out = new Float64Array(n * F).fill(NaN);
    if (a) out.set(a);
    if (b) for (let i = 0; i < nB; i++) for (let f = 0; f < F; f++) if (firmAt[f] >= 0) out[(nA + i) * F + f] = b[i * FB + firmAt[f]];
    return out;
  };
  let spend: Float64Array | null = null;
  if (base.spend || added.spend) {
    if (base.spend && !added.spend) notes.push({ code: 'missing-column', params: { column: 'spend' } });
    spend = new Float64Array(n).fill(NaN);
    if (base.spend) spend.set(base.spend);
    if (added.spend) spend.set(added.spend, nA);
  }
  const weight = new Float64Array(n);
  weight.set(base.weight);
  weight.set(added.weight, nA);
  const rows = new Int32Array(n);
  rows.set(base.rows);
  rows.set(added.rows, nA);
  const profiles = base.profiles.map((p) => {
    const q = added.profiles.find((x) => x.name === p.name);
    const labels = [...p.labels];
    const codes = new Int32Array(n).fill(-1);
    codes.set(p.codes);
    if (!q) notes.push({ code: 'missing-column', params: { column: p.name } });
    else
      for (let i = 0; i < nB; i++) {
        const k = q.codes[i];
        if (k < 0) continue;
        let at = labels.indexOf(q.labels[k]);
        if (at < 0) at = labels.push(q.labels[k]) - 1;
        codes[nA + i] = at;
      }
    return { name: p.name, codes, labels };
  });
  const survey: Survey = {
    ...base,
    file: base.file,
    n,
    ids: [...base.ids, ...added.ids],
    rows,
    weight,
    segment,
    segmentLabels,
    wave,
    waveLabels,
    imp,
    perf,
    fam,
    hasFamiliarity: base.hasFamiliarity || added.hasFamiliarity,
    sow: perFirm(base.sow, added.sow, 'share of wallet'),
    overall: perFirm(base.overall, added.overall, 'overall rating'),
    spend,
    profiles,
  };
  return { survey, added: fileWaves, notes };
}
