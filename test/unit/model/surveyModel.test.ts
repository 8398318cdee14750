import { beforeAll, describe, expect, it } from 'vitest';
import { SurveyModel, KEPT_MEASUREMENTS } from '../../../src/core/model/surveyModel.ts';
import { DEFAULT_MAP_SETTINGS } from '../../../src/core/model/defaults.ts';
import { applySavedMapping, importSurvey } from '../../../src/core/import/importSurvey.ts';
import { measureWithDetail } from '../../../src/core/measure/measure.ts';
import { mapFromMeasurement } from '../../../src/core/map/mapFromMeasurement.ts';
import { ImportCancelled } from '../../../src/core/import/parseCsv.ts';
import { fileSource } from '../../../src/cli/nodeSource.ts';
import { textSource } from '../helpers.ts';

const mapSettings = { ...DEFAULT_MAP_SETTINGS, replicates: 0 };

describe('SurveyModel on the sample market (every request the survey worker serves)', () => {
  let model: SurveyModel;
  let first: ReturnType<SurveyModel['measure']>;
  let survey: NonNullable<Awaited<ReturnType<typeof importSurvey>>['survey']>;
  beforeAll(async () => {
    survey = (await importSurvey(fileSource('data/survey.csv'))).survey!;
    model = new SurveyModel('t');
    const parsed = await model.parse(fileSource('data/survey.csv'));
    expect(parsed.rowCount).toBe(4800);
    const built = model.build(parsed.proposal, { beta: null });
    expect(built.ok).toBe(true);
    first = built.result!;
  });

  it('build measures the survey as measureWithDetail does and names the measurement', () => {
    expect(first.measurementId).toBe('t-1');
    expect(model.currentId).toBe('t-1');
    expect(first.settings).toEqual({ beta: null });
    const { result } = measureWithDetail(survey, { beta: null });
    expect(first.rows).toEqual(result.rows);
    expect(first.beta).toBe(result.beta);
  });

  it('measure with a fixed beta is a new measurement in use; with use: false it is kept beside it', () => {
    const fixed = model.measure({ beta: 5 });
    expect(fixed.measurementId).toBe('t-2');
    expect(fixed.beta).toBe(5);
    expect(fixed.betaSource).toBe('fixed');
    expect(model.currentId).toBe('t-2');
    const side = model.measure({ beta: 20 }, { use: false });
    expect(model.currentId).toBe('t-2');
    expect(model.measurement(side.measurementId).beta).toBe(20);
    expect(model.list().map((m) => [m.measurementId, m.current])).toEqual([
      ['t-1', false],
      ['t-2', true],
      ['t-3', false],
    ]);
  });

  it('map, drill, respondents and classifier answer for the measurement they name, and say its id', () => {
    const map = model.map('t-1', mapSettings);
    expect(map.measurementId).toBe('t-1');
    // The same numbers as the core function on the same measurement.
    const direct = mapFromMeasurement(measureWithDetail(survey, { beta: null }), mapSettings);
    expect(map.map.points).toEqual(direct.points);
    expect(map.needs.length).toBe(first.needs.length);
    const byDefault = model.map(null, mapSettings);
    expect(byDefault.measurementId).toBe('t-2');
    const parent = { points: map.map.points.map(({ kind, label, x, y }) => ({ kind, label, x, y })), type: map.map.type, withinWeight: map.map.withinWeight, method: map.map.method };
    const drill = model.drill('t-1', { segment: 'S3', groupBy: { kind: 'familiar' }, parent });
    expect(drill.measurementId).toBe('t-1');
    expect(drill.drill.misplaced).toEqual([]);
    expect(drill.xy.length).toBe(2 * first.segments.find((s) => s.label === 'S3')!.respondents);
    const resp = model.respondents('t-1', parent);
    expect(resp.measurementId).toBe('t-1');
    expect(resp.ids.length).toBe(4800);
    const columns = first.profileColumns.slice(0, 2);
    const cls = model.classifier('t-1', columns);
    expect(cls.measurementId).toBe('t-1');
    expect(cls.cv.accuracy).toBeGreaterThan(0.3);
    expect(model.classifier('t-1', columns)).toBe(cls); // cached per measurement and columns
    expect(() => model.classifier('t-1', ['nope'])).toThrow(/the survey has no profile column "nope"/);
  });

  it('learns the segment classifier from the chosen wave only (issue 12 item 16)', () => {
    const columns = first.profileColumns.slice(0, 2);
    expect(model.classifier('t-1', columns).cv.respondents).toBe(4800);
    const wave = model.measure({ beta: null, wave: '2025-H1' }, { use: false });
    const cls = model.classifier(wave.measurementId, columns);
    // The sample's waves hold 1,600 respondents each (data/README.md).
    expect(cls.cv.respondents).toBe(1600);
  });

  it('drivers answer for the measurement they name, over its segments', () => {
    const d = model.drivers('t-1', { replicates: 0 });
    expect(d.measurementId).toBe('t-1');
    expect(d.target).toBe('overall');
    const segments = new Set(d.models.map((m) => m.segment));
    for (const s of first.segments) expect(segments.has(s.label)).toBe(true);
    expect(d.models.every((m) => !m.fitted || Math.abs(m.needs.reduce((a, n) => a + n.share, 0) - 100) < 1e-9)).toBe(true);
  });

  it('waves answers with every wave measured at the pooled measurement\'s beta, in a result that survives structured cloning', () => {
    const progress: string[] = [];
    const w = model.waves({ replicates: 20 }, { onProgress: (_, stage) => progress.push(stage) });
    expect(w.waves.map((x) => x.wave)).toEqual(['2025-H1', '2025-H2', '2026-H1']);
    expect(w.beta).toBe(first.beta);
    expect(w.rows).toHaveLength(3 * first.segments.length * first.firms.length);
    expect(progress).toContain('map');
    expect(progress.at(-1)).toBe('done');
    // The worker posts it: structured cloning must keep every figure (NaN included).
    expect(structuredClone(w)).toEqual(w);
    expect(() => model.waves({ replicates: 20 }, { signal: { aborted: true } })).toThrow(ImportCancelled);
  });

  it(`keeps the last ${KEPT_MEASUREMENTS} measurements, never dropping the one in use, and names a dropped one`, () => {
    for (let k = 0; k < KEPT_MEASUREMENTS + 2; k++) model.measure({ beta: 1 + k }, { use: false });
    expect(model.list().length).toBe(KEPT_MEASUREMENTS);
    expect(model.list().some((m) => m.measurementId === 't-2' && m.current)).toBe(true);
    expect(() => model.map('t-1', mapSettings)).toThrow(/measurement t-1 is no longer held/);
  });

  it('stops at the next stage when its signal is set', () => {
    expect(() => model.measure({ beta: 3 }, { signal: { aborted: true } })).toThrow(ImportCancelled);
  });
});

