// The timeliness page's requests: figures with comparison, rankings by department and district,
// processing time per department and over time, the red/yellow warning lists, and one case.
import type { Filter } from '../../../../shared/figures/dimensions';
import { apiFetch } from '../../api/client';
import { fetchBreakdown, fetchCase, fetchSeries, fetchWarnings, type Breakdown, type CaseDetail, type Series, type Warnings } from '../dashboard/fetch-figures';
import { figuresQuery, trendQuery, warningsQuery, type BreakdownBy, type DashboardFilters } from '../dashboard/filters-data';

const opt = (signal?: AbortSignal) => (signal ? { signal } : {});

export function fetchOnTimeBy(f: DashboardFilters, by: BreakdownBy, signal?: AbortSignal): Promise<Breakdown> {
  return fetchBreakdown(figuresQuery(f, { metric: 'onTimeRate', by }), opt(signal));
}

export function fetchProcessingBy(f: DashboardFilters, signal?: AbortSignal): Promise<[Breakdown, Breakdown]> {
  return Promise.all([
    fetchBreakdown(figuresQuery(f, { metric: 'processingP50', by: 'department' }), opt(signal)),
    fetchBreakdown(figuresQuery(f, { metric: 'processingP90', by: 'department' }), opt(signal)),
  ]);
}

export function fetchProcessingTrend(f: DashboardFilters, signal?: AbortSignal): Promise<Series[]> {
  return Promise.all(['processingP50', 'processingP90'].map((metric) => fetchSeries(trendQuery(f, metric), opt(signal))));
}

export const WARNINGS_PAGE = 50;

export function fetchWarningPage(filter: Filter, level: 'red' | 'yellow', cursor: string | undefined, signal?: AbortSignal): Promise<Warnings> {
  return fetchWarnings(warningsQuery(filter, level, WARNINGS_PAGE, cursor), opt(signal));
}

export function fetchCaseDetail(department: string, caseId: string, signal?: AbortSignal): Promise<CaseDetail> {
  return fetchCase(department, caseId, opt(signal));
}

/** Completed cases by working days taken (办理用时分布), from GET /v1/figures/processing-histogram. */
export interface ProcessingHistogram { total: number; p50: number | null; p90: number | null; bins: Array<{ from: number; to: number | null; count: number }> }

export function fetchProcessingHistogram(f: DashboardFilters, signal?: AbortSignal): Promise<ProcessingHistogram> {
  return apiFetch<ProcessingHistogram>(`/v1/figures/processing-histogram?${figuresQuery(f)}`, opt(signal));
}
