// Projects (src/core/project): the document read back exactly, migrated from the localStorage era,
// refused with the place named when wrong or too new, never polluting Object.prototype; undo and
// redo grouped per action; the project file zipped and read back, with damaged and hostile files refused.
import { describe, it, expect } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import fc from 'fast-check';
import { emptyProject, PROJECT_VERSION, ProjectError, readProject, type ProjectDoc } from '../../../src/core/project/schema.ts';
import { History, HISTORY_LIMIT } from '../../../src/core/project/history.ts';
import { LIMITS, readProjectFile, writeProjectFile } from '../../../src/core/project/projectFile.ts';
import { DEFAULT_MAP_SETTINGS } from '../../../src/core/model/defaults.ts';
import { makeSnapshot } from '../../../src/core/measure/snapshot.ts';

function sampleDoc(): ProjectDoc {
  const d = emptyProject('Workshop 顶峰', DEFAULT_MAP_SETTINGS);
  d.survey = { key: 'survey-1', name: 'survey.csv', sample: false };
  d.mapping = {
    shape: 'wide',
    columns: [
      { column: 'id', role: 'id' },
      { column: 'perf:A:quality', role: 'perf', firm: 'A', need: 'quality' },
    ],
    scales: { imp: null, perf: { min: 1, max: 10 }, fam: null, overall: null },
    missingCodes: ['99'],
    likert: { 'Very important': 5 },
    us: 'A',
  };
  d.settings = { beta: 8, wave: '2025-H1', k: null, names: { firms: Object.assign(Object.create(null), { B: 'Boreal 北方' }), segments: Object.create(null), us: 'A' } };
  d.drill = { segment: 'S2', groupBy: { kind: 'column', name: 'industry' } };
  d.pins = Object.assign(Object.create(null), { market: Object.assign(Object.create(null), { Apex: { dx: 4, dy: -2 } }) });
  d.views = [{ name: 'Opening', settings: { ...DEFAULT_MAP_SETTINGS }, zoom: { k: 2, x: 10, y: -5 }, selected: { kind: 'segment', label: 'S3' }, path: ['S3'] }];
  d.scenarios = [{ name: 'Price +1', change: { firm: 'Apex', needs: Object.assign(Object.create(null), { price: 1 }), segment: null } }];
  d.economics = { discount: 0.08, retention: Object.assign(Object.create(null), { S1: 0.85 }), margins: Object.assign(Object.create(null), { S2: 0.3 }) };
  d.pyramid = { cost: 2500000, key: { kind: 'count', column: 'contacts' }, moves: [{ from: 'small', to: 'medium', percent: 2 }, { from: 'large', to: 'lost', percent: 1 }] };
  d.maturity = { answers: Object.assign(Object.create(null), { m1: 2, s3: 4, v4: 1 }) };
  d.scoring = { scheme: { name: '吸引力', categories: [{ column: 'industry', coefficient: 2, points: Object.assign(Object.create(null), { 制造业: 5, Retail: 3 }) }] }, minPoints: 8, colourBy: 'points' };
  return d;
}
const roundTrip = (d: ProjectDoc) => readProject(JSON.parse(JSON.stringify(d)));

