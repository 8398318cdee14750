import type { Issue } from '../core/issues.ts';
import type { Mapping } from '../core/import/mapping.ts';
import { CancelledError, SurveyClient, WorkerRestartedError, type Job } from '../workers/client.ts';
import type { DrillInfo, MapInfo, MapSettings, Measured, ParseInfo, RespondentsInfo, Results, Settings, SurveySource } from '../workers/protocol.ts';
import type { DrillGroupBy } from '../core/map/drill.ts';
import { DEFAULT_MAP_SETTINGS } from '../core/model/defaults.ts';
import { labelledPoints } from '../core/map/jointMap.ts';
import { carryLabels } from '../core/model/names.ts';
import type { ProgressFn } from '../core/model/surveyModel.ts';
import type { FitProgress } from '../core/mds/types.ts';
import type { ScenarioChange } from '../core/scenario/scenario.ts';
import type { DriversOptions } from '../core/drivers/drivers.ts';
import type { WavesRequest } from '../core/model/surveyModel.ts';
import sampleUrl from '../../data/survey.csv?url';
import { loadSavedMapping, saveMapping } from './savedMappings.ts';
import type { ProjectView } from '../core/project/schema.ts';
import type { WaveMergeNote } from '../core/monitor/appendWave.ts';

export type View = ProjectView;

/** A file added to the survey as new waves: its own wave column, or one wave named `label`. */
export interface WaveSource {
  file: File;
  label: string | null;
}

const SAMPLE_SOURCE: SurveySource = { kind: 'url', url: sampleUrl, name: 'survey.csv' };


export interface Progress {
  file: string;
  stage: string;
  fraction: number;
  rows?: number;
  /** Iteration and stress-1 of the map fit under way. */
  fit?: FitProgress;
}

/**
 * The app's state: what is loaded, what is being imported, the settings of the measurement.
 * The measurement on screen (`result`) is replaced only by a successful import or re-measure,
 * so a failed or cancelled import never loses the user's work. Maps, drill-downs and respondents
 * are asked for by the id of the measurement on screen and shown only when they answer for it.
 */
export class Session {
  view = $state<View>('map');
  result = $state.raw<Measured | null>(null);
  /** A second measurement kept beside the one on screen, for the Measure view's side-by-side. */
  comparison = $state.raw<Measured | null>(null);
  /** The file and whether it is the bundled sample. */
  source = $state.raw<{ file: string; sample: boolean } | null>(null);
  progress = $state.raw<Progress | null>(null);
  /** The parsed file waiting in the mapping step. */
  parsed = $state.raw<ParseInfo | null>(null);
  mapping = $state<Mapping | null>(null);
  issues = $state.raw<Issue[]>([]);
  /** A one-line status: key and params for i18n. */
  notice = $state.raw<{ key: string; params: Record<string, string | number>; kind: 'info' | 'error' } | null>(null);
  settings = $state<Settings>({ beta: null, wave: null, k: null });
  /** The separator the user chose for the next file read ('' = recognised from the file). */
  separator = $state('');
  /** The last file the user chose, so a new separator can read it again. */
  private lastFile: File | null = null;
  busy = $state(false);
  /** The map on screen; kept while a new one is computed, replaced only by a finished one. */
  map = $state.raw<MapInfo | null>(null);
  mapSettings = $state<MapSettings>({ ...DEFAULT_MAP_SETTINGS });
  mapError = $state<string | null>(null);
  /** The segment the map is zoomed into, with its sub-groups and respondents; null at market level. */
  drill = $state.raw<DrillInfo | null>(null);
  groupBy = $state<DrillGroupBy>({ kind: 'familiar' });
  /** Every respondent placed on the market map (drawn on request). */
  respondents = $state.raw<RespondentsInfo | null>(null);

