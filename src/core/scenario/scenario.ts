/**
 * What-if scenarios (METHOD.md, "Improve", What-if): a firm's perceived performance on chosen needs
 * moved by a number of scale points, clamped to the scale, for every respondent or one segment. The
 * scenario is measured with beta held at the base measurement's value, so only the change moves the
 * result; predicted share of wallet is the scenario's share of value, and the value of the change is
 * market value x (SoV_scenario - SoV_base) per segment and firm.
 */
import { csvLine } from '../format.ts';
import type { MeasureResult } from '../measure/measure.ts';
import type { Survey } from '../survey.ts';

export interface ScenarioChange {
  /** The firm whose performance moves. */
  firm: string;
  /** Need -> change in scale points of the survey's performance scale (e.g. +1 on a 1-10 scale). */
  needs: Record<string, number>;
  /** Only this segment's respondents (by the base measurement's segments); the whole market when absent. */
  segment?: string | null;
}

/**
 * Parse a change written as on the command line, "quality=+1,price=-0.5", into need -> points,
 * naming the part that is not `need=number`.
 */
export function parseChange(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(.+?)\s*=\s*([+-]?\d+(?:\.\d+)?)$/.exec(part);
    if (!m) throw new Error(`"${part}" is not need=points (for example quality=+1 or price=-0.5)`);
    out[m[1]] = Number(m[2]);
  }
  if (!Object.keys(out).length) throw new Error('the change names no need; write it as need=points, for example quality=+1');
  return out;
}

/**
 * The survey with `change` applied: a copy whose perf array has the firm's ratings on the named
 * needs moved by points / (scale max - scale min) in rescaled units and clamped to [0, 1]; blank
 * ratings stay blank (a respondent who does not know the firm still does not). `segmentOf` gives each
 * respondent's segment index in `segmentLabels` (the base measurement's), needed with a segment.
 */
export function applyScenario(survey: Survey, change: ScenarioChange, segmentOf: Int32Array, segmentLabels: string[]): Survey {
  const F = survey.firms.length,
    N = survey.needs.length;
  const f = survey.firms.indexOf(change.firm);
  if (f < 0) throw new Error(`firm "${change.firm}" is not in the survey; its firms are ${survey.firms.join(', ')}`);
  const scale = survey.scales.perf;
  const span = scale ? scale.max - scale.min : 1;
  const moves: [number, number][] = Object.entries(change.needs).map(([need, points]) => {
    const k = survey.needs.indexOf(need);
    if (k < 0) throw new Error(`need "${need}" is not in the survey; its needs are ${survey.needs.join(', ')}`);
    if (!Number.isFinite(points)) throw new Error(`the change for need "${need}" must be a number of scale points; got ${points}`);
    return [k, points / span];
  });
  let only = -1;
  if (change.segment != null) {
    only = segmentLabels.indexOf(change.segment);
    if (only < 0) throw new Error(`segment "${change.segment}" is not measured; its segments are ${segmentLabels.join(', ')}`);
  }
  const perf = survey.perf.slice();
  for (let i = 0; i < survey.n; i++) {
    if (only >= 0 && segmentOf[i] !== only) continue;
    for (const [k, d] of moves) {
      const at = (i * F + f) * N + k;
      const v = perf[at];
      if (v === v) perf[at] = Math.min(1, Math.max(0, v + d));
    }
  }
  return { ...survey, perf };
}

/** The header of the what-if `compare.csv`, fixed by the CLI contract. */
export const COMPARE_HEADER = 'segment,firm,share_of_value_base,share_of_value_scenario,delta,value_change';

export interface ScenarioRow {
  segment: string;
  firm: string;
  base: number;
  scenario: number;
  /** scenario - base. */
  delta: number;
  /** market value x delta: what the change is worth in the segment (spend units). */
  valueChange: number;
}

/** Base and scenario share of value per segment and firm (matched by label), with the change and its value. */
export function scenarioRows(base: Pick<MeasureResult, 'rows'>, scenario: Pick<MeasureResult, 'rows'>): ScenarioRow[] {
  const key = (r: { segment: string; firm: string }) => `${r.segment}\u0000${r.firm}`;
  const inScenario = new Map(scenario.rows.map((r) => [key(r), r]));
  return base.rows.flatMap((b) => {
    const s = inScenario.get(key(b));
    if (!s) return [];
    const delta = s.shareOfValue - b.shareOfValue;
    return [{ segment: b.segment, firm: b.firm, base: b.shareOfValue, scenario: s.shareOfValue, delta, valueChange: b.marketValue * delta }];
  });
}

/** `compare.csv`: one row per segment and firm, full precision, blank where undefined. */
export function compareCsv(rows: ScenarioRow[]): string {
  return [COMPARE_HEADER, ...rows.map((r) => csvLine([r.segment, r.firm, r.base, r.scenario, r.delta, r.valueChange]))].join('\n') + '\n';
}
