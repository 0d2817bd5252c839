// Who is calling: a department's integration (by API key) or a dashboard user (by session token,
// or the administrator bootstrap token). Scopes are enforced by services, not only by pages.
import type { UserRole, UserScope } from '../../shared/contract/admin.js';

export type Principal =
  | { kind: 'department'; departmentCode: string; keyId: string }
  | { kind: 'user'; username: string; role: UserRole; scope: UserScope };

export const ADMIN_TOKEN_USER = 'admin-token';

export function actorName(p: Principal): string {
  return p.kind === 'department'
    ? `key:${p.departmentCode}/${p.keyId}`
    : p.username === ADMIN_TOKEN_USER
      ? ADMIN_TOKEN_USER
      : `user:${p.username}`;
}