  private readonly client = new SurveyClient();
  private job: Job<unknown> | null = null;
  /** The file of the survey in use, and of the one parsed and waiting in the mapping step. */
  private sourceRef: SurveySource | null = null;
  /** The rebuild of the survey in use after the worker was restarted, while it runs. */
  private reloading: Promise<void> | null = null;
  private pendingSource: SurveySource | null = null;
  /** Files added as waves to the survey in use, in order (kept with the project). */
  waveSources = $state.raw<WaveSource[]>([]);
  /** How the last added wave differs from the survey (missing firm, new need ...). */
  waveNotes = $state.raw<WaveMergeNote[]>([]);
  /** The mapping the survey in use was built with (kept with the project). */
  acceptedMapping = $state.raw<Mapping | null>(null);
  /**
   * The segment asked to open and not yet open: a restored project's drill-down, a double-click
   * while the map is drawn, a drill-down under way. A new map (a new wave, a rebuild after the
   * worker restarted, the restored map) opens it when it arrives, so no race between a map and a
   * drill-down loses the level the user is on. Cleared when it opens, fails, is cancelled or left.
   */
  private drillWanted: { segment: string } | null = null;
  /** The map computation under way (a drill-down asked meanwhile waits for its map). */
  private mapRun: object | null = null;
  /** The measurement the map on screen was drawn for. */
  private mappedFor: Measured | null = null;
  /** The picture a restored project's map is aligned to (there is no map on screen yet). */
  private pendingReference: MapSettings['reference'] | null = null;

  constructor() {
    this.client.onRestart = () => {
      // The worker lost the accepted survey and its measurements; rebuild them quietly from the same
      // source, mapping and the settings of the measurement on screen (not of a cancelled one).
      if (this.sourceRef && this.acceptedMapping) this.reloading = this.reload(this.sourceRef, this.acceptedMapping).finally(() => (this.reloading = null));
    };
  }

  async loadSample(): Promise<void> {
    const parsed = await this.parse(SAMPLE_SOURCE);
    if (!parsed) return;
    await this.build(parsed.proposal, true);
  }

  /** The file of the survey in use, when the user gave one (the sample is the app's own). */
  get sourceFile(): File | null {
    return this.sourceRef?.kind === 'file' ? this.sourceRef.file : null;
  }

  /**
   * Opens a survey as a project left it: its mapping, settings, map settings, view and drill-down.
   * A survey that no longer builds goes to the mapping step with its problems, as an import would.
   */
  async openProject(p: {
    file: File | null;
    mapping: Mapping | null;
    settings: Settings;
    mapSettings: MapSettings;
    view: View;
    drill: { segment: string; groupBy: DrillGroupBy } | null;
    reference?: MapSettings['reference'] | null;
    waves?: WaveSource[];
  }): Promise<boolean> {
    const viewBefore = this.view;
    const parsed = await this.parse(p.file ? { kind: 'file', file: p.file } : SAMPLE_SOURCE);
    if (!parsed) return false;
    return this.build(p.mapping ?? parsed.proposal, !p.file, { settings: p.settings, mapSettings: p.mapSettings, view: p.view, drill: p.drill, reference: p.reference ?? null, waves: p.waves ?? [], viewBefore });
  }

  async importFile(file: File): Promise<void> {
    this.lastFile = file;
    const parsed = await this.parse({ kind: 'file', file }, this.separator || undefined);
    if (!parsed) return;
    const saved = loadSavedMapping(parsed.proposal);
    this.parsed = parsed;
    this.mapping = saved?.mapping ?? structuredClone(parsed.proposal);
    if (saved && (saved.newColumns.length || saved.missingColumns.length))
      this.notice = { key: 'import.mappingMatched', params: { added: saved.newColumns.join(', ') || '–', missing: saved.missingColumns.join(', ') || '–' }, kind: 'info' };
    this.view = 'import';
  }

  /** A new separator choice reads the last chosen file again with it (the data in use stays until that succeeds). */
  async chooseSeparator(separator: string): Promise<void> {
    this.separator = separator;
    if (this.lastFile && !this.progress) await this.importFile(this.lastFile);
  }

  private async parse(source: SurveySource, delimiter?: string): Promise<ParseInfo | null> {
    this.cancel();
    const name = source.kind === 'file' ? source.file.name : source.name;
    this.issues = [];
    this.notice = null;
    this.progress = { file: name, stage: 'parse', fraction: 0 };
    try {
      // The rebuild and a new file share the worker's parsed table: the file is read after it.
      const parsed = await this.afterRebuild(
        () => this.track(name, (p) => this.client.call('parse', { source, delimiter }, p), false),
        () => (this.progress = { file: name, stage: 'parse', fraction: 0 }),
      );
      this.pendingSource = source;
      if (parsed.issues.some((i) => i.severity === 'error')) {
        this.issues = parsed.issues;
        this.notice = { key: 'import.blocked', params: { n: parsed.issues.filter((i) => i.severity === 'error').length }, kind: 'error' };
        this.view = 'import';
        return null;
      }
      this.issues = parsed.issues;
      return parsed;
    } catch (e) {
      this.fail(name, e);
      return null;
    }
  }