describe('readProject: the document schema', () => {
  it('reads back exactly what was written', () => {
    const d = sampleDoc();
    expect(JSON.stringify(roundTrip(d))).toBe(JSON.stringify(d));
  });

  it('keeps a frozen snapshot exactly, undefined figures (NaN, null in JSON) included', () => {
    const d = sampleDoc();
    const row = { segment: 'S1', firm: 'A', size: 10, familiarityRate: 0.5, meanValue: 0.4, relativeValue: 1.1, shareOfValue: 0.3, shareOfWallet: NaN, marketValue: 100, opportunity: 0 };
    d.snapshots = [makeSnapshot({ file: 's.csv', wave: null, beta: 8, betaSource: 'calibrated', segmentSource: 'column', firms: ['A'], segments: [{ label: 'S1', respondents: 12, size: 10, marketValue: 100, emptyConsideration: 0 }], rows: [row] }, '2026-12-01', ' after the workshop ', 's1')];
    const back = roundTrip(d).snapshots[0];
    expect(back.note).toBe('after the workshop');
    expect(back.rows[0]).toEqual(row);
    expect(Number.isNaN(back.rows[0].shareOfWallet)).toBe(true);
    expect(() => makeSnapshot(d.snapshots[0], '1/12/2026', '', 'x')).toThrow(/YYYY-MM-DD/);
    const bad = JSON.parse(JSON.stringify(d));
    bad.snapshots[0].rows[0].shareOfValue = 'high';
    expect(() => readProject(bad)).toThrow(/snapshots\[0\]\.rows\[0\]\.shareOfValue must be a number/);
  });

  it('refuses a stored points scheme that its own file would refuse, naming it', () => {
    const bad = JSON.parse(JSON.stringify(sampleDoc()));
    bad.scoring.scheme.categories[0].coefficient = 'two';
    expect(() => readProject(bad)).toThrow(/scoring\.scheme is not a usable points scheme \(scoring\.scheme: categories\[0\]\.coefficient must be a number/);
    bad.scoring.scheme = null;
    bad.scoring.colourBy = 'rainbow';
    expect(() => readProject(bad)).toThrow(/scoring\.colourBy must be one of tier, points/);
  });

  it('names the place and the rule when a field is wrong', () => {
    const bad = JSON.parse(JSON.stringify(sampleDoc()));
    bad.views[0].zoom.k = 'big';
    expect(() => readProject(bad, 'p.icrm')).toThrow('p.icrm: views[0].zoom.k must be a number from 0.000001 to 1000000');
    const bad2 = JSON.parse(JSON.stringify(sampleDoc()));
    bad2.mapping.columns[1].role = 'price';
    expect(() => readProject(bad2)).toThrow(/mapping\.columns\[1\]\.role must be one of ignore, id/);
    const bad3 = JSON.parse(JSON.stringify(sampleDoc()));
    bad3.settings.beta = 500;
    expect(() => readProject(bad3)).toThrow(/settings\.beta must be a number from 0 to 50/);
    const bad4 = JSON.parse(JSON.stringify(sampleDoc()));
    bad4.pyramid.moves[1].to = 'gone';
    expect(() => readProject(bad4)).toThrow('pyramid.moves[1].to must be one of vip, large, medium, small, lost');
    const bad5 = JSON.parse(JSON.stringify(sampleDoc()));
    bad5.pyramid.cost = -1;
    expect(() => readProject(bad5)).toThrow(/pyramid\.cost must be a number from 0/);
    const bad6 = JSON.parse(JSON.stringify(sampleDoc()));
    bad6.maturity.answers.s3 = 5;
    expect(() => readProject(bad6)).toThrow('maturity.answers.s3 must be a number from 1 to 4');
    const bad7 = JSON.parse(JSON.stringify(sampleDoc()));
    bad7.maturity.answers.q99 = 2;
    expect(() => readProject(bad7)).toThrow(/maturity\.answers\.q99 is not a question of the check \(m1, m2/);
  });

  it('reads a document saved before the pyramid and the maturity check with their defaults', () => {
    const old = JSON.parse(JSON.stringify(sampleDoc()));
    delete old.pyramid;
    delete old.maturity;
    expect(readProject(old).pyramid).toEqual({ cost: 0, key: { kind: 'equal' }, moves: [] });
    expect({ ...readProject(old).maturity.answers }).toEqual({});
  });

  it('refuses a document from a newer version, saying so', () => {
    const d = { ...JSON.parse(JSON.stringify(sampleDoc())), version: PROJECT_VERSION + 1 };
    const e = (() => {
      try {
        readProject(d);
      } catch (x) {
        return x as ProjectError;
      }
    })();
    expect(e).toBeInstanceOf(ProjectError);
    expect(e!.code).toBe('too-new');
    expect(e!.message).toMatch(/made by a newer version of the app/);
  });

  it('migrates a version-0 document (views and scenarios from before projects)', () => {
    const d = readProject({ name: 'Old', mapSettings: { ...DEFAULT_MAP_SETTINGS }, views: [], scenarios: [{ name: 's', change: { firm: 'A', needs: { q: 1 } } }] });
    expect(d.version).toBe(PROJECT_VERSION);
    expect(d.scenarios[0].change.segment).toBeNull();
    expect(d.survey).toBeNull();
  });

  it('pollutes nothing with __proto__, constructor or prototype keys', () => {
    const text = JSON.stringify(sampleDoc()).replace('"likert":{', '"likert":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},');
    const withPins = text.replace('"pins":{', '"pins":{"__proto__":{"x":{"dx":1,"dy":1}},');
    const d = readProject(JSON.parse(withPins));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(d.mapping!.likert)).toEqual(['Very important']);
    expect(Object.keys(d.pins)).toEqual(['market']);
    expect(Object.getPrototypeOf(d.pins)).toBeNull();
  });

  it('any JSON value is either read or refused with a ProjectError, never a crash (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        try {
          readProject(v);
        } catch (e) {
          expect(e).toBeInstanceOf(ProjectError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('History: undo and redo', () => {
  it('undoes and redoes one step per commit, and a new commit drops the redo branch', () => {
    const h = new History('a');
    expect(h.commit('b')).toBe(true);
    expect(h.commit('b')).toBe(false);
    h.commit('c');
    expect(h.undo()).toBe('b');
    expect(h.undo()).toBe('a');
    expect(h.undo()).toBeNull();
    expect(h.redo()).toBe('b');
    h.commit('d');
    expect(h.canRedo).toBe(false);
    expect(h.toJSON()).toEqual({ past: ['a', 'b'], present: 'd', future: [] });
  });

  it('replaces the present without a step for changes that are kept but not undone', () => {
    const h = new History('a');
    h.commit('b');
    h.replace('b, on another view');
    expect(h.undo()).toBe('a');
    expect(h.redo()).toBe('b, on another view');
  });

  it('groups changes of one action (same group, within the window) into one step', () => {
    const h = new History('0');
    h.commit('1', { group: 'slider', now: 0 });
    h.commit('2', { group: 'slider', now: 300 });
    h.commit('3', { group: 'slider', now: 600 });
    h.commit('4', { group: 'slider', now: 5000 });
    h.commit('5', { group: 'label', now: 5100 });
    expect(h.undo()).toBe('4');
    expect(h.undo()).toBe('3');
    expect(h.undo()).toBe('0');
  });

  it('keeps at most the limit and survives being stored', () => {
    const h = new History('0');
    for (let i = 1; i <= HISTORY_LIMIT + 20; i++) h.commit(String(i));
    const again = new History(JSON.parse(JSON.stringify(h.toJSON())));
    let steps = 0;
    while (again.undo() !== null) steps++;
    expect(steps).toBe(HISTORY_LIMIT);
    expect(again.current).toBe('20');
  });
});

describe('the project file', () => {
  const survey = strToU8('id,segment\n1,S1\n', true);
  it('reads back the document, the survey bytes and the history', () => {
    const d = sampleDoc();
    const bytes = writeProjectFile(d, [{ key: 'survey-1', name: 'survey.csv', bytes: survey }], { past: ['{}'], present: '', future: [] });
    const back = readProjectFile(bytes, 'w.icrm');
    expect(JSON.stringify(back.doc)).toBe(JSON.stringify(d));
    expect(back.files).toEqual([{ key: 'survey-1', name: 'survey.csv', bytes: survey }]);
    expect(back.history!.past).toEqual(['{}']);
    expect(back.history!.present).toBe(JSON.stringify(back.doc));
  });

  const fails = (bytes: Uint8Array, code: ProjectError['code'], message: RegExp) => {
    let err: unknown;
    try {
      readProjectFile(bytes, 'x.icrm');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProjectError);
    expect((err as ProjectError).code).toBe(code);
    expect((err as ProjectError).message).toMatch(message);
  };

  it('refuses what is not a project, damaged, too new or hostile, naming the problem', () => {
    fails(strToU8('id,segment\n'), 'not-a-project', /^x\.icrm: not a project file \(it is not a zip\)/);
    fails(zipSync({ 'a.txt': strToU8('hi') }), 'not-a-project', /has no manifest\.json/);
    const good = writeProjectFile(sampleDoc(), [{ key: 'survey-1', name: 'survey.csv', bytes: survey }]);
    fails(good.slice(0, good.length - 30), 'damaged', /the zip is damaged/);
    const manifest = (v: number) => strToU8(JSON.stringify({ format: 'icrm-project', version: v, files: [] }));
    fails(zipSync({ 'manifest.json': manifest(99), 'project.json': strToU8('{}') }), 'too-new', /newer version of the app \(project version 99/);
    fails(zipSync({ 'manifest.json': manifest(1), 'project.json': strToU8('{not json') }), 'damaged', /project\.json\): not valid JSON/);
    // The survey the document names is not in the file.
    fails(zipSync({ 'manifest.json': manifest(1), 'project.json': strToU8(JSON.stringify(sampleDoc())) }), 'damaged', /the survey file survey\.csv is missing/);
    // A manifest path that tries to leave files/.
    const evil = strToU8(JSON.stringify({ format: 'icrm-project', version: 1, files: [{ key: 'x', name: 'x', path: '../etc/passwd' }] }));
    fails(zipSync({ 'manifest.json': evil, 'project.json': strToU8(JSON.stringify(emptyProject('p', DEFAULT_MAP_SETTINGS))) }), 'damaged', /files\[0\] is not a file entry/);
  });

  it('refuses a zip bomb by its declared size before inflating it', () => {
    // 60 MB of zeros deflate to about 60 KB; the JSON limit is 50 MB.
    const bomb = zipSync({ 'manifest.json': new Uint8Array(LIMITS.jsonBytes + 10_000_000) }, { level: 9 });
    expect(bomb.length).toBeLessThan(200_000);
    fails(bomb, 'too-large', /manifest\.json would unpack to 60000000 bytes, above the limit/);
  });
});
