// The timeliness page's requests: figures with comparison, rankings by department and district,
// processing time per department (one by-department call) and over time, the red/yellow warning lists, and one case.
import type { Filter } from '../../../../shared/figures/dimensions';
import type { ProcessingHistogramAnswer } from '../../../../shared/contract/figure-views';
import { apiFetch } from '../../api/client';
import {
  fetchBreakdown,
  fetchCase,
  fetchSeries,
  fetchWarnings,
  type Breakdown,
  type CaseDetail,
  type Series,
  type Warnings,
} from '../dashboard/fetch-figures';
import { apiFilter, figuresQuery, trendQuery, warningsQuery, type BreakdownBy, type DashboardFilters } from '../dashboard/filters-data';

const opt = (signal?: AbortSignal) => (signal ? { signal } : {});

export function fetchOnTimeBy(f: DashboardFilters, by: BreakdownBy, signal?: AbortSignal): Promise<Breakdown> {
  return fetchBreakdown(figuresQuery(f, { metric: 'onTimeRate', by }), opt(signal));
}

/** GET /v1/figures/by-department: each department's whole figures answer, in one call. */
interface ByDepartment {
  departments: Array<{
    department: string;
    name: string | null;
    figures: { cases: { processingDays: { p50: number | null; p90: number | null } } };
  }>;
}

/**
 * Processing time p50/p90 per department: one GET /v1/figures/by-department for the period (and
 * the district, if chosen) instead of one breakdown per figure; with an item, channel or level
 * filter (which that call does not take) the two breakdowns as before.
 */
export async function fetchProcessingBy(f: DashboardFilters, signal?: AbortSignal): Promise<[Breakdown, Breakdown]> {
  const filter = apiFilter(f);
  if (filter.item || filter.channel || filter.level) {
    return Promise.all([
      fetchBreakdown(figuresQuery(f, { metric: 'processingP50', by: 'department' }), opt(signal)),
      fetchBreakdown(figuresQuery(f, { metric: 'processingP90', by: 'department' }), opt(signal)),
    ]);
  }
  const q = new URLSearchParams({ from: f.from, to: f.to });
  if (filter.department) q.set('departments', filter.department);
  if (filter.region) q.set('region', filter.region);
  const r = await apiFetch<ByDepartment>(`/v1/figures/by-department?${q.toString()}`, opt(signal));
  const breakdown = (
    metric: 'processingP50' | 'processingP90',
    pick: (p: { p50: number | null; p90: number | null }) => number | null,
  ): Breakdown => ({
    metric,
    by: 'department',
    unit: 'days',
    rows: r.departments.map((d) => ({ key: d.department, label: d.name ?? d.department, value: pick(d.figures.cases.processingDays) })),
  });
  return [breakdown('processingP50', (p) => p.p50), breakdown('processingP90', (p) => p.p90)];
}

export function fetchProcessingTrend(f: DashboardFilters, signal?: AbortSignal): Promise<Series[]> {
  return Promise.all(['processingP50', 'processingP90'].map((metric) => fetchSeries(trendQuery(f, metric), opt(signal))));
}

export const WARNINGS_PAGE = 50;

export function fetchWarningPage(
  filter: Filter,
  level: 'red' | 'yellow',
  cursor: string | undefined,
  signal?: AbortSignal,
): Promise<Warnings> {
  return fetchWarnings(warningsQuery(filter, level, WARNINGS_PAGE, cursor), opt(signal));
}

export function fetchCaseDetail(department: string, caseId: string, signal?: AbortSignal): Promise<CaseDetail> {
  return fetchCase(department, caseId, opt(signal));
}

/** Completed cases by working days taken (办理用时分布), from GET /v1/figures/processing-histogram: the contract's answer, type-only. */
export type ProcessingHistogram = Omit<ProcessingHistogramAnswer, 'filter' | 'unit'>;

export function fetchProcessingHistogram(f: DashboardFilters, signal?: AbortSignal): Promise<ProcessingHistogram> {
  return apiFetch<ProcessingHistogram>(`/v1/figures/processing-histogram?${figuresQuery(f)}`, opt(signal));
}
