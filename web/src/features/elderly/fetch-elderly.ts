// The elderly / proxy / nearby page's requests: figures with comparison, breakdowns by channel,
// handling level and district, and the shares over time.
import type { MetricId } from '../../../../shared/figures/metrics';
import { apiFetch } from '../../api/client';
import { fetchBreakdown, fetchSeries, type Breakdown, type Series } from '../dashboard/fetch-figures';
import type { Applicants } from './applicants-data';
import { figuresQuery, trendQuery, type BreakdownBy, type DashboardFilters } from '../dashboard/filters-data';

const opt = (signal?: AbortSignal) => (signal ? { signal } : {});

export function fetchBreakdowns(
  f: DashboardFilters,
  by: BreakdownBy,
  metrics: readonly MetricId[],
  signal?: AbortSignal,
): Promise<Breakdown[]> {
  return Promise.all(metrics.map((metric) => fetchBreakdown(figuresQuery(f, { metric, by }), opt(signal))));
}

export const SHARE_TREND = ['elderlyShare', 'elderlyAssistedShare', 'nearbyShare'] as const satisfies readonly MetricId[];

export function fetchShareTrend(f: DashboardFilters, signal?: AbortSignal): Promise<Series[]> {
  return Promise.all(SHARE_TREND.map((metric) => fetchSeries(trendQuery(f, metric), opt(signal))));
}

/** Accepted cases by age band and by assisted mode (GET /v1/figures/applicants). */
export function fetchApplicants(f: DashboardFilters, signal?: AbortSignal): Promise<Applicants> {
  return apiFetch<Applicants>(`/v1/figures/applicants?${figuresQuery(f)}`, opt(signal));
}
