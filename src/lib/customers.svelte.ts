import type { Classifier, CrossValidation } from '../core/database/classifier.ts';
import { mapValues } from '../core/database/classifier.ts';
import { valueEntries, type ScoringColumn } from '../core/database/scoringSql.ts';
import { strategyTable, type StrategyTable } from '../core/database/strategy.ts';
import { zoomOut, type ZoomOut } from '../core/database/zoomOut.ts';
import { detectCustomerColumns } from '../core/database/customerColumns.ts';
import { customerEconomics, DEFAULT_DISCOUNT, type Economics, type EconomicsRow } from '../core/database/economics.ts';
import { DbCancelledError, DbClient, type DbJob, type RestartCause } from '../workers/dbClient.ts';
import type { ImportInfo, OpenInfo, ScoreInfo } from '../workers/dbProtocol.ts';
import type { Session } from './session.svelte.ts';
import { i18n } from './i18n.svelte.ts';
import { IssueError, type Issue } from '../core/issues.ts';
import type { MessageKey } from './messages.ts';
import type { Answers } from '../core/improve/maturity.ts';
import type { MeasureResult } from '../core/measure/measure.ts';
import sampleCustomersUrl from '../../data/customers.csv?url';
import type { CustomerSample } from '../workers/dbProtocol.ts';
import { readScheme, SCHEME_FORMAT, type PointsInfo, type PointsScheme } from '../core/database/pointsScheme.ts';
import { pyramidWhatIf, PyramidMoveError, type CostKey, type Pyramid, type PyramidMove, type PyramidWhatIf } from '../core/database/pyramid.ts';

/** Customers drawn on the map at most: a seeded sample keeps the canvas and hover instant. */
export const MAP_CUSTOMERS = 20_000;

export interface MapCustomers extends CustomerSample {
  segments: string[];
  /** Customers in the whole table (the sample may hold fewer). */
  total: number;
}

/** The customer table's name in the browser's database (and in the exported scoring SQL). */
export const TABLE = 'customers';

export interface Analysis {
  /** The market measurement this analysis was made against: a new survey, wave or beta makes it stale. */
  market: MeasureResult;
  cv: CrossValidation;
  columns: { survey: string; database: string; unmapped: string[]; labels: string[] }[];
  score: ScoreInfo;
  /** The model the customers were scored with (its segment mix re-estimated on the database when so). */
  model: Classifier;
  zoom: ZoomOut;
  /** Sums for the customer economics; null without a margin column. */
  economics: { rows: EconomicsRow[]; asOf: string | null; dated: boolean } | null;
}

/**
 * The internal customer database, in DuckDB-WASM (its own worker), linked to the market:
 * zoom in (a classifier learned on the survey scores every customer into segments, in SQL) and
 * zoom out (the database by market segment beside the market's own ranking).
 */