  /**
   * Validates and measures the parsed file with `mapping`; on success it becomes the data in use.
   * `restore` carries a project's settings and place instead of a fresh import's defaults.
   */
  async build(
    mapping: Mapping,
    isSample = false,
    restore?: {
      settings: Settings;
      mapSettings: MapSettings;
      view: View;
      drill: { segment: string; groupBy: DrillGroupBy } | null;
      reference?: MapSettings['reference'] | null;
      waves?: WaveSource[];
      /** The view when the opening began (a user who navigates meanwhile stays where they went). */
      viewBefore?: View;
    },
  ): Promise<boolean> {
    const source = this.pendingSource;
    const name = source ? (source.kind === 'file' ? source.file.name : source.name) : '';
    const viewBefore = restore?.viewBefore ?? this.view;
    this.progress = { file: name, stage: 'validate', fraction: 0 };
    const plain = $state.snapshot(mapping) as Mapping;
    try {
      const waves = restore?.waves ?? [];
      // A wave measured on its own may come from an added file: measure pooled until the files are in.
      const settings = restore ? { ...restore.settings, wave: waves.length ? null : restore.settings.wave } : { ...$state.snapshot(this.settings), wave: null, k: null, names: null };
      let built = await this.track(name, (p) => this.client.call('build', { mapping: plain, settings }, p));
      if (built.ok && built.result && waves.length) {
        for (const w of waves) {
          const added = await this.appendWaveFile(w);
          if (added.ok && added.result) built = added;
        }
        if (restore?.settings.wave) {
          const result = await this.client.call('measure', { settings: { ...restore.settings } }).promise;
          built = { ...built, result };
          settings.wave = restore.settings.wave;
        }
      }
      this.issues = built.issues;
      if (!built.ok || !built.result) {
        this.notice = { key: 'import.blocked', params: { n: built.issues.filter((i) => i.severity === 'error').length }, kind: 'error' };
        return false;
      }
      this.result = built.result;
      this.comparison = null;
      this.settings = { ...built.result.settings, beta: settings.beta ?? null, wave: settings.wave ?? null, k: settings.k ?? null };
      this.source = { file: name, sample: isSample };
      this.sourceRef = source;
      this.waveSources = waves;
      this.acceptedMapping = plain;
      this.parsed = null;
      this.mapping = null;
      if (!isSample && !restore) {
        saveMapping(plain);
        this.notice = { key: 'import.done', params: { file: name, n: built.result.respondents }, kind: 'info' };
      }
      // A project opens on the view it was left on, unless the user moved on while it was opening.
      this.view = restore ? (this.view === viewBefore ? restore.view : this.view) : this.view === 'import' || !isSample ? 'map' : this.view;
      if (restore) {
        Object.assign(this.mapSettings, restore.mapSettings);
        if (restore.drill) this.groupBy = restore.drill.groupBy;
      }
      this.drillWanted = restore?.drill ? { segment: restore.drill.segment } : null;
      this.pendingReference = restore?.reference ?? null;
      this.map = null;
      this.drill = null;
      this.respondents = null;
      queueMicrotask(() => void this.computeMap());
      return true;
    } catch (e) {
      this.fail(name, e);
      return false;
    }
  }

  /** Parses a wave file and appends it to the survey in the worker (no state of the page changes). */
  private appendWaveFile(w: WaveSource): Promise<Results['addWave']> {
    return this.appendWaveJob(w).promise;
  }

  /**
   * A wave file read and appended as one job: two worker calls in a row (parse, then append), with
   * their progress, and a cancel that stops whichever of the two is running. A cancelled parse
   * leaves the survey in use untouched; so does a cancelled append (the model replaces its survey
   * only when the append finishes).
   */
  private appendWaveJob(w: WaveSource, onProgress?: ProgressFn): Job<Results['addWave']> {
    let inner: Job<unknown> | null = null;
    let cancelled = false;
    const promise = (async () => {
      const parse = this.client.call('parse', { source: { kind: 'file', file: w.file } }, onProgress);
      inner = parse;
      const parsed = await parse.promise;
      if (cancelled) throw new CancelledError();
      const errors = parsed.issues.filter((i) => i.severity === 'error');
      if (errors.length) return { ok: false, issues: parsed.issues, result: null, notes: [], added: [] };
      const add = this.client.call('addWave', { label: w.label }, onProgress);
      inner = add;
      return add.promise;
    })();
    return {
      promise,
      cancel: () => {
        cancelled = true;
        inner?.cancel();
      },
    };
  }

