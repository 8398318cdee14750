/**
 * A project: everything a user made on a survey, as one plain, versioned document. The survey's
 * own bytes travel beside it as files (project storage and the project file), never as JSON rows.
 *
 * `readProject` is the only way in for a document that was stored or imported: it migrates older
 * versions, refuses newer ones, and copies only the fields it knows into fresh objects (records
 * without a prototype), so `__proto__`, `constructor` or any other key in a file pollutes nothing.
 * Every problem is reported with its path in the document (`views[2].zoom.k`) and what to do.
 */
import { FAMILIES, ROLES, type ColumnMapping, type Family, type Mapping, type Scale } from '../import/mapping.ts';
import type { DrillGroupBy } from '../map/drill.ts';
import type { SegmentFirm, SegmentInfo } from '../measure/segments.ts';
import { BETA_RANGE, MAP_METHODS, type MapMethod, type MapMetric } from '../model/defaults.ts';
import { PYRAMID_TIERS, type CostKey, type PyramidMove } from '../database/pyramid.ts';
import { LEVELS, QUESTIONS, type Level } from '../improve/maturity.ts';
import { NAME_MAX, nameProblem, type Names } from '../model/names.ts';
import { readScheme, SCHEME_FORMAT, SCHEME_VERSION, type PointsScheme } from '../database/pointsScheme.ts';
import { isObj, Reader, type Obj } from '../validate.ts';

export const PROJECT_VERSION = 1;
export const VIEWS = ['map', 'measure', 'improve', 'monitor', 'customers', 'import'] as const;
export type ProjectView = (typeof VIEWS)[number];
const METRICS: MapMetric[] = ['shareOfValue', 'shareOfWallet', 'relativeValue'];

export interface ProjectMapSettings {
  metric: MapMetric;
  method: MapMethod;
  withinWeight: number;
  replicates: number;
}

/** A saved view of the map for a workshop: what is shown, from where, at what zoom. */
export interface SavedView {
  name: string;
  settings: ProjectMapSettings;
  zoom: { k: number; x: number; y: number };
  selected: { kind: 'firm' | 'segment'; label: string } | null;
  /** Drill path: [] = market, ['S2'] = inside segment S2. */
  path: string[];
}

/** A named what-if (METHOD.md, Improve): a firm's performance moved by scale points. */
export interface SavedScenario {
  name: string;
  change: { firm: string; needs: Record<string, number>; segment: string | null };
}

export interface MapPoint {
  kind: 'firm' | 'segment';
  label: string;
  x: number;
  y: number;
}

/** A measurement frozen with a date and a note (Monitor), to compare later with any other. */
export interface Snapshot {
  id: string;
  /** The date the user gives it, `YYYY-MM-DD`. */
  date: string;
  note: string;
  /** What was measured: the file, the wave (null = pooled), beta and its source. */
  file: string;
  wave: string | null;
  beta: number;
  betaSource: 'calibrated' | 'fixed' | 'default';
  segmentSource: 'column' | 'importance';
  firms: string[];
  segments: SegmentInfo[];
  rows: SegmentFirm[];
}

export type Pins = Record<string, Record<string, { dx: number; dy: number }>>;

/** One survey file of the project (a wave added later is another). */
export interface SurveyFile {
  /** Key of the file's bytes in the project's files. */
  key: string;
  name: string;
  /** The bundled sample: no bytes are stored, the app has them. */
  sample: boolean;
}

export interface ProjectDoc {
  version: typeof PROJECT_VERSION;
  name: string;
  /** Null until a survey is loaded. */
  survey: SurveyFile | null;
  /** Files added to the survey as new waves, in order (Monitor); `label` names a file without a wave column. */
  waveFiles: (SurveyFile & { label: string | null })[];
  /** The accepted mapping; null = the file's proposal (the sample). */
  mapping: Mapping | null;
  /** `names`: the user's names for firms and segments and our firm (model/names.ts); null = the file's. */
  settings: { beta: number | null; wave: string | null; k: number | null; names: Names | null };
  mapSettings: ProjectMapSettings;
  view: ProjectView;
  drill: { segment: string; groupBy: DrillGroupBy } | null;
  /**
   * The market map as it was on screen: a new fit is aligned to it, so a reopened project shows
   * the same picture (a map's rotation is otherwise set by the map it was aligned to before).
   */
  mapPoints: MapPoint[] | null;
  pins: Pins;
  views: SavedView[];
  scenarios: SavedScenario[];
  snapshots: Snapshot[];
  /**
   * Customer economics inputs per segment: retention rates, and margin rates the user set in the
   * strategy table (issue 14 item 3), which replace the database's for the relationship type.
   */
  economics: { discount: number; retention: Record<string, number>; margins: Record<string, number> };
  /** The customer value pyramid's inputs (issue 14 item 1): shared cost, its allocation key, the what-if moves. */
  pyramid: PyramidSettings;
  /** The CRM maturity check (issue 14 item 4): the answer (level 1-4) to each question answered, by question id. */
  maturity: { answers: Record<string, Level> };
  /** Qualitative fields scored (issue 14 item 2): the points scheme, the campaign's least score, the map's colouring. */
  scoring: { scheme: PointsScheme | null; minPoints: number | null; colourBy: 'tier' | 'points' };
}

