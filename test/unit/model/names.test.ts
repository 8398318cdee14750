import { beforeAll, describe, expect, it } from 'vitest';
import { emptyNames, nameProblem, namesFromCsv, renamed, withNames, withUs } from '../../../src/core/model/names.ts';
import { SurveyModel } from '../../../src/core/model/surveyModel.ts';
import { DEFAULT_MAP_SETTINGS } from '../../../src/core/model/defaults.ts';
import { fileSource } from '../../../src/cli/nodeSource.ts';
import { textSource } from '../helpers.ts';

describe('names: the rules of a rename', () => {
  it('renamed maps the original behind the label on screen, and a rename back removes the entry', () => {
    const shown = ['Apex', 'Boreal', 'Cobalt'];
    const a = renamed(emptyNames(), 'firm', 'Apex', '  Apex Ltd ', shown);
    expect({ ...a.firms }).toEqual({ Apex: 'Apex Ltd' });
    // On screen the firm is now "Apex Ltd"; renaming it again still maps the file's "Apex".
    const b = renamed(a, 'firm', 'Apex Ltd', '顶点', ['Apex Ltd', 'Boreal', 'Cobalt']);
    expect({ ...b.firms }).toEqual({ Apex: '顶点' });
    const c = renamed(b, 'firm', '顶点', 'Apex', ['顶点', 'Boreal', 'Cobalt']);
    expect({ ...c.firms }).toEqual({});
    // Swapping two names through a third works: A->B is allowed once B is called something else.
    const d = renamed(renamed(emptyNames(), 'firm', 'Boreal', 'X', shown), 'firm', 'Apex', 'Boreal', ['Apex', 'X', 'Cobalt']);
    expect({ ...d.firms }).toEqual({ Boreal: 'X', Apex: 'Boreal' });
  });

  it('refuses an empty name, a name in use, a control character and a long name, saying what to do', () => {
    const shown = ['S1', 'S2'];
    expect(() => renamed(emptyNames(), 'segment', 'S1', '  ', shown)).toThrow(/needs a name: type one, or press Escape/);
    expect(() => renamed(emptyNames(), 'segment', 'S1', 'S2', shown)).toThrow('another segment is already called "S2": choose a name no other segment has');
    expect(() => renamed(emptyNames(), 'segment', 'S1', 'a\u0007b', shown)).toThrow('cannot hold the control character U+0007');
    expect(() => renamed(emptyNames(), 'segment', 'S1', 'x'.repeat(101), shown)).toThrow('at most 100 characters (this one has 101)');
    expect(() => renamed(emptyNames(), 'segment', 'S9', 'New', shown)).toThrow('there is no segment called "S9"');
    // Keeping the same name is no problem (the input closed without a change).
    expect({ ...renamed(emptyNames(), 'segment', 'S1', 'S1', shown).segments }).toEqual({});
    expect(nameProblem('Retail', ['S2'], 'segment')).toBeNull();
  });
});

