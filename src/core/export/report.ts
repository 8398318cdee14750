/**
 * What an export holds, described once as plain, language-resolved data (STYLE "reports as data,
 * writers thin"): the map's points and label positions, its fit in words, and the key tables, each
 * with a title that states its idea. The XLSX, PPTX, SVG and HTML writers only render it, so the
 * app and `icrm export` give the same files for the same measurement, map and label positions.
 */
import type { WavesResult } from '../monitor/waves.ts';
import type { DriversResult } from '../drivers/drivers.ts';
import { ALL } from '../drivers/drivers.ts';
import type { StrategyTable } from '../database/strategy.ts';
import { strategyTerms } from '../database/strategy.ts';
import { valuableSegments } from '../improve/valuableSegments.ts';
import type { MeasureResult } from '../measure/measure.ts';
import { estimateWidth, layoutMap, type MapLayout } from '../map/mapLayout.ts';
import type { MapInfo } from '../model/surveyModel.ts';
import { IDENTITY } from '../map/zoom.ts';
import { assessMaturity, LEVEL_NAMES, maturityRows, type Answers } from '../improve/maturity.ts';
import { exportTranslator, type ExportLang } from './exportText.ts';

/** How a column's numbers are shown: a share in [0, 1] as a percent, a signed gap in points, an amount. */
export type CellFormat = 'text' | 'percent' | 'points' | 'number' | 'integer';

export interface ReportColumn {
  header: string;
  format: CellFormat;
}

/** A cell: text, a number (NaN = undefined, left empty), or null (empty). */
export type ReportCell = string | number | null;

export interface ReportTable {
  id: string;
  /** Sheet name (at most 31 characters, none of []:*?/\). */
  sheet: string;
  /** States the table's idea, e.g. "Cobalt leads S3, the market's most valuable segment". */
  title: string;
  note?: string;
  columns: ReportColumn[];
  rows: ReportCell[][];
}

export interface ReportPoint {
  kind: 'firm' | 'segment';
  label: string;
  /** Data coordinates. */
  x: number;
  y: number;
  us: boolean;
  /** The mark as drawn in the export frame (pixels). */
  sx: number;
  sy: number;
  r: number;
  /** The label's box in the frame, where the user placed it (null: not labelled). */
  labelBox: { x: number; y: number; width: number; height: number } | null;
}

export interface Report {
  lang: ExportLang;
  /** BCP 47 tag of the text (`zh-CN` or `en-US`). */
  locale: string;
  title: string;
  subtitle: string;
  /** Data and tool, without the date (writers add `date`). */
  source: string;
  date: string;
  rule: string;
  legend: { segment: string; firm: string; us: string };
  map: {
    /** States the map's idea (whether the reading rule holds). */
    title: string;
    layout: MapLayout;
    points: ReportPoint[];
  };
  fit: {
    title: string;
    /** The fit in sentences, the reading-rule check first. */
    lines: string[];
    /** One short line for the map's foot. */
    summary: string;
    warning?: string;
    figures: { label: string; value: number; format: CellFormat }[];
  };
  /**
   * Share of value first, then valuable segments, drivers and changes when present, then the fit
   * (`id: 'fit'`) and the map's points (`id: 'map'`) for the workbook.
   */
  tables: ReportTable[];
  /** Share of value by segment and firm, for the HTML export's hover. */
  shares: { segment: string; firm: string; share: number }[];
}

/** The frame exports draw the map in (pixels): 16:10, large enough for labels at 13 px. */
export const EXPORT_FRAME = { width: 800, height: 500 } as const;

export interface ExportLayoutOptions {
  /** Label offsets the user dragged, by `kind:label` (the app's pins). */
  pins?: Record<string, { dx: number; dy: number }>;
  /** Need arrows. Default true, as on screen. */
  showNeeds?: boolean;
}

/** The map laid out for export: the whole map (no zoom), in EXPORT_FRAME, with the user's label positions. */
export function exportLayout(info: MapInfo, r: MeasureResult, o: ExportLayoutOptions = {}): MapLayout {
  return layoutMap(info, r, {
    ...EXPORT_FRAME,
    zoom: IDENTITY,
    pins: o.pins ?? {},
    selected: null,
    showNeeds: o.showNeeds ?? true,
    showEllipses: false,
    measure: (s) => estimateWidth(s),
  });
}

export interface ReportInput {
  measurement: MeasureResult;
  map: MapInfo;
  /** The map as laid out (exportLayout); drawn as is. */
  layout: MapLayout;
  lang: ExportLang;
  /** The day the export is made, YYYY-MM-DD (passed in, so the same input gives the same file). */
  date: string;
  drivers?: DriversResult | null;
  /** The zoom-out's strategy table, for the relationship type beside each segment. */
  strategy?: StrategyTable | null;
  /** A further table already in the export's language (e.g. Monitor's change table), added last. */
  changes?: Omit<ReportTable, 'id'> | null;
  /** The CRM maturity check's answers (issue 14 item 4); a table when any is given. */
  maturity?: Answers | null;
  /** Monitor's waves (two or more): the latest wave's changes since the one before, as a table. */
  waves?: WavesResult | null;
}

