// Dispatcher only: the work is in src/core. Holds the parsed table and the accepted survey
// between messages, so a failed import never replaces the survey in use.
import type { ByteSource } from '../core/import/decode.ts';
import { buildSurvey } from '../core/import/buildSurvey.ts';
import { parseSurvey } from '../core/import/importSurvey.ts';
import { ImportCancelled } from '../core/import/parseCsv.ts';
import { measureWithDetail, type MeasureDetail, type MeasureResult } from '../core/measure/measure.ts';
import { mapFromMeasurement } from '../core/map/mapFromMeasurement.ts';
import { needVectors } from '../core/map/needVectors.ts';
import type { Survey } from '../core/survey.ts';
import type { RawTable } from '../core/table.ts';
import type { BuildInfo, ParseInfo, Reply, Request, SurveySource } from './protocol.ts';

let pending: RawTable | null = null;
let survey: Survey | null = null;
/** The last measurement and its respondent-level detail: maps and drill-downs start from it. */
let measured: { result: MeasureResult; detail: MeasureDetail } | null = null;
const cancelled = new Set<number>();

const post = (r: Reply) => (self as unknown as Worker).postMessage(r);

function streamChunks(stream: () => ReadableStream<Uint8Array>): () => AsyncIterable<Uint8Array> {
  return async function* () {
    const reader = stream().getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  };
}

async function toByteSource(src: SurveySource): Promise<ByteSource> {
  if (src.kind === 'file') return { name: src.file.name, size: src.file.size, chunks: streamChunks(() => src.file.stream()) };
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
  const progress = (fraction: number, stage: string, rows?: number) => post({ id: req.id, type: 'progress', fraction, stage, rows });
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
    case 'map': {
      if (!measured) throw new Error('no survey is measured yet');
      await yieldToMessages();
      const { metric, type, withinWeight, replicates, reference } = req.settings;
      const map = mapFromMeasurement(measured, { metric, type, withinWeight, replicates, reference, onProgress: (f, stage) => progress(f, stage) });
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
