import { History } from '../core/project/history.ts';
import { readProjectFile, writeProjectFile, PROJECT_EXTENSION } from '../core/project/projectFile.ts';
import { markOurFirm, renameInProject } from '../core/project/renameLabel.ts';
import type { NameKind } from '../core/model/names.ts';
import { emptyProject, ProjectError, readProject, type ProjectDoc, type SurveyFile } from '../core/project/schema.ts';
import { DEFAULT_MAP_SETTINGS } from '../core/model/defaults.ts';
import { labelledPoints } from '../core/map/jointMap.ts';
import type { Customers } from './customers.svelte.ts';
import { i18n } from './i18n.svelte.ts';
import type { Pins } from './pins.svelte.ts';
import type { Snapshots } from './snapshots.svelte.ts';
import { newProjectId, ProjectStore, StorageProblem, type ProjectMeta, type ProjectRecord } from './projectStore.ts';
import { safeFileName } from './download.ts';
import type { Session } from './session.svelte.ts';
import type { Views } from './views.svelte.ts';
import type { WhatIf } from './whatif.svelte.ts';

/** Where the id of the project last open is remembered (a tiny pointer; the project is in IndexedDB). */
const CURRENT_KEY = 'icrm.project';
/** Changes closer together than this are written in one transaction. */
const SAVE_DELAY_MS = 400;
/** Changes of the same kind closer together than this are one undo step (a drag, a slider, typing). */
const GROUP_WINDOW_MS = 1500;

export type ProjectStatus = 'loading' | 'saved' | 'saving' | 'unsaved' | 'readonly';
export type ProjectProblem =
  | { key: 'project.quota' | 'project.unavailable' | 'project.writeFailed'; message: string }
  | { key: 'project.importFailed'; message: string; file: string }
  | { key: 'project.otherTab' | 'project.takenOver' | 'project.openFailed'; message: string };

/** The document without what is kept but not undone: which view is open, the drill-down, the map's picture. */
function undoable(json: string): string {
  const { view: _v, drill: _d, mapPoints: _m, ...rest } = JSON.parse(json) as ProjectDoc;
  return JSON.stringify(rest);
}

/** The top-level fields that differ: changes to the same fields in a row are one undo step. */
function changedFields(a: string, b: string): string {
  const x = JSON.parse(a) as Record<string, unknown>,
    y = JSON.parse(b) as Record<string, unknown>;
  return Object.keys(y)
    .filter((k) => JSON.stringify(x[k]) !== JSON.stringify(y[k]))
    .join(',');
}

/**
 * The project open in this tab: the user's work gathered from the app's state into one document,
 * saved to IndexedDB in batched transactions, with undo and redo kept beside it, one tab editing
 * at a time (Web Locks), and the project file in and out. A failed write keeps the work on screen
 * and says so; nothing here ever reloads the page.
 */
export class Project {
  id = $state<string | null>(null);
  name = $state('');
  list = $state.raw<ProjectMeta[]>([]);
  status = $state<ProjectStatus>('loading');
  problem = $state.raw<ProjectProblem | null>(null);
  canUndo = $state(false);
  canRedo = $state(false);

  private history: History | null = null;
  private created = '';
  private survey: SurveyFile | null = null;
  /** The survey source the `survey` entry stands for; a different one is a new import. */
  private surveySource: File | 'sample' | null = null;
  private storedFiles = new Set<string>();
  /** The key each added wave file is stored under. */
  private waveKeys = new Map<File, string>();
  private applying = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private releaseLock: (() => void) | null = null;

  constructor(
    private readonly session: Session,
    private readonly whatif: WhatIf,
    private readonly views: Views,
    private readonly pins: Pins,
    private readonly customers: Customers,
    private readonly snapshots: Snapshots,
    private readonly store = new ProjectStore(),
  ) {}

