// The overview's requests: the headline figures with the comparison period, and the trends. The
// trends are by week (by month beyond three months): a summary does not need daily wiggles, and
// a few buckets cost the server far less than one per day. Paths are built here once, so the
// start-up prefetch (dashboard/prefetch.ts) asks for exactly what the page will.
import type { MetricId } from '../../../../shared/figures/metrics';
import { useResource, type Resource } from '../../api/use-resource';
import { fetchFigures, fetchSeries, type Figures, type Series } from '../dashboard/fetch-figures';
import { figuresQuery, trendQuery as sharedTrendQuery, type DashboardFilters } from '../dashboard/filters-data';

const opt = (signal?: AbortSignal) => (signal ? { signal } : {});

export const headlinesQuery = (f: DashboardFilters) => figuresQuery(f, { compare: f.compare });
/** The trend of a metric over trendWindow (at least twelve months); the same request key as the prefetch. */
export const trendQuery = (f: DashboardFilters, metric: MetricId) => sharedTrendQuery(f, metric);

export const VOLUME_METRICS = ['accepted', 'completed'] as const satisfies readonly MetricId[];
export const ON_TIME_METRICS = ['onTimeRate'] as const satisfies readonly MetricId[];

export function fetchHeadlines(f: DashboardFilters, signal?: AbortSignal): Promise<Figures> {
  return fetchFigures(headlinesQuery(f), opt(signal));
}

/** The headline figures of the filter (with its comparison), as every dashboard page shows them. */
export function useHeadlines(f: DashboardFilters): Resource<Figures> {
  return useResource((signal) => fetchHeadlines(f, signal), [headlinesQuery(f)]);
}

export function fetchTrends(f: DashboardFilters, metrics: readonly MetricId[], signal?: AbortSignal): Promise<Series[]> {
  return Promise.all(metrics.map((metric) => fetchSeries(trendQuery(f, metric), opt(signal))));
}
