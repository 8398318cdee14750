/**
 * A dated snapshot of a measurement (Monitor, METHOD.md): its segment tables frozen with a date and a
 * note, so that it can be compared later with any other snapshot or with the measurement in use,
 * even after the survey, its waves or the model's settings have moved on.
 */
import type { Snapshot } from '../project/schema.ts';
import type { MeasureResult } from './measure.ts';

export function makeSnapshot(m: Pick<MeasureResult, 'file' | 'wave' | 'beta' | 'betaSource' | 'segmentSource' | 'firms' | 'segments' | 'rows'>, date: string, note: string, id: string): Snapshot {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`the snapshot's date must be written YYYY-MM-DD, got "${date}"`);
  return {
    id,
    date,
    note: note.trim(),
    file: m.file,
    wave: m.wave,
    beta: m.beta,
    betaSource: m.betaSource,
    segmentSource: m.segmentSource,
    firms: [...m.firms],
    segments: m.segments.map((s) => ({ ...s })),
    rows: m.rows.map((r) => ({ ...r })),
  };
}
