/**
 * A firm or segment renamed through the whole project (issue 14 item 3). The survey gets the new
 * name through `settings.names` (model/names.ts); everything the user made that refers to the
 * label by name (label positions, saved views, scenarios, snapshots, retention and margin rates,
 * the drill-down, the map's picture) is renamed with it here, so nothing is orphaned and one undo
 * (the document before) takes the whole rename back.
 */
import { renamed, withUs, type NameKind, emptyNames } from '../model/names.ts';
import type { ProjectDoc } from './schema.ts';

const rekey = <T>(record: Record<string, T>, from: string, to: string): Record<string, T> => {
  const out: Record<string, T> = Object.create(null);
  for (const [k, v] of Object.entries(record)) out[k === from ? to : k] = v;
  return out;
};

/**
 * `doc` with the label shown as `from` renamed `to`. `shown` is every label of the kind on screen
 * (the measurement's firms or segments). Throws an Error saying what to do when `to` cannot be used.
 */
export function renameInProject(doc: ProjectDoc, kind: NameKind, from: string, to: string, shown: readonly string[]): ProjectDoc {
  const names = renamed(doc.settings.names ?? emptyNames(), kind, from, to, shown);
  const name = to.trim();
  const same = (l: string) => (l === from ? name : l);
  const pinKey = `${kind}:${from}`;
  const pins: ProjectDoc['pins'] = Object.create(null);
  for (const [level, offsets] of Object.entries(doc.pins)) {
    const lvl = kind === 'segment' && level === `drill:${from}` ? `drill:${name}` : level;
    pins[lvl] = rekey(offsets, pinKey, `${kind}:${name}`);
  }
  const out: ProjectDoc = {
    ...doc,
    settings: { ...doc.settings, names },
    pins,
    mapPoints: doc.mapPoints?.map((p) => (p.kind === kind && p.label === from ? { ...p, label: name } : p)) ?? null,
    views: doc.views.map((v) => ({
      ...v,
      selected: v.selected && v.selected.kind === kind && v.selected.label === from ? { kind, label: name } : v.selected,
      path: kind === 'segment' ? v.path.map(same) : v.path,
    })),
    scenarios: doc.scenarios.map((s) => ({
      ...s,
      change: kind === 'firm' ? { ...s.change, firm: same(s.change.firm) } : { ...s.change, segment: s.change.segment === null ? null : same(s.change.segment) },
    })),
    // A snapshot froze the same firms and segments: renamed too, so it still compares with today.
    snapshots: doc.snapshots.map((s) =>
      kind === 'firm'
        ? { ...s, firms: s.firms.map(same), rows: s.rows.map((r) => ({ ...r, firm: same(r.firm) })) }
        : { ...s, segments: s.segments.map((g) => ({ ...g, label: same(g.label) })), rows: s.rows.map((r) => ({ ...r, segment: same(r.segment) })) },
    ),
    drill: doc.drill && kind === 'segment' && doc.drill.segment === from ? { ...doc.drill, segment: name } : doc.drill,
    economics:
      kind === 'segment'
        ? { ...doc.economics, retention: rekey(doc.economics.retention, from, name), margins: rekey(doc.economics.margins, from, name) }
        : doc.economics,
  };
  return out;
}

/** `doc` with the firm shown as `firm` marked as ours. */
export function markOurFirm(doc: ProjectDoc, firm: string, shown: readonly string[]): ProjectDoc {
  if (!shown.includes(firm)) throw new Error(`there is no firm called "${firm}" any more: it may have been renamed or measured again`);
  return { ...doc, settings: { ...doc.settings, names: withUs(doc.settings.names ?? emptyNames(), firm) } };
}
