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

/** What a department's feed sent (数据接入): records by outcome, and rejections by rule code. */
export const FeedCounts = z.object({
  accepted: z.number(),
  duplicate: z.number(),
  conflict: z.number(),
  rejected: z.number(),
  forbidden: z.number(),
  voids: z.number(),
  unknownItem: z.number().describe('accepted, naming an item code not in the catalog'),
  rejectedBy: z.record(z.string(), z.number()).describe('rejections by rule code, e.g. { "not_one_of": 3 }'),
});
export type FeedCounts = z.infer<typeof FeedCounts>;

/** One department's feed over the period, its days, and whether it went quiet. */
export const FeedDepartment = FeedCounts.extend({
  department: z.string(),
  name: z.string(),
  lastReceivedAt: z.string().nullable().describe('the last record received in the past year'),
  daysSinceLastRecord: z.number().nullable(),
  stale: z.boolean().describe('no record for staleAfterDays days or more'),
  days: z.array(FeedCounts.extend({ day: z.string() })),
});
export type FeedDepartment = z.infer<typeof FeedDepartment>;

/** GET /v1/feeds. */
export const FeedsAnswer = z.object({ from: z.string(), to: z.string(), staleAfterDays: z.number(), departments: z.array(FeedDepartment) });
export type FeedsAnswer = z.infer<typeof FeedsAnswer>;

/** GET /v1/admin/calendar: the working-day calendar in force (工作日历), by year. */
export const CalendarAnswer = z.object({
  version: z.string(),
  years: z.record(
    z.string(),
    z.object({
      holidays: z.array(z.string()).describe('weekdays off (法定节假日)'),
      workdays: z.array(z.string()).describe('weekend days worked (调休上班)'),
    }),
  ),
});
export type CalendarAnswer = z.infer<typeof CalendarAnswer>;