  /** The user's work as a document: reads the app's state, so an effect around it sees every change. */
  snapshot(): ProjectDoc {
    const s = this.session;
    const file = s.sourceFile;
    const source = s.source ? (file ?? 'sample') : null;
    if (source !== this.surveySource) {
      this.surveySource = source;
      this.survey = source === null ? null : source === 'sample' ? { key: 'sample', name: 'survey.csv', sample: true } : { key: `survey-${Date.now().toString(36)}`, name: source.name, sample: false };
    }
    const drill = s.drill ? { segment: s.drill.drill.segment, groupBy: $state.snapshot(s.groupBy) } : null;
    const { metric, method, withinWeight, replicates } = s.mapSettings;
    const { beta, wave, k, names } = s.settings;
    const waveFiles = s.waveSources.map((w, i) => {
      if (!this.waveKeys.has(w.file)) this.waveKeys.set(w.file, `wave-${Date.now().toString(36)}-${i}`);
      return { key: this.waveKeys.get(w.file)!, name: w.file.name, sample: false, label: w.label };
    });
    const doc: ProjectDoc = {
      ...emptyProject(this.name, DEFAULT_MAP_SETTINGS),
      survey: this.survey ? { ...this.survey } : null,
      waveFiles,
      mapping: s.acceptedMapping,
      settings: { beta: beta ?? null, wave: wave ?? null, k: k ?? null, names: names ? $state.snapshot(names) : null },
      mapSettings: { metric, method, withinWeight, replicates },
      view: s.view,
      drill,
      mapPoints: s.map ? labelledPoints(s.map.map) : null,
      pins: this.pins.all,
      views: $state.snapshot(this.views.list),
      scenarios: $state.snapshot(this.whatif.saved),
      snapshots: this.snapshots.list,
      economics: {
        discount: this.customers.discount,
        retention: Object.fromEntries(Object.entries($state.snapshot(this.customers.retention)).filter(([, v]) => v != null)) as Record<string, number>,
        margins: $state.snapshot(this.customers.margins),
      },
      pyramid: { cost: this.customers.pyramidCost, key: $state.snapshot(this.customers.pyramidKey) as ProjectDoc['pyramid']['key'], moves: $state.snapshot(this.customers.pyramidMoves) as ProjectDoc['pyramid']['moves'] },
      maturity: { answers: $state.snapshot(this.customers.maturity) },
      scoring: { scheme: this.customers.scheme ? ($state.snapshot(this.customers.scheme) as ProjectDoc['scoring']['scheme']) : null, minPoints: this.customers.minPoints, colourBy: this.customers.colourBy },
    };
    // One canonical text per state: the validator's copy, so equal states compare equal.
    return readProject(JSON.parse(JSON.stringify(doc)), 'the project in use');
  }

  /** Opens the project last used, or the newest, or creates the sample project on a first visit. */
  async start(): Promise<void> {
    try {
      this.list = await this.store.list();
    } catch (e) {
      this.storageFailed(e);
      await this.session.loadSample();
      return;
    }
    const remembered = readPointer();
    const id = this.list.find((p) => p.id === remembered)?.id ?? this.list[0]?.id;
    if (id) await this.open(id);
    else await this.create(null, true);
  }

  /** A new project on the bundled sample; `name` null gives the sample project's name. */
  async create(name: string | null, first = false): Promise<void> {
    const id = newProjectId();
    const now = new Date().toISOString();
    const doc = emptyProject(name ?? i18n.t('project.sampleName'), DEFAULT_MAP_SETTINGS);
    doc.survey = { key: 'sample', name: 'survey.csv', sample: true };
    // The first project takes over what the app kept in localStorage before projects existed.
    if (first) Object.assign(doc, legacyWork());
    const json = JSON.stringify(readProject(JSON.parse(JSON.stringify(doc))));
    try {
      await this.store.put({ id, name: doc.name, created: now, updated: now, doc: json, history: null });
      this.list = await this.store.list();
    } catch (e) {
      this.storageFailed(e);
    }
    await this.load({ id, name: doc.name, created: now, updated: now, doc: json, history: null }, []);
  }

  async open(id: string): Promise<void> {
    await this.flush();
    try {
      const record = await this.store.get(id);
      if (!record) throw new Error(`project ${id} is not in this browser`);
      await this.load(record, null);
    } catch (e) {
      this.problem = { key: 'project.openFailed', message: (e as Error).message };
      if (!this.session.result) await this.session.loadSample();
    }
  }

