// Scope checks (权限范围): what a caller may read. Enforced here, in the services, so the API —
// not only the dashboard — keeps a district or department user inside its scope.
import { errors } from '../errors.js';
import type { Principal } from './principal.js';

/** A department key sees its department; a department-scoped user its department; others all. */
export function assertDepartmentVisible(p: Principal, departmentCode: string): void {
  const ok = p.kind === 'department' ? p.departmentCode === departmentCode
    : p.scope.kind !== 'department' || p.scope.departmentCode === departmentCode;
  if (!ok) throw errors.forbidden(`department ${departmentCode} is outside your scope`, `部门 ${departmentCode} 超出您的权限范围`);
}

/**
 * A region-scoped user sees a case, complaint or record only when it happened inside the region
 * (its regionCode starts with the region's prefix); records without a region are not shown.
 */
export function assertRegionVisible(p: Principal, regionCode: string | undefined): void {
  if (p.kind !== 'user' || p.scope.kind !== 'region') return;
  const prefix = p.scope.regionCode.replace(/0+$/, '');
  if (!regionCode || !regionCode.startsWith(prefix)) {
    throw errors.forbidden(`this is outside your region (${p.scope.regionCode})`, `超出您的地区权限范围（${p.scope.regionCode}）`);
  }
}