  /**
   * Monitor's "add a wave": one more file read with the survey's mapping (columns matched by name)
   * and appended as new waves. The survey in use changes only when the file builds and appends; the
   * differences (a missing firm, a new need) are said in `waveNotes`.
   */
  async addWave(file: File, label: string | null): Promise<boolean> {
    if (!this.result) return false;
    this.cancel();
    this.notice = null;
    this.progress = { file: file.name, stage: 'parse', fraction: 0 };
    try {
      // An append is synchronous, so its cancel often ends the worker: the next file must wait for
      // the rebuild, or it would find no survey to add to. Two worker calls in a row (parse, then
      // append); the progress bar shows while they run, with cancel.
      const added = await this.afterRebuild(() => this.track(file.name, (p) => this.appendWaveJob({ file, label }, p)));
      this.issues = added.issues;
      if (!added.ok || !added.result) {
        this.notice = { key: 'import.blocked', params: { n: added.issues.filter((i) => i.severity === 'error').length }, kind: 'error' };
        return false;
      }
      this.result = added.result;
      this.comparison = null;
      this.settings = { ...this.settings, wave: null };
      this.waveSources = [...this.waveSources, { file, label }];
      this.waveNotes = added.notes;
      this.notice = { key: 'monitor.waveAdded', params: { file: file.name, waves: added.added.join(', ') }, kind: 'info' };
      this.drill = null;
      this.respondents = null;
      queueMicrotask(() => void this.computeMap());
      return true;
    } catch (e) {
      this.fail(file.name, e);
      return false;
    }
  }

  private async reload(source: SurveySource, mapping: Mapping) {
    const settings = this.result ? { ...this.result.settings } : $state.snapshot(this.settings);
    this.comparison = null;
    try {
      await this.client.call('parse', { source }).promise;
      this.pendingSource = source;
      let built = await this.client.call('build', { mapping, settings: { ...settings, wave: this.waveSources.length ? null : settings.wave } }).promise;
      for (const w of this.waveSources) {
        const added = await this.appendWaveFile(w);
        if (added.ok && added.result) built = added;
      }
      if (this.waveSources.length && settings.wave) built = { ...built, result: await this.client.call('measure', { settings }).promise };
      // The same settings measure to the same numbers; only the id is new. The map, drill-down and
      // respondents on screen answer for the old id, which the new worker does not hold: map anew
      // (aligned to the map on screen, so the picture stays).
      if (built.result) {
        this.result = built.result;
        this.settings = { ...built.result.settings };
        if (this.map) await this.computeMap();
      }
    } catch (e) {
      // The measurement on screen stays, but the worker lost it: said now (issue 12 item 18), not
      // left for the next action to stumble on. A cancel of the rebuild itself is the user's.
      if (!(e instanceof CancelledError)) this.notice = { key: 'worker.rebuildFailed', params: { message: (e as Error).message }, kind: 'error' };
    }
  }

  /**
   * Measures the loaded survey again with the current settings (wave, beta, k). When it fails or is
   * cancelled, the settings go back to those of the measurement on screen, so the page, the map and
   * the worker keep agreeing on one measurement.
   */
  async remeasure(): Promise<void> {
    if (!this.result) return;
    this.cancel();
    const file = this.source?.file ?? '';
    const want = $state.snapshot(this.settings) as Settings;
    try {
      // The rebuild after a restart puts back the settings on screen; the user's new ones are wanted.
      this.result = await this.afterRebuild(
        () => this.track(file, (p) => this.client.call('measure', { settings: want }, p)),
        () => (this.settings = { ...want }),
      );
      this.notice = null;
      queueMicrotask(() => void this.computeMap());
    } catch (e) {
      if (this.result) this.settings = { ...this.result.settings };
      if (!(e instanceof CancelledError)) this.notice = { key: 'measure.error', params: { message: (e as Error).message }, kind: 'error' };
    }
  }

