// The monthly report (月度报告) as zod schemas: the archive list's entry (GET /v1/reports), and the
// whole JSON answer of one report (GET /v1/reports/{id}, POST /v1/reports) — the document with
// every section, its version history and the envelope around them. The routes declare them as
// their responses, the report service composes them, and the dashboard imports the inferred types
// (type-only) — one definition instead of a server and a web copy.
//
// The report document's domain types stay the plain interfaces of shared/reports/model.ts (the
// generator, the renderings and the narrative are written against them, and they load no zod);
// the check at the end of this file fails to compile when the schema and the model part ways.
// Objects are strict: the OpenAPI document says `additionalProperties: false`, and parsing an
// answer with these schemas fails on a field the contract does not declare.
import { z } from 'zod';
import { COMPLAINT_CATEGORIES } from '../enums.js';
import { HEADLINE_IDS, type HeadlineId } from '../reports/headline.js';
import { REPORT_SCHEMA, type ReportDoc, type ReportVersionInfo } from '../reports/model.js';
import { RANKING_METRICS, type RankingBy, type RankingMetric, type RankStatus } from '../reports/ranking.js';
import type { ReportScope } from '../reports/scope.js';
import { ReportSettings } from '../reports/settings-schema.js';
import { FiguresBody } from './figures.js';

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

// ——— One report: the document (报告正文) ———

const HeadlineIdEnum = z.enum(HEADLINE_IDS as [HeadlineId, ...HeadlineId[]]);
const RankingMetricEnum = z.enum(RANKING_METRICS as [RankingMetric, ...RankingMetric[]]);
const RankStatusEnum = z
  .enum(['ranked', 'sole_eligible', 'below_minimum', 'no_data'] as const satisfies readonly RankStatus[])
  .describe(
    'ranked; sole_eligible: the only unit at the minimum volume (not ranked alone); below_minimum: listed, not ranked; no_data: no denominator',
  );
const ValueUnitEnum = z.enum(['count', 'rate', 'days']).describe('rates as fractions (0.3 = 30%), days as working days');
const Day = z.string().describe('YYYY-MM-DD (Asia/Shanghai)');

/**
 * A copy of a schema in which every object, however deep, is strict (unknown keys refused),
 * descriptions kept. For the figures answer: its contract (shared/contract/figures.ts) is shared
 * with GET /v1/figures, which declares plain objects; the report reuses it rather than a copy.
 * Objects, nullable, optional and arrays are walked; anything else (records keyed by an enum,
 * which refuse unknown keys already, and scalars) is kept as it is. Strictness only refuses keys,
 * so the parsed type is unchanged: the result is typed as the schema's output and input.
 */
function strictDeep<T extends z.ZodType>(schema: T): z.ZodType<z.output<T>, z.input<T>> {
  const walk = (s: z.ZodType): z.ZodType => {
    let out: z.ZodType;
    if (s instanceof z.ZodObject)
      out = z.strictObject(Object.fromEntries(Object.entries(s.shape as Record<string, z.ZodType>).map(([k, v]) => [k, walk(v)])));
    else if (s instanceof z.ZodNullable) out = walk(s.unwrap() as z.ZodType).nullable();
    else if (s instanceof z.ZodOptional) out = walk(s.unwrap() as z.ZodType).optional();
    else if (s instanceof z.ZodArray) out = z.array(walk(s.element as z.ZodType));
    else return s;
    return s.description ? out.describe(s.description) : out;
  };
  return walk(schema) as z.ZodType<z.output<T>, z.input<T>>;
}

/**
 * One figures answer of the report: what GET /v1/figures answered for the scope and the period
 * at generation — period, the five sections, the filter and, when a filter did not apply to every
 * section, notes. Never `compare` (the report reads each period on its own).
 */
const ReportFigures = strictDeep(FiguresBody);

const Period = z.strictObject({ from: Day, to: Day });

const ReportScopeInfo = z.strictObject({
  key: z.string().describe("the scope key: 'city', 'county:370303' or 'department:D-JYJ'"),
  kind: z.enum(REPORT_SCOPE_KINDS),
  code: z.string().nullable().describe('the county/district (6 digits) or department code; null for the city'),
  nameZh: z.string(),
  nameEn: z.string(),
});

