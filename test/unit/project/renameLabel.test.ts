// A firm or segment renamed through the whole project: every reference follows, nothing else moves.
import { describe, expect, it } from 'vitest';
import { emptyProject, readProject, type ProjectDoc } from '../../../src/core/project/schema.ts';
import { markOurFirm, renameInProject } from '../../../src/core/project/renameLabel.ts';
import { DEFAULT_MAP_SETTINGS } from '../../../src/core/model/defaults.ts';

const rec = <T>(o: Record<string, T>) => Object.assign(Object.create(null) as Record<string, T>, o);

function doc(): ProjectDoc {
  const d = emptyProject('Rename', DEFAULT_MAP_SETTINGS);
  d.pins = rec({ market: rec({ 'segment:S2': { dx: 1, dy: 2 }, 'firm:Apex': { dx: 3, dy: 4 } }), 'drill:S2': rec({ 'firm:Apex': { dx: 5, dy: 6 }, 'group:x': { dx: 7, dy: 8 } }) });
  d.views = [{ name: 'v', settings: { ...DEFAULT_MAP_SETTINGS }, zoom: { k: 1, x: 0, y: 0 }, selected: { kind: 'segment', label: 'S2' }, path: ['S2'] }];
  d.scenarios = [{ name: 's', change: { firm: 'Apex', needs: rec({ price: 1 }), segment: 'S2' } }];
  d.drill = { segment: 'S2', groupBy: { kind: 'familiar' } };
  d.mapPoints = [{ kind: 'segment', label: 'S2', x: 1, y: 1 }, { kind: 'firm', label: 'Apex', x: 0, y: 0 }, { kind: 'firm', label: 'S2', x: 2, y: 2 }];
  d.economics = { discount: 0.1, retention: rec({ S2: 0.7, S1: 0.9 }), margins: rec({ S2: 0.25 }) };
  return d;
}

describe('renameInProject', () => {
  it('renames a segment in names, pins (level and key), views, scenarios, drill, map points, retention and margins', () => {
    const r = renameInProject(doc(), 'segment', 'S2', '  Key accounts ', ['S1', 'S2', 'S3']);
    expect({ ...r.settings.names!.segments }).toEqual({ S2: 'Key accounts' });
    expect(Object.keys(r.pins)).toEqual(['market', 'drill:Key accounts']);
    expect(Object.keys(r.pins.market)).toEqual(['segment:Key accounts', 'firm:Apex']);
    expect(r.pins['drill:Key accounts']['group:x']).toEqual({ dx: 7, dy: 8 });
    expect(r.views[0].selected).toEqual({ kind: 'segment', label: 'Key accounts' });
    expect(r.views[0].path).toEqual(['Key accounts']);
    expect(r.scenarios[0].change).toMatchObject({ firm: 'Apex', segment: 'Key accounts' });
    expect(r.drill!.segment).toBe('Key accounts');
    // A firm that happens to be called like the segment is not touched.
    expect(r.mapPoints!.map((p) => `${p.kind}:${p.label}`)).toEqual(['segment:Key accounts', 'firm:Apex', 'firm:S2']);
    expect({ ...r.economics.retention }).toEqual({ 'Key accounts': 0.7, S1: 0.9 });
    expect({ ...r.economics.margins }).toEqual({ 'Key accounts': 0.25 });
    // The result is a valid document, and the input is unchanged (undo keeps the one before).
    expect(JSON.stringify(readProject(JSON.parse(JSON.stringify(r))))).toBe(JSON.stringify(r));
    expect(doc().pins.market['segment:S2']).toEqual({ dx: 1, dy: 2 });
  });

  it('renames a firm in names, pins at every level, scenarios and map points; segments stay', () => {
    const r = renameInProject(doc(), 'firm', 'Apex', '顶点', ['Apex', 'Boreal']);
    expect({ ...r.settings.names!.firms }).toEqual({ Apex: '顶点' });
    expect(Object.keys(r.pins.market)).toEqual(['segment:S2', 'firm:顶点']);
    expect(Object.keys(r.pins['drill:S2'])).toEqual(['firm:顶点', 'group:x']);
    expect(r.scenarios[0].change).toMatchObject({ firm: '顶点', segment: 'S2' });
    expect(r.mapPoints!.map((p) => p.label)).toEqual(['S2', '顶点', 'S2']);
    expect(r.views[0].path).toEqual(['S2']);
  });

  it('refuses a name in use with the reason; marks our firm by its original label', () => {
    expect(() => renameInProject(doc(), 'firm', 'Apex', 'Boreal', ['Apex', 'Boreal'])).toThrow('another firm is already called "Boreal"');
    const renamed = renameInProject(doc(), 'firm', 'Apex', '顶点', ['Apex', 'Boreal']);
    expect(markOurFirm(renamed, '顶点', ['顶点', 'Boreal']).settings.names!.us).toBe('Apex');
    expect(() => markOurFirm(renamed, 'Apex', ['顶点', 'Boreal'])).toThrow('there is no firm called "Apex"');
  });

  it('a stored document with two firms given one name, or a control character in a name, is refused', () => {
    const bad = JSON.parse(JSON.stringify(renameInProject(doc(), 'firm', 'Apex', 'X', ['Apex', 'Boreal'])));
    bad.settings.names.firms.Boreal = 'X';
    expect(() => readProject(bad)).toThrow(/settings\.names\.firms\.Boreal gives "X" to a second firm/);
    bad.settings.names.firms.Boreal = 'a\nb';
    expect(() => readProject(bad)).toThrow(/settings\.names\.firms\.Boreal is not a usable name \(a firm name cannot hold the control character U\+000A/);
  });
});