/** Sheet names: at most 31 characters, none of []:*?/\, no apostrophe at either end (Excel refuses the workbook otherwise). */
export function sheetName(s: string): string {
  return s.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31).replace(/^'+|'+$/g, '') || 'Sheet';
}

export function buildReport(input: ReportInput): Report {
  const { measurement: m, map: info, layout, lang, date } = input;
  const tr = exportTranslator(lang);
  const { t } = tr;
  const map = info.map;
  const file = m.file;
  const us = m.us ?? '';

  const points: ReportPoint[] = layout.points.map((p) => {
    const l = layout.labels.find((b) => b.index === p.index);
    return {
      kind: p.kind,
      label: p.label,
      x: p.x,
      y: p.y,
      us: p.us,
      sx: p.sx,
      sy: p.sy,
      r: p.r,
      labelBox: l ? { x: l.x, y: l.y, width: l.width, height: l.height } : null,
    };
  });

  // The reading rule, checked in words: the misplaced segments first, as the reader must know them before reading.
  const { count: k, of: n } = map.leadersNearest;
  const quality = map.stress1 < 0.1 ? t('fit.good') : map.stress1 > 0.2 ? t('fit.poor') : t('fit.fair');
  const lines: string[] = [];
  if (!map.misplaced.length) lines.push(t('fit.ruleHolds'));
  for (const x of map.misplaced)
    lines.push(x.nearest !== x.strongest ? t('fit.misplaced', { segment: x.segment, strongest: x.strongest, nearest: x.nearest }) : t('fit.close', { segment: x.segment, strongest: x.strongest, rival: x.rival }));
  lines.push(t('fit.leaders', { k, n }));
  lines.push(t('fit.row', { v: tr.pct(map.rankFidelity) }));
  lines.push(t('fit.column', { v: tr.pct(map.columnFidelity) }));
  lines.push(
    map.randomStress1 !== null && Number.isFinite(map.randomStress1)
      ? t('fit.stress', { v: tr.num(map.stress1, 3), quality, fs: tr.num(map.firmSegmentStress1, 3), random: tr.num(map.randomStress1, 3) })
      : t('fit.stressNoRandom', { v: tr.num(map.stress1, 3), quality, fs: tr.num(map.firmSegmentStress1, 3) }),
  );
  if (map.distorted.length) lines.push(t('fit.distorted', { points: tr.list(map.distorted) }));
  lines.push(t('fit.beta', { beta: tr.num(m.beta, 2), source: t(`beta.${m.betaSource}`) }));
  const misplaced = map.misplaced.map((x) => x.segment);

  const figures: Report['fit']['figures'] = [
    { label: t('fit.fig.leaders'), value: k, format: 'integer' },
    { label: t('fit.fig.segments'), value: n, format: 'integer' },
    { label: t('fit.fig.row'), value: map.rankFidelity, format: 'percent' },
    { label: t('fit.fig.column'), value: map.columnFidelity, format: 'percent' },
    { label: t('fit.fig.stress'), value: map.stress1, format: 'number' },
    { label: t('fit.fig.fsStress'), value: map.firmSegmentStress1, format: 'number' },
    { label: t('fit.fig.random'), value: map.randomStress1 ?? NaN, format: 'number' },
    { label: t('fit.fig.beta'), value: m.beta, format: 'number' },
  ];

  const tables: ReportTable[] = [sovTable(m, tr)];
  const seg = segmentsTable(m, us, input.strategy ?? null, tr);
  if (seg) tables.push(seg);
  if (input.drivers) {
    const d = driversTable(input.drivers, m, tr);
    if (d) tables.push(d);
  }
  if (input.changes) tables.push({ id: 'changes', ...input.changes, sheet: sheetName(input.changes.sheet) });
  const monitor = input.waves ? monitorTable(input.waves, tr) : null;
  if (monitor) tables.push(monitor);
  const maturity = input.maturity ? maturityTable(input.maturity, tr) : null;
  if (maturity) tables.push(maturity);
  tables.push({
    id: 'fit',
    sheet: sheetName(t('fit.sheet')),
    title: misplaced.length ? t('map.someNearest', { k, n, segments: tr.list(misplaced) }) : t('map.allNearest'),
    columns: [
      { header: t('fit.col.figure'), format: 'text' },
      { header: t('fit.col.value'), format: 'number' },
    ],
    rows: [...figures.map((f) => [f.label, f.value]), ...lines.map((l) => [l, null])],
  });
  tables.push({
    id: 'map',
    sheet: sheetName(t('map.sheet')),
    title: t('rule'),
    columns: [
      { header: t('map.col.kind'), format: 'text' },
      { header: t('map.col.label'), format: 'text' },
      { header: 'x', format: 'number' },
      { header: 'y', format: 'number' },
      { header: t('map.col.labelX'), format: 'number' },
      { header: t('map.col.labelY'), format: 'number' },
    ],
    rows: points.map((p) => [t(`kind.${p.kind}`), p.label, p.x, p.y, p.labelBox?.x ?? null, p.labelBox?.y ?? null]),
  });

  return {
    lang,
    locale: tr.locale,
    title: t('title', { file }),
    subtitle: t('subtitle', { respondents: tr.int(m.respondents), firms: m.firms.length, segments: m.segments.length }),
    source: t('source', { file, n: tr.int(m.respondents) }),
    date,
    rule: t('rule'),
    legend: { segment: t('legend.segment'), firm: t('legend.firm'), us: t('legend.us', { firm: us }) },
    map: {
      title: misplaced.length ? t('map.someNearest', { k, n, segments: tr.list(misplaced) }) : t('map.allNearest'),
      layout,
      points,
    },
    fit: {
      title: t('fit.title'),
      lines,
      summary: t('fit.summary', { k, n, row: tr.pct(map.rankFidelity), column: tr.pct(map.columnFidelity), stress: tr.num(map.stress1, 3) }),
      warning: misplaced.length ? lines[0] : undefined,
      figures,
    },
    tables,
    shares: m.rows.map((r) => ({ segment: r.segment, firm: r.firm, share: r.shareOfValue })),
  };
}