  /** Shows a stored project: its survey opened as it was left, its work in place. */
  private async load(record: ProjectRecord, files: { key: string; name: string; bytes: Uint8Array }[] | null): Promise<void> {
    this.releaseLock?.();
    this.releaseLock = null;
    this.status = 'loading';
    const doc = readProject(JSON.parse(record.doc), `project "${record.name}"`);
    this.id = record.id;
    this.name = record.name;
    this.created = record.created;
    writePointer(record.id);
    this.history = new History(record.history ?? JSON.stringify(doc));
    if (this.history.current !== JSON.stringify(doc)) this.history = new History(JSON.stringify(doc));
    this.updateFlags();
    this.storedFiles = new Set(files ? files.map((f) => f.key) : await this.store.fileKeys(record.id).catch(() => []));
    await this.apply(doc, true, files);
    // The sample survey's project comes with the sample customer database (when none is stored), once its map is drawn.
    if (doc.survey?.sample) setTimeout(() => void this.customers.linkSampleIfEmpty(), 500);
    // Opening is not a change: what the app now shows (the accepted mapping of the sample, say) is the present, not a step to undo.
    if (this.id === record.id) this.history.replace(JSON.stringify(this.snapshot()));
    await this.acquireLock(record.id);
    // What arrived while the lock was asked for (the restored drill-down, the map) was not taken as a change then.
    if (this.id === record.id) this.changed(this.snapshot());
  }

  /** Puts a document's work in place; `full` also reopens the survey, the view and the drill-down. */
  private async apply(doc: ProjectDoc, full: boolean, files: { key: string; bytes: Uint8Array; name: string }[] | null = null): Promise<void> {
    this.applying++;
    try {
      this.pins.all = doc.pins;
      this.views.list = doc.views;
      this.whatif.saved = doc.scenarios;
      this.snapshots.list = doc.snapshots;
      this.customers.discount = doc.economics.discount;
      this.customers.retention = { ...doc.economics.retention };
      if (JSON.stringify(doc.economics.margins) !== JSON.stringify(this.customers.margins)) this.customers.margins = { ...doc.economics.margins };
      this.customers.pyramidCost = doc.pyramid.cost;
      if (JSON.stringify(doc.pyramid.key) !== JSON.stringify(this.customers.pyramidKey)) this.customers.pyramidKey = doc.pyramid.key;
      this.customers.pyramidMoves = doc.pyramid.moves;
      this.customers.maturity = { ...doc.maturity.answers };
      if (JSON.stringify(doc.scoring.scheme) !== JSON.stringify(this.customers.scheme)) this.customers.scheme = doc.scoring.scheme;
      this.customers.minPoints = doc.scoring.minPoints;
      this.customers.colourBy = doc.scoring.colourBy;
      const s = this.session;
      const waveKeys = s.waveSources.map((w) => this.waveKeys.get(w.file));
      const surveyChanged =
        full || doc.survey?.key !== this.survey?.key || JSON.stringify(doc.mapping) !== JSON.stringify(s.acceptedMapping) || JSON.stringify(doc.waveFiles.map((w) => w.key)) !== JSON.stringify(waveKeys);
      if (surveyChanged) {
        const fileOf = async (key: string, name: string): Promise<File> => {
          const inline = files?.find((f) => f.key === key);
          const blob = inline ? new Blob([new Uint8Array(inline.bytes)]) : (await this.store.getFile(this.id!, key))?.blob;
          if (!blob) throw new Error(`the file ${name} is missing from the project`);
          return new File([blob], name);
        };
        const file = doc.survey && !doc.survey.sample ? await fileOf(doc.survey.key, doc.survey.name) : null;
        const waves = [];
        for (const w of doc.waveFiles) {
          const f = await fileOf(w.key, w.name);
          this.waveKeys.set(f, w.key);
          waves.push({ file: f, label: w.label });
        }
        this.survey = doc.survey;
        this.surveySource = doc.survey ? (file ?? 'sample') : null;
        const ok = await s.openProject({ file, mapping: doc.mapping, settings: doc.settings, mapSettings: doc.mapSettings, view: full ? doc.view : s.view, drill: full ? doc.drill : null, reference: doc.mapPoints, waves });
        // The file object the session now holds is the one this entry stands for.
        if (ok && file) this.surveySource = s.sourceFile;
        return;
      }
      const settingsChanged =
        JSON.stringify(doc.settings) !== JSON.stringify({ beta: s.settings.beta ?? null, wave: s.settings.wave ?? null, k: s.settings.k ?? null, names: s.settings.names ?? null });
      const m = s.mapSettings;
      const mapChanged = m.metric !== doc.mapSettings.metric || m.method !== doc.mapSettings.method || m.withinWeight !== doc.mapSettings.withinWeight || m.replicates !== doc.mapSettings.replicates;
      Object.assign(s.mapSettings, doc.mapSettings);
      if (settingsChanged) {
        s.settings = { ...doc.settings };
        await s.remeasure();
      } else if (mapChanged) await s.computeMap();
    } finally {
      // The effect that watches the state runs after this turn; it must see the applied state as saved.
      queueMicrotask(() => this.applying--);
    }
  }

