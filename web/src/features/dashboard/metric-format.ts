// How the dashboard shows each figure of the metric registry (shared/figures/metrics.ts): its
// label in the current language, how its value is formatted, and which direction is good. A
// Record over MetricId, so a new metric does not compile until the dashboard knows how to show it.
import { METRICS, type MetricId } from '../../../../shared/figures/metrics';
import { formatValue, type ValueKind } from '../../format/format';
import type { Locale } from '../../i18n/messages';

export type Better = 'higher' | 'lower' | 'neutral';

export const METRIC_VIEW: Record<MetricId, { better: Better }> = {
  accepted: { better: 'neutral' },
  completed: { better: 'neutral' },
  onTime: { better: 'higher' },
  onTimeRate: { better: 'higher' },
  withdrawn: { better: 'neutral' },
  cannotJudge: { better: 'lower' },
  processingP50: { better: 'lower' },
  processingP90: { better: 'lower' },
  processingMean: { better: 'lower' },
  immediateShare: { better: 'higher' },
  onlineShare: { better: 'higher' },
  zeroVisitShare: { better: 'higher' },
  atMostOneVisitShare: { better: 'higher' },
  elderlyShare: { better: 'neutral' },
  elderlyAssistedShare: { better: 'higher' },
  nearbyShare: { better: 'higher' },
  materialsRequired: { better: 'neutral' },
  materialsExempted: { better: 'higher' },
  exemptedELicense: { better: 'higher' },
  exemptedDataSharing: { better: 'higher' },
  exemptedCommitment: { better: 'higher' },
  materialsPaper: { better: 'lower' },
  materialsUpload: { better: 'neutral' },
  paperAvoided: { better: 'higher' },
  reductionRate: { better: 'higher' },
  certificateFreeCases: { better: 'higher' },
  certificateFreeCaseShare: { better: 'higher' },
  complaintsReceived: { better: 'lower' },
  unnecessaryProofComplaints: { better: 'lower' },
  responseOnTimeRate: { better: 'higher' },
  resolutionOnTimeRate: { better: 'higher' },
  followUpSatisfaction: { better: 'higher' },
  evaluations: { better: 'neutral' },
  badReviews: { better: 'lower' },
  evaluationsRegionUnknown: { better: 'lower' },
  satisfactionRate: { better: 'higher' },
  rectificationRate: { better: 'higher' },
};

export function metricLabel(id: MetricId, locale: Locale): string {
  return locale === 'en' ? METRICS[id].en : METRICS[id].zh;
}

export function metricKind(id: MetricId): ValueKind {
  return METRICS[id].unit;
}

export function formatMetric(id: MetricId, v: number | null | undefined, locale: Locale): string {
  return formatValue(metricKind(id), v, locale);
}
