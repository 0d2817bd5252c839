// Figures (指标): reads rollup rows for a period and filter, within the caller's scope, and
// computes the figures of domain.md with the shared metric registry. Also series, breakdowns,
// the "still on paper" ranking, the warnings list and a case's clock.
import { shanghaiDate } from '../../shared/calendar/index.js';
import { CHANNELS, LEVELS } from '../../shared/enums.js';
import { catalogFigures, versionsInForce, type CatalogItemLite } from '../../shared/figures/catalog-figures.js';
import { C } from '../../shared/figures/counters.js';
import { DEFAULT_DEADLINES } from '../../shared/figures/deadlines.js';
import {
  grainForFilter,
  MONTH_GRAINS,
  UnsupportedFilterError,
  withoutCaseOnlyDims,
  type Filter,
  type Grain,
} from '../../shared/figures/dimensions.js';
import { REGION_UNKNOWN } from '../../shared/region-code.js';
import { buildFigures } from '../../shared/figures/figures.js';
import { applicantBreakdown } from '../../shared/figures/applicants.js';
import { computeMetric, METRICS, sumCounters, type MetricContext, type MetricId, type PeriodPart } from '../../shared/figures/metrics.js';
import {
  addCalendarDays,
  comparedPeriod,
  daysBetween,
  planPeriods,
  planRunningTotal,
  type PlannedPart,
} from '../../shared/figures/periods.js';
import { materialOfPaperCounter, rollKey } from '../../shared/figures/rollup-key.js';
import { histogramOf } from '../../shared/figures/histogram.js';
import { isLicenceCounter, licenceFigures } from '../../shared/figures/licences.js';
import { isSketchCounter, sketchQuantiles } from '../../shared/figures/sketch.js';
import { RANKING_METRICS, RANKING_VOLUME, rankRows, type RankingMetric } from '../../shared/reports/ranking.js';
import { withDefaults } from '../../shared/reports/settings.js';
import { errors } from '../errors.js';
import type { CalendarProvider } from '../store/calendar-provider.js';
import type { Stores } from '../store/index.js';
import { openCaseCounties } from '../store/open-case-partitions.js';
import { createCatalogSnapshot } from './catalog-snapshot.js';
import { judgeCaseNow } from './judge-case.js';
import { versionOn } from './catalog-versions.js';
import type { Principal } from './principal.js';
import { publicRecord } from './records-query-service.js';
import {
  assertDepartmentVisible,
  assertRegionVisible,
  departmentOf,
  inRegion,
  regionRowsWithin,
  scopedFilter as policyFilter,
} from './access-policy.js';
import type { Region } from './reference-service.js';
import { regionGrain } from '../../shared/region-code.js';
import { SETTINGS } from '../store/settings.js';

/** The first month any rollup can hold (the calendar's first year). */
export const EPOCH_DAY = '2019-01-01';
export const MAX_SERIES_POINTS = 500;
/** Open-case partitions queried at once by the warnings list, and the most cases it reads for one page. */
export const WARNINGS_QUERIES_IN_FLIGHT = 16;
export const WARNINGS_MAX_READ = 10_000;
/**
 * Settings the figures read on every request (deadlines, calendar, catalog generation) are
 * reused for this long: a change made through this process shows at once, one made through
 * another (another Lambda instance) within this time.
 */
export const SETTINGS_MAX_AGE_MS = 2_000;

export type Interval = 'day' | 'week' | 'month';
/** The label of the breakdown row of evaluations whose region is unknown. */
export const REGION_UNKNOWN_LABEL = '地区未知 / region unknown';
export type CompareMode = 'previous' | 'year';

export interface FiguresQuery {
  from: string;
  to: string;
  filter: Filter;
}

function fail(field: string, en: string, zh: string, code = 'invalid'): never {
  throw errors.badRequest(en, zh, [{ path: field, code, message: en, messageZh: zh }]);
}

/** The filter with the caller's scope applied (the access policy's; kept here for its callers). */
export { scopedFilter } from './access-policy.js';

