// Report generation (生成月度报告): one report document for a month and a scope, from the figures
// service as it answers now — the same answers GET /v1/figures gives for the scope and period —
// plus the open-case index (overdue and long-waiting cases), the month's item rollups
// (complaints by item) and the feed counters (data quality). A generation "run" memoises every
// read, so generating all scopes of a month reads each department's figures once.
import { judgeCaseNow } from './judge-case.js';
import { shanghaiDate } from '../../shared/calendar/index.js';
import { COMPLAINT_CATEGORIES } from '../../shared/enums.js';
import { versionsInForce } from '../../shared/figures/catalog-figures.js';
import { C, complaintCounter } from '../../shared/figures/counters.js';
import type { Filter } from '../../shared/figures/dimensions.js';
import { rollKey } from '../../shared/figures/rollup-key.js';
import { changeOf, HEADLINE_IDS, headlineDef, type HeadlineId } from '../../shared/reports/headline.js';
import {
  REPORT_SCHEMA,
  type ComplaintHotspots,
  type DataQuality,
  type DataQualityNote,
  type FiguresAnswer,
  type HeadlineRow,
  type RankPosition,
  type ReportDoc,
  type ReportScopeInfo,
  type SpecialCase,
  type SpecialMatters,
  type Targets,
} from '../../shared/reports/model.js';
import { addMonths, monthRange, type Month } from '../../shared/reports/month.js';
import { buildNarrative } from '../../shared/reports/narrative.js';
import { buildRanking, type RankInput, type Ranking, type RankingMetric, type RateSample } from '../../shared/reports/ranking.js';
import { BUILT_IN_CITIES, cityName, type CountyName } from '../../shared/reports/regions.js';
import { countyRegion, reportId, scopeFilter, scopeKey, type ReportScope } from '../../shared/reports/scope.js';
import { targetsFor, type ReportSettings } from '../../shared/reports/settings.js';
import type { CalendarProvider } from '../store/calendar-provider.js';
import { createCatalogSnapshot, type CatalogSnapshot } from './catalog-snapshot.js';
import { EPOCH_DAY, type FiguresService } from './figures-service.js';
import type { Principal } from './principal.js';
import type { Department } from '../store/departments-store.js';
import type { FeedDay } from '../store/feed-store.js';
import type { Stores } from '../store/index.js';
import { countySix, isCityLevelCode, isCountyCode } from '../../shared/region-code.js';
import { openCaseCounties } from '../store/open-case-partitions.js';

/** Who the figures are read as: the whole city, so every scope can be generated. */
export const REPORT_GENERATOR: Principal = { kind: 'user', username: 'report-generator', role: 'administrator', scope: { kind: 'all' } };

/** Complaint lists (by department, by item): rows shown. */
export const COMPLAINT_LIST_LIMIT = 10;

export interface RegionLite {
  code: string;
  name: string;
  level: string;
}

export interface GeneratorDeps {
  stores: Stores;
  figures: FiguresService;
  calendars: CalendarProvider;
  now: () => Date;
  cityCode: string;
  /** The city's divisions with names (reference data); the built-in table otherwise. */
  regions?: () => Promise<RegionLite[]>;
}

interface JudgedOpenCase {
  dept: string;
  caseId: string;
  itemCode: string;
  regionCode: string;
  acceptedOn: string;
  deadline: string | null;
  limitDays: number;
  overdue: boolean;
  daysOverdue: number;
  suspendedSince: string | null;
  suspendedDays: number;
}