/** A value with the numerator and denominator it is computed from (a rate's, or the limit compression's days). */
const ValueWithParts = z.strictObject({
  value: z.number().nullable().describe('null: no denominator'),
  numerator: z.number().optional(),
  denominator: z.number().optional(),
});

const Change = z.strictObject({
  kind: z.enum(['pp', 'pct']).describe('pp: percentage points (rates); pct: percent (counts and days)'),
  value: z.number().nullable().describe('null when either side is missing, or (pct) the earlier value is 0'),
});

const HeadlineRow = z.strictObject({
  id: HeadlineIdEnum,
  unit: ValueUnitEnum,
  current: ValueWithParts,
  previous: ValueWithParts.nullable().describe('the month before; null before the first figures'),
  lastYear: ValueWithParts.nullable().describe('the same month a year earlier; null before the first figures'),
  mom: Change.describe('month on month (环比)'),
  yoy: Change.describe('year on year (同比)'),
});

const RateSample = {
  value: z.number().nullable(),
  numerator: z.number(),
  denominator: z.number(),
};

const RankingRow = z.strictObject({
  code: z.string().describe('the department code or the 6-digit county/district code'),
  nameZh: z.string(),
  nameEn: z.string(),
  ...RateSample,
  rank: z.number().nullable().describe('competition rank (1, 2, 2, 4); null when not ranked'),
  status: RankStatusEnum,
  previous: z
    .strictObject({ ...RateSample, rank: z.number().nullable() })
    .nullable()
    .describe('the month before, ranked by the same rule; null without figures'),
  changePp: z.number().nullable().describe('value − previous value, in percentage points'),
});

const Ranking = z.strictObject({
  key: z.string().describe("`<by>:<metric>`, e.g. 'department:onTimeRate'"),
  metric: RankingMetricEnum,
  by: z.enum(['department', 'county'] as const satisfies readonly RankingBy[]),
  volume: z.enum(['completed', 'evaluations', 'items']).describe('what the minimum volume counts'),
  minVolume: z.number().describe('a unit is ranked only when its denominator reaches this (最低样本量)'),
  rankedCount: z.number(),
  belowMinimumCount: z.number(),
  rows: z.array(RankingRow),
});

const RankPosition = z.strictObject({
  metric: RankingMetricEnum,
  rank: z.number().nullable(),
  of: z.number().describe('how many departments are ranked'),
  status: RankStatusEnum,
  value: z.number().nullable(),
  denominator: z.number(),
});

const SpecialCase = z.strictObject({
  kind: z.enum(['far_overdue', 'long_suspended']).describe('far_overdue: 长期超期; long_suspended: 长期暂停'),
  department: z.string(),
  departmentName: z.string(),
  caseId: z.string(),
  itemCode: z.string(),
  itemName: z.string().nullable(),
  regionCode: z.string().describe('12-digit division code'),
  acceptedOn: Day,
  deadline: Day.nullable(),
  limitDays: z.number().describe('working days allowed, extensions included'),
  daysOverdue: z.number().describe('working days past the deadline (0 while suspended)'),
  suspendedSince: Day.nullable().describe('the current suspension began on'),
  suspendedDays: z.number().describe('working days of the current suspension so far'),
});

const SpecialTotals = z.strictObject({ overdueOpen: z.number(), farOverdue: z.number(), longSuspended: z.number() });

const SpecialMatters = z
  .strictObject({
    asOf: z.string().describe('ISO instant the cases were judged at (the generation time)'),
    farOverdueDays: z.number(),
    longSuspendedDays: z.number(),
    totals: SpecialTotals,
    byDepartment: z.array(
      z.strictObject({
        department: z.string(),
        nameZh: z.string(),
        nameEn: z.string(),
        overdueOpen: z.number().describe('open and past the deadline now (红牌)'),
        farOverdue: z.number(),
        longSuspended: z.number(),
      }),
    ),
    cases: z.array(SpecialCase).describe('the longest-waiting cases, at most listLimit (all are counted in totals)'),
    listLimit: z.number(),
  })
  .describe('overdue and long-waiting cases (超期与长期等待事项), judged at generation');

