// The dashboard's filters as URL state (#/timeliness?period=lastMonth&dept=D-SJJ&compare=year):
// period presets (本月 / 上月 / 今年 / 自定义), department, district/township, item, channel, level
// and the comparison (上期 / 去年同期). Pure: parsing, writing, preset ranges, and which filter
// combinations the API answers (one dimension, or department + county — the rule lives in
// shared/figures/dimensions.ts and is reused here so the page never offers a 400).
import { addDays, isIsoDate, type IsoDate } from '../../../../shared/calendar/iso-date';
import { regionContains } from '../../../../shared/access/region-scope';
import { CHANNELS, LEVELS, type Channel, type Level } from '../../../../shared/enums';
import type { UserScope } from '../../../../shared/contract/admin';
import { grainForFilter, type Filter } from '../../../../shared/figures/dimensions';
import { isCountyCode } from '../../../../shared/region-code';

export const PERIOD_PRESETS = ['thisMonth', 'lastMonth', 'thisYear', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];
export const COMPARE_MODES = ['previous', 'year'] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];
export const FILTER_DIMS = ['department', 'region', 'item', 'channel', 'level'] as const;
export type FilterDim = (typeof FILTER_DIMS)[number];

/** The first day any figure exists (the calendar's first year) and the longest period the API takes. */
export const EPOCH_DAY = '2019-01-01';
export const MAX_PERIOD_DAYS = 3 * 366;

export interface DashboardFilters {
  period: PeriodPreset;
  from: IsoDate;
  to: IsoDate;
  compare: CompareMode;
  department?: string;
  region?: string;
  /** An item implies its department: with an item, `department` is the context the item was picked in. */
  item?: string;
  channel?: Channel;
  level?: Level;
}

/** URL parameter of each field. */
const PARAM = {
  period: 'period',
  from: 'from',
  to: 'to',
  compare: 'compare',
  department: 'dept',
  region: 'region',
  item: 'item',
  channel: 'channel',
  level: 'level',
} as const;
export const FILTER_PARAMS: readonly string[] = Object.values(PARAM);

const monthStart = (d: IsoDate) => `${d.slice(0, 7)}-01`;

export function presetRange(preset: Exclude<PeriodPreset, 'custom'>, today: IsoDate): { from: IsoDate; to: IsoDate } {
  switch (preset) {
    case 'thisMonth':
      return { from: monthStart(today), to: today };
    case 'lastMonth': {
      const end = addDays(monthStart(today), -1);
      return { from: monthStart(end), to: end };
    }
    case 'thisYear':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
  }
}

const daysBetween = (from: IsoDate, to: IsoDate) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

export const DEFAULT_PERIOD: Exclude<PeriodPreset, 'custom'> = 'thisMonth';

/** Reads the filters of a URL; anything invalid falls back to the default rather than failing. */
export function parseFilters(params: URLSearchParams, today: IsoDate): DashboardFilters {
  const rawPeriod = params.get(PARAM.period);
  let period: PeriodPreset = (PERIOD_PRESETS as readonly string[]).includes(rawPeriod ?? '') ? (rawPeriod as PeriodPreset) : DEFAULT_PERIOD;
  let range: { from: IsoDate; to: IsoDate };
  if (period !== 'custom') {
    range = presetRange(period, today);
  } else {
    const from = params.get(PARAM.from);
    const to = params.get(PARAM.to);
    // Nothing after today can be chosen: a range ending later ends today; one starting later is refused.
    const end = isIsoDate(to) && to > today ? today : to;
    if (isIsoDate(from) && isIsoDate(end) && from <= end && from >= EPOCH_DAY && daysBetween(from, end) <= MAX_PERIOD_DAYS)
      range = { from, to: end };
    else {
      period = DEFAULT_PERIOD;
      range = presetRange(DEFAULT_PERIOD, today);
    }
  }
  const compare = params.get(PARAM.compare) === 'year' ? 'year' : 'previous';
  const f: DashboardFilters = { period, ...range, compare };
  const dept = params.get(PARAM.department);
  if (dept && /^[A-Za-z0-9._-]{1,32}$/.test(dept)) f.department = dept;
  const region = params.get(PARAM.region);
  if (region && /^\d{12}$/.test(region)) f.region = region;
  const item = params.get(PARAM.item);
  if (item && /^[A-Za-z0-9._:-]{1,64}$/.test(item)) f.item = item;
  const channel = params.get(PARAM.channel);
  if ((CHANNELS as readonly string[]).includes(channel ?? '')) f.channel = channel as Channel;
  const level = params.get(PARAM.level);
  if ((LEVELS as readonly string[]).includes(level ?? '')) f.level = level as Level;
  return f;
}