/** At most `n` promises at a time (a bounded fan-out: DynamoDB Local and Lambda's sockets both prefer it). */
function limiter(n: number) {
  let active = 0;
  const queue: Array<() => void> = [];
  return async function run<T>(f: () => Promise<T>): Promise<T> {
    if (active >= n) await new Promise<void>((res) => queue.push(res));
    active += 1;
    try {
      return await f();
    } finally {
      active -= 1;
      queue.shift()?.();
    }
  };
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
/** A count of a figures group by name (the answer's groups are open records). */
const val = (group: object | undefined, name: string): number => num((group as Record<string, unknown> | undefined)?.[name]);
const parts = (obj: Record<string, unknown>, name: string): RateSample => {
  const p = obj[`${name}Parts`] as { numerator: number; denominator: number } | undefined;
  return {
    value: typeof obj[name] === 'number' ? (obj[name] as number) : null,
    numerator: p?.numerator ?? 0,
    denominator: p?.denominator ?? 0,
  };
};

function rankSample(metric: RankingMetric, f: FiguresAnswer): RateSample {
  if (metric === 'onTimeRate') return parts(f.cases as Record<string, unknown>, 'onTimeRate');
  if (metric === 'satisfactionRate') return parts(f.evaluations as Record<string, unknown>, 'satisfactionRate');
  return { value: f.catalog.coverage, numerator: f.catalog.coverageParts.numerator, denominator: f.catalog.coverageParts.denominator };
}

/** Anything at all in the figures: cases, complaints, evaluations, open overdue cases or catalog items. */
function hasActivity(f: FiguresAnswer | null): boolean {
  if (!f) return false;
  return (
    val(f.cases, 'accepted') +
      val(f.cases, 'completed') +
      val(f.complaints, 'received') +
      val(f.evaluations, 'count') +
      val(f.cases, 'overdueOpen') +
      f.catalog.items >
    0
  );
}

export type GenerationRun = ReturnType<typeof createGenerationRun>;

/** One generation pass: every read memoised, figures read at most 16 at a time. */
export function createGenerationRun(deps: GeneratorDeps) {
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, f: () => Promise<T>): Promise<T> => {
    let p = memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = f();
      memo.set(key, p);
    }
    return p;
  };
  const slot = limiter(16);
  const at = deps.now();
  const today = shanghaiDate(at);
  const snapshotLoader = createCatalogSnapshot(deps.stores);

  const run = {
    at,
    today,
    calendar: () => once('calendar', () => deps.calendars.current()),
    snapshot: () => once<CatalogSnapshot>('snapshot', () => snapshotLoader()),
    departments: async (): Promise<Department[]> => [...(await run.snapshot()).departments].sort((a, b) => (a.code < b.code ? -1 : 1)),

    /**
     * The figures answer for a filter and a period (null before the first day figures exist). A
     * department's (or department × county's) answer comes from one breakdown by department of
     * every department for that period and county, read once per run (GET /v1/figures/by-department's
     * service: the same answers, a few reads instead of one request per department).
     */
    figures: (filter: Filter, range: { from: string; to: string } | null): Promise<FiguresAnswer | null> => {
      if (!range || range.from < EPOCH_DAY) return Promise.resolve(null);
      const single = () =>
        once(`F|${JSON.stringify(filter)}|${range.from}|${range.to}`, () =>
          slot(() => deps.figures.figures(REPORT_GENERATOR, { from: range.from, to: range.to, filter }) as Promise<FiguresAnswer>),
        );
      const { department, region, ...rest } = filter;
      if (department && Object.keys(rest).length === 0 && (!region || /^\d{6}000000$/.test(region))) {
        return run.byDepartment(region, range).then((m) => m.get(department) ?? single());
      }
      return single();
    },

    /** Every department's figures for a period (within a county, if given), by department code. */
    byDepartment: (region: string | undefined, range: { from: string; to: string }) =>
      once<Map<string, FiguresAnswer>>(`FBD|${region ?? ''}|${range.from}|${range.to}`, async () => {
        const departments = (await run.departments()).map((d) => d.code);
        if (!departments.length) return new Map();
        const r = await slot(() =>
          deps.figures.figuresByDepartment(REPORT_GENERATOR, {
            from: range.from,
            to: range.to,
            departments,
            ...(region ? { region } : {}),
          }),
        );
        return new Map(r.departments.map((d) => [d.department, d.figures]));
      }),

    /** The city's counties/districts with names. */
    counties: () =>
      once<CountyName[]>('counties', async () => {
        const byCode = new Map<string, CountyName>();
        for (const c of BUILT_IN_CITIES[deps.cityCode]?.counties ?? []) byCode.set(c.code, c);
        for (const r of (await deps.regions?.()) ?? []) {
          // Counties/districts, and functional zones (功能区) that have a county-shaped code of their own.
          if ((r.level !== 'county' && r.level !== 'zone') || !isCountyCode(r.code) || !r.code.startsWith(deps.cityCode)) continue;
          const code = countySix(r.code);
          byCode.set(code, { code, nameZh: r.name, nameEn: byCode.get(code)?.nameEn ?? r.name });
        }
        // A county only departments know of (no name anywhere): shown by its code.
        for (const d of await run.departments()) {
          const code = countySix(d.regionCode);
          if (!isCityLevelCode(d.regionCode) && code.startsWith(deps.cityCode) && !byCode.has(code))
            byCode.set(code, { code, nameZh: code, nameEn: code });
        }
        return [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
      }),

    /** Every open case (the open-case index, every department × county), judged at the run's instant. */
    openCases: () =>
      once<JudgedOpenCase[]>('open', async () => {
        const calendar = await run.calendar();
        const out: JudgedOpenCase[] = [];
        const partitions = (await run.departments()).flatMap((d) =>
          openCaseCounties(undefined, []).map((county) => ({ dept: d.code, county })),
        );
        for await (const e of deps.stores.entities.openCasesInOrder(partitions, { pageSize: 200, concurrency: 16 })) {
          const clock = judgeCaseNow(e.records, e.promisedDays, calendar, at);
          if (clock.status !== 'open' && clock.status !== 'suspended') continue;
          const current = clock.explanation?.suspensions.at(-1);
          const suspended = clock.status === 'suspended' && current && current.to === null ? current : null;
          out.push({
            dept: e.dept,
            caseId: e.caseId,
            itemCode: e.open.itemCode,
            regionCode: e.open.regionCode,
            acceptedOn: clock.acceptedOn!,
            deadline: clock.deadline,
            limitDays: e.promisedDays + clock.extensionDays,
            overdue: clock.overdue,
            daysOverdue: clock.daysOverdue,
            suspendedSince: suspended?.from ?? null,
            suspendedDays: suspended?.countedDays ?? 0,
          });
        }
        return out;
      }),

    /**
     * Complaints per catalog item of one department in a month, from the item rollups' day rows
     * (the item grain keeps no month rows); read only for departments with complaints that month.
     */
    itemComplaints: (month: Month, dept: string) =>
      once<Map<string, { received: number; unnecessaryProof: number }>>(`IC|${month}|${dept}`, async () => {
        const codes = [...new Set((await run.snapshot()).versions.filter((v) => v.departmentCode === dept).map((v) => v.itemCode))];
        const { from, to } = monthRange(month);
        const days: string[] = [];
        for (let d = from; d <= to; d = nextDay(d)) days.push(d);
        const keys = codes.flatMap((c) => days.map((d) => rollKey('item', c, `D${d}`)));
        const rows = await deps.stores.rollups.rows(keys);
        const out = new Map<string, { received: number; unnecessaryProof: number }>();
        codes.forEach((c, i) => {
          let received = 0;
          let unnecessaryProof = 0;
          for (let j = 0; j < days.length; j++) {
            const r = rows.get(keys[i * days.length + j]!);
            if (!r) continue;
            received += num(r[C.complaints]);
            unnecessaryProof += num(r[complaintCounter.received('unnecessary_proof')]);
          }
          if (received > 0) out.set(c, { received, unnecessaryProof });
        });
        return out;
      }),

    feedDays: (dept: string, month: Month) =>
      once<FeedDay[]>(`FD|${dept}|${month}`, () => {
        const r = monthRange(month);
        return deps.stores.feed.days(dept, r.from, r.to);
      }),
  };
  return run;
}

