// Typed calls of the figures API (GET /v1/figures, /series, /breakdown, /paper-materials,
// /v1/warnings, /v1/cases/…) and of the reference data the filters need (departments, regions,
// a department's items). Every call goes through apiFetch. The figures answer's shape is the
// contract's; the others mirror functions/api/routes/figures.ts and reference.ts. Rates are
// fractions or null.
import { apiFetch, getToken, seg } from '../../api/client';
import type { CaseClock, CaseDetail, CaseEvent, WarningCase, WarningsAnswer } from '../../../../shared/contract/cases';
import type {
  BreakdownAnswer,
  BreakdownRow,
  PaperMaterialsAnswer,
  PaperRow,
  SeriesAnswer,
  SeriesPoint,
} from '../../../../shared/contract/figure-views';
import type { Department, DepartmentList, Region, RegionList } from '../../../../shared/contract/reference';
import type { FiguresAnswer, FiguresBody, RateParts } from '../../../../shared/contract/figures';

// The figures answer is the API's contract (shared/contract/figures.ts, derived from the figure
// registry): its inferred types, imported as types only (no zod in the bundle).
export type Parts = RateParts;
export type { FiguresBody };
/** GET /v1/figures, with compare=… the compared period's figures too. */
export type Figures = FiguresAnswer;
export type CaseFigures = FiguresBody['cases'];
export type MaterialFigures = FiguresBody['materials'];
export type ComplaintFigures = FiguresBody['complaints'];
export type EvaluationFigures = FiguresBody['evaluations'];
export type CatalogFigures = FiguresBody['catalog'];

// Series and breakdowns: the contract's answers (shared/contract/figure-views.ts), type-only.
export type { BreakdownRow, SeriesPoint };
// The dashboard builds some of its own (processing time per department, from /by-department) and
// never reads back the filter it sent, so its types leave `filter` out.
export type Series = Omit<SeriesAnswer, 'filter'>;
export type Breakdown = Omit<BreakdownAnswer, 'filter'>;
export type RankStatus = NonNullable<BreakdownRow['rankStatus']>;

export type { PaperRow };
export type PaperMaterials = PaperMaterialsAnswer;

// The warning lists and the case page read the cases contract (shared/contract/cases.ts), type-only.
export type { CaseClock, CaseDetail, WarningCase };
export type Warnings = WarningsAnswer;
export type CaseEventView = CaseEvent;

// The reference lists: the contract's (shared/contract/reference.ts), type-only.
export type { Department, Region };
export interface CatalogItemView {
  itemCode: string;
  name: string;
  departmentCode: string;
  effectiveFrom: string;
}

type Opt = { signal?: AbortSignal };

// Requests started ahead of the page (prefetch.ts, at start-up) wait here for the page to ask for
// them; each is handed out once, and only to the session that started it, within 30 s.
const primed = new Map<string, { promise: Promise<unknown>; token: string | null; at: number }>();

/** Starts a GET now so the page that asks for the same path later gets its answer sooner. */
export function prime(path: string): void {
  if (primed.has(path)) return;
  const promise = apiFetch<unknown>(path);
  promise.catch(() => undefined); // the page asking for it sees the error
  primed.set(path, { promise, token: getToken(), at: Date.now() });
}

function get<T>(path: string, o: Opt = {}): Promise<T> {
  const p = primed.get(path);
  if (p) {
    primed.delete(path);
    if (p.token === getToken() && Date.now() - p.at < 30_000) return p.promise as Promise<T>;
  }
  return apiFetch<T>(path, o.signal ? { signal: o.signal } : {});
}

export const fetchFigures = (query: string, o?: Opt) => get<Figures>(`/v1/figures?${query}`, o);
export const fetchSeries = (query: string, o?: Opt) => get<Series>(`/v1/figures/series?${query}`, o);
export const fetchBreakdown = (query: string, o?: Opt) => get<Breakdown>(`/v1/figures/breakdown?${query}`, o);
export const fetchPaperMaterials = (query: string, o?: Opt) => get<PaperMaterials>(`/v1/figures/paper-materials?${query}`, o);
export const fetchWarnings = (query: string, o?: Opt) => get<Warnings>(`/v1/warnings?${query}`, o);
export const fetchCase = (department: string, caseId: string, o?: Opt) => get<CaseDetail>(`/v1/cases/${seg(department)}/${seg(caseId)}`, o);

// Reference data changes rarely: one request per tab and session, shared by every page. Keyed by
// the session token, so the next user after a sign-out never sees the last user's departments.
const cache = new Map<string, Promise<unknown>>();
function cached<T>(name: string, load: () => Promise<T>): Promise<T> {
  const key = `${getToken() ?? ''}|${name}`;
  let p = cache.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    cache.set(key, p);
    p.catch(() => cache.delete(key)); // a failure is retried next time
  }
  return p;
}
export const fetchDepartments = () =>
  cached('departments', () => apiFetch<DepartmentList>('/v1/admin/departments').then((r) => r.departments));
export const fetchRegions = () => cached('regions', () => apiFetch<RegionList>('/v1/regions').then((r) => r.regions));
/** The items of a department (latest version of each), for the item filter and item names. */
export const fetchItems = (department: string) =>
  cached(`items:${department}`, () =>
    apiFetch<{ items: CatalogItemView[] }>(`/v1/catalog/items?department=${seg(department)}`).then((r) => latestVersions(r.items)),
  );

function latestVersions(items: CatalogItemView[]): CatalogItemView[] {
  const best = new Map<string, CatalogItemView>();
  for (const i of items) {
    const cur = best.get(i.itemCode);
    if (!cur || cur.effectiveFrom < i.effectiveFrom) best.set(i.itemCode, i);
  }
  return [...best.values()].sort((a, b) => a.itemCode.localeCompare(b.itemCode));
}
