// Sign-in, sign-out and "who am I" calls of the API.
import type { PublicUser, UserRole, UserScope } from '../../../../shared/contract/admin';
import { apiFetch } from '../../api/client';

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: PublicUser;
}

/** GET /v1/me: a dashboard user (also the administrator token) or a department's API key. */
export type Me =
  | { kind: 'user'; username: string; role: UserRole; scope: UserScope }
  | { kind: 'department'; departmentCode: string; keyId: string };

export function login(username: string, password: string): Promise<LoginResult> {
  return apiFetch<LoginResult>('/v1/auth/login', { method: 'POST', body: { username, password }, anonymous: true });
}

/** Who the session token is, or `token` when given (to check a pasted token before keeping it). */
export function fetchMe(token?: string, signal?: AbortSignal): Promise<Me> {
  return apiFetch<Me>('/v1/me', { ...(token !== undefined ? { token } : {}), ...(signal ? { signal } : {}) });
}

export function logout(): Promise<void> {
  return apiFetch<void>('/v1/auth/logout', { method: 'POST' });
}