async function scopeInfo(run: GenerationRun, deps: GeneratorDeps, scope: ReportScope): Promise<ReportScopeInfo> {
  const key = scopeKey(scope);
  if (scope.kind === 'city') return { key, kind: 'city', code: null, ...cityName(deps.cityCode) };
  if (scope.kind === 'county') {
    const c = (await run.counties()).find((x) => x.code === scope.code);
    return { key, kind: 'county', code: scope.code, nameZh: c?.nameZh ?? scope.code, nameEn: c?.nameEn ?? scope.code };
  }
  const d = (await run.departments()).find((x) => x.code === scope.code);
  return { key, kind: 'department', code: scope.code, nameZh: d?.name ?? scope.code, nameEn: d?.nameEn ?? d?.name ?? scope.code };
}

const deptNames = (d: Department) => ({ nameZh: d.name, nameEn: d.nameEn ?? d.name });

/** Units to rank in a scope, each with the filter of its figures. */
async function rankingUnits(
  run: GenerationRun,
  scope: ReportScope,
): Promise<Array<{ by: 'department' | 'county'; units: Array<{ code: string; nameZh: string; nameEn: string; filter: Filter }> }>> {
  const depts = await run.departments();
  const counties = await run.counties();
  if (scope.kind === 'city') {
    return [
      { by: 'department', units: depts.map((d) => ({ code: d.code, ...deptNames(d), filter: { department: d.code } })) },
      {
        by: 'county',
        units: counties.map((c) => ({ code: c.code, nameZh: c.nameZh, nameEn: c.nameEn, filter: { region: countyRegion(c.code) } })),
      },
    ];
  }
  if (scope.kind === 'county') {
    return [
      {
        by: 'department',
        units: depts.map((d) => ({ code: d.code, ...deptNames(d), filter: { department: d.code, region: countyRegion(scope.code) } })),
      },
    ];
  }
  return [
    {
      by: 'county',
      units: counties.map((c) => ({
        code: c.code,
        nameZh: c.nameZh,
        nameEn: c.nameEn,
        filter: { department: scope.code, region: countyRegion(c.code) },
      })),
    },
  ];
}