  /** Measures the survey with `settings` beside the one on screen (not replacing it), for a side-by-side. */
  async compareWith(settings: Settings): Promise<void> {
    if (!this.result) return;
    const file = this.source?.file ?? '';
    try {
      this.comparison = await this.track(file, (p) => this.client.call('measure', { settings, use: false }, p));
    } catch (e) {
      if (!(e instanceof CancelledError)) this.notice = { key: 'measure.error', params: { message: (e as Error).message }, kind: 'error' };
    }
  }

  /**
   * A what-if on the measurement on screen (beta held), with its map re-fitted from the map on screen
   * and aligned to it, so the firm visibly moves. Not a tracked job: the Improve view runs and cancels
   * these itself as sliders move, while the map on screen stays.
   */
  whatIf(change: ScenarioChange): Job<{ scenario: Measured; map: MapInfo }> {
    let inner: Job<unknown> | null = null;
    let cancelled = false;
    // From the measurement and map on screen when it is sent: after a restart the rebuilt survey's.
    const once = async () => {
      if (cancelled) throw new CancelledError();
      const base = this.result,
        onScreen = this.map;
      if (!base || !onScreen) throw new Error('no survey is measured and mapped yet');
      const first = this.client.call('scenario', { measurementId: base.measurementId, change });
      inner = first;
      const scenario = await first.promise;
      if (cancelled) throw new CancelledError();
      const points = labelledPoints(onScreen.map);
      const settings = { ...($state.snapshot(this.mapSettings) as MapSettings), replicates: 0, init: points, reference: points };
      const second = this.client.call('map', { measurementId: scenario.measurementId, settings });
      inner = second;
      return { scenario, map: await second.promise };
    };
    return {
      promise: this.afterRebuild(once),
      cancel: () => {
        cancelled = true;
        inner?.cancel();
      },
    };
  }

  /** Key drivers of the measurement on screen (run in the worker; the caller shows progress and may cancel). */
  drivers(options: Omit<DriversOptions, 'wave' | 'onProgress'>, onProgress?: ProgressFn): Job<Results['drivers']> {
    return this.client.call('drivers', { measurementId: this.result?.measurementId ?? null, options }, onProgress);
  }

  /** Monitor: every wave measured with one beta, mapped and aligned (the caller shows progress and may cancel). */
  waves(options: WavesRequest, onProgress?: ProgressFn): Job<Results['waves']> {
    return this.client.call('waves', { options }, onProgress);
  }

  /** True when `reply` answers for the measurement on screen (a reply for an older one is dropped). */
  private forCurrent(reply: { measurementId: string }): boolean {
    return reply.measurementId === this.result?.measurementId;
  }

  /** Maps the measured survey with the current map settings, aligned to the map on screen. */
  async computeMap(): Promise<void> {
    if (!this.result) return;
    // The level open, or being opened, opens again on the new map: held apart from the drill-down
    // under way, which the cancel below may end. A drill-out meanwhile clears it, a double-click replaces it.
    const open = this.drill?.drill.segment ?? this.drillWanted?.segment;
    this.drillWanted = open === undefined ? null : { segment: open };
    if (this.job) this.cancel();
    const run = {};
    this.mapRun = run;
    const file = this.source?.file ?? '';
    const settings = $state.snapshot(this.mapSettings) as MapSettings;
    // Labels carried across a rename: the picture on screen stays the reference under the new names.
    const carry = carryLabels(this.mappedFor, this.result);
    if (this.map) settings.reference = labelledPoints(this.map.map).map((p) => ({ ...p, label: carry(p.kind, p.label) }));
    else if (this.pendingReference) settings.reference = this.pendingReference;
    try {
      const map = await this.track(file, (p) => this.client.call('map', { measurementId: this.result!.measurementId, settings }, p));
      if (!this.forCurrent(map)) return;
      this.map = map;
      this.mappedFor = this.result;
      this.mapError = null;
      this.pendingReference = null;
      // Sub-groups and respondents hang on the firms of the map they were placed on: opened again on this one.
      this.drill = null;
      this.respondents = null;
      const wanted = this.drillWanted?.segment;
      const segment = wanted === undefined ? undefined : carry('segment', wanted);
      this.drillWanted = segment === undefined ? null : { segment };
      if (segment !== undefined) queueMicrotask(() => void this.drillInto(segment));
    } catch (e) {
      if (!(e instanceof CancelledError)) this.mapError = (e as Error).message;
    } finally {
      if (this.mapRun === run) this.mapRun = null;
    }
  }