export interface PyramidSettings {
  cost: number;
  key: CostKey;
  moves: PyramidMove[];
}

export function emptyProject(name: string, mapSettings: ProjectMapSettings): ProjectDoc {
  return {
    version: PROJECT_VERSION,
    name,
    survey: null,
    waveFiles: [],
    mapping: null,
    settings: { beta: null, wave: null, k: null, names: null },
    mapSettings: { ...mapSettings },
    view: 'map',
    drill: null,
    mapPoints: null,
    pins: Object.create(null),
    views: [],
    scenarios: [],
    snapshots: [],
    economics: { discount: 0.1, retention: Object.create(null), margins: Object.create(null) },
    pyramid: { cost: 0, key: { kind: 'equal' }, moves: [] },
    maturity: { answers: Object.create(null) },
    scoring: { scheme: null, minPoints: null, colourBy: 'tier' },
  };
}

/** What is wrong with a stored or imported document, naming the place in it. */
export class ProjectError extends Error {
  constructor(
    message: string,
    readonly code: 'invalid' | 'too-new' | 'damaged' | 'too-large' | 'not-a-project',
  ) {
    super(message);
  }
}

/** A reader whose every failure is a ProjectError of code 'invalid'. */
const projectReader = (where: string) => new Reader(where, (message) => new ProjectError(message, 'invalid'));

function readMapSettings(r: Reader, v: unknown, path: string): ProjectMapSettings {
  const o = r.obj(v, path);
  return {
    metric: r.oneOf(o.metric, `${path}.metric`, METRICS),
    method: r.oneOf(o.method, `${path}.method`, MAP_METHODS),
    withinWeight: r.num(o.withinWeight, `${path}.withinWeight`, 0, 1),
    replicates: r.int(o.replicates, `${path}.replicates`, 0, 10_000),
  };
}

/** A mapping's structure (the survey file checks its columns when it is built). */
export function readMapping(r: Reader, v: unknown, path: string): Mapping {
  const o = r.obj(v, path);
  const columns = r.arr(
    o.columns,
    `${path}.columns`,
    (c, p): ColumnMapping => {
      const x = r.obj(c, p);
      const m: ColumnMapping = { column: r.str(x.column, `${p}.column`), role: r.oneOf(x.role, `${p}.role`, ROLES) };
      if (x.firm !== undefined) m.firm = r.str(x.firm, `${p}.firm`);
      if (x.need !== undefined) m.need = r.str(x.need, `${p}.need`);
      return m;
    },
    100_000,
  );
  const so = r.obj(o.scales, `${path}.scales`);
  const scales = {} as Record<Family, Scale | null>;
  for (const f of FAMILIES)
    scales[f] = r.nullable(so[f], (s) => {
      const x = r.obj(s, `${path}.scales.${f}`);
      const scale = { min: r.num(x.min, `${path}.scales.${f}.min`), max: r.num(x.max, `${path}.scales.${f}.max`) };
      if (!(scale.min < scale.max)) r.fail(`${path}.scales.${f}`, 'must have min below max');
      return scale;
    });
  return {
    shape: r.oneOf(o.shape, `${path}.shape`, ['wide', 'stacked'] as const),
    columns,
    scales,
    missingCodes: r.arr(o.missingCodes, `${path}.missingCodes`, (x, p) => r.str(x, p, 200), 1000),
    likert: r.record(o.likert, `${path}.likert`, (x, p) => r.num(x, p), 1000),
    us: r.nullable(o.us, (x) => r.str(x, `${path}.us`)),
  };
}

function readGroupBy(r: Reader, v: unknown, path: string): DrillGroupBy {
  const o = r.obj(v, path);
  const kind = r.oneOf(o.kind, `${path}.kind`, ['familiar', 'column', 'clusters'] as const);
  if (kind === 'column') return { kind, name: r.str(o.name, `${path}.name`) };
  if (kind === 'clusters') return { kind, k: r.int(o.k, `${path}.k`, 2, 20) };
  return { kind };
}