/**
 * The URL parameters of `f` on top of `base` (other parameters of the page are kept, filter ones
 * replaced). Defaults are left out so a plain link stays short.
 */
export function filtersToParams(f: DashboardFilters, base: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const out = new URLSearchParams(base);
  for (const p of FILTER_PARAMS) out.delete(p);
  if (f.period !== DEFAULT_PERIOD) out.set(PARAM.period, f.period);
  if (f.period === 'custom') {
    out.set(PARAM.from, f.from);
    out.set(PARAM.to, f.to);
  }
  if (f.compare !== 'previous') out.set(PARAM.compare, f.compare);
  if (f.department) out.set(PARAM.department, f.department);
  if (f.region) out.set(PARAM.region, f.region);
  if (f.item) out.set(PARAM.item, f.item);
  if (f.channel) out.set(PARAM.channel, f.channel);
  if (f.level) out.set(PARAM.level, f.level);
  return out;
}

/** The dimensions the user's scope fixes (the API applies them whatever the page sends). */
export function scopeFilter(scope: UserScope): Filter {
  if (scope.kind === 'department') return { department: scope.departmentCode };
  if (scope.kind === 'region') return { region: scope.regionCode };
  return {};
}

/** The filter the page sends: an item stands alone (it implies its department). */
export function apiFilter(f: DashboardFilters): Filter {
  if (f.item) return { item: f.item };
  const out: Filter = {};
  if (f.department) out.department = f.department;
  if (f.region) out.region = f.region;
  if (f.channel) out.channel = f.channel;
  if (f.level) out.level = f.level;
  return out;
}

/** The filter the API will apply: the page's, with the scope on top. */
export function effectiveFilter(f: DashboardFilters, scope: UserScope): Filter {
  return { ...apiFilter(f), ...scopeFilter(scope) };
}

export const isCounty = isCountyCode;

/** Whether the API answers figures for this filter (one dimension, or department + county). */
export function isSupported(filter: Filter): boolean {
  try {
    grainForFilter(filter);
    return true;
  } catch {
    return false;
  }
}

/** Which filter controls the page offers a user of this scope (the others could only give 400s). */
export function offeredDims(scope: UserScope): Record<FilterDim, boolean> {
  if (scope.kind === 'department') return { department: false, region: true, item: false, channel: false, level: false };
  if (scope.kind === 'region') {
    const county = isCounty(scope.regionCode);
    return { department: county, region: county, item: false, channel: false, level: false };
  }
  return { department: true, region: true, item: true, channel: true, level: true };
}

/** Whether a region may be chosen next to the current selection and scope (department + county only). */
export function regionSelectable(code: string, f: DashboardFilters, scope: UserScope): boolean {
  if (scope.kind === 'region') {
    // Inside the scope's region by the division structure (the API's rule), never a zero-stripped prefix.
    if (!regionContains(scope.regionCode, code, []) || code === scope.regionCode) return false;
  }
  const dept = scope.kind === 'department' ? scope.departmentCode : f.item ? undefined : f.department;
  return isSupported({ ...scopeFilter(scope), ...(dept ? { department: dept } : {}), region: code });
}

/**
 * Sets one dimension (undefined clears it) and drops the other selections the API cannot combine
 * with it, so the page only ever sends supported filters. Returns the new filters and the
 * dimensions that were dropped (to tell the user).
 */
export function setDim(
  f: DashboardFilters,
  dim: FilterDim,
  value: string | undefined,
  scope: UserScope,
): { filters: DashboardFilters; dropped: FilterDim[] } {
  const next: DashboardFilters = { ...f };
  if (value === undefined || value === '') delete next[dim];
  else (next as unknown as Record<string, string>)[dim] = value;
  const dropped: FilterDim[] = [];
  const drop = (d: FilterDim) => {
    if (next[d] === undefined) return;
    delete next[d];
    dropped.push(d);
  };
  if (dim === 'department' && f.item) delete next.item; // the item belonged to the old department
  if (!value) return { filters: next, dropped };
  // An item stands alone (its department is only the context it was picked in).
  if (dim === 'item') for (const d of ['region', 'channel', 'level'] as const) drop(d);
  else if (dim !== 'department') drop('item');
  if (!isSupported(effectiveFilter(next, scope))) {
    for (const other of FILTER_DIMS) if (other !== dim && !(dim === 'item' && other === 'department')) drop(other);
  }
  return { filters: next, dropped };
}

