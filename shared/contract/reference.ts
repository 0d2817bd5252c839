// The reference lists every page reads, as zod schemas: the divisions (GET /v1/regions) and the
// departments (GET /v1/admin/departments). The routes declare them as their responses, the
// dashboard imports their inferred types (type-only), and `Region` is this one type everywhere.
import { z } from 'zod';
import { DepartmentSchema } from './admin.js';

export const REGION_LEVELS = ['city', 'county', 'town', 'street', 'zone'] as const;

/** A division the dashboard and the API name (行政区划): built in for the city, or a functional zone (功能区) an administrator adds. */
export const RegionSchema = z.object({
  code: z.string().describe('12 digits'),
  name: z.string(),
  level: z.enum(REGION_LEVELS),
  parent: z.string().nullable().describe('12-digit code of the parent'),
});
export type Region = z.infer<typeof RegionSchema>;

/** GET /v1/regions. */
export const RegionList = z.object({ regions: z.array(RegionSchema) });
export type RegionList = z.infer<typeof RegionList>;

export type Department = z.infer<typeof DepartmentSchema>;
/** GET /v1/admin/departments. */
export const DepartmentList = z.object({ departments: z.array(DepartmentSchema) });
export type DepartmentList = z.infer<typeof DepartmentList>;