export class Customers {
  status = $state.raw<OpenInfo | null>(null);
  table = $state.raw<ImportInfo | null>(null);
  analysis = $state.raw<Analysis | null>(null);
  private errorText = $state<string | null>(null);
  /** Set when the survey and the table share no profile column: shown in the language of the moment. */
  private noLink = $state(false);
  get error(): string | null {
    return this.noLink ? i18n.t('db.noLink') : this.errorText;
  }
  /** True when the last analysis found no survey profile column in the table. */
  get unlinked(): boolean {
    return this.noLink;
  }
  set error(v: string | null) {
    this.noLink = false;
    this.errorText = v;
  }
  /** The import's refusal of a file by what it is (a workbook, a web page ...), as issues. */
  issues = $state.raw<Issue[]>([]);
  progress = $state.raw<{ stage: string; fraction: number; rows?: number } | null>(null);
  idColumn = $state('customer_id');
  revenueColumn = $state('revenue_12m');
  marginColumn = $state<string | null>('margin_12m');
  /** Database column linked to each survey profile column (null = not in the database); by name when absent. */
  profileLinks = $state<Record<string, string | null>>({});
  /** Explicit value maps per survey column: database value -> survey label. */
  valueMaps = $state<Record<string, Record<string, string>>>({});
  population = $state<number | null>(null);
  /** Customer economics inputs: the discount rate and the user's retention per segment (overriding the dates). */
  discount = $state(DEFAULT_DISCOUNT);
  retention = $state<Record<string, number | null>>({});
  /** Margin rates the user set per segment in the strategy table (0.3 = 30%), replacing the database's. */
  margins = $state<Record<string, number>>({});
  /** The strategy table of the zoom-out, with the user's margin rates. */
  strategy = $derived<StrategyTable | null>(this.analysis ? strategyTable(this.analysis.zoom, { margins: this.margins }) : null);
  /** The pyramid's shared operating cost, its allocation key and the what-if moves (issue 14 item 1). */
  pyramidCost = $state(0);
  pyramidKey = $state<CostKey>({ kind: 'equal' });
  pyramidMoves = $state<PyramidMove[]>([]);
  pyramid = $state.raw<Pyramid | null>(null);
  pyramidError = $state<string | null>(null);
  /**
   * Qualitative fields scored (issue 14 item 2): the points scheme, the least score a customer needs
   * to be in the campaign export (null = every customer), and what colours the customers on the map.
   */
  scheme = $state<PointsScheme | null>(null);
  minPoints = $state<number | null>(null);
  colourBy = $state<'tier' | 'points'>('tier');
  points = $state.raw<PointsInfo | null>(null);
  pointsError = $state<string | null>(null);
  /** The scheme the map sample was scored with (a new scheme draws the sample again). */
  private sampleScheme: string | null = null;
  /**
   * The CRM maturity check's answers (issue 14 item 4), by question id. Kept here because the check
   * is read beside the strategy table and travels with it into the project and the exports.
   */
  maturity = $state<Answers>({});
  /** True when the table came back from browser storage (no re-import). */
  restored = $state(false);

  private client: DbClient | null = null;
  private job: DbJob<unknown> | null = null;

  constructor(private readonly session: Session) {}

  private db(): DbClient {
    if (!this.client) {
      this.client = new DbClient();
      this.client.onRestart = (cause) => {
        // The worker lost its connection and the last scores, not the data: a persistent database
        // is reopened from the browser's storage with the user's columns and analysed again.
        const lost = this.status?.storage === 'memory' && !!this.table;
        this.restart = { cause, lost };
        this.status = null;
        this.opening = null;
        if (lost) {
          this.table = null;
          this.analysis = null;
        }
        void this.open(true);
      };
    }
    return this.client;
  }

  private opening: Promise<void> | null = null;

  /**
   * The last restart of the database worker (hung, crashed, or a cancel that did not stop in time),
   * and whether the table was lost with it (a database kept in memory); shown until the next import.
   */
  restart = $state.raw<{ cause: RestartCause; lost: boolean } | null>(null);

  /** Opens the persistent database once; a table imported on an earlier visit is there again. `reopen` keeps the columns in use (after a restart). */
  open(reopen = false): Promise<void> {
    this.opening ??= this.openOnce(reopen).finally(() => {
      if (!this.status) this.opening = null; // a failed open may be tried again
    });
    return this.opening;
  }

  private async openOnce(reopen: boolean): Promise<void> {
    if (this.status) return;
    try {
      this.status = await this.track(this.db().call('open', { persistent: true }));
      if (this.status.tables.includes(TABLE)) {
        const checked = this.table?.checked ?? null;
        this.table = { ...(await this.track(this.db().call('describe', { table: TABLE }))), ...(reopen && this.table ? { checked, encoding: this.table.encoding } : {}) };
        if (!reopen || !this.table.columns.some((c) => c.name === this.idColumn)) this.detectColumns();
        this.restored = !reopen;
        this.mapSample = null;
        await this.analyse();
      }
    } catch (e) {
      this.fail(e);
    }
  }

  /** Proposes the id, revenue and margin columns of the table from their names (the user may change them). */
  private detectColumns() {
    const cols = this.table?.columns ?? [];
    const found = detectCustomerColumns(cols);
    this.idColumn = found.id ?? cols[0]?.name ?? this.idColumn;
    this.revenueColumn = found.revenue ?? this.revenueColumn;
    this.marginColumn = found.margin;
  }