  private parentOfDrill() {
    const m = this.map!;
    return { points: labelledPoints(m.map), type: m.map.type, withinWeight: m.map.withinWeight, method: m.map.method };
  }

  /** Opens a segment's sub-groups in place, firms held where the market map draws them. */
  async drillInto(segment: string): Promise<boolean> {
    if (!this.map) return false;
    const wanted = { segment };
    this.drillWanted = wanted;
    // A map being drawn replaces the one on screen: the segment opens on it when it arrives.
    if (this.mapRun) return false;
    if (this.job) this.cancel();
    const file = this.source?.file ?? '';
    const request = { segment, groupBy: $state.snapshot(this.groupBy) as DrillGroupBy, parent: this.parentOfDrill() };
    try {
      const drill = await this.track(file, (p) => this.client.call('drill', { measurementId: this.map!.measurementId, request }, p));
      // Another segment asked for, or the market, since: that wins.
      if (this.drillWanted !== wanted || !this.forCurrent(drill)) return false;
      this.drill = drill;
      this.drillWanted = null;
      this.mapError = null;
      return true;
    } catch (e) {
      // A restarted worker is rebuilt and maps again, which opens the segment still wanted.
      if (e instanceof WorkerRestartedError) return false;
      if (this.drillWanted === wanted) this.drillWanted = null;
      if (!(e instanceof CancelledError)) this.notice = { key: 'map.error', params: { message: (e as Error).message }, kind: 'error' };
      return false;
    }
  }

  /** The segment classifier learned on the survey's profile columns, with cross-validation. */
  async classifier(columns: string[]) {
    return this.client.call('classifier', { measurementId: this.result?.measurementId ?? null, columns }).promise;
  }

  drillOut(): void {
    this.drill = null;
    this.drillWanted = null;
  }

  /** Places every respondent on the market map (for the respondents layer). */
  async loadRespondents(): Promise<void> {
    if (!this.map || this.respondents) return;
    const file = this.source?.file ?? '';
    const parent = this.parentOfDrill();
    try {
      const respondents = await this.track(file, (p) => this.client.call('respondents', { measurementId: this.map!.measurementId, parent }, p), false);
      if (this.forCurrent(respondents)) this.respondents = respondents;
    } catch (e) {
      if (!(e instanceof CancelledError)) this.notice = { key: 'map.error', params: { message: (e as Error).message }, kind: 'error' };
    }
  }

  /**
   * Sends a request to the survey worker when the survey in use is there. After a restart (a cancel
   * that had to end the worker, a hang, a crash) the worker rebuilds that survey; a request sent
   * meanwhile would find none, and one queued behind the ended job fails with WorkerRestartedError
   * without having run. So: wait for a rebuild under way, send, and after such a failure wait for
   * the rebuild it caused and send once more, `again` first putting back what the rebuild reset.
   * The one place that knows about restarts; the rebuild itself (`reload`) calls the client directly.
   */
  private async afterRebuild<T>(send: () => Promise<T>, again?: () => void): Promise<T> {
    await this.reloading;
    try {
      return await send();
    } catch (e) {
      if (!(e instanceof WorkerRestartedError)) throw e;
      await this.reloading;
      again?.();
      return send();
    }
  }

  /**
   * Runs a worker request as the job on screen: its progress feeds the progress bar (with cancel),
   * `busy` holds while it runs, and both clear when it ends, however it ends.
   */
  private async track<T>(file: string, start: (onProgress: ProgressFn) => Job<T>, busy = true): Promise<T> {
    const job = start((fraction, stage, rows, fit) => (this.progress = { file, stage, fraction, rows, fit }));
    this.job = job;
    if (busy) this.busy = true;
    try {
      return await job.promise;
    } finally {
      if (this.job === job) this.job = null;
      this.progress = null;
      if (busy) this.busy = false;
    }
  }

  cancel(): void {
    if (this.job) {
      this.job.cancel();
      this.job = null;
      this.progress = null;
      this.busy = false;
    }
  }

  discardParsed(): void {
    this.parsed = null;
    this.mapping = null;
    this.issues = [];
    this.notice = null;
  }

  private fail(file: string, e: unknown) {
    if (e instanceof CancelledError) this.notice = { key: 'import.cancelled', params: {}, kind: 'info' };
    else this.notice = { key: 'import.failed', params: { file, message: (e as Error).message }, kind: 'error' };
  }
}
