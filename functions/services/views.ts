// What the API shows of stored entities: never a hash, never a secret.
import type { ApiKeyRecord } from '../store/api-keys-store.js';
import type { UserRecord } from '../store/users-store.js';
import type { PublicUser } from '../../shared/contract/admin.js';

export type { PublicUser };
export type UserRecordView = UserRecord;

export function publicUser(u: UserRecord): PublicUser {
  return {
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    scope: u.scope,
    createdAt: u.createdAt,
    disabled: Boolean(u.disabledAt),
    locked: Boolean(u.lockedAt),
  };
}

export function publicKey(k: ApiKeyRecord, at: Date) {
  const status = k.revokedAt
    ? 'revoked'
    : k.validUntil && Date.parse(k.validUntil) <= at.getTime()
      ? 'expired'
      : k.validUntil
        ? 'expiring'
        : 'active';
  return {
    keyId: k.keyId,
    departmentCode: k.departmentCode,
    prefix: k.prefix,
    createdAt: k.createdAt,
    createdBy: k.createdBy,
    status: status as 'active' | 'expiring' | 'expired' | 'revoked',
    ...(k.label ? { label: k.label } : {}),
    ...(k.validUntil ? { validUntil: k.validUntil } : {}),
    ...(k.revokedAt ? { revokedAt: k.revokedAt } : {}),
    ...(k.lastUsedDay ? { lastUsedDay: k.lastUsedDay } : {}),
  };
}
