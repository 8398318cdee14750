// Dispatcher only: every request is a method of the survey model (core/model/surveyModel.ts), which
// holds the survey and its measurements between messages. This file adds the two things a worker
// has and the model must not: reading the bytes (File or URL) and messages (progress, cancel, errors).
import type { ByteSource } from '../core/import/decode.ts';
import { ImportCancelled } from '../core/import/parseCsv.ts';
import { SurveyModel, type CallOptions } from '../core/model/surveyModel.ts';
import type { Reply, Request, SurveySource } from './protocol.ts';
import { fileByteSource } from './fileSource.ts';
import { sliceReader } from './sliceReader.ts';

const model = new SurveyModel();
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

/** Lets a `cancel` message in before synchronous work starts (a synchronous loop receives no messages). */
const yieldToMessages = () => new Promise<void>((r) => setTimeout(r, 0));

async function handle(req: Exclude<Request, { type: 'cancel' }>): Promise<unknown> {
  const o: CallOptions = {
    onProgress: (fraction, stage, rows, fit) => post({ id: req.id, type: 'progress', fraction, stage, rows, fit }),
    signal: { get aborted() {
      return cancelled.has(req.id);
    } },
    pause: yieldToMessages,
  };
  if (req.type === 'parse') return model.parse(await toByteSource(req.source), o, { delimiter: req.delimiter, slices: sliceReader() });
  await yieldToMessages();
  if (o.signal!.aborted) throw new ImportCancelled();
  switch (req.type) {
    case 'build':
      return model.build(req.mapping, req.settings, o);
    case 'measure':
      return model.measure(req.settings, { ...o, use: req.use });
    case 'scenario':
      return model.scenario(req.measurementId, req.change, o);
    case 'map':
      return model.map(req.measurementId, req.settings, o);
    case 'drill':
      return model.drill(req.measurementId, req.request, o);
    case 'respondents':
      return model.respondents(req.measurementId, req.parent, o);
    case 'classifier':
      return model.classifier(req.measurementId, req.columns, o);
    case 'drivers':
      return model.drivers(req.measurementId, req.options, o);
    case 'waves':
      return model.waves(req.options, o);
    case 'addWave':
      return model.addWave(req.label, o);
  }
}

self.onmessage = async (e: MessageEvent<Request>) => {
  const req = e.data;
  if (req.type === 'cancel') {
    cancelled.add(req.id);
    return;
  }
  try {
    post({ id: req.id, type: 'done', result: await handle(req) });
  } catch (err) {
    const isCancel = err instanceof ImportCancelled || cancelled.has(req.id);
    post({ id: req.id, type: 'error', message: isCancel ? 'cancelled' : err instanceof Error ? err.message : String(err), cancelled: isCancel });
  } finally {
    cancelled.delete(req.id);
  }
};
