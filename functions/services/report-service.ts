// Monthly reports (月度报告): generate (an administrator on demand, the scheduler for every closed
// month and scope), archive immutably as numbered versions, list, read and export — JSON, the
// printable HTML page, PDF (where a Chromium is attached), XLSX and CSV — within the caller's scope.
import { shanghaiDate } from '../../shared/calendar/index.js';
import { rollKey } from '../../shared/figures/rollup-key.js';
import { diffReports } from '../../shared/reports/diff.js';
import type { ReportLocale } from '../../shared/reports/format.js';
import type { ReportDoc, ReportVersionInfo } from '../../shared/reports/model.js';
import { closedMonths, isMonth, monthOf, type Month } from '../../shared/reports/month.js';
import type { ReportListEntry } from '../../shared/contract/reports.js';
import { compareScopes, parseReportId, parseScope, reportId, scopeKey, type ReportScope } from '../../shared/reports/scope.js';
import { withDefaults, type ReportSettings } from '../../shared/reports/settings.js';
import { errors } from '../errors.js';
import type { CalendarProvider } from '../store/calendar-provider.js';
import type { GenerationRun, RegionLite } from './report-generate.js';
import { PdfUnavailableError, type PdfRenderer } from '../adapters/pdf-renderer.js';
import type { Stores } from '../store/index.js';
import type { ReportHead, ReportsStore } from '../store/reports-store.js';
import { assertAdministrator } from './admin-service.js';
import type { AuthService } from './auth-service.js';
import type { FiguresService } from './figures-service.js';
import { actorName, type Principal } from './principal.js';
import { assertCanReadReport, canReadReport } from './report-access.js';
import { countySix, isCityLevelCode } from '../../shared/region-code.js';
import { SETTINGS } from '../store/settings.js';

/** The settings document (报告设置) in the SETTINGS partition. */
/** How far back the scheduler catches up (months). */
export const CATCH_UP_MONTHS = 24;
/** Reports are generated from this month on (the calendar's first year). */
export const FIRST_MONTH = '2019-01';
export const SCHEDULER_ACTOR = 'scheduler';

export type ReportFormat = 'json' | 'html' | 'pdf' | 'xlsx' | 'csv';

export interface ReportServiceDeps {
  stores: Stores;
  reports: ReportsStore;
  figures: FiguresService;
  calendars: CalendarProvider;
  auth: AuthService;
  now: () => Date;
  cityCode: string;
  regions?: () => Promise<RegionLite[]>;
}

export type { ReportListEntry };

export interface GenerateMissingResult {
  months: Month[];
  generated: string[];
  failed: Array<{ id: string; error: string }>;
  /** True when the time budget ran out before everything missing was generated. */
  incomplete: boolean;
}

function listEntry(h: ReportHead): ReportListEntry {
  const cur = h.versions.find((v) => v.version === h.current) ?? h.versions.at(-1)!;
  return {
    id: h.id,
    month: h.month,
    scope: h.scope,
    scopeKind: h.scopeKind,
    scopeCode: h.scopeCode,
    nameZh: h.nameZh,
    nameEn: h.nameEn,
    currentVersion: h.current,
    versions: h.versions.length,
    generatedAt: cur.generatedAt,
    generatedBy: cur.generatedBy,
    summary: h.summary,
  };
}

function summaryOf(doc: ReportDoc): ReportHead['summary'] {
  const v = (id: string) => doc.headline.find((x) => x.id === id)?.current.value ?? null;
  return {
    accepted: v('accepted'),
    completed: v('completed'),
    onTimeRate: v('onTimeRate'),
    satisfactionRate: v('satisfactionRate'),
    complaints: v('complaintsReceived'),
  };
}

const badRequest = (path: string, en: string, zh: string) =>
  errors.badRequest(en, zh, [{ path, code: 'invalid', message: en, messageZh: zh }]);

