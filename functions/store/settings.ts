// Every setting document (配置项) the product keeps, in one registry: its item name under the
// SETTINGS partition and the type of its value, checked when read. A stored value of the wrong
// shape (written by an older version, or by hand) reads as absent, so the caller's default applies
// instead of a cast that lies. The store (settings-store.ts) takes only these descriptors.
import type { CalendarData } from '../../shared/calendar/index.js';
import type { FollowUpDeadlines } from '../../shared/figures/deadlines.js';
import type { Region } from '../../shared/region-code.js';
import type { ReportSettings } from '../../shared/reports/settings.js';

export interface Setting<T> {
  readonly name: string;
  /** The stored value as T, or undefined when it is not of T's shape. */
  readonly read: (stored: unknown) => T | undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const setting = <T>(name: string, read: (stored: unknown) => T | undefined): Setting<T> => ({ name, read });
const number = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const string = (v: unknown) => (typeof v === 'string' ? v : undefined);
const boolean = (v: unknown) => (typeof v === 'boolean' ? v : undefined);
/** An object whose listed fields are objects (their contents are checked where they are used: calendars by createCalendar, report settings by withDefaults). */
const objectWith =
  <T>(...fields: string[]) =>
  (v: unknown): T | undefined =>
    isRecord(v) && fields.every((f) => isRecord(v[f])) ? (v as T) : undefined;

/** The stored SMTP setting (the password only sealed). */
export interface StoredSmtp {
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  user?: string;
  passwordSealed?: string;
  from: string;
  updatedAt: string;
}

/** Stored report settings: possibly older and partial, completed by withDefaults. */
export type StoredReportSettings = Partial<{ [K in keyof ReportSettings]: Partial<ReportSettings[K]> }>;

export const SETTINGS = {
  /** The working-day calendar in force (工作日历), with its version. */
  calendar: setting<{ data: CalendarData; version?: string }>('CALENDAR', objectWith('data')),
  /** A past calendar version, kept so cases counted with it can be recounted. */
  calendarVersion: (version: string) => setting<{ data: CalendarData }>(`CALENDAR#${version}`, objectWith('data')),
  /** Follow-up deadlines for complaints and evaluations (投诉、差评处置时限). */
  deadlines: setting<FollowUpDeadlines>('DEADLINES', objectWith()),
  /** Functional zones (功能区) an administrator added to the division table. */
  zones: setting<Region[]>('ZONES', (v) =>
    Array.isArray(v) && v.every((z) => isRecord(z) && typeof z.code === 'string') ? (v as Region[]) : undefined,
  ),
  /** Report, ranking and target settings (报告设置). */
  reports: setting<StoredReportSettings>('REPORT_SETTINGS', objectWith()),
  /** Which default alert rules were created (1: the first release's five), so a deleted one is not made again. */
  alertDefaults: setting<number | string[]>('ALERT_DEFAULTS', (v) =>
    typeof v === 'number' || (Array.isArray(v) && v.every((x) => typeof x === 'string')) ? (v as number | string[]) : undefined,
  ),
  /** The SMTP server e-mail channels send through (the password sealed like webhook secrets). */
  alertSmtp: setting<StoredSmtp>('ALERT_SMTP', (v) =>
    isRecord(v) && typeof v.host === 'string' && typeof v.port === 'number' && typeof v.from === 'string'
      ? (v as unknown as StoredSmtp)
      : undefined,
  ),
  /** Bumped by every catalog write: readers' cached catalog snapshots know they are stale. */
  catalogGeneration: setting<number>('CATALOG_GEN', number),
  /** The aggregation rules version the stored figures were computed with. */
  rulesVersion: setting<number>('RULES_VERSION', number),
  /** Set once open cases stored before the per-department open-case index were moved to it. */
  openCasesReindexed: setting<boolean>('OPEN_CASES_REINDEXED_V2', boolean),
  /** Set once existing complaints and evaluations were indexed for the work lists. */
  feedbackListsIndexed: setting<boolean>('FEEDBACK_LISTS_INDEXED_V1', boolean),
  /** The local stream poller's checkpoint per shard (npm start only). */
  streamCheckpoint: (shardId: string) => setting<string>(`STREAM#${shardId}`, string),
  /** A write the local poller waits to see on the stream, to know it has caught up (npm start only). */
  streamPing: setting<string>('STREAM_PING', string),
} as const;