/** A figure of a frozen table: JSON writes an undefined figure (NaN) as null, read back as NaN. */
function figure(r: Reader, v: unknown, path: string): number {
  return v === null ? NaN : r.num(v, path);
}

const FIGURES = ['size', 'familiarityRate', 'meanValue', 'relativeValue', 'shareOfValue', 'shareOfWallet', 'marketValue', 'opportunity'] as const;

function readSnapshot(r: Reader, v: unknown, path: string): Snapshot {
  const o = r.obj(v, path);
  if (typeof o.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(o.date)) r.fail(`${path}.date`, 'must be a date written YYYY-MM-DD');
  return {
    id: r.str(o.id, `${path}.id`, 100),
    date: o.date as string,
    note: r.str(o.note, `${path}.note`, 2000),
    file: r.str(o.file, `${path}.file`, 1000),
    wave: r.nullable(o.wave, (w) => r.str(w, `${path}.wave`, 1000)),
    beta: r.num(o.beta, `${path}.beta`, BETA_RANGE[0], BETA_RANGE[1]),
    betaSource: r.oneOf(o.betaSource, `${path}.betaSource`, ['calibrated', 'fixed', 'default'] as const),
    segmentSource: r.oneOf(o.segmentSource, `${path}.segmentSource`, ['column', 'importance'] as const),
    firms: r.arr(o.firms, `${path}.firms`, (f, q) => r.str(f, q, 1000), 1000),
    segments: r.arr(o.segments, `${path}.segments`, (x, q) => {
      const g = r.obj(x, q);
      return { label: r.str(g.label, `${q}.label`, 1000), respondents: r.num(g.respondents, `${q}.respondents`, 0), size: figure(r, g.size, `${q}.size`), marketValue: figure(r, g.marketValue, `${q}.marketValue`), emptyConsideration: r.num(g.emptyConsideration, `${q}.emptyConsideration`, 0) };
    }, 1000),
    rows: r.arr(o.rows, `${path}.rows`, (x, q) => {
      const g = r.obj(x, q);
      const row = { segment: r.str(g.segment, `${q}.segment`, 1000), firm: r.str(g.firm, `${q}.firm`, 1000) } as SegmentFirm;
      for (const k of FIGURES) row[k] = figure(r, g[k], `${q}.${k}`);
      return row;
    }, 100_000),
  };
}

/** Older documents have no pyramid: its defaults. */
function readPyramid(r: Reader, v: unknown, path: string): PyramidSettings {
  if (v === undefined) return { cost: 0, key: { kind: 'equal' }, moves: [] };
  const o = r.obj(v, path);
  const k = r.obj(o.key, `${path}.key`);
  const kind = r.oneOf(k.kind, `${path}.key.kind`, ['equal', 'revenue', 'count'] as const);
  return {
    cost: r.num(o.cost, `${path}.cost`, 0, 1e13),
    key: kind === 'count' ? { kind, column: r.str(k.column, `${path}.key.column`, 1000) } : { kind },
    moves: r.arr(o.moves, `${path}.moves`, (x, q) => {
      const m = r.obj(x, q);
      return {
        from: r.oneOf(m.from, `${q}.from`, PYRAMID_TIERS),
        to: r.oneOf(m.to, `${q}.to`, [...PYRAMID_TIERS, 'lost'] as const),
        percent: r.num(m.percent, `${q}.percent`, 0, 100),
      };
    }, 100),
  };
}

/** Answers to known questions only, each a level; older documents have none. */
function readMaturity(r: Reader, v: unknown, path: string): ProjectDoc['maturity'] {
  if (v === undefined) return { answers: Object.create(null) };
  const o = r.obj(v, path);
  const ids = QUESTIONS.map((q) => q.id);
  const answers = r.record(o.answers, `${path}.answers`, (x, p) => r.int(x, p, LEVELS[0], LEVELS[LEVELS.length - 1]) as Level, ids.length);
  for (const k of Object.keys(answers)) if (!ids.includes(k)) r.fail(`${path}.answers.${k}`, `is not a question of the check (${ids.join(', ')})`);
  return { answers };
}

/**
 * The user's names: each new name checked as the app checks one typed in (no control characters,
 * not empty, not too long), and no two originals of a kind given the same name.
 */
