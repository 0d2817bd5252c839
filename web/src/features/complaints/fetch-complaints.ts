// The complaints and evaluations page's requests: figures with comparison, follow-up rates and
// bad reviews per department, the rates over time — and the lists of complaints and bad reviews
// with their cases. The lists need GET /v1/complaints and GET /v1/evaluations, which the API does
// not offer yet: until it does, a 404 there resolves to null and the page says the lists are
// unavailable (the figures above them do not depend on it).
import { ApiError } from '../../api/client';
import type { MetricId } from '../../../../shared/figures/metrics';
import { apiFetch } from '../../api/client';
import { fetchBreakdown, fetchSeries, type Breakdown, type Series } from '../dashboard/fetch-figures';
import { coarseInterval, figuresQuery, type DashboardFilters } from '../dashboard/filters-data';

const opt = (signal?: AbortSignal) => (signal ? { signal } : {});

export function fetchByDepartment(f: DashboardFilters, metrics: readonly MetricId[], signal?: AbortSignal): Promise<Breakdown[]> {
  return Promise.all(metrics.map((metric) => fetchBreakdown(figuresQuery(f, { metric, by: 'department' }), opt(signal))));
}

export const FEEDBACK_TREND = ['responseOnTimeRate', 'resolutionOnTimeRate', 'satisfactionRate', 'rectificationRate'] as const satisfies readonly MetricId[];

export function fetchFeedbackTrend(f: DashboardFilters, signal?: AbortSignal): Promise<Series[]> {
  return Promise.all(FEEDBACK_TREND.map((metric) => fetchSeries(figuresQuery(f, { metric, interval: coarseInterval(f) }), opt(signal))));
}

/** One complaint of GET /v1/complaints (proposed shape). */
export interface ComplaintListItem {
  department: string; complaintId: string; receivedAt: string; category: string; channel: string; regionCode: string;
  itemCode?: string; caseId?: string; respondedAt?: string | null; resolvedAt?: string | null; late?: boolean;
}
/** One evaluation of GET /v1/evaluations (proposed shape). */
export interface EvaluationListItem {
  department: string; evaluationId: string; submittedAt: string; itemCode: string; channel: string; score: number;
  caseId?: string; rectifiedAt?: string | null; rectifyBy?: string | null;
}

async function optional<T>(path: string, signal?: AbortSignal): Promise<T | null> {
  try {
    return await apiFetch<T>(path, opt(signal));
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

export const LIST_SIZE = 20;

export function fetchComplaintList(f: DashboardFilters, signal?: AbortSignal) {
  return optional<{ complaints: ComplaintListItem[]; next?: string }>(`/v1/complaints?${figuresQuery({ ...f, channel: undefined, level: undefined }, { limit: String(LIST_SIZE) })}`, signal);
}

export function fetchBadReviewList(f: DashboardFilters, signal?: AbortSignal) {
  return optional<{ evaluations: EvaluationListItem[]; next?: string }>(`/v1/evaluations?${figuresQuery({ ...f, channel: undefined, level: undefined }, { bad: 'true', limit: String(LIST_SIZE) })}`, signal);
}