type Tr = ReturnType<typeof exportTranslator>;

/** Segment x firm share of value, titled by the leader of the most valuable segment. */
function sovTable(m: MeasureResult, tr: Tr): ReportTable {
  const { t } = tr;
  const share = (s: string, f: string) => m.rows.find((r) => r.segment === s && r.firm === f)?.shareOfValue ?? NaN;
  const top = [...m.segments].sort((a, b) => (Number.isFinite(b.marketValue) ? b.marketValue : -Infinity) - (Number.isFinite(a.marketValue) ? a.marketValue : -Infinity))[0];
  let leader = '';
  if (top) {
    let best = -Infinity;
    for (const f of m.firms) if (share(top.label, f) > best) [best, leader] = [share(top.label, f), f];
  }
  return {
    id: 'shareOfValue',
    sheet: sheetName(t('sov.sheet')),
    title: top && leader ? t('sov.title', { firm: leader, segment: top.label }) : t('sov.sheet'),
    note: t('sov.note'),
    columns: [{ header: t('col.segment'), format: 'text' }, { header: t('col.marketValue'), format: 'integer' }, ...m.firms.map((f) => ({ header: f, format: 'percent' as const }))],
    rows: m.segments.map((s) => [s.label, s.marketValue, ...m.firms.map((f) => share(s.label, f))]),
  };
}

/** Most valuable segments (METHOD "Improve"), with the relationship type when the zoom-out gave one. */
function segmentsTable(m: MeasureResult, us: string, strategy: StrategyTable | null, tr: Tr): ReportTable | null {
  const { t } = tr;
  const rows = valuableSegments(m, us || null);
  if (!rows.length) return null;
  const first = rows.filter((x) => x.actFirst).map((x) => x.segment);
  const relationship = (s: string) => {
    const r = strategy?.rows.find((x) => x.segment === s)?.relationship;
    return r ? strategyTerms[tr.lang][r] : null;
  };
  return {
    id: 'valuableSegments',
    sheet: sheetName(t('seg.sheet')),
    title: first.length ? t('seg.actFirst', { us, segments: tr.list(first) }) : t('seg.largest', { us, segment: rows[0].segment }),
    note: t('seg.note', { us }),
    columns: [
      { header: t('col.segment'), format: 'text' },
      { header: t('col.marketValue'), format: 'integer' },
      { header: t('seg.col.valueRank'), format: 'integer' },
      { header: t('seg.col.ours', { us }), format: 'percent' },
      { header: t('seg.col.leader'), format: 'text' },
      { header: t('seg.col.gap'), format: 'points' },
      { header: t('seg.col.opportunity'), format: 'integer' },
      { header: t('seg.col.opportunityRank'), format: 'integer' },
      { header: t('seg.col.actFirst'), format: 'text' },
      ...(strategy ? [{ header: t('seg.col.relationship'), format: 'text' as const }] : []),
    ],
    rows: rows.map((x) => [
      x.segment,
      x.marketValue,
      x.valueRank,
      x.ourShareOfValue,
      x.leader,
      // In points of share: 0 when we lead (the leader is us).
      x.gap * 100,
      x.opportunity,
      x.opportunityRank,
      x.actFirst ? t('yes') : t('no'),
      ...(strategy ? [relationship(x.segment)] : []),
    ]),
  };
}

