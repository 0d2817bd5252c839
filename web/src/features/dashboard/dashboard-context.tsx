// What every dashboard page shares: the signed-in user and scope, today's Asia/Shanghai date, the
// filters read from the URL (and a way to change them, which writes the URL so a link reproduces
// the view), and the reference data that turns codes into names (departments, regions).
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { shanghaiDate } from '../../../../shared/calendar/shanghai-time';
import { useResource } from '../../api/use-resource';
import { useLocale, useT } from '../../i18n/i18n';
import type { SessionUser } from '../auth/session';
import { pageHref, type PageId } from '../shell/routes';
import { useHashRoute } from '../shell/use-hash-route';
import { fetchDepartments, fetchRegions, type Department, type Region } from './fetch-figures';
import {
  apiFilter,
  breakdownSupported,
  effectiveFilter,
  filtersToParams,
  parseFilters,
  type BreakdownBy,
  type DashboardFilters,
} from './filters-data';
import type { Filter } from '../../../../shared/figures/dimensions';
import { townOf } from '../../../../shared/region-code';

export interface DashboardValue {
  user: SessionUser;
  page: PageId;
  today: string;
  params: URLSearchParams;
  filters: DashboardFilters;
  /** The filter the API applies (the page's plus the user's scope). */
  effective: Filter;
  setFilters: (f: DashboardFilters) => void;
  /** Goes to a URL of this page with these parameters (filters kept unless replaced). */
  hrefWith: (extra: Record<string, string | undefined>, page?: PageId) => string;
  departments: Department[] | undefined;
  regions: Region[] | undefined;
  deptName: (code: string | null | undefined) => string;
  regionName: (code: string | null | undefined) => string;
  /**
   * Why a breakdown by `by` is not shown, or undefined when it is: the page's filter (which the
   * user can clear) or the user's scope (which they cannot) would be ignored by it.
   */
  breakdownNotice: (by: BreakdownBy) => string | undefined;
}

const DashboardContext = createContext<DashboardValue | null>(null);

export function DashboardProvider({ user, page, children }: { user: SessionUser; page: PageId; children: ReactNode }) {
  const route = useHashRoute();
  const [locale] = useLocale();
  const t = useT();
  const today = shanghaiDate(Date.now());
  const paramsKey = route.params.toString();
  const params = useMemo(() => new URLSearchParams(paramsKey), [paramsKey]);
  const filters = useMemo(() => parseFilters(params, today), [params, today]);
  const effective = useMemo(() => effectiveFilter(filters, user.scope), [filters, user.scope]);
  const depts = useResource(() => fetchDepartments(), []);
  const regions = useResource(() => fetchRegions(), []);

  const setFilters = useCallback(
    (f: DashboardFilters) => {
      const next = filtersToParams(f, params);
      window.location.hash = pageHref(page, Object.fromEntries(next)).slice(1);
    },
    [params, page],
  );

  const hrefWith = useCallback(
    (extra: Record<string, string | undefined>, target: PageId = page) => {
      const next = new URLSearchParams(filtersToParams(filters));
      for (const [k, v] of Object.entries(extra)) {
        if (v === undefined) next.delete(k);
        else next.set(k, v);
      }
      return pageHref(target, Object.fromEntries(next));
    },
    [filters, page],
  );

  const value = useMemo<DashboardValue>(() => {
    const deptByCode = new Map((depts.data ?? []).map((d) => [d.code, d]));
    const regionByCode = new Map((regions.data ?? []).map((r) => [r.code, r]));
    return {
      user,
      page,
      today,
      params,
      filters,
      effective,
      setFilters,
      hrefWith,
      departments: depts.data,
      regions: regions.data,
      deptName: (code) => {
        if (!code) return '—';
        const d = deptByCode.get(code);
        return d ? (locale === 'en' && d.nameEn ? d.nameEn : d.name) : code;
      },
      regionName: (code) => {
        if (!code) return '—';
        return regionByCode.get(code)?.name ?? regionByCode.get(townOf(code) ?? code)?.name ?? code;
      },
      breakdownNotice: (by) => {
        if (breakdownSupported(by, effective)) return undefined;
        return breakdownSupported(by, apiFilter(filters)) ? t('chart.notForScope') : t('chart.notForFilter');
      },
    };
  }, [user, page, today, params, filters, effective, setFilters, hrefWith, depts.data, regions.data, locale, t]);

  return <DashboardContext.Provider value={value}>{children}</DashboardContext.Provider>;
}

export function useDashboard(): DashboardValue {
  const v = useContext(DashboardContext);
  if (!v) throw new Error('useDashboard() used outside <DashboardProvider>');
  return v;
}
