// The access policy (访问控制): the one module that decides what a caller may read. Every read
// family asks it — figures, breakdown rows, series, paper materials, warnings, cases, records,
// complaint summaries, reports, feeds and settings — so a scope holds at every level.
//
// Principals: a department key (its department only), a dashboard user scoped to all / one region
// / one department, and administrators. A region scope is a set of division codes (the region and
// its descendants in the division table, shared/access/region-scope.ts), never a prefix.
import { regionContains, regionScope, type DivisionNode } from '../../shared/access/region-scope.js';
import type { Filter } from '../../shared/figures/dimensions.js';
import { cityRegionCode, levelOfRegion } from '../../shared/region-code.js';
import type { ReportScope } from '../../shared/reports/scope.js';
import { errors } from '../errors.js';
import { BUILT_IN_REGIONS } from '../../shared/built-in-regions.js';
import type { Principal } from './principal.js';

export type RegionTable = readonly DivisionNode[];

/** The department a caller is confined to (a key's, or a department-scoped user's), if any. */
export function departmentOf(p: Principal): string | undefined {
  return p.kind === 'department' ? p.departmentCode : p.scope.kind === 'department' ? p.scope.departmentCode : undefined;
}

/** The region a caller is confined to (a region-scoped user's 12-digit code), if any. */
export function regionOf(p: Principal): string | undefined {
  return p.kind === 'user' && p.scope.kind === 'region' ? p.scope.regionCode : undefined;
}

export function isAdministrator(p: Principal): boolean {
  return p.kind === 'user' && p.role === 'administrator';
}

/** Whether `code` lies in region `root` (itself or a descendant). */
export function inRegion(root: string, code: string | undefined, table: RegionTable = BUILT_IN_REGIONS): boolean {
  return regionContains(root, code, table);
}

/** A department key sees its department; a department-scoped user its department; others all. */
export function assertDepartmentVisible(p: Principal, departmentCode: string): void {
  const own = departmentOf(p);
  if (own !== undefined && own !== departmentCode)
    throw errors.forbidden(`department ${departmentCode} is outside your scope`, `部门 ${departmentCode} 超出您的权限范围`);
}

/**
 * A region-scoped user sees a case, complaint or record only when it happened inside the region
 * (its regionCode is the region or one of its descendants); records without a region are not shown.
 */
export function assertRegionVisible(p: Principal, regionCode: string | undefined, table: RegionTable = BUILT_IN_REGIONS): void {
  const root = regionOf(p);
  if (root === undefined) return;
  if (!inRegion(root, regionCode, table))
    throw errors.forbidden(`this is outside your region (${root})`, `超出您的地区权限范围（${root}）`);
}

/** The figures filter with the caller's scope applied: a scoped user cannot step outside it. */
export function scopedFilter(p: Principal, f: Filter, table: RegionTable = BUILT_IN_REGIONS): Filter {
  const out = { ...f };
  const dept = departmentOf(p);
  if (dept !== undefined) {
    if (out.department && out.department !== dept)
      throw errors.forbidden(`department ${out.department} is outside your scope`, `部门 ${out.department} 超出您的权限范围`);
    out.department = dept;
  }
  const root = regionOf(p);
  if (root !== undefined) {
    if (out.region && !inRegion(root, out.region, table))
      throw errors.forbidden(`region ${out.region} is outside your scope (${root})`, `地区 ${out.region} 超出您的权限范围（${root}）`);
    out.region ??= root;
  }
  // The whole city is no region filter: its figures are the city's (there is no city-level region row).
  if (out.region && levelOfRegion(out.region) === 'city') delete out.region;
  return out;
}

/** Rows of a breakdown by region: only those inside `within` (the scoped filter's region). */
export function regionRowsWithin<T extends { value: string }>(
  rows: T[],
  within: string | undefined,
  table: RegionTable = BUILT_IN_REGIONS,
): T[] {
  if (!within) return rows;
  const codes = regionScope(within, table).codes;
  return rows.filter((r) => codes.has(r.value) || inRegion(within, r.value, table));
}

/** The departments whose data a caller may see (feeds, catalog figures by region). */
export function visibleDepartments<T extends { code: string; regionCode: string }>(
  p: Principal,
  depts: T[],
  table: RegionTable = BUILT_IN_REGIONS,
): T[] {
  const dept = departmentOf(p);
  if (dept !== undefined) return depts.filter((d) => d.code === dept);
  const root = regionOf(p);
  if (root !== undefined) return depts.filter((d) => inRegion(root, d.regionCode, table));
  return depts;
}

/**
 * Who may read which report: administrators and users scoped to the whole city read every report;
 * a region user the reports of the county/district its region covers, of the departments located
 * in its region, and the city's only if its region is the whole city; a department user, or a
 * department's key, its own department's reports.
 */
export function canReadReport(
  p: Principal,
  scope: ReportScope,
  cityCode: string,
  deptRegion: (dept: string) => string | undefined,
  table: RegionTable = BUILT_IN_REGIONS,
): boolean {
  if (p.kind === 'department') return scope.kind === 'department' && scope.code === p.departmentCode;
  if (p.role === 'administrator' || p.scope.kind === 'all') return true;
  if (p.scope.kind === 'department') return scope.kind === 'department' && scope.code === p.scope.departmentCode;
  const root = p.scope.regionCode;
  if (scope.kind === 'city') return root === cityRegionCode(cityCode);
  if (scope.kind === 'county') return inRegion(root, `${scope.code}000000`, table);
  return inRegion(root, deptRegion(scope.code), table);
}

export function assertCanReadReport(
  p: Principal,
  scope: ReportScope,
  cityCode: string,
  deptRegion: (dept: string) => string | undefined,
  table: RegionTable = BUILT_IN_REGIONS,
): void {
  if (!canReadReport(p, scope, cityCode, deptRegion, table))
    throw errors.forbidden('this report is outside your scope', '该报告超出您的权限范围');
}

/** Settings (calendar, follow-up limits, regions admin, users, keys, audit): administrators only. */
export function assertAdministrator(p: Principal): void {
  if (!isAdministrator(p)) throw errors.forbidden('this action needs the administrator role', '此操作需要管理员角色');
}
