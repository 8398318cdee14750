import type { Measured } from '../core/model/surveyModel.ts';
import { BETA_RANGE } from '../core/model/defaults.ts';
import { flatBetaFit } from '../core/measure/shareOfValue.ts';
import { i18n } from './i18n.svelte.ts';

/** A measurement in words, for the Measure view's comparison and the map's fit panel: "all waves pooled · β 7.83 calibrated". */
export function measurementLabel(m: Pick<Measured, 'wave' | 'beta' | 'betaSource' | 'betaFit' | 'segments' | 'segmentSource'>): string {
  const t = i18n.t;
  const source = m.betaSource === 'calibrated' && m.betaFit && flatBetaFit(m.betaFit, BETA_RANGE[0], BETA_RANGE[1]) ? 'flat' : m.betaSource;
  const parts = [m.wave ? t('measure.label.wave', { wave: m.wave }) : t('measure.pooled'), t(`measure.label.beta.${source}`, { beta: i18n.num(m.beta, 2) })];
  if (m.segmentSource === 'importance') parts.push(t('measure.label.k', { k: m.segments.length }));
  return parts.join(' · ');
}

/**
 * Why a calibrated beta is not a calibration (issue 12 item 11), in the interface language, or
 * null when the fit is sound: shown beside the fit's R^2 so a flat fit is never read as calibrated.
 */
export function flatBetaNote(m: Pick<Measured, 'beta' | 'betaSource' | 'betaFit'>): string | null {
  const flat = m.betaSource === 'calibrated' && m.betaFit ? flatBetaFit(m.betaFit, BETA_RANGE[0], BETA_RANGE[1]) : null;
  if (!flat) return null;
  const t = i18n.t;
  const parts = [flat.negativeR2 ? t('measure.beta.flat.negativeR2') : '', flat.edge ? t(`measure.beta.flat.${flat.edge}`, { bound: flat.edge === 'lower' ? BETA_RANGE[0] : BETA_RANGE[1] }) : ''];
  return [t('measure.beta.flat'), ...parts.filter(Boolean), t('measure.beta.flat.fix')].join(' ');
}
