// How the dashboard shows each figure of the registry (shared/figures/metrics.ts): its label in
// the current language, how its value is formatted, and which direction is good — all read from
// the registry, so a new figure shows without a change here.
import { FIGURES, METRICS, type Better, type FigureId, type MetricId } from '../../../../shared/figures/metrics';
import { formatValue, type ValueKind } from '../../format/format';
import type { Locale } from '../../i18n/messages';

export type { Better };

/** Which way is good news for a figure (the registry's). */
export function figureBetter(id: FigureId): Better {
  return FIGURES[id].better;
}

export function figureLabel(id: FigureId, locale: Locale): string {
  return locale === 'en' ? FIGURES[id].en : FIGURES[id].zh;
}

export function metricLabel(id: MetricId, locale: Locale): string {
  return figureLabel(id, locale);
}

export function metricKind(id: MetricId): ValueKind {
  return METRICS[id].unit;
}

export function formatMetric(id: MetricId, v: number | null | undefined, locale: Locale): string {
  return formatValue(metricKind(id), v, locale);
}
