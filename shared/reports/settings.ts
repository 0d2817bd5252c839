// What an administrator sets for the monthly report (报告设置): the minimum volumes below which a
// department or district is listed but not ranked, the thresholds of the "special matters" and
// of the data-quality notes, and the reform targets (改革目标). Stored as one settings document;
// every report records the settings it was generated with.
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
  scope: z.string().refine((s) => s === '*' || parseScope(s) !== null, { error: "scope: 'city', 'county:370303', 'department:D-JYJ' or '*' (every report without its own target)" }),
  metric: z.enum(HEADLINE_IDS as [HeadlineId, ...HeadlineId[]]),
  /** A rate as a fraction (0.3 = 30%), a count as a number. */
  target: z.number().min(0).max(1e12),
  direction: z.enum(['atLeast', 'atMost']).default('atLeast'),
  labelZh: z.string().min(1).max(60).optional(),
  labelEn: z.string().min(1).max(120).optional(),
});
export type ReportTarget = z.infer<typeof ReportTarget>;

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
export type ReportSettings = z.infer<typeof ReportSettings>;

export const DEFAULT_REPORT_SETTINGS: ReportSettings = {
  minVolume: { completed: 30, evaluations: 30, items: 10 },
  specialMatters: { farOverdueDays: 10, longSuspendedDays: 20, listLimit: 50 },
  dataQuality: { silentWorkingDays: 5, rejectedShare: 0.1, rejectedMin: 20 },
  targets: [],
};

/** The settings input of PUT: every part optional, missing parts keep their defaults. */
export const ReportSettingsInput = z.strictObject({
  minVolume: MinVolume.partial().optional(),
  specialMatters: ReportSettings.shape.specialMatters.partial().optional(),
  dataQuality: ReportSettings.shape.dataQuality.partial().optional(),
  targets: z.array(ReportTarget).max(200).optional(),
});
export type ReportSettingsInput = z.input<typeof ReportSettingsInput>;

/** Stored (possibly older, partial) settings completed with the defaults. */
export function withDefaults(s: Partial<{ [K in keyof ReportSettings]: Partial<ReportSettings[K]> }> | undefined): ReportSettings {
  const d = DEFAULT_REPORT_SETTINGS;
  return {
    minVolume: { ...d.minVolume, ...s?.minVolume },
    specialMatters: { ...d.specialMatters, ...s?.specialMatters },
    dataQuality: { ...d.dataQuality, ...s?.dataQuality },
    targets: (s?.targets as ReportTarget[] | undefined) ?? d.targets,
  };
}

/** The targets of one report: its scope's own, else the '*' ones (per metric). */
export function targetsFor(all: readonly ReportTarget[], scope: string): ReportTarget[] {
  const own = all.filter((t) => t.scope === scope);
  const mine = new Set(own.map((t) => t.metric));
  return [...own, ...all.filter((t) => t.scope === '*' && !mine.has(t.metric))];
}
