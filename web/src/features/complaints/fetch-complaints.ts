// The complaints and evaluations page's requests: figures with comparison, follow-up rates and
// bad reviews per department, the rates over time — and the work lists of complaints and bad
// reviews (GET /v1/complaints, /v1/evaluations), paged, and one complaint or review with its
// timeline.
import type { MetricId } from '../../../../shared/figures/metrics';
import { apiFetch, apiFetchBlob, seg } from '../../api/client';
import { fetchBreakdown, fetchSeries, type Breakdown, type Series } from '../dashboard/fetch-figures';
import { figuresQuery, trendQuery, type DashboardFilters } from '../dashboard/filters-data';

const opt = (signal?: AbortSignal) => (signal ? { signal } : {});

export function fetchByDepartment(f: DashboardFilters, metrics: readonly MetricId[], signal?: AbortSignal): Promise<Breakdown[]> {
  return Promise.all(metrics.map((metric) => fetchBreakdown(figuresQuery(f, { metric, by: 'department' }), opt(signal))));
}

export const FEEDBACK_TREND = [
  'responseOnTimeRate',
  'resolutionOnTimeRate',
  'satisfactionRate',
  'rectificationRate',
] as const satisfies readonly MetricId[];

export function fetchFeedbackTrend(f: DashboardFilters, signal?: AbortSignal): Promise<Series[]> {
  return Promise.all(FEEDBACK_TREND.map((metric) => fetchSeries(trendQuery(f, metric), opt(signal))));
}

// The answers' types come from the contract (type-only: no bundle cost).
import type {
  ComplaintDetail,
  ComplaintPage,
  ComplaintRow,
  EvaluationDetail,
  EvaluationPage,
  EvaluationRow,
  StoredRecordView,
} from '../../../../shared/contract/feedback';

export type { ComplaintDetail, ComplaintPage, EvaluationDetail, EvaluationPage };
export type ComplaintListItem = ComplaintRow;
export type EvaluationListItem = EvaluationRow;
export type FeedbackEvent = StoredRecordView;

export const COMPLAINT_LIST_STATES = ['all', 'open', 'late', 'resolved'] as const;
export type ComplaintListState = (typeof COMPLAINT_LIST_STATES)[number];
export const REVIEW_LIST_STATES = ['unrectified', 'late_rectification', 'rectified', 'all'] as const;
export type ReviewListState = (typeof REVIEW_LIST_STATES)[number];

export const LIST_SIZE = 20;

/** The lists have no channel or level (complaints and evaluations carry none): those filters are left out. */
export function listQuery(f: DashboardFilters, extra: Record<string, string | undefined>): string {
  return figuresQuery({ ...f, channel: undefined, level: undefined }, extra);
}

export function fetchComplaintList(
  f: DashboardFilters,
  state: ComplaintListState,
  cursor?: string,
  signal?: AbortSignal,
): Promise<ComplaintPage> {
  return apiFetch<ComplaintPage>(
    `/v1/complaints?${listQuery(f, { limit: String(LIST_SIZE), state: state === 'all' ? undefined : state, cursor })}`,
    opt(signal),
  );
}

export function fetchBadReviewList(
  f: DashboardFilters,
  state: ReviewListState,
  cursor?: string,
  signal?: AbortSignal,
): Promise<EvaluationPage> {
  return apiFetch<EvaluationPage>(
    `/v1/evaluations?${listQuery(f, { bad: 'true', limit: String(LIST_SIZE), state: state === 'all' ? undefined : state, cursor })}`,
    opt(signal),
  );
}

/** Every matching row as the API's CSV (Chinese headers), for a download. */
export function fetchListCsv(
  kind: 'complaints' | 'evaluations',
  f: DashboardFilters,
  extra: Record<string, string | undefined>,
): Promise<Blob> {
  return apiFetchBlob(`/v1/${kind}?${listQuery(f, { ...extra, format: 'csv' })}`);
}

export function fetchComplaint(department: string, id: string, signal?: AbortSignal): Promise<ComplaintDetail> {
  return apiFetch<ComplaintDetail>(`/v1/complaints/${seg(department)}/${seg(id)}`, opt(signal));
}

export function fetchEvaluation(department: string, id: string, signal?: AbortSignal): Promise<EvaluationDetail> {
  return apiFetch<EvaluationDetail>(`/v1/evaluations/${seg(department)}/${seg(id)}`, opt(signal));
}
