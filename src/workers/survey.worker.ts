// Dispatcher only: the work is in src/core. Holds the parsed table and the accepted survey
// between messages, so a failed import never replaces the survey in use.
import type { ByteSource } from '../core/import/decode.ts';
import { buildSurvey } from '../core/import/buildSurvey.ts';
import { parseSurvey } from '../core/import/importSurvey.ts';
import { ImportCancelled } from '../core/import/parseCsv.ts';
import { measureWithDetail, type MeasureDetail, type MeasureResult } from '../core/measure/measure.ts';
import { mapFromMeasurement } from '../core/map/mapFromMeasurement.ts';
import { needVectors } from '../core/map/needVectors.ts';
import { drillSegment, firmCoords, parentUnit } from '../core/map/drill.ts';
import { placeRespondents, topFirms } from '../core/map/respondents.ts';
import { crossValidate, trainClassifier } from '../core/database/classifier.ts';
import type { Survey } from '../core/survey.ts';
import type { RawTable } from '../core/table.ts';
import type { BuildInfo, ClassifierInfo, ParseInfo, Reply, Request, SurveySource } from './protocol.ts';
import { fileByteSource } from './fileSource.ts';

let pending: RawTable | null = null;
let survey: Survey | null = null;
/** The last measurement and its respondent-level detail: maps and drill-downs start from it. */
type Measured = { result: MeasureResult; detail: MeasureDetail };
let measured: Measured | null = null;
let classifierCache: { measured: Measured; key: string; info: ClassifierInfo } | null = null;
const cancelled = new Set<number>();

const post = (r: Reply) => (self as unknown as Worker).postMessage(r);