const ComplaintHotspots = z.strictObject({
  received: z.number(),
  previous: z.number().nullable(),
  byCategory: z.array(
    z.strictObject({
      category: z.enum(COMPLAINT_CATEGORIES),
      count: z.number(),
      previous: z.number().nullable(),
      share: z.number().nullable().describe('of the complaints received; null when none'),
    }),
  ),
  unnecessaryProof: z
    .strictObject({ count: z.number(), previous: z.number().nullable(), lastYear: z.number().nullable() })
    .describe('complaints about an unnecessary proof (要求提供不必要证明)'),
  byDepartment: z
    .array(
      z.strictObject({
        department: z.string(),
        nameZh: z.string(),
        nameEn: z.string(),
        received: z.number(),
        unnecessaryProof: z.number(),
      }),
    )
    .nullable()
    .describe("null in a department's own report"),
  byItem: z
    .array(
      z.strictObject({
        itemCode: z.string(),
        itemName: z.string().nullable(),
        department: z.string(),
        received: z.number(),
        unnecessaryProof: z.number(),
      }),
    )
    .nullable()
    .describe('null in a county report (item rollups carry no county)'),
  listLimit: z.number().describe('rows listed per list, the most first'),
});

const TargetProgress = z.strictObject({
  metric: HeadlineIdEnum,
  unit: ValueUnitEnum,
  labelZh: z.string(),
  labelEn: z.string(),
  scope: z.string().describe("the target's own scope, or '*'"),
  target: z.number().describe('a rate as a fraction (0.3 = 30%)'),
  direction: z.enum(['atLeast', 'atMost']),
  actual: ValueWithParts,
  met: z.boolean().nullable().describe('null: no value to judge'),
  gap: z.number().nullable().describe('actual − target: percentage points for rates, units for counts and days'),
});

const Targets = z
  .strictObject({
    judged: z.number().describe('targets with a value to judge'),
    met: z.number(),
    rows: z.array(TargetProgress),
  })
  .describe('progress against the reform targets (改革目标)');

const DataQualityNote = z.strictObject({
  kind: z.enum(['no_data', 'silent', 'rejected', 'unknown_items']),
  department: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  received: z.number().describe('everything the feed sent in the month'),
  accepted: z.number(),
  rejected: z.number(),
  rejectedShare: z.number().nullable().describe('rejected ÷ (accepted + rejected)'),
  topRejections: z.array(z.strictObject({ code: z.string(), n: z.number() })),
  unknownItem: z.number(),
  silentDays: z.number().optional().describe('silent: the longest run of working days with nothing received'),
  silentFrom: Day.optional(),
  silentTo: Day.optional(),
});

const DataQuality = z
  .strictObject({
    checkedDepartments: z.number(),
    departmentsWithNotes: z.number(),
    notes: z.array(DataQualityNote),
  })
  .describe("the feeds' data quality (数据质量) in the month");

const Narrative = z
  .strictObject({
    zh: z.string(),
    en: z.string(),
    sentences: z.array(
      z.strictObject({
        key: z.string(),
        zh: z.string(),
        en: z.string(),
        refs: z
          .array(z.string())
          .describe('paths into the report of every value the sentence states, e.g. headline/[id=onTimeRate]/current/value'),
      }),
    ),
  })
  .describe('the narrative paragraph (综述)');