function readNames(r: Reader, v: unknown, path: string): Names {
  const o = r.obj(v, path);
  const kind = (key: 'firms' | 'segments', what: 'firm' | 'segment') => {
    const map = r.record(o[key], `${path}.${key}`, (x, p) => r.str(x, p, NAME_MAX), 1000);
    const seen = new Set<string>();
    for (const [k, name] of Object.entries(map)) {
      const problem = nameProblem(name, [], what);
      if (problem) r.fail(`${path}.${key}.${k}`, `is not a usable name (${problem})`);
      if (seen.has(name)) r.fail(`${path}.${key}.${k}`, `gives "${name}" to a second ${what}: names must differ`);
      seen.add(name);
    }
    return map;
  };
  return { firms: kind('firms', 'firm'), segments: kind('segments', 'segment'), us: r.nullable(o.us, (x) => r.str(x, `${path}.us`, 1000)) };
}

/** The points scheme checked as its own file is (readScheme); older documents have none. */
function readScoring(r: Reader, v: unknown, path: string): ProjectDoc['scoring'] {
  if (v === undefined) return { scheme: null, minPoints: null, colourBy: 'tier' };
  const o = r.obj(v, path);
  let scheme: PointsScheme | null = null;
  if (o.scheme !== null && o.scheme !== undefined) {
    try {
      scheme = readScheme({ ...r.obj(o.scheme, `${path}.scheme`), format: SCHEME_FORMAT, version: SCHEME_VERSION }, `${path}.scheme`);
    } catch (e) {
      r.fail(`${path}.scheme`, `is not a usable points scheme (${(e as Error).message})`);
    }
  }
  return {
    scheme,
    minPoints: r.nullable(o.minPoints, (x) => r.num(x, `${path}.minPoints`)),
    colourBy: r.oneOf(o.colourBy, `${path}.colourBy`, ['tier', 'points'] as const),
  };
}

function readDoc(r: Reader, v: unknown): ProjectDoc {
  const o = r.obj(v, 'the project');
  const settings = r.obj(o.settings, 'settings');
  const econ = r.obj(o.economics, 'economics');
  return {
    version: PROJECT_VERSION,
    name: r.str(o.name, 'name', 200),
    survey: r.nullable(o.survey, (s) => {
      const x = r.obj(s, 'survey');
      return { key: r.str(x.key, 'survey.key', 100), name: r.str(x.name, 'survey.name', 1000), sample: x.sample === true };
    }),
    waveFiles: o.waveFiles === undefined ? [] : r.arr(o.waveFiles, 'waveFiles', (x, p) => {
      const w = r.obj(x, p);
      return { key: r.str(w.key, `${p}.key`, 100), name: r.str(w.name, `${p}.name`, 1000), sample: false, label: r.nullable(w.label, (l) => r.str(l, `${p}.label`, 200)) };
    }, 100),
    mapping: r.nullable(o.mapping, (m) => readMapping(r, m, 'mapping')),
    settings: {
      beta: r.nullable(settings.beta, (x) => r.num(x, 'settings.beta', BETA_RANGE[0], BETA_RANGE[1])),
      wave: r.nullable(settings.wave, (x) => r.str(x, 'settings.wave', 1000)),
      k: r.nullable(settings.k, (x) => r.int(x, 'settings.k', 1, 50)),
      names: r.nullable(settings.names, (x) => readNames(r, x, 'settings.names')),
    },
    mapSettings: readMapSettings(r, o.mapSettings, 'mapSettings'),
    view: r.oneOf(o.view, 'view', VIEWS),
    drill: r.nullable(o.drill, (d) => {
      const x = r.obj(d, 'drill');
      return { segment: r.str(x.segment, 'drill.segment', 1000), groupBy: readGroupBy(r, x.groupBy, 'drill.groupBy') };
    }),
    mapPoints: r.nullable(o.mapPoints, (v) =>
      r.arr(v, 'mapPoints', (x, p) => {
        const q = r.obj(x, p);
        return { kind: r.oneOf(q.kind, `${p}.kind`, ['firm', 'segment'] as const), label: r.str(q.label, `${p}.label`, 1000), x: r.num(q.x, `${p}.x`), y: r.num(q.y, `${p}.y`) };
      }),
    ),
    pins: r.record(o.pins, 'pins', (level, p) => r.record(level, p, (xy, q) => {
      const x = r.obj(xy, q);
      return { dx: r.num(x.dx, `${q}.dx`), dy: r.num(x.dy, `${q}.dy`) };
    }), 1000),
    views: r.arr(o.views, 'views', (x, p) => {
      const w = r.obj(x, p);
      const zoom = r.obj(w.zoom, `${p}.zoom`);
      return {
        name: r.str(w.name, `${p}.name`, 200),
        settings: readMapSettings(r, w.settings, `${p}.settings`),
        zoom: { k: r.num(zoom.k, `${p}.zoom.k`, 1e-6, 1e6), x: r.num(zoom.x, `${p}.zoom.x`), y: r.num(zoom.y, `${p}.zoom.y`) },
        selected: r.nullable(w.selected, (s) => {
          const sel = r.obj(s, `${p}.selected`);
          return { kind: r.oneOf(sel.kind, `${p}.selected.kind`, ['firm', 'segment'] as const), label: r.str(sel.label, `${p}.selected.label`, 1000) };
        }),
        path: r.arr(w.path, `${p}.path`, (s, q) => r.str(s, q, 1000), 20),
      };
    }, 1000),
    scenarios: r.arr(o.scenarios, 'scenarios', (x, p) => {
      const s = r.obj(x, p);
      const c = r.obj(s.change, `${p}.change`);
      return {
        name: r.str(s.name, `${p}.name`, 200),
        change: {
          firm: r.str(c.firm, `${p}.change.firm`, 1000),
          needs: r.record(c.needs, `${p}.change.needs`, (d, q) => r.num(d, q, -100, 100), 1000),
          segment: r.nullable(c.segment, (g) => r.str(g, `${p}.change.segment`, 1000)),
        },
      };
    }, 1000),
    snapshots: o.snapshots === undefined ? [] : r.arr(o.snapshots, 'snapshots', (x, p) => readSnapshot(r, x, p), 1000),
    economics: {
      discount: r.num(econ.discount, 'economics.discount', 1e-9, 1),
      retention: r.record(econ.retention, 'economics.retention', (x, p) => r.num(x, p, 0, 1), 1000),
      margins: econ.margins === undefined ? Object.create(null) : r.record(econ.margins, 'economics.margins', (x, p) => r.num(x, p, -1, 1), 1000),
    },
    pyramid: readPyramid(r, o.pyramid, 'pyramid'),
    maturity: readMaturity(r, o.maturity, 'maturity'),
    scoring: readScoring(r, o.scoring, 'scoring'),
  };
}

