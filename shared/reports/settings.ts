// What an administrator sets for the monthly report (报告设置): the minimum volumes below which a
// department or district is listed but not ranked, the thresholds of the "special matters" and
// of the data-quality notes, and the reform targets (改革目标). Stored as one settings document;
// every report records the settings it was generated with.
import type { z } from 'zod';
import type {
  ReportSettings as ReportSettingsSchema,
  ReportSettingsInput as ReportSettingsInputSchema,
  ReportTarget as ReportTargetSchema,
} from './settings-schema.js';

// The zod schemas are in settings-schema.ts: the report generator and the scheduler Lambda read
// settings without loading zod (issue 10, cold import); the API validates PUT with them.
export type ReportTarget = z.infer<typeof ReportTargetSchema>;
export type ReportSettings = z.infer<typeof ReportSettingsSchema>;
export type ReportSettingsInput = z.input<typeof ReportSettingsInputSchema>;

export const DEFAULT_REPORT_SETTINGS: ReportSettings = {
  minVolume: { completed: 30, evaluations: 30, items: 10 },
  specialMatters: { farOverdueDays: 10, longSuspendedDays: 20, listLimit: 50 },
  dataQuality: { silentWorkingDays: 5, rejectedShare: 0.1, rejectedMin: 20 },
  targets: [],
};

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