  /** The first and last purchase date columns, when the table has both typed as dates. */
  private dateColumns(): { first: string; last: string } | null {
    const found = detectCustomerColumns(this.table?.columns ?? []);
    return found.firstPurchase && found.lastPurchase ? { first: found.firstPurchase, last: found.lastPurchase } : null;
  }

  /** Lifetime values and stakes with the user's rates: TypeScript arithmetic on the database's sums, no query. */
  get economics(): { result: Economics | null; error: string | null } {
    const e = this.analysis?.economics;
    if (!e) return { result: null, error: null };
    try {
      return { result: customerEconomics(e.rows, e.asOf, { discount: this.discount, retention: $state.snapshot(this.retention) }), error: null };
    } catch (err) {
      return { result: null, error: (err as Error).message };
    }
  }

  /**
   * The pyramid for the current table, cost and key, per segment when the customers are scored.
   * Not tracked as the page's job: it is quick, and must neither hide nor cancel an analysis.
   */
  async loadPyramid(): Promise<void> {
    if (!this.table || !this.status) return;
    const options = {
      table: TABLE,
      idColumn: this.idColumn,
      revenueColumn: this.revenueColumn,
      marginColumn: this.marginColumn,
      cost: this.pyramidCost,
      key: $state.snapshot(this.pyramidKey) as CostKey,
    };
    try {
      await this.ensureChecked();
      this.pyramid = await this.db().call('pyramid', { options }).promise;
      this.pyramidError = null;
    } catch (e) {
      if (!(e instanceof DbCancelledError)) this.pyramidError = e instanceof Error ? e.message : String(e);
    }
  }

  /**
   * The points scheme over the whole table: blanks and unscored values per column, tiers by score,
   * the score's quantiles. Not the page's job, like the pyramid.
   */
  async loadPoints(): Promise<void> {
    const scheme = this.scheme ? ($state.snapshot(this.scheme) as PointsScheme) : null;
    if (!this.table || !this.status || !scheme || !scheme.categories.length) {
      this.points = null;
      this.pointsError = null;
      return;
    }
    try {
      // A scheme from a project or a file may name columns this database lacks: said by name.
      readScheme({ format: SCHEME_FORMAT, version: 1, ...scheme }, scheme.name, this.table.columns.map((c) => c.name));
      await this.ensureChecked();
      this.points = await this.db().call('points', { table: TABLE, idColumn: this.idColumn, revenueColumn: this.revenueColumn, scheme }).promise;
      this.pointsError = null;
    } catch (e) {
      this.points = null;
      if (!(e instanceof DbCancelledError)) this.pointsError = e instanceof Error ? e.message : String(e);
    }
  }

  /** The what-if on the pyramid's sums: arithmetic only, no query. */
  get pyramidWhatIf(): { result: PyramidWhatIf | null; error: string | null } {
    if (!this.pyramid) return { result: null, error: null };
    try {
      return { result: pyramidWhatIf(this.pyramid, $state.snapshot(this.pyramidMoves) as PyramidMove[]), error: null };
    } catch (e) {
      if (!(e instanceof PyramidMoveError)) return { result: null, error: (e as Error).message };
      const tier = (x: string) => i18n.t(`pyramid.tier.${x}` as MessageKey);
      return { result: null, error: i18n.t(`pyramid.error.${e.code}`, { from: tier(e.move.from), to: tier(e.move.to), percent: e.move.percent }) };
    }
  }

  /** The automatic link of the sample database while it runs; a user's import cancels it and goes after it. */
  private autoLink: Promise<void> | null = null;
  private userImports = 0;

  async importFile(file: File): Promise<void> {
    this.userImports++;
    if (this.autoLink) {
      this.job?.cancel();
      await this.autoLink;
    }
    await this.runImport(file);
  }

  private async runImport(file: File): Promise<void> {
    await this.open();
    this.error = null;
    this.issues = [];
    try {
      const imported = await this.track(this.db().call('importCsv', { file, table: TABLE }, (fraction, stage, rows) => (this.progress = { stage, fraction, rows })));
      this.table = imported;
      this.restart = null;
      this.fileName = file.name;
      this.issues = imported.issues;
      this.restored = false;
      this.detectColumns();
      this.analysis = null;
      await this.analyse();
    } catch (e) {
      this.fail(e);
    }
  }