const RANKING_METRICS: readonly RankingMetric[] = ['onTimeRate', 'satisfactionRate', 'exemptionCoverage'];

async function rankings(
  run: GenerationRun,
  scope: ReportScope,
  month: Month,
  settings: ReportSettings,
): Promise<{ list: Ranking[]; unitFigures: Map<string, FiguresAnswer | null> }> {
  const cur = monthRange(month);
  const prev = monthRange(addMonths(month, -1));
  const list: Ranking[] = [];
  const unitFigures = new Map<string, FiguresAnswer | null>();
  for (const group of await rankingUnits(run, scope)) {
    const figs = await Promise.all(
      group.units.map(async (u) => ({ u, f: await run.figures(u.filter, cur), p: await run.figures(u.filter, prev) })),
    );
    // Outside the city report, a unit with nothing this month or last is left out (a county
    // report would otherwise list every city department with zeros).
    const shown = figs.filter((x) => scope.kind === 'city' || hasActivity(x.f) || hasActivity(x.p));
    for (const x of figs) unitFigures.set(`${group.by}:${x.u.code}`, x.f);
    for (const metric of RANKING_METRICS) {
      // Evaluations carry no region: by county, or inside a county, satisfaction has nothing to rank.
      if (metric === 'satisfactionRate' && group.units.some((u) => u.filter.region)) continue;
      const min =
        metric === 'onTimeRate'
          ? settings.minVolume.completed
          : metric === 'satisfactionRate'
            ? settings.minVolume.evaluations
            : settings.minVolume.items;
      const inputs: RankInput[] = shown.map((x) => ({
        code: x.u.code,
        nameZh: x.u.nameZh,
        nameEn: x.u.nameEn,
        current: rankSample(metric, x.f!),
        previous: x.p ? rankSample(metric, x.p) : null,
      }));
      list.push(buildRanking(metric, group.by, inputs, min));
    }
  }
  return { list, unitFigures };
}

/** A department's place among all the city's departments (its own report). */
async function positions(run: GenerationRun, scope: ReportScope, month: Month, settings: ReportSettings): Promise<RankPosition[]> {
  if (scope.kind !== 'department') return [];
  const city = await rankings(run, { kind: 'city' }, month, settings);
  return RANKING_METRICS.map((metric) => {
    const r = city.list.find((x) => x.key === `department:${metric}`)!;
    const row = r.rows.find((x) => x.code === scope.code);
    return {
      metric,
      rank: row?.rank ?? null,
      of: r.rankedCount,
      status: row?.status ?? 'no_data',
      value: row?.value ?? null,
      denominator: row?.denominator ?? 0,
    };
  });
}