/** The report document (报告正文) of one version, as archived. */
export const ReportDocSchema = z.strictObject({
  schema: z.literal(REPORT_SCHEMA).describe('the document format version'),
  id: z.string().describe('`<month>~city`, `<month>~county~<6-digit code>` or `<month>~department~<code>`'),
  month: z.string().describe('YYYY-MM'),
  version: z.number(),
  scope: ReportScopeInfo,
  periods: z
    .strictObject({
      current: Period,
      previous: Period.nullable(),
      lastYear: Period.nullable(),
    })
    .describe('the month, the month before and the same month a year earlier; null before the first figures'),
  generatedAt: z.string().describe('ISO instant'),
  generatedBy: z.string(),
  asOf: Day.describe('the Shanghai date the figures were judged at (deadlines, overdue now)'),
  calendarVersion: z.string(),
  catalogGeneration: z.number(),
  settings: ReportSettings.omit({ targets: true }).describe('the report settings it was generated with (targets: see `targets`)'),
  figures: z
    .strictObject({
      current: ReportFigures,
      previous: ReportFigures.nullable(),
      lastYear: ReportFigures.nullable(),
    })
    .describe('the GET /v1/figures answers for the month, the month before and the same month a year earlier, as they stood'),
  headline: z.array(HeadlineRow).describe("the headline figures (主要指标) in the report's order"),
  rankings: z.array(Ranking).describe('rankings with a minimum volume (排名)'),
  positions: z.array(RankPosition).describe("a department report: the department's place among the city's departments; empty otherwise"),
  specialMatters: SpecialMatters,
  complaints: ComplaintHotspots.describe('complaint hotspots (投诉热点)'),
  targets: Targets,
  dataQuality: DataQuality,
  narrative: Narrative,
});

const ReportChanges = z.strictObject({
  headline: z
    .array(z.strictObject({ id: HeadlineIdEnum, before: z.number().nullable(), after: z.number().nullable() }))
    .describe('headline figures whose value moved'),
  rankingRowsChanged: z.number(),
  specialMatters: z.strictObject({ before: SpecialTotals, after: SpecialTotals }).nullable().describe('null: the totals are the same'),
  dataQualityNotes: z.strictObject({ before: z.number(), after: z.number() }).nullable().describe('null: as many notes as before'),
  targetsChanged: z.number(),
  calendarChanged: z.boolean(),
  catalogChanged: z.boolean(),
  narrativeChanged: z.boolean(),
});

/** One version in a report's history (版本), with what changed from the version before. */
export const ReportVersionInfoSchema = z.strictObject({
  version: z.number(),
  generatedAt: z.string(),
  generatedBy: z.string(),
  calendarVersion: z.string(),
  catalogGeneration: z.number(),
  changes: ReportChanges.nullable().describe('what changed from the previous version (null for version 1)'),
});

/** GET /v1/reports/{id}: one version's document, which version is current, and the history. */
export const ReportAnswer = z.strictObject({
  report: ReportDocSchema,
  current: z.number().describe('the current version'),
  isCurrent: z.boolean().describe('whether `report` is the current version'),
  versions: z.array(ReportVersionInfoSchema).describe('every version, oldest first'),
});
export type ReportAnswer = z.infer<typeof ReportAnswer>;

/** POST /v1/reports: the new version, as GET answers it, and whether it is the first. */
export const ReportGenerated = ReportAnswer.extend({ created: z.boolean().describe('true for version 1') });
export type ReportGenerated = z.infer<typeof ReportGenerated>;

// ——— The schema and the model cannot drift apart ———
//
// Exact equality of the types, not only assignability both ways: mutual assignability would miss
// an optional field declared on one side only (`silentDays?` dropped from the schema, say). The
// two sides are flattened first (`Plain`), because the identity check below compares a type's
// form as well as its members: the model writes `Figures & { filter }`, `Omit<ReportSettings, …>`
// and `interface … extends`, zod infers flat object types, and `A & B` is never identical to the
// object with both members. Flattening keeps what matters — each key, its optionality, its
// readonly-ness and its type, all the way down (arrays and unions mapped member by member).
type Plain<T> = T extends object ? { [K in keyof T]: Plain<T[K]> } : T;
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

type Doc = z.infer<typeof ReportDocSchema>;
const _docMatchesModel: Equal<Plain<Doc>, Plain<ReportDoc>> = true;
const _versionMatchesModel: Equal<Plain<z.infer<typeof ReportVersionInfoSchema>>, Plain<ReportVersionInfo>> = true;
/** The model's sections that differ from the schema's (never when they agree): the error names them. */
type Drifted = {
  [K in keyof ReportDoc]: K extends keyof Doc ? (Equal<Plain<Doc[K]>, Plain<ReportDoc[K]>> extends true ? never : K) : K;
}[keyof ReportDoc];
const _noSectionDrifted: [Drifted] extends [never] ? true : Drifted = true;
void _docMatchesModel;
void _versionMatchesModel;
void _noSectionDrifted;
