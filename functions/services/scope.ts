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