async function specialMatters(run: GenerationRun, scope: ReportScope, settings: ReportSettings): Promise<SpecialMatters> {
  const { farOverdueDays, longSuspendedDays, listLimit } = settings.specialMatters;
  const inScope = (c: JudgedOpenCase) =>
    scope.kind === 'city' || (scope.kind === 'county' ? c.regionCode.startsWith(scope.code) : c.dept === scope.code);
  const open = (await run.openCases()).filter(inScope);
  const depts = new Map((await run.departments()).map((d) => [d.code, d]));
  const snap = await run.snapshot();
  const items = new Map(versionsInForce(snap.versions, run.today).map((v) => [v.itemCode, v]));
  const byDept = new Map<string, { overdueOpen: number; farOverdue: number; longSuspended: number }>();
  const cases: SpecialCase[] = [];
  for (const c of open) {
    const far = c.overdue && c.daysOverdue >= farOverdueDays;
    const long = c.suspendedSince !== null && c.suspendedDays >= longSuspendedDays;
    if (!c.overdue && !long) continue;
    const row = byDept.get(c.dept) ?? { overdueOpen: 0, farOverdue: 0, longSuspended: 0 };
    if (c.overdue) row.overdueOpen += 1;
    if (far) row.farOverdue += 1;
    if (long) row.longSuspended += 1;
    byDept.set(c.dept, row);
    if (far || long) {
      const d = depts.get(c.dept);
      cases.push({
        kind: far ? 'far_overdue' : 'long_suspended',
        department: c.dept,
        departmentName: d?.name ?? c.dept,
        caseId: c.caseId,
        itemCode: c.itemCode,
        itemName: (items.get(c.itemCode) as { name?: string } | undefined)?.name ?? null,
        regionCode: c.regionCode,
        acceptedOn: c.acceptedOn,
        deadline: c.deadline,
        limitDays: c.limitDays,
        daysOverdue: c.daysOverdue,
        suspendedSince: c.suspendedSince,
        suspendedDays: c.suspendedDays,
      });
    }
  }
  const weight = (x: SpecialCase) => Math.max(x.daysOverdue, x.suspendedDays);
  cases.sort(
    (a, b) =>
      weight(b) - weight(a) || (a.acceptedOn < b.acceptedOn ? -1 : a.acceptedOn > b.acceptedOn ? 1 : 0) || (a.caseId < b.caseId ? -1 : 1),
  );
  const rows = [...byDept]
    .map(([department, r]) => ({
      department,
      ...(depts.get(department) ? deptNames(depts.get(department)!) : { nameZh: department, nameEn: department }),
      ...r,
    }))
    .sort(
      (a, b) =>
        b.farOverdue + b.longSuspended - (a.farOverdue + a.longSuspended) ||
        b.overdueOpen - a.overdueOpen ||
        (a.department < b.department ? -1 : 1),
    );
  const totals = rows.reduce(
    (t, r) => ({
      overdueOpen: t.overdueOpen + r.overdueOpen,
      farOverdue: t.farOverdue + r.farOverdue,
      longSuspended: t.longSuspended + r.longSuspended,
    }),
    { overdueOpen: 0, farOverdue: 0, longSuspended: 0 },
  );
  return {
    asOf: run.at.toISOString(),
    farOverdueDays,
    longSuspendedDays,
    totals,
    byDepartment: rows,
    cases: cases.slice(0, listLimit),
    listLimit,
  };
}

async function complaints(
  run: GenerationRun,
  scope: ReportScope,
  month: Month,
  cur: FiguresAnswer,
  prev: FiguresAnswer | null,
  lastYear: FiguresAnswer | null,
  unitFigures: Map<string, FiguresAnswer | null>,
): Promise<ComplaintHotspots> {
  const received = val(cur.complaints, 'received');
  const byCategory = COMPLAINT_CATEGORIES.map((category) => {
    const count = num(cur.complaints.byCategory[category]);
    return {
      category,
      count,
      previous: prev ? num(prev.complaints.byCategory[category]) : null,
      share: received ? count / received : null,
    };
  });
  let byDepartment: ComplaintHotspots['byDepartment'] = null;
  if (scope.kind !== 'department') {
    byDepartment = (await run.departments())
      .flatMap((d) => {
        const f = unitFigures.get(`department:${d.code}`);
        const n = val(f?.complaints, 'received');
        return n ? [{ department: d.code, ...deptNames(d), received: n, unnecessaryProof: val(f!.complaints, 'unnecessaryProof') }] : [];
      })
      .sort((a, b) => b.received - a.received || b.unnecessaryProof - a.unnecessaryProof || (a.department < b.department ? -1 : 1))
      .slice(0, COMPLAINT_LIST_LIMIT);
  }
  let byItem: ComplaintHotspots['byItem'] = null;
  if (scope.kind !== 'county') {
    const snap = await run.snapshot();
    const inForce = new Map(versionsInForce(snap.versions, monthRange(month).to).map((v) => [v.itemCode, v]));
    const depts =
      scope.kind === 'department'
        ? received
          ? [scope.code]
          : []
        : (await run.departments())
            .filter((d) => val(unitFigures.get(`department:${d.code}`)?.complaints, 'received') > 0)
            .map((d) => d.code);
    const rows = (
      await Promise.all(
        depts.map(async (department) =>
          [...(await run.itemComplaints(month, department))].map(([itemCode, c]) => ({
            itemCode,
            itemName: (inForce.get(itemCode) as { name?: string } | undefined)?.name ?? null,
            department,
            ...c,
          })),
        ),
      )
    ).flat();
    byItem = rows
      .sort((a, b) => b.received - a.received || b.unnecessaryProof - a.unnecessaryProof || (a.itemCode < b.itemCode ? -1 : 1))
      .slice(0, COMPLAINT_LIST_LIMIT);
  }
  return {
    received,
    previous: prev ? val(prev.complaints, 'received') : null,
    byCategory,
    unnecessaryProof: {
      count: val(cur.complaints, 'unnecessaryProof'),
      previous: prev ? val(prev.complaints, 'unnecessaryProof') : null,
      lastYear: lastYear ? val(lastYear.complaints, 'unnecessaryProof') : null,
    },
    byDepartment,
    byItem,
    listLimit: COMPLAINT_LIST_LIMIT,
  };
}