  /** Called with each new snapshot of the app's state (an effect in App): history and autosave. */
  changed(doc: ProjectDoc): void {
    if (!this.history || this.status === 'loading' || this.applying) return;
    const json = JSON.stringify(doc);
    const present = this.history.current;
    if (json === present) return;
    if (this.status === 'readonly') return;
    if (undoable(json) === undoable(present)) this.history.replace(json);
    else this.history.commit(json, { group: changedFields(present, json), windowMs: GROUP_WINDOW_MS });
    this.updateFlags();
    this.scheduleSave();
  }

  /**
   * Renames a firm or segment shown as `from` everywhere in the project (core/project/renameLabel.ts)
   * and measures again with the new name, as one undo step. Throws with the reason when `to` cannot be used.
   */
  async renameLabel(kind: NameKind, from: string, to: string): Promise<void> {
    const r = this.session.result;
    if (!r || this.status === 'readonly') return;
    const shown = kind === 'firm' ? r.firms : r.segments.map((g) => g.label);
    const doc = renameInProject(this.snapshot(), kind, from, to, shown);
    // The what-if being set up (not yet saved) follows its firm or segment under the new name.
    const w = this.whatif;
    if (kind === 'firm' && w.firm === from) w.firm = to.trim();
    if (kind === 'segment' && w.segment === from) w.segment = to.trim();
    await this.edit(doc);
  }

  /** Marks the firm shown as `firm` as ours (the opportunity, the alerts and the strategy table follow). */
  async markOurFirm(firm: string): Promise<void> {
    const r = this.session.result;
    if (!r || this.status === 'readonly' || r.us === firm) return;
    await this.edit(markOurFirm(this.snapshot(), firm, r.firms));
  }

  /** Puts an edited document in place as one user action (one undo step). */
  private async edit(doc: ProjectDoc): Promise<void> {
    this.status = 'unsaved';
    await this.apply(doc, false);
    // apply() holds history while it runs; the edit is one step, committed once the measurement is in.
    await new Promise((resolve) => queueMicrotask(() => resolve(null)));
    this.changed(this.snapshot());
    if (this.status === 'unsaved' && !this.timer) this.scheduleSave();
  }

  async undo(): Promise<void> {
    await this.step((h) => h.undo());
  }
  async redo(): Promise<void> {
    await this.step((h) => h.redo());
  }

  private async step(move: (h: History) => string | null): Promise<void> {
    if (!this.history || this.status === 'readonly') return;
    const json = move(this.history);
    this.updateFlags();
    if (json === null) return;
    // Not saved until the step is in place and written: a reload meanwhile would lose it.
    this.status = 'unsaved';
    const doc = readProject(JSON.parse(json), 'the undo history');
    // Undo takes back work, not navigation: the view and the drill-down stay where the user is.
    await this.apply({ ...doc, view: this.session.view, drill: null, mapPoints: null }, false);
    // The step's document carries where the user was when it was recorded; the present says where the user is now.
    const now = JSON.stringify(this.snapshot());
    if (undoable(now) === undoable(json)) this.history.replace(now);
    this.scheduleSave();
  }

  private updateFlags() {
    this.canUndo = !!this.history?.canUndo;
    this.canRedo = !!this.history?.canRedo;
  }

