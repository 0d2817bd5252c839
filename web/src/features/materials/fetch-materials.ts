// The certificate-free page's requests: figures with comparison (materials, catalog coverage),
// the paper-avoided trend, the "still on paper" ranking, and exemption coverage per department
// and per handling level. Coverage has no breakdown endpoint yet, so it is read as one figures
// call per department or level (a few at a time).
import type { Level } from '../../../../shared/enums';
import type { LicenceRow, LicencesAnswer } from '../../../../shared/contract/figure-views';
import { LEVELS } from '../../../../shared/enums';
import {
  fetchFigures,
  fetchPaperMaterials,
  fetchSeries,
  type CatalogFigures,
  type PaperMaterials,
  type Series,
} from '../dashboard/fetch-figures';
import { figuresQuery, trendQuery, type DashboardFilters } from '../dashboard/filters-data';
import { apiFetch } from '../../api/client';

const opt = (signal?: AbortSignal) => (signal ? { signal } : {});

export function fetchPaperTrend(f: DashboardFilters, signal?: AbortSignal): Promise<Series[]> {
  return Promise.all(['paperAvoided', 'materialsPaper'].map((metric) => fetchSeries(trendQuery(f, metric), opt(signal))));
}

export const PAPER_RANKING_SIZE = 20;

export function fetchPaperRanking(f: DashboardFilters, signal?: AbortSignal): Promise<PaperMaterials> {
  return fetchPaperMaterials(figuresQuery(f, { limit: String(PAPER_RANKING_SIZE) }), opt(signal));
}

/** Runs `work` over `items` at most `limit` at a time, keeping the order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export interface CoverageOf<K extends string> {
  key: K;
  catalog: CatalogFigures;
}

export function fetchCoverageByDepartment(
  f: DashboardFilters,
  departments: readonly string[],
  signal?: AbortSignal,
): Promise<Array<CoverageOf<string>>> {
  return mapLimited(departments, 4, async (department) => ({
    key: department,
    catalog: (await fetchFigures(figuresQuery({ ...f, department, item: undefined, channel: undefined, level: undefined }), opt(signal)))
      .catalog,
  }));
}

export function fetchCoverageByLevel(f: DashboardFilters, signal?: AbortSignal): Promise<Array<CoverageOf<Level>>> {
  return mapLimited(LEVELS, 3, async (level) => ({
    key: level,
    catalog: (
      await fetchFigures(
        figuresQuery({ ...f, level, department: undefined, region: undefined, item: undefined, channel: undefined }),
        opt(signal),
      )
    ).catalog,
  }));
}

/** GET /v1/figures/licences (电子证照类型): the contract's answer (shared/contract/figure-views.ts), type-only. */
export type { LicenceRow };
// The page reads the figures, not the echoed filter and period (tests feed it licenceFigures' own result).
export type LicenceFigures = Omit<LicencesAnswer, 'filter' | 'from' | 'to'>;

export function fetchLicences(f: DashboardFilters, signal?: AbortSignal): Promise<LicenceFigures> {
  return apiFetch<LicenceFigures>(`/v1/figures/licences?${figuresQuery(f)}`, opt(signal));
}