function targets(headline: HeadlineRow[], scope: ReportScope, settings: ReportSettings): Targets {
  const h = new Map(headline.map((x) => [x.id, x]));
  const rows = targetsFor(settings.targets, scopeKey(scope)).map((t) => {
    const row = h.get(t.metric)!;
    const def = headlineDef(t.metric);
    const v = row.current.value;
    return {
      metric: t.metric,
      unit: row.unit,
      labelZh: t.labelZh ?? def.zh,
      labelEn: t.labelEn ?? def.en,
      scope: t.scope,
      target: t.target,
      direction: t.direction,
      actual: row.current,
      met: v === null ? null : t.direction === 'atLeast' ? v >= t.target : v <= t.target,
      gap: v === null ? null : row.unit === 'rate' ? (v - t.target) * 100 : v - t.target,
    };
  });
  return { judged: rows.filter((r) => r.met !== null).length, met: rows.filter((r) => r.met === true).length, rows };
}

async function dataQuality(run: GenerationRun, scope: ReportScope, month: Month, settings: ReportSettings): Promise<DataQuality> {
  const { silentWorkingDays, rejectedShare, rejectedMin } = settings.dataQuality;
  const all = await run.departments();
  const depts =
    scope.kind === 'city'
      ? all
      : scope.kind === 'county'
        ? all.filter((d) => d.regionCode.startsWith(scope.code))
        : all.filter((d) => d.code === scope.code);
  const calendar = await run.calendar();
  const range = monthRange(month);
  const last = range.to < run.today ? range.to : run.today;
  const notes: DataQualityNote[] = [];
  await Promise.all(
    depts.map(async (d) => {
      const [days, f, before] = await Promise.all([
        run.feedDays(d.code, month),
        run.figures({ department: d.code }, range),
        run.figures({ department: d.code }, monthRange(addMonths(month, -1))),
      ]);
      const byDay = new Map(days.map((x) => [x.day, x]));
      let accepted = 0;
      let rejected = 0;
      let received = 0;
      let unknownItem = 0;
      const rejectedBy = new Map<string, number>();
      for (const x of days) {
        accepted += num(x.accepted);
        rejected += num(x.rejected);
        unknownItem += num(x.unknownItem);
        received += num(x.accepted) + num(x.duplicate) + num(x.conflict) + num(x.rejected) + num(x.forbidden);
        for (const [code, n] of Object.entries(x.rejectedBy)) rejectedBy.set(code, (rejectedBy.get(code) ?? 0) + n);
      }
      const base = {
        department: d.code,
        ...deptNames(d),
        received,
        accepted,
        rejected,
        rejectedShare: accepted + rejected ? rejected / (accepted + rejected) : null,
        topRejections: [...rejectedBy]
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .slice(0, 3)
          .map(([code, n]) => ({ code, n })),
        unknownItem,
      };
      if (received === 0) {
        // Nothing arrived during the month. Records of the month sent later (a backfill) are not a
        // gap; a department that had records the month before and has none at all for this month
        // has gone quiet (a department with nothing in either month may simply have no cases).
        const activity = (x: FiguresAnswer | null) =>
          x ? val(x.cases, 'accepted') + val(x.cases, 'completed') + val(x.complaints, 'received') + val(x.evaluations, 'count') : 0;
        if (activity(f) === 0 && activity(before) > 0) notes.push({ kind: 'no_data', ...base });
        return;
      }
      // The longest run of working days (up to today) with nothing received.
      let best = { n: 0, from: '', to: '' };
      let cur = { n: 0, from: '', to: '' };
      for (let day = range.from; day <= last; day = nextDay(day)) {
        if (!calendar.isWorkingDay(day)) continue;
        const x = byDay.get(day);
        const got = x ? num(x.accepted) + num(x.duplicate) + num(x.conflict) + num(x.rejected) + num(x.forbidden) : 0;
        if (got > 0) {
          cur = { n: 0, from: '', to: '' };
          continue;
        }
        cur = { n: cur.n + 1, from: cur.n ? cur.from : day, to: day };
        if (cur.n > best.n) best = { ...cur };
      }
      if (best.n >= silentWorkingDays)
        notes.push({ kind: 'silent', ...base, silentDays: best.n, silentFrom: best.from, silentTo: best.to });
      if (rejected >= rejectedMin && base.rejectedShare !== null && base.rejectedShare >= rejectedShare)
        notes.push({ kind: 'rejected', ...base });
      if (unknownItem >= rejectedMin && accepted && unknownItem / accepted >= rejectedShare) notes.push({ kind: 'unknown_items', ...base });
    }),
  );
  const order = { no_data: 0, silent: 1, rejected: 2, unknown_items: 3 } as const;
  notes.sort((a, b) => order[a.kind] - order[b.kind] || (a.department < b.department ? -1 : 1));
  return { checkedDepartments: depts.length, departmentsWithNotes: new Set(notes.map((n) => n.department)).size, notes };
}

