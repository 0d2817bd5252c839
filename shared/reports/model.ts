// The monthly report document (月度报告): what is archived, immutably, for one month and one
// scope — the figures as they stood at generation, with everything derived from them. The API
// returns it as JSON; the printed page, the PDF, the XLSX and the CSV are renderings of it.
import type { ComplaintCategory } from '../figures/deadlines.js';
import type { Filter } from '../figures/dimensions.js';
import type { Figures } from '../figures/figures.js';
import type { ChangeKind, ValueUnit } from './format.js';
import type { HeadlineId, ValueWithParts } from './headline.js';
import type { Month } from './month.js';
import type { Ranking, RankingMetric, RankStatus } from './ranking.js';
import type { ScopeKind } from './scope.js';
import type { ReportSettings } from './settings.js';

/** Bumped when the document's shape changes; older versions stay readable as they were stored. */
export const REPORT_SCHEMA = 1;

export interface ReportScopeInfo {
  key: string; // 'city' | 'county:370303' | 'department:D-JYJ'
  kind: ScopeKind;
  code: string | null;
  nameZh: string;
  nameEn: string;
}

export interface Period {
  from: string;
  to: string;
}

/**
 * The answer of GET /v1/figures for the scope and a period, as it stood at generation: the
 * figures, the filter they were read with (the scope's, as the figures service narrowed it) and,
 * when a filter did not apply to every section, notes. Never `compare`.
 */
export type FiguresAnswer = Figures & { filter: Filter; notes?: string[] };

export interface Change {
  kind: ChangeKind;
  value: number | null;
}

export interface HeadlineRow {
  id: HeadlineId;
  unit: ValueUnit;
  current: ValueWithParts;
  previous: ValueWithParts | null;
  lastYear: ValueWithParts | null;
  /** Month on month (环比): rates in percentage points, counts and days in percent. */
  mom: Change;
  /** Year on year (同比). */
  yoy: Change;
}

/** A department's place among all departments of the city (department reports). */
export interface RankPosition {
  metric: RankingMetric;
  rank: number | null;
  of: number;
  status: RankStatus;
  value: number | null;
  denominator: number;
}

export interface SpecialCase {
  kind: 'far_overdue' | 'long_suspended';
  department: string;
  departmentName: string;
  caseId: string;
  itemCode: string;
  itemName: string | null;
  regionCode: string;
  acceptedOn: string;
  deadline: string | null;
  limitDays: number;
  /** Working days past the deadline (0 while suspended). */
  daysOverdue: number;
  /** The current suspension: since when, and working days counted so far. */
  suspendedSince: string | null;
  suspendedDays: number;
}

export interface SpecialMattersByDept {
  department: string;
  nameZh: string;
  nameEn: string;
  /** Open and past the deadline now (红牌). */
  overdueOpen: number;
  farOverdue: number;
  longSuspended: number;
}

/** Overdue and long-waiting cases (超期与长期等待事项), judged at generation time. */
export interface SpecialMatters {
  asOf: string; // ISO instant of the judgement (the generation time)
  farOverdueDays: number;
  longSuspendedDays: number;
  totals: { overdueOpen: number; farOverdue: number; longSuspended: number };
  byDepartment: SpecialMattersByDept[];
  /** The longest-waiting cases, at most listLimit of them (all are counted above). */
  cases: SpecialCase[];
  listLimit: number;
}

export interface CountRow {
  count: number;
  previous: number | null;
}

export interface ComplaintHotspots {
  received: number;
  previous: number | null;
  byCategory: Array<{ category: ComplaintCategory; count: number; previous: number | null; share: number | null }>;
  unnecessaryProof: CountRow & { lastYear: number | null };
  /** By department (city and county reports); null for a department's own report. */
  byDepartment: Array<{ department: string; nameZh: string; nameEn: string; received: number; unnecessaryProof: number }> | null;
  /** By item (city and department reports); null for a county (items carry no county in the rollups). */
  byItem: Array<{ itemCode: string; itemName: string | null; department: string; received: number; unnecessaryProof: number }> | null;
  /** Rows listed per list (the most first). */
  listLimit: number;
}