  /**
   * The sample survey comes with its customer database: when a project on the sample opens and
   * this browser holds no customer table yet, the sample's is loaded, so zoom in and zoom out work
   * without a click. A table the user imported is never replaced.
   */
  linkSampleIfEmpty(): Promise<void> {
    if (this.autoLink) return this.autoLink;
    const seen = this.userImports;
    const userMoved = () => this.userImports !== seen;
    this.autoLink = (async () => {
      await this.open();
      if (!this.status || this.table || this.progress || userMoved()) return;
      const blob = await (await fetch(sampleCustomersUrl)).blob();
      if (userMoved()) return;
      await this.runImport(new File([blob], 'customers.csv', { type: 'text/csv' }));
    })()
      .catch(() => undefined)
      .finally(() => (this.autoLink = null));
    return this.autoLink;
  }

  async loadSample(): Promise<void> {
    const blob = await (await fetch(sampleCustomersUrl)).blob();
    await this.importFile(new File([blob], 'customers.csv', { type: 'text/csv' }));
  }

  /**
   * The import's checks (duplicate ids, NaN, infinity or text in revenue and margin) on the columns
   * in use when they are not those checked at import: the user chose others, or the table was
   * restored from storage. Their issues join the import's.
   */
  private ensureChecked(): Promise<void> {
    const t = this.table;
    if (!t) return Promise.resolve();
    const columns = { id: this.idColumn, revenue: this.revenueColumn, margin: this.marginColumn };
    const c = t.checked;
    if (c && c.id === columns.id && c.revenue === columns.revenue && c.margin === columns.margin) return Promise.resolve();
    // The analysis, the pyramid and the points all ask when a restored table opens: one check serves them.
    const key = JSON.stringify(columns);
    if (this.checking?.key === key && this.checking.table === t) return this.checking.promise;
    const promise = (async () => {
      // Not tracked as the page's job: the pyramid asks too, and must not cancel an analysis.
      const checked = await this.db().call('check', { table: TABLE, file: this.fileName, columns, firstRow: t.encoding === 'parquet' ? 1 : 2 }).promise;
      if (this.table !== t) return;
      if (checked.issues.length || checked.rows !== t.rows) {
        this.table = { ...checked, encoding: t.encoding };
        this.issues = [...this.issues, ...checked.issues];
      } else {
        // Nothing repaired: the same table object stays, so the views reading it do not query again;
        // the mark of the columns checked is not shown anywhere, so it need not be reactive.
        t.checked = checked.checked;
      }
    })().finally(() => {
      if (this.checking?.promise === promise) this.checking = null;
    });
    this.checking = { key, table: t, promise };
    return promise;
  }
  private checking: { key: string; table: ImportInfo; promise: Promise<void> } | null = null;
  /** The customer file's name, for the issues of a later check. */
  private fileName = TABLE;

