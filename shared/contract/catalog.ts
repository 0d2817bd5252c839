// The service-item catalog contract (政务服务事项目录, ingest-api.md "Catalog").
import { z } from 'zod';
import { EXEMPTIONS, ITEM_KINDS, LEVELS, MATERIAL_KINDS } from '../enums.js';
import { ItemCode, MaterialCode } from './records.js';
import { LicenceCode } from './licences.js';

export const IsoDateString = z.iso.date({ error: 'date_format' });

export const CatalogMaterial = z
  .strictObject({
    code: MaterialCode,
    name: z.string().min(1).max(200),
    kind: z.enum(MATERIAL_KINDS),
    exemption: z.enum(EXEMPTIONS),
    /** 电子证照类型: for a material exempted by e-licence, the licence type (a code of the e-licence catalog). */
    licenceCode: LicenceCode.optional(),
  })
  .superRefine((m, ctx) => {
    if (m.licenceCode !== undefined && m.exemption !== 'e_license')
      ctx.addIssue({ code: 'custom', path: ['licenceCode'], message: 'licence_needs_e_license' });
  });

export const DepartmentCode = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,32}$/, { error: 'department code: 1–32 characters of A-Z a-z 0-9 . _ -' });

export const CatalogItem = z
  .strictObject({
    itemCode: ItemCode,
    name: z.string().min(1).max(300),
    departmentCode: DepartmentCode,
    kind: z.enum(ITEM_KINDS),
    statutoryDays: z.int().min(0).max(3650), // 法定时限 (0 = none)
    promisedDays: z.int().min(0).max(3650), // 承诺时限 (0 = 即办件)
    levels: z.array(z.enum(LEVELS)).min(1).max(LEVELS.length),
    materials: z.array(CatalogMaterial).max(200),
    effectiveFrom: IsoDateString,
  })
  .superRefine((item, ctx) => {
    if (item.statutoryDays > 0 && item.promisedDays > item.statutoryDays) {
      ctx.addIssue({ code: 'custom', path: ['promisedDays'], message: 'promised_over_statutory' });
    }
    const seen = new Set<string>();
    item.materials.forEach((m, i) => {
      if (seen.has(m.code)) ctx.addIssue({ code: 'custom', path: ['materials', i, 'code'], message: 'material_twice' });
      seen.add(m.code);
    });
    const lv = new Set<string>();
    item.levels.forEach((l, i) => {
      if (lv.has(l)) ctx.addIssue({ code: 'custom', path: ['levels', i], message: 'level_twice' });
      lv.add(l);
    });
  });
export type CatalogItem = z.infer<typeof CatalogItem>;

export const MAX_ITEMS_PER_BATCH = 500;
export const CatalogEnvelope = z.strictObject({ items: z.array(z.unknown()).max(MAX_ITEMS_PER_BATCH) });

export const ItemResultSchema = z.object({
  itemCode: z.string().nullable(),
  effectiveFrom: z.string().nullable(),
  status: z
    .enum(['accepted', 'updated', 'duplicate', 'rejected', 'forbidden'])
    .describe(
      'accepted: a new version; updated: the version with this effectiveFrom was replaced; duplicate: identical to the stored version',
    ),
  errors: z.array(z.object({ path: z.string(), code: z.string(), message: z.string(), messageZh: z.string() })).optional(),
});
export type ItemResult = z.infer<typeof ItemResultSchema>;
