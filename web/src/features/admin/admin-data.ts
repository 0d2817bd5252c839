// Pure rules of the administration page: what can be done to a key, the order keys are listed
// in, and turning the new-user and new-department forms into API input. No React, no fetch.
import type { UserRole, UserScope } from '../../../../shared/contract/admin';
import type { ApiKey, DepartmentInput, KeyStatus, UserInput } from './fetch-admin';

export const MIN_PASSWORD_LENGTH = 10;

export const KEY_ACTIONS: Record<KeyStatus, { rotate: boolean; revoke: boolean }> = {
  active: { rotate: true, revoke: true },
  // Already replaced by a rotation: it can be cut off early, not rotated again.
  expiring: { rotate: false, revoke: true },
  expired: { rotate: false, revoke: false },
  revoked: { rotate: false, revoke: false },
};

const STATUS_ORDER: Record<KeyStatus, number> = { active: 0, expiring: 1, expired: 2, revoked: 3 };

/** Usable keys first, then newest first. */
export function sortKeys(keys: readonly ApiKey[]): ApiKey[] {
  return [...keys].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || b.createdAt.localeCompare(a.createdAt));
}

export type ScopeKind = UserScope['kind'];

export interface UserForm {
  username: string;
  displayName: string;
  role: UserRole;
  scopeKind: ScopeKind;
  regionCode: string;
  departmentCode: string;
  password: string;
}

export const EMPTY_USER_FORM: UserForm = {
  username: '',
  displayName: '',
  role: 'supervisor',
  scopeKind: 'all',
  regionCode: '',
  departmentCode: '',
  password: '',
};

export function scopeFromForm(f: Pick<UserForm, 'scopeKind' | 'regionCode' | 'departmentCode'>): UserScope {
  switch (f.scopeKind) {
    case 'all':
      return { kind: 'all' };
    case 'region':
      return { kind: 'region', regionCode: f.regionCode.trim() };
    case 'department':
      return { kind: 'department', departmentCode: f.departmentCode };
  }
}

/** The API input of the form; the API validates everything, the form only pre-checks the password length. */
export function userInputFromForm(f: UserForm): UserInput {
  return {
    username: f.username.trim(),
    displayName: f.displayName.trim(),
    role: f.role,
    scope: scopeFromForm(f),
    password: f.password,
  };
}

export interface DepartmentForm {
  code: string;
  name: string;
  nameEn: string;
  regionCode: string;
}

export const EMPTY_DEPARTMENT_FORM: DepartmentForm = { code: '', name: '', nameEn: '', regionCode: '' };

export function departmentInputFromForm(f: DepartmentForm): DepartmentInput {
  const nameEn = f.nameEn.trim();
  return { code: f.code.trim(), name: f.name.trim(), ...(nameEn ? { nameEn } : {}), regionCode: f.regionCode.trim() };
}

/** A department's name in the reader's language (the English name is optional; fall back to Chinese). */
export function departmentName(d: { name: string; nameEn?: string | undefined }, locale: string): string {
  return locale === 'zh-CN' ? d.name : (d.nameEn ?? d.name);
}