  /** Zoom in and zoom out against the measured market. */
  async analyse(): Promise<void> {
    const result = this.session.result;
    if (!result || !this.status) return;
    this.triedFor = result;
    this.error = null;
    try {
      await this.ensureChecked();
      const info = this.table?.columns.length ? this.table : null;
      const dbNames = info ? info.columns.map((c) => c.name) : null;
      const link = (c: string) => (c in this.profileLinks ? this.profileLinks[c] : (dbNames?.find((n) => n.toLowerCase() === c.toLowerCase()) ?? (dbNames ? null : c)));
      const shared = result.profileColumns.filter((c) => link(c) !== null);
      if (!shared.length) {
        // Not a fault but a fact of these two files (a survey in one language, the table in another):
        // said in the user's language, with the way out, instead of the classifier's English error.
        this.noLink = true;
        return;
      }
      const classifier = await this.session.classifier(shared);
      const dbCols = shared.map((c) => link(c)!);
      const values = await this.track(this.db().call('profileValues', { table: TABLE, columns: dbCols }));
      const columns: ScoringColumn[] = [];
      const report: Analysis['columns'] = [];
      classifier.model.columns.forEach((mc, k) => {
        const dbValues = values.filter((v) => v.column_index === k && v.value !== null).map((v) => String(v.value));
        const mapping = mapValues(dbValues, mc.labels, $state.snapshot(this.valueMaps[mc.name] ?? {}), dbCols[k]);
        columns.push({ database: dbCols[k], values: valueEntries(dbValues, mapping) });
        report.push({ survey: mc.name, database: dbCols[k], unmapped: mapping.unmapped, labels: mc.labels });
      });
      const score = await this.track(
        this.db().call('score', { model: classifier.model, table: TABLE, idColumn: this.idColumn, columns, priors: 'database' }, (fraction, stage) => (this.progress = { stage, fraction })),
      );
      const segments = await this.track(
        this.db().call('zoomOut', { options: { customers: TABLE, idColumn: this.idColumn, revenueColumn: this.revenueColumn, marginColumn: this.marginColumn } }),
      );
      const zoom = zoomOut(result, segments, { population: this.population ?? undefined });
      const dates = this.dateColumns();
      const economics = this.marginColumn
        ? {
            ...(await this.track(
              this.db().call('economics', {
                options: {
                  customers: TABLE,
                  idColumn: this.idColumn,
                  revenueColumn: this.revenueColumn,
                  marginColumn: this.marginColumn,
                  firstPurchaseColumn: dates?.first ?? null,
                  lastPurchaseColumn: dates?.last ?? null,
                },
              }),
            )),
            dated: !!dates,
          }
        : null;
      this.analysis = { market: result, cv: classifier.cv, columns: report, score, model: score.priors?.model ?? classifier.model, zoom, economics };
      this.mapSample = null;
    } catch (e) {
      this.fail(e);
    }
  }

  mapSample = $state.raw<MapCustomers | null>(null);

  /** A sample of customers with their segment probabilities, for the map. */
  async loadMapSample(): Promise<void> {
    const a = this.analysis;
    if (!a || this.mapSample) return;
    try {
      const sample = await this.track(
        this.db().call('customerSample', {
          table: TABLE,
          idColumn: this.idColumn,
          revenueColumn: this.revenueColumn,
          respondentColumn: detectCustomerColumns(this.table?.columns ?? []).respondent,
          probabilityColumns: a.score.probabilityColumns,
          limit: MAP_CUSTOMERS,
          scheme: this.scheme?.categories.length ? ($state.snapshot(this.scheme) as PointsScheme) : null,
        }),
      );
      this.sampleScheme = JSON.stringify(this.scheme);
      this.mapSample = { ...sample, segments: a.score.segments, total: this.table?.rows ?? sample.ids.length };
    } catch (e) {
      this.fail(e);
    }
  }

  /** True when the customers on the map were scored with another scheme than the one in use. */
  get sampleStale(): boolean {
    return !!this.mapSample && this.sampleScheme !== JSON.stringify(this.scheme);
  }

  /** Draws the map's customers again (with the scheme in use). */
  resample(): void {
    this.mapSample = null;
  }

  /**
   * True when the database is analysed against an older market measurement than the one in use, or
   * holds a table never analysed: the sample database links itself while the sample survey may still
   * be measured, and its import's analysis then found no market (the browser tests hung on it under load).
   */
  get stale(): boolean {
    const r = this.session.result;
    if (!r || this.triedFor === r) return false;
    return this.analysis ? this.analysis.market !== r : !!this.table;
  }
  /** The measurement last analysed against, so a failed analysis is not retried in a loop. */
  private triedFor: MeasureResult | null = null;

  cancel() {
    this.job?.cancel();
  }

  private async track<T>(job: DbJob<T>): Promise<T> {
    this.job = job as DbJob<unknown>;
    try {
      return await job.promise;
    } finally {
      this.job = null;
      this.progress = null;
    }
  }

  private fail(e: unknown) {
    if (e instanceof DbCancelledError) this.error = null;
    else if (e instanceof IssueError) {
      // A file refused by what it is: shown as the survey import shows it, in the user's language.
      this.error = null;
      this.issues = [e.issue];
    } else this.error = e instanceof Error ? e.message : String(e);
  }
}