/**
 * Migrations, oldest first: `MIGRATIONS[v]` turns a version-v document into version v + 1. Version
 * 0 is the state the app kept in localStorage before projects (saved views and scenarios only).
 */
const MIGRATIONS: Record<number, (o: Obj) => Obj> = {
  0: (o) => ({
    name: typeof o.name === 'string' ? o.name : 'Project',
    survey: null,
    mapping: null,
    settings: { beta: null, wave: null, k: null },
    mapSettings: o.mapSettings,
    view: 'map',
    drill: null,
    pins: isObj(o.pins) ? o.pins : {},
    views: Array.isArray(o.views) ? o.views : [],
    scenarios: Array.isArray(o.scenarios) ? o.scenarios.map((s: Obj) => (isObj(s) && isObj(s.change) ? { ...s, change: { segment: null, ...s.change } } : s)) : [],
    economics: { discount: 0.1, retention: {} },
    version: 1,
  }),
};

/** A stored or imported document as a clean, current ProjectDoc; ProjectError names what is wrong. */
export function readProject(v: unknown, where = 'the project file'): ProjectDoc {
  const r = projectReader(where);
  const o = r.obj(v, 'the project');
  const given = o.version === undefined ? 0 : o.version;
  if (typeof given !== 'number' || !Number.isInteger(given) || given < 0) r.fail('version', 'must be a whole number');
  let version = given as number;
  if (version > PROJECT_VERSION)
    throw new ProjectError(`${where}: made by a newer version of the app (project version ${version}; this app reads up to ${PROJECT_VERSION}). Fix: update the app, or ask for the file to be saved from the same version`, 'too-new');
  let doc: Obj = o;
  while (version < PROJECT_VERSION) {
    doc = MIGRATIONS[version](doc);
    version++;
  }
  return readDoc(r, doc);
}

/** Parses JSON text into a document; bad JSON is a ProjectError naming where. */
export function parseProjectJson(text: string, where: string): ProjectDoc {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ProjectError(`${where}: not valid JSON (${(e as Error).message}). Fix: the file is damaged; export it again`, 'damaged');
  }
  return readProject(json, where);
}

/** A mapping kept apart from a project (the browser's saved mappings), checked as a project's is. */
export function readStoredMapping(v: unknown, where: string): Mapping {
  return readMapping(projectReader(where), v, 'mapping');
}
