// The report settings (报告设置) as zod schemas: what PUT /v1/admin/report-settings accepts and
// what the OpenAPI document shows. Apart from settings.ts (types, defaults) so that code that
// only reads settings — the report generator, the scheduler Lambda — does not load zod.
import { z } from 'zod';
import { HEADLINE_IDS, type HeadlineId } from './headline.js';
import { parseScope } from './scope.js';

const Int = (min: number, max: number) => z.int().min(min).max(max);

export const MinVolume = z.strictObject({
  completed: Int(1, 100_000).describe('on-time rate: completed cases of known items (default 30)'),
  evaluations: Int(1, 100_000).describe('satisfaction: evaluations (default 30)'),
  items: Int(1, 100_000).describe('exemption coverage: catalog items (default 10)'),
});

export const ReportTarget = z.strictObject({
  scope: z.string().refine((s) => s === '*' || parseScope(s) !== null, {
    error: "scope: 'city', 'county:370303', 'department:D-JYJ' or '*' (every report without its own target)",
  }),
  metric: z.enum(HEADLINE_IDS as [HeadlineId, ...HeadlineId[]]),
  /** A rate as a fraction (0.3 = 30%), a count as a number. */
  target: z.number().min(0).max(1e12),
  direction: z.enum(['atLeast', 'atMost']).default('atLeast'),
  labelZh: z.string().min(1).max(60).optional(),
  labelEn: z.string().min(1).max(120).optional(),
});

export const ReportSettings = z.strictObject({
  minVolume: MinVolume,
  specialMatters: z.strictObject({
    farOverdueDays: Int(1, 250).describe('an open case this many working days past its deadline is 长期超期 (default 10)'),
    longSuspendedDays: Int(1, 250).describe('a case suspended this many working days is 长期暂停 (default 20)'),
    listLimit: Int(1, 500).describe('cases listed by name (default 50; all are counted)'),
  }),
  dataQuality: z.strictObject({
    silentWorkingDays: Int(1, 23).describe('working days in a row with nothing received (default 5)'),
    rejectedShare: z.number().min(0).max(1).describe('refused ÷ (accepted + refused) at or above this (default 0.1)'),
    rejectedMin: Int(0, 1_000_000).describe('…and at least this many refused records (default 20)'),
  }),
  targets: z.array(ReportTarget).max(200),
});

/** The settings input of PUT: every part optional, missing parts keep their defaults. */
export const ReportSettingsInput = z.strictObject({
  minVolume: MinVolume.partial().optional(),
  specialMatters: ReportSettings.shape.specialMatters.partial().optional(),
  dataQuality: ReportSettings.shape.dataQuality.partial().optional(),
  targets: z.array(ReportTarget).max(200).optional(),
});