export interface TargetProgress {
  metric: HeadlineId;
  unit: ValueUnit;
  labelZh: string;
  labelEn: string;
  scope: string; // the target's own scope, or '*'
  target: number;
  direction: 'atLeast' | 'atMost';
  actual: ValueWithParts;
  met: boolean | null;
  /** actual − target: percentage points for rates, units for counts and days. */
  gap: number | null;
}

export type DataQualityKind = 'no_data' | 'silent' | 'rejected' | 'unknown_items';

export interface DataQualityNote {
  kind: DataQualityKind;
  department: string;
  nameZh: string;
  nameEn: string;
  /** Everything the feed sent in the month, and what was accepted or refused. */
  received: number;
  accepted: number;
  rejected: number;
  rejectedShare: number | null;
  topRejections: Array<{ code: string; n: number }>;
  unknownItem: number;
  /** silent: the longest run of working days with nothing received. */
  silentDays?: number;
  silentFrom?: string;
  silentTo?: string;
}

export interface DataQuality {
  checkedDepartments: number;
  /** Departments with at least one note. */
  departmentsWithNotes: number;
  notes: DataQualityNote[];
}

export interface Targets {
  /** Targets with a value to judge (a rate with no denominator cannot be judged). */
  judged: number;
  met: number;
  rows: TargetProgress[];
}

export interface NarrativeSentence {
  key: string;
  zh: string;
  en: string;
  /** Paths into the report of every value the sentence states (see resolvePath). */
  refs: string[];
}

export interface Narrative {
  zh: string;
  en: string;
  sentences: NarrativeSentence[];
}

export interface ReportDoc {
  schema: typeof REPORT_SCHEMA;
  id: string;
  month: Month;
  version: number;
  scope: ReportScopeInfo;
  periods: { current: Period; previous: Period | null; lastYear: Period | null };
  generatedAt: string;
  generatedBy: string;
  /** The Shanghai date the figures were judged at (complaint and review deadlines, overdue now). */
  asOf: string;
  calendarVersion: string;
  catalogGeneration: number;
  settings: Omit<ReportSettings, 'targets'>;
  figures: { current: FiguresAnswer; previous: FiguresAnswer | null; lastYear: FiguresAnswer | null };
  headline: HeadlineRow[];
  rankings: Ranking[];
  positions: RankPosition[];
  specialMatters: SpecialMatters;
  complaints: ComplaintHotspots;
  targets: Targets;
  dataQuality: DataQuality;
  narrative: Narrative;
}

/** One version in a report's history, with what changed from the version before. */
export interface ReportVersionInfo {
  version: number;
  generatedAt: string;
  generatedBy: string;
  calendarVersion: string;
  catalogGeneration: number;
  changes: ReportChanges | null;
}

export interface ReportChanges {
  headline: Array<{ id: HeadlineId; before: number | null; after: number | null }>;
  rankingRowsChanged: number;
  specialMatters: { before: SpecialMatters['totals']; after: SpecialMatters['totals'] } | null;
  dataQualityNotes: { before: number; after: number } | null;
  targetsChanged: number;
  calendarChanged: boolean;
  catalogChanged: boolean;
  narrativeChanged: boolean;
}

/**
 * A value inside the report by path: '/'-separated keys (no code contains '/'), array indexes,
 * and `[key=value]` to pick the array element whose `key` equals `value`, e.g.
 * `headline/[id=onTimeRate]/current/value`.
 */
export function resolvePath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const seg of path.split('/')) {
    if (cur === null || cur === undefined) return undefined;
    const pick = /^\[(\w+)=(.*)\]$/.exec(seg);
    if (pick) {
      if (!Array.isArray(cur)) return undefined;
      cur = cur.find((x) => x && String((x as Record<string, unknown>)[pick[1]!]) === pick[2]);
    } else if (Array.isArray(cur) && /^\d+$/.test(seg)) {
      cur = cur[Number(seg)];
    } else {
      cur = (cur as Record<string, unknown>)[seg];
    }
  }
  return cur;
}
