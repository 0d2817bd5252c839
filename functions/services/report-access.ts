// Who may read which report (报告权限): decided by the access policy (access-policy.ts).
export { assertCanReadReport, canReadReport } from './access-policy.js';
