// Administration contract (管理): departments, API keys, dashboard users, sign-in.
import { z } from 'zod';
import { DepartmentCode } from './catalog.js';
import { RegionCode } from './records.js';

export const USER_ROLES = ['supervisor', 'leadership', 'administrator'] as const; // 监督人员 / 领导 / 管理员
export type UserRole = (typeof USER_ROLES)[number];

/** What a user may see: everything, one region (a district or township and all below it), or one department. */
export const UserScope = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('region'), regionCode: RegionCode }),
  z.strictObject({ kind: z.literal('department'), departmentCode: DepartmentCode }),
]);
export type UserScope = z.infer<typeof UserScope>;

export const DepartmentInput = z.strictObject({
  code: DepartmentCode,
  name: z.string().min(1).max(100).describe('Chinese name, e.g. 淄博市教育局'),
  nameEn: z.string().min(1).max(200).optional(),
  regionCode: RegionCode.describe('12-digit division code of the region the department belongs to'),
});
export type DepartmentInput = z.infer<typeof DepartmentInput>;

export const DepartmentSchema = DepartmentInput.extend({ createdAt: z.string() });

export const Username = z.string().regex(/^[a-z0-9._-]{2,64}$/, { error: 'username: 2–64 characters of a-z 0-9 . _ -' });
export const Password = z.string().min(10, { error: 'password: at least 10 characters' }).max(200);

export const UserInput = z.strictObject({
  username: Username,
  displayName: z.string().min(1).max(100),
  role: z.enum(USER_ROLES),
  scope: UserScope,
  password: Password,
});
export type UserInput = z.infer<typeof UserInput>;

export const UserPatch = z.strictObject({
  displayName: z.string().min(1).max(100).optional(),
  role: z.enum(USER_ROLES).optional(),
  scope: UserScope.optional(),
  password: Password.optional(),
  disabled: z.boolean().optional(),
});
export type UserPatch = z.infer<typeof UserPatch>;

export const PublicUser = z.object({
  username: z.string(),
  displayName: z.string(),
  role: z.enum(USER_ROLES),
  scope: UserScope,
  createdAt: z.string(),
  disabled: z.boolean(),
  locked: z.boolean().describe('locked after too many failed sign-ins; POST /v1/admin/users/{username}/unlock'),
});
export type PublicUser = z.infer<typeof PublicUser>;

export const LoginInput = z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) });
export const LoginResult = z.object({ token: z.string(), expiresAt: z.string(), user: PublicUser });

export const KeyCreateInput = z.strictObject({ label: z.string().max(100).optional() });
export const KeyRotateInput = z.strictObject({
  overlapHours: z
    .number()
    .min(0)
    .max(24 * 90)
    .optional()
    .describe('how long the old key keeps working (default 24)'),
  label: z.string().max(100).optional(),
});
export const PublicKey = z.object({
  keyId: z.string(),
  departmentCode: z.string(),
  label: z.string().optional(),
  prefix: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  validUntil: z.string().optional(),
  revokedAt: z.string().optional(),
  status: z.enum(['active', 'expiring', 'expired', 'revoked']),
  lastUsedDay: z.string().optional(),
});
export const NewKey = PublicKey.extend({ key: z.string().describe('the secret; shown once, store it now') });

export const AuditEntrySchema = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