export function createFiguresService(stores: Stores, calendars: CalendarProvider, now: () => Date, regions: () => Promise<Region[]>) {
  const snapshot = createCatalogSnapshot(stores, SETTINGS_MAX_AGE_MS);

  async function context(): Promise<MetricContext> {
    const [deadlines, calendar] = await Promise.all([
      stores.settings.recent(SETTINGS.deadlines, SETTINGS_MAX_AGE_MS),
      calendars.current({ maxAgeMs: SETTINGS_MAX_AGE_MS }),
    ]);
    return { today: shanghaiDate(now()), calendar, deadlines: deadlines ?? DEFAULT_DEADLINES };
  }

  function grain(f: Filter): [Grain, string] {
    try {
      return grainForFilter(f);
    } catch (e) {
      if (e instanceof UnsupportedFilterError)
        throw errors.badRequest(e.message, '筛选条件一次只能选一个维度，或“部门 + 区县”组合', [
          {
            path: 'filter',
            code: 'unsupported_combination',
            message: e.message,
            messageZh: '筛选条件一次只能选一个维度，或“部门 + 区县”组合',
          },
        ]);
      throw e;
    }
  }

  /** The rows of a grain for a range: month rows where the grain keeps them, else days. */
  const planFor = (g: [Grain, string], from: string, to: string, today: string) => planPeriods(from, to, today, MONTH_GRAINS.has(g[0]));

  async function parts(g: [Grain, string], plan: PlannedPart[]): Promise<PeriodPart[]> {
    const keys = plan.map((p) => rollKey(g[0], g[1], p.period));
    const rows = await stores.rollups.rows(keys);
    return plan.map((p, i) => ({ from: p.from, to: p.to, counters: rows.get(keys[i]!) ?? {} }));
  }

  async function overdueOpen(g: [Grain, string], asOf: string): Promise<number> {
    const rows = await parts(g, planRunningTotal(EPOCH_DAY, asOf));
    return rows.reduce((s, r) => s + (r.counters[C.overdueDelta] ?? 0), 0);
  }

  async function catalogFor(f: Filter, day: string, inForce?: CatalogItemLite[]) {
    return catalogFigures(await itemsInScope(f, day, inForce));
  }

  /** The item versions in force on a day within a filter (department, item, level, region); `inForce` when the caller has them already. */
  async function itemsInScope(f: Filter, day: string, inForce?: CatalogItemLite[]) {
    const snap = await snapshot();
    let items: CatalogItemLite[] = inForce ?? versionsInForce(snap.versions, day);
    if (f.department) items = items.filter((i) => i.departmentCode === f.department);
    if (f.item) items = items.filter((i) => i.itemCode === f.item);
    if (f.level) items = items.filter((i) => i.levels.includes(f.level!));
    if (f.region) {
      const table = await regions();
      const within = new Set(snap.departments.filter((d) => inRegion(f.region!, d.regionCode, table)).map((d) => d.code));
      items = items.filter((i) => within.has(i.departmentCode));
    }
    return items;
  }

  /** Periods of figures are at most three years; series may span everything since EPOCH_DAY. */
  function checkRange(from: string, to: string, ctx: MetricContext, maxYears = 3) {
    // The calendar's range: from its first year to its last year (or this year, if later).
    const last = `${Math.max(ctx.calendar.yearsCovered.at(-1) ?? 0, Number(ctx.today.slice(0, 4)))}-12-31`;
    if (from > last)
      fail(
        'from',
        `figures end on ${last} (the working-day calendar's last year)`,
        `统计数据截至 ${last}（工作日历的最后一年）`,
        'after_calendar',
      );
    if (to > last)
      fail(
        'to',
        `figures end on ${last} (the working-day calendar's last year)`,
        `统计数据截至 ${last}（工作日历的最后一年）`,
        'after_calendar',
      );
    if (to < from) fail('to', '`to` must not be before `from`', '结束日期不能早于开始日期');
    if (from < EPOCH_DAY) fail('from', `figures start on ${EPOCH_DAY}`, `统计数据自 ${EPOCH_DAY} 起`, 'before_calendar');
    if (daysBetween(from, to) > maxYears * 366) fail('to', `a period is at most ${maxYears} years`, `统计区间最长 ${maxYears} 年`);
  }

  async function figuresFor(q: FiguresQuery, ctx: MetricContext) {
    checkRange(q.from, q.to, ctx);
    const g = grain(q.filter);
    const fg = grain(withoutCaseOnlyDims(q.filter));
    const asOf = q.to < ctx.today ? q.to : ctx.today;
    const catalogDay = asOf;
    const [caseParts, feedbackParts, overdue, catalog] = await Promise.all([
      parts(g, planFor(g, q.from, q.to, ctx.today)),
      fg[0] === g[0] && fg[1] === g[1] ? Promise.resolve(null) : parts(fg, planFor(fg, q.from, q.to, ctx.today)),
      overdueOpen(g, asOf),
      catalogFor(q.filter, catalogDay),
    ]);
    return {
      ...buildFigures({ from: q.from, to: q.to, caseParts, feedbackParts: feedbackParts ?? caseParts, overdueOpen: overdue, catalog, ctx }),
      filter: q.filter,
      ...(feedbackParts
        ? {
            notes: [
              'complaints and evaluations carry no channel or handling level: they are shown without that filter / 投诉与评价不区分渠道和办理层级，未按该条件筛选',
            ],
          }
        : {}),
    };
  }

  /**
   * The figures of one period for many filters at once (a breakdown by department): every
   * filter's rollup rows in one deduplicated read (BatchGetItem, a bounded number in flight), the
   * catalog in force computed once. Each answer equals figuresFor's for that filter.
   */
  async function figuresForMany(from: string, to: string, filters: Filter[], ctx: MetricContext) {
    checkRange(from, to, ctx);
    const asOf = to < ctx.today ? to : ctx.today;
    const plans = filters.map((f) => {
      const g = grain(f);
      const fg = grain(withoutCaseOnlyDims(f));
      const sameFeedback = fg[0] === g[0] && fg[1] === g[1];
      return {
        f,
        g,
        fg,
        sameFeedback,
        casePlan: planFor(g, from, to, ctx.today),
        feedbackPlan: sameFeedback ? null : planFor(fg, from, to, ctx.today),
        overduePlan: planRunningTotal(EPOCH_DAY, asOf),
      };
    });
    const wanted = new Set<string>();
    for (const pl of plans) {
      for (const part of pl.casePlan) wanted.add(rollKey(pl.g[0], pl.g[1], part.period));
      for (const part of pl.feedbackPlan ?? []) wanted.add(rollKey(pl.fg[0], pl.fg[1], part.period));
      for (const part of pl.overduePlan) wanted.add(rollKey(pl.g[0], pl.g[1], part.period));
    }
    const snap = await snapshot();
    const [rows, inForce] = await Promise.all([stores.rollups.rows([...wanted]), Promise.resolve(versionsInForce(snap.versions, asOf))]);
    const partsOf = (g: [Grain, string], plan: PlannedPart[]): PeriodPart[] =>
      plan.map((pp) => ({ from: pp.from, to: pp.to, counters: rows.get(rollKey(g[0], g[1], pp.period)) ?? {} }));
    return Promise.all(
      plans.map(async (pl) => {
        const caseParts = partsOf(pl.g, pl.casePlan);
        const feedbackParts = pl.feedbackPlan ? partsOf(pl.fg, pl.feedbackPlan) : null;
        const overdue = partsOf(pl.g, pl.overduePlan).reduce((sum, r) => sum + (r.counters[C.overdueDelta] ?? 0), 0);
        const catalog = await catalogFor(pl.f, asOf, inForce);
        return {
          ...buildFigures({ from, to, caseParts, feedbackParts: feedbackParts ?? caseParts, overdueOpen: overdue, catalog, ctx }),
          filter: pl.f,
          ...(feedbackParts
            ? {
                notes: [
                  'complaints and evaluations carry no channel or handling level: they are shown without that filter / 投诉与评价不区分渠道和办理层级，未按该条件筛选',
                ],
              }
            : {}),
        };
      }),
    );
  }

  return {
    /**
     * The whole figures answer of a period for each department (按部门的全部指标), in one call:
     * each row is what GET /v1/figures?department=… (with `region`, if given) answers the same
     * caller. A department key or department user reads only its own department (asking for
     * another is refused, as on /v1/figures); a region user reads each department within its
     * region (department × county rows).
     */
    async figuresByDepartment(p: Principal, q: { from: string; to: string; departments?: string[]; region?: string }) {
      const table = await regions();
      const ctx = await context();
      const snap = await snapshot();
      const own = departmentOf(p);
      const codes = q.departments?.length ? [...new Set(q.departments)] : own ? [own] : snap.departments.map((d) => d.code).sort();
      const filters = codes.map((code) => policyFilter(p, { department: code, ...(q.region ? { region: q.region } : {}) }, table));
      const answers = await figuresForMany(q.from, q.to, filters, ctx);
      const names = new Map(snap.departments.map((d) => [d.code, d.name]));
      return {
        period: { from: q.from, to: q.to },
        ...(filters[0]?.region ? { region: filters[0].region } : {}),
        departments: codes.map((code, i) => ({ department: code, name: names.get(code) ?? null, figures: answers[i]! })),
      };
    },

    async figures(p: Principal, q: FiguresQuery & { compare?: CompareMode }) {
      const table = await regions();
      const filter = policyFilter(p, q.filter, table);
      const ctx = await context();
      if (!q.compare) return figuresFor({ ...q, filter }, ctx);
      const r = comparedPeriod(q.from, q.to, q.compare);
      // Both periods read side by side.
      const [main, other] = await Promise.all([
        figuresFor({ ...q, filter }, ctx),
        r.from < EPOCH_DAY ? Promise.resolve({ unavailable: true as const, period: r }) : figuresFor({ ...r, filter }, ctx),
      ]);
      return { ...main, compare: { mode: q.compare, ...other } };
    },

    async series(p: Principal, q: FiguresQuery & { metric: MetricId; interval?: Interval }) {
      const table = await regions();
      const filter = policyFilter(p, q.filter, table);
      const ctx = await context();
      checkRange(q.from, q.to, ctx, 12);
      const days = daysBetween(q.from, q.to);
      let interval: Interval = q.interval ?? (days <= 62 ? 'day' : days <= 366 ? 'week' : 'month');
      if (interval === 'day' && days > MAX_SERIES_POINTS) interval = 'week';
      if (interval === 'week' && days / 7 > MAX_SERIES_POINTS) interval = 'month';
      const g = grain(
        METRICS[q.metric].group === 'complaints' || METRICS[q.metric].group === 'evaluations' ? withoutCaseOnlyDims(filter) : filter,
      );
      const buckets = bucketsOf(q.from, q.to, interval);
      const all = await Promise.all(buckets.map((b) => parts(g, planFor(g, b.from, b.to, ctx.today))));
      return {
        metric: q.metric,
        interval,
        unit: METRICS[q.metric].unit,
        filter,
        points: buckets.map((b, i) => ({ from: b.from, to: b.to, ...computeMetric(q.metric, all[i]!, ctx) })),
      };
    },

    async breakdown(p: Principal, q: FiguresQuery & { metric: MetricId; by: 'department' | 'region' | 'item' | 'channel' | 'level' }) {
      const table = await regions();
      const filter = policyFilter(p, q.filter, table);
      const ctx = await context();
      checkRange(q.from, q.to, ctx);
      const snap = await snapshot();
      let values: Array<{ value: string; label: string }>;
      let grainOf: (v: string) => [Grain, string];
      if (q.by === 'department') {
        values = snap.departments
          .filter((d) => !filter.department || d.code === filter.department)
          .map((d) => ({ value: d.code, label: d.name }));
        grainOf = (v) => (filter.region ? grain({ department: v, region: filter.region }) : ['dept', v]);
      } else if (q.by === 'region') {
        values = regionRowsWithin(regionValues(table, filter.region), filter.region, table);
        // Evaluations of no known region (地区未知): a row of their own in the city's breakdown,
        // never in a region's (a district sees its own evaluations only). docs/decisions.md.
        if (!filter.region && METRICS[q.metric].group === 'evaluations')
          values.push({ value: REGION_UNKNOWN, label: REGION_UNKNOWN_LABEL });
        grainOf = (v) => (filter.department ? grain({ department: filter.department, region: v }) : grain({ region: v }));
      } else if (q.by === 'item') {
        if (!filter.department) fail('department', 'a breakdown by item needs a department filter', '按事项分析需先选择部门');
        // Item rows are city-wide: within a region (a district user's scope) there are none to read.
        if (filter.region || filter.channel || filter.level)
          fail(
            'filter',
            'a breakdown by item is kept per department only, not per region, channel or level',
            '按事项分析只支持按部门筛选，不支持地区、渠道或层级',
            'unsupported_combination',
          );
        values = versionsInForce(
          snap.versions.filter((v) => v.departmentCode === filter.department),
          q.to,
        ).map((v) => ({ value: v.itemCode, label: (v as { name?: string }).name ?? v.itemCode }));
        grainOf = (v) => ['item', v];
      } else {
        // Channel and level rows are city-wide: with any other filter (a scoped user's department
        // or region included) there is no row that answers, so the request is refused, never
        // answered with city-wide numbers.
        if (Object.values(filter).some((v) => v))
          fail(
            'filter',
            `a breakdown by ${q.by} is kept city-wide only; remove the other filters`,
            `按${q.by === 'channel' ? '渠道' : '层级'}分析只支持全市范围，请去掉其他筛选条件`,
            'unsupported_combination',
          );
        values = (q.by === 'channel' ? CHANNELS : LEVELS).map((v) => ({ value: v, label: v }));
        grainOf = (v) => [q.by as Grain, v];
      }
      const [rows, settings] = await Promise.all([
        Promise.all(
          values.map((v) => {
            const g = grainOf(v.value);
            return parts(g, planFor(g, q.from, q.to, ctx.today));
          }),
        ),
        stores.settings.recent(SETTINGS.reports, SETTINGS_MAX_AGE_MS),
      ]);
      const out = values.map((v, i) => ({ key: v.value, label: v.label, ...computeMetric(q.metric, rows[i]!, ctx) }));
      const metric = q.metric as RankingMetric;
      if (!RANKING_METRICS.includes(metric) || (q.by !== 'department' && q.by !== 'region'))
        return { metric: q.metric, by: q.by, unit: METRICS[q.metric].unit, filter, rows: out };
      // Rates ranked with the report's rule and minimum (one setting: the report settings' minVolume).
      const minVolume = withDefaults(settings).minVolume[RANKING_VOLUME[metric]];
      const ranked = new Map(
        rankRows(
          out
            .filter((r) => r.key !== REGION_UNKNOWN)
            .map((r) => ({
              code: r.key,
              nameZh: r.label,
              nameEn: r.label,
              current: { value: r.value, numerator: r.numerator ?? 0, denominator: r.denominator ?? 0 },
              previous: null,
            })),
          minVolume,
        ).map((r) => [r.code, r]),
      );
      return {
        metric: q.metric,
        by: q.by,
        unit: METRICS[q.metric].unit,
        filter,
        ranking: { minVolume, volume: RANKING_VOLUME[metric] },
        rows: out.map((r) => ({
          ...r,
          rank: ranked.get(r.key)?.rank ?? null,
          rankStatus: r.key === REGION_UNKNOWN ? ('region_unknown' as const) : (ranked.get(r.key)?.status ?? 'no_data'),
        })),
      };
    },

    /** 办理用时分布: the period's completed cases by processing time, in bins of working days. */
    async processingHistogram(p: Principal, q: FiguresQuery) {
      const filter = policyFilter(p, q.filter, await regions());
      const ctx = await context();
      checkRange(q.from, q.to, ctx);
      const g = grain(filter);
      const sum: Record<string, number> = {};
      for (const part of await parts(g, planFor(g, q.from, q.to, ctx.today))) {
        for (const [k, v] of Object.entries(part.counters)) if (isSketchCounter(k)) sum[k] = (sum[k] ?? 0) + v;
      }
      const [p50, p90] = sketchQuantiles(sum, [0.5, 0.9]);
      return { filter, unit: 'working days' as const, ...histogramOf(sum), p50: p50 ?? null, p90: p90 ?? null };
    },

    /**
     * 老年人与帮办代办: accepted cases by the applicant's age band and by assisted mode, from
     * counters of the filter's own rows, so every filter the figures answer is answered here
     * (others: 400 unsupported_combination, as everywhere).
     */
    async applicants(p: Principal, q: FiguresQuery) {
      const filter = policyFilter(p, q.filter, await regions());
      const ctx = await context();
      checkRange(q.from, q.to, ctx);
      const g = grain(filter);
      const sum = sumCounters(await parts(g, planFor(g, q.from, q.to, ctx.today)));
      return {
        filter,
        accepted: sum[C.accepted] ?? 0,
        ageBanded: sum[C.ageBanded] ?? 0,
        elderly: sum[C.elderly] ?? 0,
        ...applicantBreakdown(sum),
      };
    },

    /** 仍需纸质提交: per item and material, how often it was handed in on paper, most first. */
    async paperMaterials(p: Principal, q: FiguresQuery & { limit?: number }) {
      const table = await regions();
      const filter = policyFilter(p, q.filter, table);
      const ctx = await context();
      checkRange(q.from, q.to, ctx);
      const f = { ...filter };
      let itemOnly: string | undefined;
      if (f.item) {
        itemOnly = f.item;
        delete f.item;
        const owner = (await snapshot()).versions.find((v) => v.itemCode === itemOnly)?.departmentCode;
        if (owner) f.department ??= owner;
      }
      if (f.channel || f.level || (f.region && regionGrain(f.region) !== 'county') || (f.region && f.department))
        fail(
          'filter',
          'paper materials are counted city-wide, by department, or by county/district',
          '纸质材料统计只支持全市、按部门或按区县',
        );
      const [g, v] = grain(f);
      const counts = new Map<string, number>();
      for (const part of planPeriods(q.from, q.to, ctx.today, g !== 'county')) {
        const prefix = part.period;
        for (const r of await stores.rollups.paperRows(g, v, `${prefix}#`, `${prefix}#\uffff`)) {
          const item = r.sk.slice(prefix.length + 1);
          for (const [counter, n] of Object.entries(r.counters)) {
            const material = materialOfPaperCounter(counter);
            if (material === undefined || !n) continue;
            const key = `${item}#${material}`;
            counts.set(key, (counts.get(key) ?? 0) + Number(n));
          }
        }
      }
      const snap = await snapshot();
      const inForce = new Map(versionsInForce(snap.versions, q.to < ctx.today ? q.to : ctx.today).map((x) => [x.itemCode, x]));
      const rows = [...counts]
        .map(([k, n]) => {
          const i = k.indexOf('#');
          const itemCode = k.slice(0, i);
          const materialCode = k.slice(i + 1);
          const item = inForce.get(itemCode);
          const mat = item?.materials.find((m) => m.code === materialCode);
          return {
            itemCode,
            itemName: item?.name ?? null,
            departmentCode: item?.departmentCode ?? null,
            materialCode,
            materialName: mat?.name ?? null,
            materialKind: mat?.kind ?? null,
            exemption: mat?.exemption ?? null,
            paper: n,
          };
        })
        .filter((r) => !itemOnly || r.itemCode === itemOnly)
        .sort((a, b) => b.paper - a.paper || a.itemCode.localeCompare(b.itemCode));
      return { filter, rows: rows.slice(0, q.limit ?? 50), total: rows.length };
    },

    /**
     * 电子证照: per licence type, the cases and materials of the period exempted by it (acceptance
     * day, any filter of the figures), and the items in force naming it; ranked by cases.
     */
    async licences(p: Principal, q: FiguresQuery) {
      const filter = policyFilter(p, q.filter, await regions());
      const ctx = await context();
      checkRange(q.from, q.to, ctx);
      const g = grain(filter);
      const asOf = q.to < ctx.today ? q.to : ctx.today;
      const [rows, types, items] = await Promise.all([
        parts(g, planFor(g, q.from, q.to, ctx.today)),
        stores.licences.list(),
        itemsInScope(filter, asOf),
      ]);
      const sums: Record<string, number> = {};
      for (const part of rows)
        for (const [k, v] of Object.entries(part.counters))
          if (isLicenceCounter(k) || k === C.matExemptELicense) sums[k] = (sums[k] ?? 0) + Number(v);
      return { filter, from: q.from, to: q.to, ...licenceFigures(sums, sums[C.matExemptELicense] ?? 0, types, items) };
    },

    /**
     * Open cases at a warning level (红牌 overdue, 黄牌 ≥ 90% of the limit used), oldest deadline
     * first. Reads exactly the open-case partitions the scope and filter need — a department its
     * own (one per county), a region every department × the region's counties, the city every
     * partition — merged by deadline, at most WARNINGS_QUERIES_IN_FLIGHT queries at a time.
     */
    async warnings(p: Principal, q: { level: 'red' | 'yellow'; filter: Filter; limit: number; cursor?: string }) {
      const table = await regions();
      const filter = policyFilter(p, q.filter, table);
      const ctx = await context();
      const today = ctx.today;
      const after = q.cursor ? parseWarningsCursor(q.cursor) : undefined;
      const depts = filter.department ? [filter.department] : (await snapshot()).departments.map((d) => d.code);
      const counties = openCaseCounties(filter.region, table);
      const partitions = depts.flatMap((dept) => counties.map((county) => ({ dept, county })));
      // Enough per partition for a page when the cases are spread out; more pages when they are not.
      const pageSize = Math.min(100, Math.max(5, Math.ceil((2 * q.limit) / Math.max(1, partitions.length))));
      const out = [];
      let last: string | undefined;
      let read = 0;
      let more = false;
      for await (const e of stores.entities.openCasesInOrder(partitions, {
        pageSize,
        concurrency: WARNINGS_QUERIES_IN_FLIGHT,
        ...(after !== undefined ? { after } : {}),
        ...(q.level === 'red' ? { deadlineBefore: today } : {}),
      })) {
        if (out.length >= q.limit || read >= WARNINGS_MAX_READ) {
          more = true;
          break;
        }
        read++;
        last = e.sk;
        if (filter.region && !inRegion(filter.region, e.open.regionCode, table)) continue;
        if (filter.item && e.open.itemCode !== filter.item) continue;
        if (filter.channel && e.open.channel !== filter.channel) continue;
        if (q.level === 'yellow' && (e.open.deadline < today || e.open.yellowFrom > today)) continue;
        const clock = judge(e.records, e.promisedDays, ctx.calendar, now());
        if (clock.warning !== q.level) continue;
        out.push({
          department: e.dept,
          caseId: e.caseId,
          itemCode: e.open.itemCode,
          regionCode: e.open.regionCode,
          channel: e.open.channel,
          status: clock.status,
          acceptedOn: clock.acceptedOn,
          deadline: clock.deadline,
          daysOverdue: clock.daysOverdue,
          elapsedWorkingDays: clock.elapsedWorkingDays,
          limitDays: e.promisedDays + clock.extensionDays,
          warning: clock.warning,
        });
      }
      return {
        level: q.level,
        asOf: today,
        filter,
        cases: out,
        ...(more && last !== undefined ? { next: Buffer.from(JSON.stringify({ after: last })).toString('base64url') } : {}),
      };
    },

    /** A case's events and its clock as of now, with how the deadline was computed. */
    async caseDetail(p: Principal, dept: string, caseId: string) {
      assertDepartmentVisible(p, dept);
      const records = await stores.records.timeline(dept, 'case', caseId);
      if (!records.length) throw errors.notFound(`no case ${caseId} of department ${dept}`, `部门 ${dept} 没有办件 ${caseId}`);
      const ctx = await context();
      const live = records.filter((r) => !r.voidedBy && r.type !== 'void');
      const acceptance = live.filter((r) => r.type === 'case.accepted').at(-1);
      assertRegionVisible(
        p,
        (acceptance ?? live.find((r) => typeof r.body.regionCode === 'string'))?.body.regionCode as string | undefined,
        await regions(),
      );
      let item: { itemCode: string; name: string; promisedDays: number; statutoryDays: number; effectiveFrom: string } | null = null;
      if (acceptance) {
        const versions = (await stores.catalog.versions(acceptance.body.itemCode as string)).filter((v) => v.departmentCode === dept);
        const v = versionOn(versions, shanghaiDate(acceptance.atMs));
        if (v)
          item = {
            itemCode: v.itemCode,
            name: v.name,
            promisedDays: v.promisedDays,
            statutoryDays: v.statutoryDays,
            effectiveFrom: v.effectiveFrom,
          };
      }
      const caseRecords = live.filter((r) => r.type.startsWith('case.'));
      const clock = caseRecords.some((r) => ['case.accepted', 'case.submitted', 'case.not_accepted', 'case.withdrawn'].includes(r.type))
        ? judge(
            caseRecords.map((r) => ({ id: r.id, type: r.type, atMs: r.atMs, body: r.body })),
            item?.promisedDays ?? 0,
            ctx.calendar,
            now(),
          )
        : null;
      return {
        department: dept,
        caseId,
        item,
        judged: item !== null,
        clock:
          clock && item
            ? clock
            : clock
              ? {
                  status: clock.status,
                  acceptedOn: clock.acceptedOn,
                  note: 'the item is not in the catalog for the acceptance date: the case cannot be judged on time yet / 事项未在目录中，暂无法判定时效',
                }
              : null,
        calendarVersion: ctx.calendar.version,
        events: records.map(publicRecord),
      };
    },
  };
}
export type FiguresService = ReturnType<typeof createFiguresService>;

