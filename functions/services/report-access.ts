// Who may read which report (报告权限), by the caller's data scope as everywhere else in the API:
// administrators and users scoped to the whole city (leadership normally is) read every report;
// a district user the reports of its district and of the departments located in it (and the
// city's only if its region is the whole city); a department user, or a department's key, its
// own department's reports. A leader scoped to one district reads that district's.
import type { ReportScope } from '../../shared/reports/scope.js';
import { errors } from '../errors.js';
import type { Principal } from './principal.js';

/** `regionOf(code)`: a department's 12-digit region code, if the department exists. */
export function canReadReport(p: Principal, scope: ReportScope, cityCode: string, regionOf: (dept: string) => string | undefined): boolean {
  if (p.kind === 'department') return scope.kind === 'department' && scope.code === p.departmentCode;
  if (p.role === 'administrator' || p.scope.kind === 'all') return true;
  if (p.scope.kind === 'department') return scope.kind === 'department' && scope.code === p.scope.departmentCode;
  const prefix = p.scope.regionCode.replace(/0+$/, '');
  if (scope.kind === 'city') return cityCode.startsWith(prefix);
  if (scope.kind === 'county') return scope.code.startsWith(prefix);
  return (regionOf(scope.code) ?? '').startsWith(prefix);
}

export function assertCanReadReport(p: Principal, scope: ReportScope, cityCode: string, regionOf: (dept: string) => string | undefined): void {
  if (!canReadReport(p, scope, cityCode, regionOf)) {
    throw errors.forbidden('this report is outside your scope', '该报告超出您的权限范围');
  }
}
