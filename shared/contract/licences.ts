// The e-licence catalog contract (电子证照目录): the licence types (电子证照类型) an administrator
// maintains, each a code and a name, which catalog materials exempted by e-licence name.
import { z } from 'zod';

/** 证照类型编码: 1–40 characters of A-Z a-z 0-9 . _ - (national type codes are 20-odd letters and digits). */
export const LicenceCode = z.string().regex(/^[A-Za-z0-9._-]{1,40}$/, { error: 'licence_code_chars' });

export const LicenceType = z.strictObject({
  code: LicenceCode,
  name: z.string().min(1).max(100), // 证照类型名称, e.g. 居民身份证
  issuer: z.string().min(1).max(100).optional(), // 发证机关 (as the type's catalog names it), e.g. 公安机关
});
export type LicenceType = z.infer<typeof LicenceType>;

export const MAX_LICENCES_PER_BATCH = 1000;
export const LicenceEnvelope = z.strictObject({ licences: z.array(z.unknown()).max(MAX_LICENCES_PER_BATCH) });

export const LicenceResultSchema = z.object({
  code: z.string().nullable(),
  status: z
    .enum(['accepted', 'updated', 'duplicate', 'rejected'])
    .describe('accepted: a new type; updated: its name or issuer changed; duplicate: identical to the stored type'),
  errors: z.array(z.object({ path: z.string(), code: z.string(), message: z.string(), messageZh: z.string() })).optional(),
});
export type LicenceResult = z.infer<typeof LicenceResultSchema>;
