// The monthly report archive's entry (月度报告列表), as a zod schema: GET /v1/reports declares it as
// its response, the report service composes it, and the dashboard imports its inferred type
// (type-only) — one definition instead of a server and a web copy.
import { z } from 'zod';
import type { ReportScope } from '../reports/scope.js';

export const REPORT_SCOPE_KINDS = ['city', 'county', 'department'] as const satisfies readonly ReportScope['kind'][];

/** Five headline figures of the current version, for the archive table (null: no denominator). */
export const ReportSummary = z.object({
  accepted: z.number().nullable(),
  completed: z.number().nullable(),
  onTimeRate: z.number().nullable(),
  satisfactionRate: z.number().nullable(),
  complaints: z.number().nullable(),
});

export const ReportListEntry = z.object({
  id: z.string().describe('`<month>~city`, `<month>~county~<6-digit code>` or `<month>~department~<code>`'),
  month: z.string().describe('YYYY-MM'),
  scope: z.string().describe("'city', 'county:370303' or 'department:D-JYJ'"),
  scopeKind: z.enum(REPORT_SCOPE_KINDS),
  scopeCode: z.string().nullable(),
  nameZh: z.string(),
  nameEn: z.string(),
  currentVersion: z.number(),
  versions: z.number().describe('how many versions are archived'),
  generatedAt: z.string().describe('when the current version was generated'),
  generatedBy: z.string(),
  summary: ReportSummary,
});
export type ReportListEntry = z.infer<typeof ReportListEntry>;

/** GET /v1/reports. */
export const ReportList = z.object({ reports: z.array(ReportListEntry) });
export type ReportList = z.infer<typeof ReportList>;