describe('SurveyModel: a failed import keeps the survey in use', () => {
  it('build with errors returns them and leaves the earlier survey and its measurement in place', async () => {
    const model = new SurveyModel('f');
    model.build((await model.parse(fileSource('data/survey.csv'))).proposal);
    const bad = await model.parse(textSource('bad.csv', 'id,imp:q\n1,3\n'));
    const built = model.build(bad.proposal);
    expect(built.ok).toBe(false);
    expect(built.issues.some((i) => i.severity === 'error')).toBe(true);
    expect(model.currentId).toBe('f-1');
    expect(model.measurement().respondents).toBe(4800);
  });

  it('ids of two models never collide (a restarted worker cannot answer for an old id)', () => {
    expect(new SurveyModel().list()).toEqual([]);
    const a = (new SurveyModel() as unknown as { prefix: string }).prefix;
    const b = (new SurveyModel() as unknown as { prefix: string }).prefix;
    expect(a).not.toBe(b);
  });
});

describe('applySavedMapping(proposal, saved): one rule for the app and the CLI', () => {
  it('matches by column name, proposes roles for new columns and reports the missing ones', async () => {
    const { parseSurvey } = await import('../../../src/core/import/importSurvey.ts');
    const wave1 = await parseSurvey(textSource('w1.csv', 'Respondent,seg,imp:q,perf:A:q,perf:B:q\n1,S1,3,4,5\n'));
    const saved = structuredClone(wave1.proposal);
    saved.columns[0] = { ...saved.columns[0], role: 'id' };
    saved.columns[1] = { ...saved.columns[1], role: 'segment' };
    // Wave 2: one extra column (region) and one column renamed away (perf:B:q gone).
    const wave2 = await parseSurvey(textSource('w2.csv', 'Respondent,seg,imp:q,perf:A:q,region\n1,S1,3,4,North\n'));
    const r = applySavedMapping(wave2.proposal, saved);
    expect(r.mapping.columns.find((c) => c.column === 'Respondent')!.role).toBe('id');
    expect(r.mapping.columns.find((c) => c.column === 'seg')!.role).toBe('segment');
    expect(r.newColumns).toEqual(['region']);
    expect(r.missingColumns).toEqual(['perf:B:q']);
    expect(r.mapping.columns.map((c) => c.column)).toEqual(['Respondent', 'seg', 'imp:q', 'perf:A:q', 'region']);
  });

  it('a survey whose saved mapping has one more column than the file measures exactly as with its own proposal', async () => {
    const a = new SurveyModel('a'),
      b = new SurveyModel('b');
    const parsed = await a.parse(fileSource('data/survey.csv'));
    await b.parse(fileSource('data/survey.csv'));
    // A mapping saved from a wave with one more column ("note") that this file lacks.
    const saved = { ...parsed.proposal, columns: [...parsed.proposal.columns, { column: 'note', role: 'ignore' as const }] };
    const r = applySavedMapping(parsed.proposal, saved);
    expect(r.missingColumns).toEqual(['note']);
    expect(a.build(r.mapping).result!.rows).toEqual(b.build(parsed.proposal).result!.rows);
  });
});