describe('names on the sample survey through the model', () => {
  let model: SurveyModel;
  beforeAll(async () => {
    model = new SurveyModel('n');
    const parsed = await model.parse(fileSource('data/survey.csv'));
    expect(model.build(parsed.proposal, {}).ok).toBe(true);
  });

  it('a measurement with names is the same numbers under the new labels, in the map too', () => {
    const base = model.measure({});
    const names = withUs(renamed(renamed(emptyNames(), 'firm', 'Boreal', '北方', base.firms), 'segment', base.segments[0].label, 'Key accounts', base.segments.map((s) => s.label)), '北方');
    const named = model.measure({ names });
    expect(named.firms).toEqual(base.firms.map((f) => (f === 'Boreal' ? '北方' : f)));
    expect(named.us).toBe('北方');
    expect(named.segments[0].label).toBe('Key accounts');
    expect(named.segments.slice(1).map((s) => s.label)).toEqual(base.segments.slice(1).map((s) => s.label));
    expect(named.rows.map((r) => r.shareOfValue)).toEqual(base.rows.map((r) => r.shareOfValue));
    expect(named.rows.filter((r) => r.firm === '北方').map((r) => r.shareOfValue)).toEqual(base.rows.filter((r) => r.firm === 'Boreal').map((r) => r.shareOfValue));
    const map = model.map(named.measurementId, { ...DEFAULT_MAP_SETTINGS, replicates: 0 });
    const labels = map.map.points.map((p) => p.label);
    expect(labels).toContain('北方');
    expect(labels).toContain('Key accounts');
    expect(labels).not.toContain('Boreal');
    // Drivers and scenarios read the named survey: the firm is found by its new name.
    expect(model.scenario(named.measurementId, { firm: '北方', needs: { quality: 1 }, segment: 'Key accounts' }).firms).toContain('北方');
    // Without names (an undo), the file's labels come back.
    expect(model.measure({ names: null }).firms).toEqual(base.firms);
  });

  it('reads each kept measurement under its own names: a drill-down or a scenario on the map still on screen during a rename keeps its labels', () => {
    const before = model.measure({});
    const names = renamed(renamed(emptyNames(), 'firm', 'Boreal', '北方', before.firms), 'segment', 'S3', 'Key accounts', before.segments.map((s) => s.label));
    const after = model.measure({ names });
    const mapBefore = model.map(before.measurementId, { ...DEFAULT_MAP_SETTINGS, replicates: 0 });
    const parent = { points: mapBefore.map.points.map(({ kind, label, x, y }) => ({ kind, label, x, y })), type: mapBefore.map.type, withinWeight: mapBefore.map.withinWeight, method: mapBefore.map.method };
    const drill = model.drill(before.measurementId, { segment: 'S3', groupBy: { kind: 'familiar' }, parent });
    const firmLabels = drill.drill.points.filter((p) => p.kind === 'firm').map((p) => p.label);
    expect(firmLabels).toContain('Boreal');
    expect(firmLabels).not.toContain('北方');
    expect(model.scenario(before.measurementId, { firm: 'Boreal', needs: { quality: 1 }, segment: 'S3' }).firms).toContain('Boreal');
    // The measurement made with the names reads them.
    expect(model.scenario(after.measurementId, { firm: '北方', needs: { quality: 1 }, segment: 'Key accounts' }).firms).toContain('北方');
  });

  it('segments formed from need importance are named by position (C1..Ck)', async () => {
    const m = new SurveyModel('k');
    const text = ['id,imp:a,imp:b,perf:X:a,perf:X:b,perf:Y:a,perf:Y:b']
      .concat(Array.from({ length: 40 }, (_, i) => `${i + 1},${i % 2 ? 5 : 1},${i % 2 ? 1 : 5},${1 + (i % 5)},${1 + ((i * 3) % 5)},${1 + ((i * 2) % 5)},${1 + ((i * 7) % 5)}`))
      .join('\n');
    const parsed = await m.parse(textSource('clusters.csv', text));
    const built = m.build(parsed.proposal, { k: 2 });
    expect(built.ok).toBe(true);
    expect(built.result!.segments.map((s) => s.label)).toEqual(['C1', 'C2']);
    const names = { ...emptyNames(), segments: { C2: 'Price first' } };
    const r = m.measure({ k: 2, names });
    expect(r.segments.map((s) => s.label)).toEqual(['C1', 'Price first']);
    expect(r.rows.map((x) => x.shareOfValue)).toEqual(built.result!.rows.map((x) => x.shareOfValue));
  });

  it('withNames leaves the built survey alone and ignores an unknown "us"', async () => {
    const m = new SurveyModel('u');
    const parsed = await m.parse(fileSource('data/survey.csv'));
    const r = m.build(parsed.proposal, { names: { ...emptyNames(), us: 'Nobody' } });
    expect(r.result!.us).toBe(parsed.proposal.us);
    const survey = { firms: ['A'], us: 'A', segmentLabels: ['s'] } as unknown as Parameters<typeof withNames>[0];
    const named = withNames(survey, { firms: { A: 'B' }, segments: {}, us: null });
    expect(named.firms).toEqual(['B']);
    expect(named.us).toBe('B');
    expect(survey.firms).toEqual(['A']);
  });
});

describe('namesFromCsv: the command line form of renames', () => {
  const labels = { firms: ['Apex', 'Boreal'], segments: ['S1', 'S2'] };
  it('applies rows in order, so a row may rename what an earlier row named', () => {
    const n = namesFromCsv([['\uFEFFKind', 'From', 'To'], ['firm', 'Boreal', '北方'], ['firm', '北方', 'North'], ['segment', 'S2', 'Retail'], ['', '', '']], 'n.csv', labels);
    expect({ ...n.firms }).toEqual({ Boreal: 'North' });
    expect({ ...n.segments }).toEqual({ S2: 'Retail' });
  });
  it('names the file, line, column and the fix when a row is wrong', () => {
    expect(() => namesFromCsv([['from', 'to']], 'n.csv', labels)).toThrow('n.csv: line 1 must be the header "kind,from,to"');
    expect(() => namesFromCsv([['kind', 'from', 'to'], ['brand', 'Apex', 'A']], 'n.csv', labels)).toThrow('n.csv: line 2, column kind: "brand" is neither firm nor segment');
    expect(() => namesFromCsv([['kind', 'from', 'to'], ['segment', 'S9', 'A']], 'n.csv', labels)).toThrow('n.csv: line 2, column from: there is no segment called "S9" (the segments are S1, S2)');
    expect(() => namesFromCsv([['kind', 'from', 'to'], ['firm', 'Apex', 'Boreal']], 'n.csv', labels)).toThrow('n.csv: line 2, column to: another firm is already called "Boreal"');
  });
});