async function toByteSource(src: SurveySource): Promise<ByteSource> {
  if (src.kind === 'file') return fileByteSource(src.file);
  // The bundled sample: fetched once, then read from memory (a retry as GB18030 reads it again).
  const res = await fetch(src.url);
  if (!res.ok) throw new Error(`${src.name}: could not load (${res.status})`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return {
    name: src.name,
    size: bytes.length,
    async *chunks() {
      for (let i = 0; i < bytes.length; i += 1 << 20) yield bytes.subarray(i, i + (1 << 20));
    },
  };
}

/** Lets a `cancel` message in between slices of work. */
const yieldToMessages = () => new Promise((r) => setTimeout(r, 0));

async function handle(req: Exclude<Request, { type: 'cancel' }>): Promise<unknown> {
  const progress = (fraction: number, stage: string, rows?: number, fit?: { iteration: number; stress1: number }) => post({ id: req.id, type: 'progress', fraction, stage, rows, fit });
  const signal = { get aborted() {
    return cancelled.has(req.id);
  } };
  switch (req.type) {
    case 'parse': {
      const source = await toByteSource(req.source);
      const parsed = await parseSurvey(source, { signal, onProgress: (f, rows) => progress(f, 'parse', rows) });
      pending = parsed.table;
      const info: ParseInfo = {
        file: parsed.table.file,
        rowCount: parsed.table.rowCount,
        encoding: parsed.table.encoding,
        delimiter: parsed.table.delimiter,
        decimalComma: parsed.table.decimalComma,
        stats: parsed.stats,
        proposal: parsed.proposal,
        issues: parsed.issues,
      };
      return info;
    }
    case 'build': {
      if (!pending) throw new Error('there is no parsed file to import: choose the file again');
      progress(0, 'validate');
      await yieldToMessages();
      const built = buildSurvey(pending, req.mapping);
      if (!built.survey) return { ok: false, issues: built.issues, result: null } satisfies BuildInfo;
      await yieldToMessages();
      if (signal.aborted) throw new ImportCancelled();
      const m = measureWithDetail(built.survey, { ...req.settings, onProgress: (f, stage) => progress(f, stage) });
      const result = m.result;
      if (signal.aborted) throw new ImportCancelled();
      survey = built.survey;
      measured = m;
      pending = null;
      return { ok: true, issues: [...built.issues, ...result.warnings], result } satisfies BuildInfo;
    }
    case 'measure': {
      if (!survey) throw new Error('no survey is loaded yet');
      measured = measureWithDetail(survey, { ...req.settings, onProgress: (f, stage) => progress(f, stage) });
      return measured.result;
    }
    case 'drill': {
      if (!measured || !survey) throw new Error('no survey is measured yet');
      await yieldToMessages();
      const { segment, groupBy, parent } = req.request;
      progress(0.1, 'drill');
      const drill = drillSegment(survey, measured.detail, parent, segment, { groupBy });
      if (signal.aborted) throw new ImportCancelled();
      progress(0.5, 'place');
      await yieldToMessages();
      const g = measured.result.segments.findIndex((s) => s.label === segment);
      const members: number[] = [];
      for (let i = 0; i < survey.n; i++) if (measured.detail.segment[i] === g) members.push(i);
      const F = survey.firms.length;
      const firmXy = drill.points.slice(0, F).flatMap((p) => [p.x, p.y]);
      const placed = placeRespondents(measured.detail, survey, firmXy, drill.unit, members);
      return { drill, xy: placed.xy, topFirm: topFirms(measured.detail, F, members) };
    }
    case 'respondents': {
      if (!measured || !survey) throw new Error('no survey is measured yet');
      await yieldToMessages();
      const firms = measured.result.firms;
      const unit = parentUnit(measured.detail, req.parent, firms);
      const all = Int32Array.from({ length: survey.n }, (_, i) => i);
      progress(0.2, 'place');
      const placed = placeRespondents(measured.detail, survey, firmCoords(req.parent, firms), unit, all);
      return { ids: survey.ids, xy: placed.xy, topFirm: topFirms(measured.detail, firms.length, all) };
    }
    case 'classifier': {
      if (!measured || !survey) throw new Error('no survey is measured yet');
      // Re-analysing the customer database (new value maps, new columns) reuses the model for the same columns.
      const key = req.columns.join('\u0000');
      if (classifierCache?.measured === measured && classifierCache.key === key) return classifierCache.info;
      const columns = req.columns.map((name) => {
        const p = survey!.profiles.find((c) => c.name === name);
        if (!p) throw new Error(`the survey has no profile column "${name}"`);
        return p;
      });
      if (!columns.length) throw new Error('the survey and the customer database share no profile column to link them');
      const labels = measured.result.segments.map((s) => s.label);
      const options = { weight: survey.weight };
      progress(0.2, 'classifier');
      const cv = crossValidate(columns, measured.detail.segment, labels, { ...options, folds: 5, seed: 1 });
      const model = trainClassifier(columns, measured.detail.segment, labels, options);
      const info: ClassifierInfo = { model, cv, columns: req.columns };
      classifierCache = { measured, key, info };
      return info;
    }
    case 'map': {
      if (!measured) throw new Error('no survey is measured yet');
      await yieldToMessages();
      const { metric, method, withinWeight, replicates, reference } = req.settings;
      const map = mapFromMeasurement(measured, { metric, method, withinWeight, replicates, reference, onProgress: (f, stage, fit) => progress(f, stage, undefined, fit) });
      if (signal.aborted) throw new ImportCancelled();
      const F = measured.result.firms.length;
      const firmCoords = Float64Array.from(map.points.slice(0, F).flatMap((p) => [p.x, p.y]));
      return { map, needs: needVectors(measured.result.needs, firmCoords, measured.result.needPerformance), settings: req.settings };
    }
  }
}

self.onmessage = async (e: MessageEvent<Request>) => {
  const req = e.data;
  if (req.type === 'cancel') {
    cancelled.add(req.id);
    return;
  }
  try {
    const result = await handle(req);
    post({ id: req.id, type: 'done', result });
  } catch (err) {
    const isCancel = err instanceof ImportCancelled || cancelled.has(req.id);
    post({ id: req.id, type: 'error', message: isCancel ? 'cancelled' : err instanceof Error ? err.message : String(err), cancelled: isCancel });
  } finally {
    cancelled.delete(req.id);
  }
};
