// Pure helpers of the monthly-report pages: scope choices, names and labels, the last closed
// month, what changed between versions (in words), download file names and target forms.
import { formatValue } from '../../../../shared/reports/format';
import { HEADLINE_IDS, headlineDef, type HeadlineId } from '../../../../shared/reports/headline';
import type { ReportChanges } from '../../../../shared/reports/model';
import { addMonths, monthLabel } from '../../../../shared/reports/month';
import type { ReportTarget } from '../../../../shared/reports/settings';
import type { UserScope } from '../../../../shared/contract/admin';
import type { Translate } from '../../i18n/i18n';
import type { Locale } from '../../i18n/messages';
import type { DepartmentOption, ReportListEntry, RegionOption } from './fetch-reports';
import { countySix } from '../../../../shared/region-code';

export interface ScopeOption {
  value: string;
  label: string;
  group: 'city' | 'counties' | 'departments';
}

/** The report scopes a user can pick: the city, the counties/districts (and county-like zones), the departments. */
export function scopeOptions(regions: readonly RegionOption[], departments: readonly DepartmentOption[], cityName: string): ScopeOption[] {
  const counties = regions
    .filter((r) => (r.level === 'county' || r.level === 'zone') && /^\d{4}(?!00)\d{2}000000$/.test(r.code))
    .map((r) => ({ value: `county:${countySix(r.code)}`, label: `${r.name}（${countySix(r.code)}）`, group: 'counties' as const }))
    .sort((a, b) => (a.value < b.value ? -1 : 1));
  const depts = departments
    .map((d) => ({ value: `department:${d.code}`, label: `${d.name}（${d.code}）`, group: 'departments' as const }))
    .sort((a, b) => (a.value < b.value ? -1 : 1));
  return [{ value: 'city', label: cityName, group: 'city' }, ...counties, ...depts];
}

/** Scopes present in a list of reports, for the archive filter. */
export function scopesInList(list: readonly ReportListEntry[], locale: Locale): ScopeOption[] {
  const seen = new Map<string, ScopeOption>();
  for (const r of list) {
    if (!seen.has(r.scope))
      seen.set(r.scope, {
        value: r.scope,
        label: reportName(r, locale),
        group: r.scopeKind === 'city' ? 'city' : r.scopeKind === 'county' ? 'counties' : 'departments',
      });
  }
  const order = { city: 0, counties: 1, departments: 2 };
  return [...seen.values()].sort((a, b) => order[a.group] - order[b.group] || (a.value < b.value ? -1 : 1));
}

/**
 * The newest report of a user's own scope (a leader's landing page): the city report for a
 * city-wide user, the district's for a district user, the department's for a department user.
 */
export function latestReportFor(list: readonly ReportListEntry[], scope: UserScope): ReportListEntry | undefined {
  const mine = list.filter((r) =>
    scope.kind === 'all'
      ? r.scopeKind === 'city'
      : scope.kind === 'region'
        ? r.scopeKind === 'county' && r.scopeCode === countySix(scope.regionCode)
        : r.scopeKind === 'department' && r.scopeCode === scope.departmentCode,
  );
  return mine.reduce<ReportListEntry | undefined>((best, r) => (!best || r.month > best.month ? r : best), undefined);
}

export function reportName(r: { nameZh: string; nameEn: string }, locale: Locale): string {
  return locale === 'zh-CN' ? r.nameZh : r.nameEn;
}

/** The last month that has closed, as of a Shanghai date 'YYYY-MM-DD'. */
export function lastClosedMonth(shanghaiToday: string): string {
  return addMonths(shanghaiToday.slice(0, 7), -1);
}

/** Today's date in Asia/Shanghai (UTC+8, no DST), whatever the browser's zone. */
export function shanghaiToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function monthText(month: string, locale: Locale): string {
  return monthLabel(month, locale);
}

/** What changed from the previous version, as short phrases. */
export function changeLines(c: ReportChanges | null, t: Translate, locale: Locale): string[] | null {
  if (!c) return null;
  const out: string[] = [];
  for (const h of c.headline) {
    const def = headlineDef(h.id as HeadlineId);
    out.push(
      t('reports.changeHeadline', {
        label: locale === 'zh-CN' ? def.zh : def.en,
        before: formatValue(def.unit, h.before),
        after: formatValue(def.unit, h.after),
      }),
    );
  }
  if (c.rankingRowsChanged) out.push(t('reports.changeRankings', { n: c.rankingRowsChanged }));
  if (c.specialMatters)
    out.push(
      t('reports.changeSpecial', {
        before: c.specialMatters.before.farOverdue + c.specialMatters.before.longSuspended,
        after: c.specialMatters.after.farOverdue + c.specialMatters.after.longSuspended,
      }),
    );
  if (c.dataQualityNotes) out.push(t('reports.changeQuality', c.dataQualityNotes));
  if (c.targetsChanged) out.push(t('reports.changeTargets', { n: c.targetsChanged }));
  if (c.calendarChanged) out.push(t('reports.changeCalendar'));
  if (c.catalogChanged) out.push(t('reports.changeCatalog'));
  return out;
}

export function downloadName(id: string, version: number, ext: string, locale: Locale): string {
  return `servicepulse-report-${id}-v${version}${locale === 'en' ? '-en' : ''}.${ext}`;
}

/** A target row of the settings form: rates entered as percentages. */
export interface TargetForm {
  scope: string;
  metric: HeadlineId;
  value: string;
  direction: 'atLeast' | 'atMost';
}

export const TARGET_METRICS: readonly HeadlineId[] = HEADLINE_IDS;

export function targetToForm(t: ReportTarget): TargetForm {
  const rate = headlineDef(t.metric).unit === 'rate';
  return { scope: t.scope, metric: t.metric, value: String(rate ? Math.round(t.target * 1e6) / 1e4 : t.target), direction: t.direction };
}

/** The API target of a form row, or null when the value is not a number. */
export function formToTarget(f: TargetForm): ReportTarget | null {
  const n = Number(f.value);
  if (f.value.trim() === '' || !Number.isFinite(n) || n < 0) return null;
  const rate = headlineDef(f.metric).unit === 'rate';
  return { scope: f.scope.trim(), metric: f.metric, target: rate ? n / 100 : n, direction: f.direction };
}
