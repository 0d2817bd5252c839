// Scope checks (权限范围): kept for callers that import them from here; the one policy lives in
// access-policy.ts.
export { assertDepartmentVisible, assertRegionVisible, scopedFilter, visibleDepartments } from './access-policy.js';