  private scheduleSave() {
    if (this.timer) clearTimeout(this.timer);
    this.status = 'unsaved';
    this.timer = setTimeout(() => void this.save(), SAVE_DELAY_MS);
  }

  /** Writes a pending change now (before switching projects or exporting). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      await this.save();
    }
  }

  private async save(): Promise<void> {
    this.timer = null;
    if (!this.id || !this.history || this.status === 'readonly') return;
    this.status = 'saving';
    const files: { key: string; name: string; blob: Blob }[] = [];
    const survey = this.survey;
    const file = this.session.sourceFile;
    if (survey && !survey.sample && !this.storedFiles.has(survey.key) && file) files.push({ key: survey.key, name: survey.name, blob: file });
    for (const w of this.session.waveSources) {
      const key = this.waveKeys.get(w.file);
      if (key && !this.storedFiles.has(key)) files.push({ key, name: w.file.name, blob: w.file });
    }
    const record: ProjectRecord = { id: this.id, name: this.name, created: this.created, updated: new Date().toISOString(), doc: this.history.current, history: this.history.toJSON() };
    try {
      await this.store.put(record, files);
      for (const f of files) this.storedFiles.add(f.key);
      // A change made while this was written is not in it: still unsaved, its own save pending.
      this.status = this.timer || this.history.current !== record.doc ? 'unsaved' : 'saved';
      if (this.problem && this.problem.key !== 'project.importFailed') this.problem = null;
      this.list = await this.store.list();
    } catch (e) {
      this.status = 'unsaved';
      this.storageFailed(e);
    }
  }

  private storageFailed(e: unknown) {
    const p = e instanceof StorageProblem ? e : new StorageProblem((e as Error)?.message ?? String(e), 'other');
    this.problem = { key: p.kind === 'quota' ? 'project.quota' : p.kind === 'unavailable' ? 'project.unavailable' : 'project.writeFailed', message: p.message };
    if (this.status === 'loading') this.status = 'unsaved';
  }

  async rename(name: string): Promise<void> {
    const n = name.trim().slice(0, 200);
    if (!n || !this.id) return;
    this.name = n;
    // The name lives in the document too, so a rename is saved (and undone) like any change.
    this.changed(this.snapshot());
    await this.flush();
  }

  async duplicate(): Promise<void> {
    if (!this.id || !this.history) return;
    await this.flush();
    const id = newProjectId();
    const now = new Date().toISOString();
    const name = `${this.name} (2)`;
    const doc = { ...(JSON.parse(this.history.current) as ProjectDoc), name };
    const bytes = await this.fileBytes();
    try {
      await this.store.put(
        { id, name, created: now, updated: now, doc: JSON.stringify(doc), history: null },
        bytes.map((f) => ({ key: f.key, name: f.name, blob: new Blob([new Uint8Array(f.bytes)]) })),
      );
      this.list = await this.store.list();
      await this.open(id);
    } catch (e) {
      this.storageFailed(e);
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await this.store.delete(id);
      this.list = await this.store.list();
      if (id === this.id) {
        this.id = null;
        if (this.list[0]) await this.open(this.list[0].id);
        else await this.create(null);
      }
    } catch (e) {
      this.storageFailed(e);
    }
  }

  /** The survey file's bytes for the project file. */
  private async fileBytes(): Promise<{ key: string; name: string; bytes: Uint8Array }[]> {
    const out: { key: string; name: string; bytes: Uint8Array }[] = [];
    const survey = this.survey;
    if (survey && !survey.sample) {
      const file = this.session.sourceFile ?? (await this.store.getFile(this.id!, survey.key))?.blob;
      if (file) out.push({ key: survey.key, name: survey.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    }
    for (const w of this.session.waveSources) {
      const key = this.waveKeys.get(w.file);
      if (key) out.push({ key, name: w.file.name, bytes: new Uint8Array(await w.file.arrayBuffer()) });
    }
    return out;
  }

  /** The project file of the project in use, and its file name. */
  async exportFile(): Promise<{ name: string; bytes: Uint8Array }> {
    await this.flush();
    const doc = this.snapshot();
    const bytes = writeProjectFile(doc, await this.fileBytes(), this.history?.toJSON() ?? null);
    return { name: `${safeFileName(this.name, 'project')}${PROJECT_EXTENSION}`, bytes };
  }

  /** Opens a project file as a new project; a bad file leaves every project as it was and says why. */
  async importFile(file: File): Promise<boolean> {
    let parsed;
    try {
      parsed = readProjectFile(new Uint8Array(await file.arrayBuffer()), file.name);
    } catch (e) {
      this.problem = { key: 'project.importFailed', file: file.name, message: e instanceof ProjectError ? e.message : (e as Error).message };
      return false;
    }
    await this.flush();
    const id = newProjectId();
    const now = new Date().toISOString();
    const name = this.list.some((p) => p.name === parsed.doc.name) ? `${parsed.doc.name} (${now.slice(0, 10)})` : parsed.doc.name;
    const doc = JSON.stringify({ ...parsed.doc, name });
    const record: ProjectRecord = { id, name, created: now, updated: now, doc, history: parsed.history ? { ...parsed.history, present: doc } : null };
    try {
      await this.store.put(record, parsed.files.map((f) => ({ key: f.key, name: f.name, blob: new Blob([new Uint8Array(f.bytes)]) })));
      this.list = await this.store.list();
    } catch (e) {
      this.storageFailed(e);
    }
    this.problem = null;
    await this.load(record, parsed.files);
    return true;
  }

  /**
   * One tab edits a project at a time. Without the lock this tab shows the project read-only and
   * says so; `takeOver` steals it, and the other tab learns it lost it (its request is aborted).
   */
  private async acquireLock(id: string, steal = false): Promise<void> {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    if (!locks) {
      this.status = 'saved';
      return;
    }
    const held = new Promise<void>((resolve) => (this.releaseLock = resolve));
    const granted = await new Promise<boolean>((answer) => {
      locks
        .request(`icrm-project:${id}`, steal ? { steal: true } : { ifAvailable: true }, (lock) => {
          answer(!!lock);
          return lock ? held : undefined;
        })
        .catch(() => {
          answer(false);
          // Stolen by another tab: stop writing here.
          if (this.id === id) {
            this.status = 'readonly';
            this.problem = { key: 'project.takenOver', message: '' };
          }
        });
    });
    if (granted) {
      this.status = 'saved';
      if (this.problem?.key === 'project.otherTab' || this.problem?.key === 'project.takenOver') this.problem = null;
    } else {
      this.releaseLock = null;
      this.status = 'readonly';
      this.problem = { key: 'project.otherTab', message: '' };
    }
  }

  /** Edits here instead of the other tab: the latest saved state is loaded, then the lock taken. */
  async takeOver(): Promise<void> {
    if (!this.id) return;
    const record = await this.store.get(this.id);
    if (record) {
      const doc = readProject(JSON.parse(record.doc), `project "${record.name}"`);
      this.history = new History(record.history ?? record.doc);
      this.updateFlags();
      await this.apply(doc, true);
    }
    await this.acquireLock(this.id, true);
  }
}

function readPointer(): string | null {
  try {
    return localStorage.getItem(CURRENT_KEY);
  } catch {
    return null;
  }
}
function writePointer(id: string) {
  try {
    localStorage.setItem(CURRENT_KEY, id);
  } catch {
    /* the next visit opens the newest project instead */
  }
}

/** Saved views, scenarios and label positions from before projects (localStorage), read through the validator. */
function legacyWork(): Partial<ProjectDoc> {
  try {
    const pins: Record<string, unknown> = {};
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k?.startsWith('icrm.pins.')) pins[k.slice('icrm.pins.'.length)] = JSON.parse(localStorage.getItem(k) ?? '{}');
    }
    const old = { name: 'Sample project', mapSettings: DEFAULT_MAP_SETTINGS, views: JSON.parse(localStorage.getItem('icrm.views') ?? '[]'), scenarios: JSON.parse(localStorage.getItem('icrm.scenarios') ?? '[]'), pins };
    const doc = readProject(old, 'the work kept in this browser before projects');
    return { pins: doc.pins, views: doc.views, scenarios: doc.scenarios };
  } catch {
    return {};
  }
}
