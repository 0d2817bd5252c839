// The answers that show one figure over time or across units, and the applicants' breakdowns:
// GET /v1/figures/series, /v1/figures/breakdown and /v1/figures/applicants, as zod schemas. The
// routes declare them as their responses, the dashboard imports their inferred types (type-only),
// and the service's answer must fit them or it does not compile.
import { z } from 'zod';
import { METRIC_IDS, type MetricId, type MetricUnit } from '../figures/metrics.js';
import type { RankStatus } from '../reports/ranking.js';
import { AGE_BANDS, ASSISTED, EXEMPTIONS, MATERIAL_KINDS } from '../enums.js';
import { FiguresFilter } from './figures.js';

const Day = z.string().describe('YYYY-MM-DD, an Asia/Shanghai date');
export const MetricName = z.enum(METRIC_IDS as [MetricId, ...MetricId[]]);
export const METRIC_UNITS = ['count', 'rate', 'days'] as const satisfies readonly MetricUnit[];
export const SERIES_INTERVALS = ['day', 'week', 'month'] as const;
export const BREAKDOWN_BY = ['department', 'region', 'item', 'channel', 'level'] as const;
export const RANK_STATUSES = ['ranked', 'sole_eligible', 'below_minimum', 'no_data'] as const satisfies readonly RankStatus[];

/** One figure's value: a rate with its parts, a count or days without. */
const value = {
  value: z.number().nullable().describe('a count; a rate in [0,1] or null (no denominator); days or null'),
  numerator: z.number().optional().describe('rates only'),
  denominator: z.number().optional().describe('rates only'),
};

export const SeriesPoint = z.object({ from: Day, to: Day, ...value });
export type SeriesPoint = z.infer<typeof SeriesPoint>;

/** GET /v1/figures/series. */
export const SeriesAnswer = z.object({
  metric: MetricName,
  interval: z.enum(SERIES_INTERVALS).describe('the asked interval, or a coarser one so that there are at most 500 points'),
  unit: z.enum(METRIC_UNITS),
  filter: FiguresFilter.describe('the filter the series was read with: yours, narrowed to your scope'),
  points: z.array(SeriesPoint),
});
export type SeriesAnswer = z.infer<typeof SeriesAnswer>;

export const BreakdownRow = z.object({
  key: z.string().describe('department code, region code (or `unknown`), item code, channel or level'),
  label: z.string(),
  ...value,
  rank: z.number().nullable().optional().describe('ranked rates by department or region only'),
  rankStatus: z.enum([...RANK_STATUSES, 'region_unknown']).optional(),
});
export type BreakdownRow = z.infer<typeof BreakdownRow>;

/** GET /v1/figures/breakdown. */
export const BreakdownAnswer = z.object({
  metric: MetricName,
  by: z.enum(BREAKDOWN_BY),
  unit: z.enum(METRIC_UNITS),
  filter: FiguresFilter.describe('the filter the rows were read with: yours, narrowed to your scope'),
  ranking: z
    .object({ minVolume: z.number(), volume: z.enum(['completed', 'evaluations', 'items']) })
    .optional()
    .describe('ranked rates by department or region: the minimum volume a unit is ranked with'),
  rows: z.array(BreakdownRow),
});
export type BreakdownAnswer = z.infer<typeof BreakdownAnswer>;

/** A share with its parts, always both. */
export const Share = z.object({ value: z.number().nullable(), numerator: z.number(), denominator: z.number() });
export type Share = z.infer<typeof Share>;

export const AgeBandRow = z.object({
  band: z.enum(AGE_BANDS),
  cases: z.number().describe('accepted cases of person applicants in this band'),
  share: Share.describe('… of all person applicants with an age band'),
  assisted: z.number().describe('… of them assisted (proxy or guided, 帮办代办)'),
  assistedShare: Share,
});
export type AgeBandRow = z.infer<typeof AgeBandRow>;

export const AssistedRow = z.object({
  mode: z.enum(ASSISTED),
  cases: z.number().describe('accepted cases handled with this mode (every applicant)'),
  share: Share.describe('… of all accepted cases'),
  elderly: z.number().describe('elderly (60+) person applicants among them'),
  elderlyShare: Share.describe('… of all elderly applicants (the modes add up to 100%)'),
});
export type AssistedRow = z.infer<typeof AssistedRow>;

/** GET /v1/figures/applicants. */
export const ApplicantsAnswer = z.object({
  filter: FiguresFilter.describe('the filter the rows were read with: yours, narrowed to your scope'),
  accepted: z.number(),
  ageBanded: z.number(),
  elderly: z.number(),
  ageBands: z.array(AgeBandRow),
  assisted: z.array(AssistedRow),
});
export type ApplicantsAnswer = z.infer<typeof ApplicantsAnswer>;

/** GET /v1/figures/processing-histogram: completed cases by working days taken. */
export const ProcessingHistogramAnswer = z.object({
  filter: FiguresFilter.describe('the filter the bins were read with: yours, narrowed to your scope'),
  unit: z.literal('working days'),
  total: z.number().describe('completed cases; the bins add up to it'),
  bins: z.array(z.object({ from: z.number(), to: z.number().nullable().describe('null: the last, open bin'), count: z.number() })),
  p50: z.number().nullable(),
  p90: z.number().nullable(),
});
export type ProcessingHistogramAnswer = z.infer<typeof ProcessingHistogramAnswer>;

export const PaperRow = z.object({
  itemCode: z.string(),
  itemName: z.string().nullable().describe('null: the item is not in force at the period end'),
  departmentCode: z.string().nullable(),
  materialCode: z.string(),
  materialName: z.string().nullable(),
  materialKind: z.enum(MATERIAL_KINDS).nullable(),
  exemption: z.enum(EXEMPTIONS).nullable().describe("the catalog's exemption for the material"),
  paper: z.number().describe('times handed in on paper in the period'),
});
export type PaperRow = z.infer<typeof PaperRow>;

/** GET /v1/figures/paper-materials: the most-handed-in paper materials first. */
export const PaperMaterialsAnswer = z.object({
  filter: FiguresFilter.describe('the filter the rows were read with: yours, narrowed to your scope'),
  rows: z.array(PaperRow),
  total: z.number().describe('rows before the limit'),
});
export type PaperMaterialsAnswer = z.infer<typeof PaperMaterialsAnswer>;

export const LicenceRow = z.object({
  code: z.string(),
  name: z.string().nullable(),
  cases: z.int(),
  materials: z.int(),
  items: z.int(),
  rank: z.int(),
});
export type LicenceRow = z.infer<typeof LicenceRow>;

/** GET /v1/figures/licences: e-licence types ranked by the cases they exempted. */
export const LicencesAnswer = z.object({
  filter: FiguresFilter.describe('the filter the rows were read with: yours, narrowed to your scope'),
  from: Day,
  to: Day,
  typesInCatalog: z.int(),
  typesInUse: z.int(),
  typesUsed: z.int(),
  eLicenceMaterials: z.int(),
  unnamedMaterials: z.int(),
  rows: z.array(LicenceRow),
});
export type LicencesAnswer = z.infer<typeof LicencesAnswer>;
