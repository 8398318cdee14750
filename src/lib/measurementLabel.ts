import type { Measured } from '../core/model/surveyModel.ts';
import { i18n } from './i18n.svelte.ts';

/** A measurement in words, for the Measure view's comparison and the map's fit panel: "all waves pooled · β 7.83 calibrated". */
export function measurementLabel(m: Pick<Measured, 'wave' | 'beta' | 'betaSource' | 'segments' | 'segmentSource'>): string {
  const t = i18n.t;
  const parts = [m.wave ? t('measure.label.wave', { wave: m.wave }) : t('measure.pooled'), t(`measure.label.beta.${m.betaSource}`, { beta: i18n.num(m.beta, 2) })];
  if (m.segmentSource === 'importance') parts.push(t('measure.label.k', { k: m.segments.length }));
  return parts.join(' · ');
}