/** Key drivers pooled over firms (firm `*`): the whole market and each segment, with stated importance. */
/** The CRM maturity check's result (issue 14 item 4), or null when nothing is answered. */
/**
 * Monitor's news for the report: the latest wave's share of value per segment and firm with the
 * change since the wave before and its 95% interval, significant changes first, larger first.
 */
function monitorTable(w: WavesResult, tr: Tr): ReportTable | null {
  const { t } = tr;
  if (w.waves.length < 2) return null;
  const wave = w.waves[w.waves.length - 1].wave,
    prev = w.waves[w.waves.length - 2].wave;
  const rows = w.rows
    .filter((r) => r.wave === wave)
    .sort((a, b) => Number(b.significantPrev === true) - Number(a.significantPrev === true) || (Math.abs(b.changePrev) || 0) - (Math.abs(a.changePrev) || 0));
  const n = rows.filter((r) => r.significantPrev === true).length;
  return {
    id: 'monitor',
    sheet: sheetName(t('changes.sheet')),
    title: t('monitor.title', { wave, prev, n }),
    columns: [
      { header: t('monitor.col.segment'), format: 'text' },
      { header: t('monitor.col.firm'), format: 'text' },
      { header: t('monitor.col.share'), format: 'percent' },
      { header: t('monitor.col.change'), format: 'points' },
      { header: t('monitor.col.low'), format: 'points' },
      { header: t('monitor.col.high'), format: 'points' },
      { header: t('monitor.col.significant'), format: 'text' },
    ],
    rows: rows.map((r) => [
      r.segment,
      r.firm,
      r.shareOfValue,
      100 * r.changePrev,
      100 * r.changePrevLow,
      100 * r.changePrevHigh,
      r.significantPrev === null ? '–' : t(r.significantPrev ? 'monitor.yes' : 'monitor.no'),
    ]),
  };
}

function maturityTable(answers: Answers, tr: Tr): ReportTable | null {
  const { t, lang } = tr;
  const m = assessMaturity(answers);
  if (!m.answered) return null;
  return {
    id: 'maturity',
    sheet: sheetName(t('maturity.sheet')),
    title: m.level ? t('maturity.placed', { level: m.level, name: LEVEL_NAMES[m.level][lang] }) : t('maturity.partial', { answered: m.answered, of: m.of }),
    columns: [
      { header: t('maturity.col.process'), format: 'text' },
      { header: t('maturity.col.level'), format: 'integer' },
      { header: t('maturity.col.levelName'), format: 'text' },
      { header: t('maturity.col.fits'), format: 'text' },
      { header: t('maturity.col.next'), format: 'text' },
    ],
    rows: maturityRows(m, lang).map((r) => [r.process, r.level, r.levelName, r.fits, r.next]),
  };
}

function driversTable(d: DriversResult, m: MeasureResult, tr: Tr): ReportTable | null {
  const { t } = tr;
  const pooled = (segment: string) => d.models.find((x) => x.segment === segment && x.firm === ALL);
  const market = pooled(ALL);
  if (!market) return null;
  const segments = m.segments.map((s) => s.label).filter((s) => pooled(s));
  const share = (segment: string, need: string) => {
    const model = pooled(segment);
    const v = model?.fitted ? model.needs.find((x) => x.need === need)?.share : undefined;
    // Shares are percent of R² in the drivers result; the export keeps fractions and formats them as percent.
    return v === undefined || !Number.isFinite(v) ? NaN : v / 100;
  };
  const target = t(`drv.target.${d.target}`);
  let top = '';
  let best = -Infinity;
  for (const n of d.needs) if (share(ALL, n) > best) [best, top] = [share(ALL, n), n];
  return {
    id: 'drivers',
    sheet: sheetName(t('drv.sheet')),
    title: top ? t('drv.title', { need: top, target }) : t('drv.sheet'),
    note: t('drv.note', { target }),
    columns: [
      { header: t('drv.col.need'), format: 'text' },
      { header: t('drv.col.market'), format: 'percent' },
      ...segments.map((s) => ({ header: s, format: 'percent' as const })),
      { header: t('drv.col.stated'), format: 'number' },
    ],
    rows: [...d.needs]
      .sort((a, b) => (Number.isFinite(share(ALL, b)) ? share(ALL, b) : -1) - (Number.isFinite(share(ALL, a)) ? share(ALL, a) : -1))
      .map((need) => [need, share(ALL, need), ...segments.map((s) => share(s, need)), market.needs.find((x) => x.need === need)?.stated ?? NaN]),
  };
}