/** The query string of a figures call: from/to and the page's filter (the scope is added by the API). */
export function figuresQuery(f: DashboardFilters, extra: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams({ from: f.from, to: f.to });
  for (const [k, v] of Object.entries(apiFilter(f))) if (v) q.set(k, v);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) q.set(k, v);
  return q.toString();
}

export type BreakdownBy = 'department' | 'region' | 'item' | 'channel' | 'level';

/**
 * Whether a breakdown by `by` is meaningful under this filter. The API reads a breakdown's rows
 * from one dimension each (department, or department × county; region within a county; channel,
 * level and item on their own), so other filter dimensions would be silently ignored — and a
 * scoped user would see rows outside the scope. The page shows a note instead of such a chart.
 */
export function breakdownSupported(by: BreakdownBy, filter: Filter): boolean {
  const set = (Object.keys(filter) as Array<keyof Filter>).filter((k) => filter[k] !== undefined);
  const only = (...allowed: Array<keyof Filter>) => set.every((k) => allowed.includes(k));
  const countyOnly = !filter.region || isCounty(filter.region);
  switch (by) {
    case 'department':
      return only('department', 'region') && countyOnly;
    case 'region':
      return only('department', 'region') && countyOnly;
    case 'item':
      return set.length === 1 && filter.department !== undefined;
    case 'channel':
    case 'level':
      return set.length === 0;
  }
}

/**
 * Paper materials are counted city-wide, per department, or per county/district — one at a time
 * (an item narrows its department's rows; channel, level, township and department + county are
 * refused by the API).
 */
export function paperSupported(filter: Filter): boolean {
  if (filter.channel || filter.level) return false;
  if (filter.region && (!isCounty(filter.region) || filter.department || filter.item)) return false; // an item stands for its department
  return true;
}

/** The warnings list takes department, region, item and channel, but no level and no period. */
export function warningsQuery(filter: Filter, level: 'red' | 'yellow', limit: number, cursor?: string): string {
  const q = new URLSearchParams({ level, limit: String(limit) });
  for (const k of ['department', 'region', 'item', 'channel'] as const) if (filter[k]) q.set(k, filter[k]!);
  if (cursor) q.set('cursor', cursor);
  return q.toString();
}

/**
 * A coarser interval for rates over few cases (complaints, the elderly): daily rates of a handful
 * of cases jump between 0% and 100%. Weeks up to three months, months beyond.
 */
export function coarseInterval(f: Pick<DashboardFilters, 'from' | 'to'>): 'week' | 'month' {
  return daysBetween(f.from, f.to) <= 92 ? 'week' : 'month';
}

/**
 * The range and interval of a trend chart: at least twelve months, so the first screen (本月 on
 * the 6th) shows a year by month rather than one dot. A shorter period is shown as the twelve
 * months up to its end (its own month last, marked partial while it runs); a year or more as it is.
 */
export function trendWindow(f: Pick<DashboardFilters, 'from' | 'to'>): { from: IsoDate; to: IsoDate; interval: 'week' | 'month' } {
  if (daysBetween(f.from, f.to) >= 364) return { from: f.from, to: f.to, interval: coarseInterval(f) };
  const y = Number(f.to.slice(0, 4));
  const m = Number(f.to.slice(5, 7)) - 11;
  const start = `${m <= 0 ? y - 1 : y}-${String(m <= 0 ? m + 12 : m).padStart(2, '0')}-01` as IsoDate;
  return { from: start < EPOCH_DAY ? EPOCH_DAY : start, to: f.to, interval: 'month' };
}

/** The series query of one metric for a trend chart (the filters, over trendWindow). */
export function trendQuery(f: DashboardFilters, metric: string): string {
  const w = trendWindow(f);
  return figuresQuery({ ...f, from: w.from, to: w.to }, { metric, interval: w.interval });
}