const judge = judgeCaseNow;

function badCursor() {
  return errors.badRequest('the cursor is not one this API gave out', '分页游标无效', [
    {
      path: 'cursor',
      code: 'invalid_cursor',
      message: 'pass the `next` value of the previous page of the same list',
      messageZh: '请传入同一列表上一页返回的 next',
    },
  ]);
}

/**
 * A warnings cursor names the last case read, by its place in the open-case lists
 * (deadline#department#case, the index's sort key): exactly `{ after }`, nothing else.
 */
export function parseWarningsCursor(cursor: string): string {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw badCursor();
  const o = v as Record<string, unknown>;
  if (
    Object.keys(o).join() !== 'after' ||
    typeof o.after !== 'string' ||
    o.after.length > 512 ||
    !/^\d{4}-\d{2}-\d{2}#[^#]+#[^#]+$/.test(o.after)
  )
    throw badCursor();
  return o.after;
}

function bucketsOf(from: string, to: string, interval: Interval): Array<{ from: string; to: string }> {
  const out = [];
  let d = from;
  while (d <= to) {
    let end: string;
    if (interval === 'day') end = d;
    else if (interval === 'week') {
      // ISO weeks: Monday to Sunday (Shanghai dates are plain dates here).
      const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
      end = addCalendarDays(d, dow === 0 ? 0 : 7 - dow);
    } else {
      const [y, m] = d.split('-').map(Number);
      end = new Date(Date.UTC(y!, m!, 0)).toISOString().slice(0, 10);
    }
    if (end > to) end = to;
    out.push({ from: d, to: end });
    d = addCalendarDays(end, 1);
  }
  return out;
}

/** Regions to break down by: the counties and districts, or inside one of them its townships. */
function regionValues(all: Region[], within?: string): Array<{ value: string; label: string }> {
  const level = within ? all.find((r) => r.code === within)?.level : undefined;
  const rows =
    !within || level === 'city'
      ? all.filter((r) => r.level === 'county')
      : level === 'county'
        ? all.filter((r) => (r.level === 'town' || r.level === 'street') && r.parent === within)
        : // A township (or zone, or a code the table does not list) has no finer rows: itself only.
          all.filter((r) => r.code === within).concat(level ? [] : [{ code: within, name: within, level: 'town', parent: null }]);
  return rows.map((r) => ({ value: r.code, label: r.name }));
}