function nextDay(d: string): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

export interface GenerateInput {
  month: Month;
  scope: ReportScope;
  version: number;
  generatedBy: string;
  settings: ReportSettings;
}

/** Builds the document of one report (not stored here). */
export async function buildReport(deps: GeneratorDeps, run: GenerationRun, input: GenerateInput): Promise<ReportDoc> {
  const { month, scope, settings } = input;
  const filter = scopeFilter(scope);
  const periods = { current: monthRange(month), previous: monthRange(addMonths(month, -1)), lastYear: monthRange(addMonths(month, -12)) };
  const [cur, prev, ly] = await Promise.all([
    run.figures(filter, periods.current),
    run.figures(filter, periods.previous),
    run.figures(filter, periods.lastYear),
  ]);
  if (!cur) throw new RangeError(`no figures before ${EPOCH_DAY}`);
  const headline: HeadlineRow[] = HEADLINE_IDS.map((id: HeadlineId) => {
    const def = headlineDef(id);
    const c = def.read(cur);
    const p = prev ? def.read(prev) : null;
    const y = ly ? def.read(ly) : null;
    return {
      id,
      unit: def.unit,
      current: c,
      previous: p,
      lastYear: y,
      mom: changeOf(def.unit, c.value, p?.value),
      yoy: changeOf(def.unit, c.value, y?.value),
    };
  });
  const [info, ranked, pos, special, dq, calendar, snap] = await Promise.all([
    scopeInfo(run, deps, scope),
    rankings(run, scope, month, settings),
    positions(run, scope, month, settings),
    specialMatters(run, scope, settings),
    dataQuality(run, scope, month, settings),
    run.calendar(),
    run.snapshot(),
  ]);
  const { targets: _t, ...rest } = settings;
  const body: Omit<ReportDoc, 'narrative'> = {
    schema: REPORT_SCHEMA,
    id: reportId(month, scope),
    month,
    version: input.version,
    scope: info,
    periods: { current: periods.current, previous: prev ? periods.previous : null, lastYear: ly ? periods.lastYear : null },
    generatedAt: run.at.toISOString(),
    generatedBy: input.generatedBy,
    asOf: run.today,
    calendarVersion: calendar.version,
    catalogGeneration: snap.generation,
    settings: rest,
    figures: { current: cur, previous: prev, lastYear: ly },
    headline,
    rankings: ranked.list,
    positions: pos,
    specialMatters: special,
    complaints: await complaints(run, scope, month, cur, prev, ly, ranked.unitFigures),
    targets: targets(headline, scope, settings),
    dataQuality: dq,
  };
  return { ...body, narrative: buildNarrative(body) };
}