export function createReportService(deps: ReportServiceDeps) {
  const { stores, reports, now } = deps;
  let pdfRenderer: PdfRenderer | undefined;
  /** Immutable versions make PDFs cacheable: the last few, by id, version and language. */
  const pdfCache = new Map<string, Uint8Array>();

  /** The generator loads with the first report generated, not at the API's cold start (issue 10). */
  const generator = () => import('./report-generate.js');
  const newRun = async () =>
    (await generator()).createGenerationRun({
      stores,
      figures: deps.figures,
      calendars: deps.calendars,
      now,
      cityCode: deps.cityCode,
      ...(deps.regions ? { regions: deps.regions } : {}),
    });

  async function settings(): Promise<ReportSettings> {
    return withDefaults(await stores.settings.get(SETTINGS.reports));
  }

  async function regionOf(): Promise<(dept: string) => string | undefined> {
    const m = new Map((await stores.departments.list()).map((d) => [d.code, d.regionCode]));
    return (code) => m.get(code);
  }

  function parseId(id: string) {
    const parsed = parseReportId(id);
    if (!parsed)
      throw badRequest(
        'id',
        `not a report id: ${id} (e.g. 2024-03~city, 2024-03~county~370303, 2024-03~department~D-JYJ)`,
        `报告编号格式有误：${id}（例如 2024-03~city）`,
      );
    return parsed;
  }

  function checkMonth(month: string) {
    if (!isMonth(month)) throw badRequest('month', 'month: YYYY-MM', '月份格式应为 YYYY-MM');
    if (month < FIRST_MONTH) throw badRequest('month', `reports start in ${FIRST_MONTH}`, `报告自 ${FIRST_MONTH} 起`);
    const current = monthOf(shanghaiDate(now()));
    if (month >= current)
      throw badRequest('month', `${month} has not closed yet: reports are for past months`, `${month} 尚未结束，只能生成已结束月份的报告`);
  }

  async function checkScope(scope: ReportScope) {
    if (scope.kind === 'county' && !scope.code.startsWith(deps.cityCode))
      throw badRequest('scope', `county ${scope.code} is not in the city ${deps.cityCode}`, `区县 ${scope.code} 不属于本市`);
    if (scope.kind === 'department' && !(await stores.departments.get(scope.code)))
      throw badRequest('scope', `department ${scope.code} does not exist`, `部门 ${scope.code} 不存在`);
  }

  /**
   * Generates a new version of one report (or, with ifMissing, the first version only when there
   * is none). Versions are numbered by the HEAD they replace; a concurrent writer makes us retry.
   */
  async function generateOne(
    run: GenerationRun,
    month: Month,
    scope: ReportScope,
    generatedBy: string,
    ifMissing: boolean,
  ): Promise<{ doc: ReportDoc; head: ReportHead } | null> {
    const key = scopeKey(scope);
    const s = await settings();
    for (let attempt = 0; attempt < 5; attempt++) {
      const head = await reports.head(month, key);
      if (head && ifMissing) return null;
      const version = (head?.current ?? 0) + 1;
      const doc = await (await generator()).buildReport(
        {
          stores,
          figures: deps.figures,
          calendars: deps.calendars,
          now,
          cityCode: deps.cityCode,
          ...(deps.regions ? { regions: deps.regions } : {}),
        },
        run,
        { month, scope, version, generatedBy, settings: s },
      );
      const before = head ? await reports.document(month, key, head.current) : undefined;
      const info: ReportVersionInfo = {
        version,
        generatedAt: doc.generatedAt,
        generatedBy,
        calendarVersion: doc.calendarVersion,
        catalogGeneration: doc.catalogGeneration,
        changes: before ? diffReports(before, doc) : null,
      };
      const next: ReportHead = {
        id: doc.id,
        month,
        scope: key,
        scopeKind: scope.kind,
        scopeCode: scope.kind === 'city' ? null : scope.code,
        nameZh: doc.scope.nameZh,
        nameEn: doc.scope.nameEn,
        current: version,
        versions: [...(head?.versions ?? []), info],
        summary: summaryOf(doc),
        updatedAt: doc.generatedAt,
      };
      if (await reports.putVersion(doc, next, head?.current ?? 0)) return { doc, head: next };
    }
    throw errors.conflict(
      `report ${reportId(month, scope)} is being generated by someone else; try again`,
      `报告 ${reportId(month, scope)} 正在由他人生成，请稍后重试`,
    );
  }

  async function readable(p: Principal, id: string, version?: number) {
    const { month, scope } = parseId(id);
    assertCanReadReport(p, scope, deps.cityCode, await regionOf());
    const head = await reports.head(month, scopeKey(scope));
    if (!head) throw errors.notFound(`no report ${id} yet`, `报告 ${id} 尚未生成`);
    const v = version ?? head.current;
    const doc = await reports.document(month, scopeKey(scope), v);
    if (!doc)
      throw errors.notFound(
        `report ${id} has no version ${v} (versions 1–${head.current})`,
        `报告 ${id} 没有第 ${v} 版（共 ${head.current} 版）`,
      );
    return { doc, head };
  }

  /** Scopes with data in a month: the city, counties and departments with a month rollup row. */
  async function scopesWithData(month: Month): Promise<ReportScope[]> {
    const depts = await stores.departments.list();
    const counties = new Set<string>();
    for (const d of depts) if (!isCityLevelCode(d.regionCode)) counties.add(countySix(d.regionCode));
    const run = await newRun();
    for (const c of await run.counties()) counties.add(c.code);
    const candidates: Array<{ scope: ReportScope; key: string }> = [
      { scope: { kind: 'city' }, key: rollKey('all', '*', `M${month}`) },
      ...[...counties].map((c) => ({
        scope: { kind: 'county', code: c } as ReportScope,
        key: rollKey('county', `${c}000000`, `M${month}`),
      })),
      ...depts.map((d) => ({ scope: { kind: 'department', code: d.code } as ReportScope, key: rollKey('dept', d.code, `M${month}`) })),
    ];
    const rows = await stores.rollups.rows(candidates.map((c) => c.key));
    return candidates
      .filter((c) => Object.values(rows.get(c.key) ?? {}).some((v) => typeof v === 'number' && v !== 0))
      .map((c) => c.scope)
      .sort(compareScopes);
  }

  return {
    settings,

    attachPdfRenderer(r: PdfRenderer | undefined) {
      pdfRenderer = r;
      pdfCache.clear();
    },

    async list(p: Principal, q: { month?: string; scope?: string }): Promise<{ reports: ReportListEntry[] }> {
      if (q.month && !isMonth(q.month)) throw badRequest('month', 'month: YYYY-MM', '月份格式应为 YYYY-MM');
      const scope = q.scope ? parseScope(q.scope) : undefined;
      if (q.scope && !scope)
        throw badRequest(
          'scope',
          "scope: 'city', 'county:370303' or 'department:D-JYJ'",
          '范围应为 city、county:370303 或 department:D-JYJ',
        );
      const regions = await regionOf();
      const heads = (await reports.heads(q.month)).filter((h) => {
        const s = parseScope(h.scope);
        return s && (!scope || scopeKey(scope) === h.scope) && canReadReport(p, s, deps.cityCode, regions);
      });
      heads.sort((a, b) =>
        a.month !== b.month ? (a.month < b.month ? 1 : -1) : compareScopes(parseScope(a.scope)!, parseScope(b.scope)!),
      );
      return { reports: heads.map(listEntry) };
    },

    async get(p: Principal, id: string, version?: number) {
      const { doc, head } = await readable(p, id, version);
      return { report: doc, current: head.current, isCurrent: doc.version === head.current, versions: head.versions };
    },

    /** POST /v1/reports: an administrator generates (or regenerates: a new version) one report. */
    async generate(p: Principal, input: { month: string; scope: string }) {
      assertAdministrator(p);
      checkMonth(input.month);
      const scope = parseScope(input.scope);
      if (!scope)
        throw badRequest(
          'scope',
          "scope: 'city', 'county:370303' or 'department:D-JYJ'",
          '范围应为 city、county:370303 或 department:D-JYJ',
        );
      await checkScope(scope);
      const r = await generateOne(await newRun(), input.month, scope, actorName(p), false);
      const { doc, head } = r!;
      await deps.auth.audit(p, 'report.generate', doc.id, { version: doc.version });
      return { report: doc, current: head.current, isCurrent: true, versions: head.versions, created: doc.version === 1 };
    },

    /**
     * The scheduler's pass: every missing report of the closed months (the last CATCH_UP_MONTHS,
     * from the first month with any data), for the city and every county and department with
     * data that month — or only the `months` given. Idempotent: existing reports are left as
     * they are.
     */
    async generateMissing(
      opts: { stopAtMs?: number; shouldStop?: () => boolean; log?: (line: string) => void; months?: Month[] } = {},
    ): Promise<GenerateMissingResult> {
      const today = shanghaiDate(now());
      const months = closedMonths(today, CATCH_UP_MONTHS).filter((m) => m >= FIRST_MONTH && (!opts.months || opts.months.includes(m)));
      const monthRows = await stores.rollups.rows(months.map((m) => rollKey('all', '*', `M${m}`)));
      const firstWithData = months.findIndex((m) => Object.keys(monthRows.get(rollKey('all', '*', `M${m}`)) ?? {}).length > 0);
      const todo = firstWithData < 0 ? [] : months.slice(firstWithData);
      const out: GenerateMissingResult = { months: todo, generated: [], failed: [], incomplete: false };
      // Newest first: after a long outage (or a first start on history) last month's reports,
      // the ones leadership reads, are there before the catch-up of older months.
      for (const month of [...todo].reverse()) {
        const have = new Set((await reports.heads(month)).map((h) => h.scope));
        const missing = (await scopesWithData(month)).filter((s) => !have.has(scopeKey(s)));
        if (!missing.length) continue;
        const run = await newRun();
        for (const scope of missing) {
          if ((opts.stopAtMs && Date.now() > opts.stopAtMs) || opts.shouldStop?.()) {
            out.incomplete = true;
            return out;
          }
          const id = reportId(month, scope);
          try {
            if (await generateOne(run, month, scope, SCHEDULER_ACTOR, true)) out.generated.push(id);
          } catch (e) {
            out.failed.push({ id, error: e instanceof Error ? e.message : String(e) });
            opts.log?.(`report ${id} failed: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
        opts.log?.(`reports of ${month}: ${missing.length} generated`);
      }
      return out;
    },

    /** A report (current or given version) in a download format. */
    async file(
      p: Principal,
      id: string,
      format: Exclude<ReportFormat, 'json'>,
      opts: { version?: number; locale: ReportLocale; section?: string },
    ) {
      const { doc, head } = await readable(p, id, opts.version);
      const base = `servicepulse-report-${doc.id}-v${doc.version}${opts.locale === 'en' ? '-en' : ''}`;
      const title = `${doc.scope.nameZh}${doc.month}月度报告-第${doc.version}版`;
      const render = { locale: opts.locale, current: doc.version === head.current, currentVersion: head.current };
      // Renderers load on the first download, not at the API's cold start (issue 10).
      const renderHtml = async () => (await import('../../shared/reports/html.js')).renderReportDocument(doc, render);
      if (format === 'html')
        return { body: await renderHtml(), contentType: 'text/html; charset=utf-8', filename: `${base}.html`, title: `${title}.html` };
      if (format === 'csv') {
        const { renderCsv } = await import('../adapters/csv.js');
        const text = renderCsv(doc, opts.locale, opts.section);
        if (text === undefined) throw badRequest('section', `no section ${opts.section} in this report`, `报告中没有 ${opts.section} 部分`);
        return {
          body: text,
          contentType: 'text/csv; charset=utf-8',
          filename: `${base}${opts.section ? `-${opts.section}` : ''}.csv`,
          title: `${title}.csv`,
        };
      }
      if (format === 'xlsx') {
        // Loaded on the first XLSX request only: exceljs is ~1 MB of the bundle (issue 10).
        const { renderXlsx } = await import('../adapters/xlsx.js');
        return {
          body: await renderXlsx(doc, opts.locale),
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          filename: `${base}.xlsx`,
          title: `${title}.xlsx`,
        };
      }
      if (!pdfRenderer) throw new PdfUnavailableError('no PDF renderer attached');
      const cacheKey = `${doc.id}|${doc.version}|${opts.locale}|${render.current}`;
      let pdf = pdfCache.get(cacheKey);
      if (!pdf) {
        pdf = await pdfRenderer.render(await renderHtml());
        pdfCache.set(cacheKey, pdf);
        if (pdfCache.size > 16) pdfCache.delete(pdfCache.keys().next().value!);
      }
      return { body: pdf, contentType: 'application/pdf', filename: `${base}.pdf`, title: `${title}.pdf` };
    },

    async getSettings(p: Principal): Promise<ReportSettings> {
      assertAdministrator(p);
      return settings();
    },

    /** PUT /v1/admin/report-settings: the parts given replace the stored ones (targets as a whole list). */
    async putSettings(p: Principal, raw: unknown): Promise<ReportSettings> {
      assertAdministrator(p);
      // The schema (zod) is not in the scheduler Lambda's cold path; the API has it loaded already.
      const { ReportSettingsInput } = await import('../../shared/reports/settings-schema.js');
      const parsed = ReportSettingsInput.safeParse(raw);
      if (!parsed.success) {
        throw errors.badRequest(
          'invalid report settings',
          '报告设置有误',
          parsed.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message, messageZh: i.message })),
        );
      }
      const cur = await settings();
      const input = parsed.data;
      const seen = new Set<string>();
      for (const [i, t] of (input.targets ?? []).entries()) {
        const k = `${t.scope}|${t.metric}`;
        if (seen.has(k))
          throw errors.badRequest(`two targets for ${t.metric} in ${t.scope}`, `同一范围的同一指标只能设一个目标：${t.scope} ${t.metric}`, [
            {
              path: `targets.${i}`,
              code: 'duplicate',
              message: 'one target per scope and metric',
              messageZh: '每个范围每个指标只能有一个目标',
            },
          ]);
        seen.add(k);
      }
      const next: ReportSettings = {
        minVolume: { ...cur.minVolume, ...input.minVolume },
        specialMatters: { ...cur.specialMatters, ...input.specialMatters },
        dataQuality: { ...cur.dataQuality, ...input.dataQuality },
        targets: input.targets ? input.targets.map((t) => ({ ...t, direction: t.direction ?? 'atLeast' })) : cur.targets,
      };
      await stores.settings.put(SETTINGS.reports, next, actorName(p), now().toISOString());
      await deps.auth.audit(p, 'report.settings', SETTINGS.reports.name, { targets: next.targets.length, minVolume: next.minVolume });
      return next;
    },
  };
}
export type ReportService = ReturnType<typeof createReportService>;
