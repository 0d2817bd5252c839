// The figures answer (指标汇总) of GET /v1/figures and /v1/figures/by-department, as a zod schema
// derived from the figure registry (shared/figures/metrics.ts): every figure where its `answer`
// path puts it, counts as numbers, rates and days as number | null, and each rate's
// `<name>Parts` next to it. The route declares it as its response (so the OpenAPI document shows
// every figure), the dashboard imports its inferred type, and a figure added to the registry is in
// all three at once.
import { z } from 'zod';
import { FIGURES, type AnswerSection, type FigureDef } from '../figures/metrics.js';
import { COMPLAINT_CATEGORIES, LEVELS } from '../enums.js';

export const RateParts = z.object({ numerator: z.number(), denominator: z.number() });
/** The limit compression's parts: 1 − promisedSum ÷ statutorySum over `items` items with a statutory limit. */
export const CompressionParts = z.object({ promisedSum: z.number(), statutorySum: z.number(), items: z.number() });
export type RateParts = z.infer<typeof RateParts>;
export type CompressionParts = z.infer<typeof CompressionParts>;

type Defs = typeof FIGURES;
type ValueSchema<U> = U extends 'count' ? z.ZodNumber : z.ZodNullable<z.ZodNumber>;
type PartsSchema<D> = D extends { answer: { parts: 'sums' } } ? typeof CompressionParts : typeof RateParts;
/** The schema shape of one section, computed from the registry's types: what sectionSchema builds. */
type SectionShape<S extends AnswerSection> = {
  [K in keyof Defs as Defs[K]['answer']['section'] extends S ? Defs[K]['answer']['name'] : never]: ValueSchema<Defs[K]['unit']>;
} & {
  [K in keyof Defs as Defs[K]['answer']['section'] extends S
    ? Defs[K]['unit'] extends 'rate'
      ? `${Defs[K]['answer']['name']}Parts`
      : never
    : never]: PartsSchema<Defs[K]>;
};

function sectionShape<S extends AnswerSection>(section: S): SectionShape<S> {
  const shape: Record<string, z.ZodType> = {};
  for (const def of Object.values(FIGURES) as FigureDef[]) {
    if (def.answer.section !== section) continue;
    shape[def.answer.name] = def.unit === 'count' ? z.number() : z.number().nullable();
    if (def.unit === 'rate') shape[`${def.answer.name}Parts`] = def.answer.parts === 'sums' ? CompressionParts : RateParts;
  }
  // The loop builds exactly SectionShape<S> (test/unit/figures-contract.test.ts holds it to the registry).
  return shape as SectionShape<S>;
}

const counts = <E extends readonly [string, ...string[]]>(keys: E) => z.record(z.enum(keys), z.number());

/** Each section of the answer; nested sections inside their parent. */
export const FiguresSections = z.object({
  cases: z.object({
    ...sectionShape('cases'),
    processingDays: z.object(sectionShape('cases.processingDays')).describe('working days; p50/p90 within 1%'),
  }),
  materials: z.object({ ...sectionShape('materials'), exemptedBy: z.object(sectionShape('materials.exemptedBy')) }),
  complaints: z.object({
    ...sectionShape('complaints'),
    byCategory: counts(COMPLAINT_CATEGORIES).describe('complaints received by category'),
  }),
  evaluations: z.object(sectionShape('evaluations')),
  catalog: z
    .object({ ...sectionShape('catalog'), delegated: counts(LEVELS).describe('下沉事项: items handleable at each level') })
    .describe('the catalog items in force at the period end (asOf)'),
});
export type FiguresSections = z.infer<typeof FiguresSections>;

/** The filter the figures were read with: the caller's, narrowed to its scope. */
export const FiguresFilter = z.object({
  department: z.string().optional(),
  region: z.string().optional(),
  item: z.string().optional(),
  channel: z.string().optional(),
  level: z.string().optional(),
});

/** The figures of one period and filter (each row of /v1/figures/by-department is one). */
export const FiguresBody = FiguresSections.extend({
  period: z.object({
    from: z.string(),
    to: z.string(),
    asOf: z.string().describe('the day the figures are judged as of: the period end, or today'),
  }),
  filter: FiguresFilter,
  notes: z.array(z.string()).optional().describe('how a filter was applied, when not to every section'),
});
export type FiguresBody = z.infer<typeof FiguresBody>;

const CompareMode = z.enum(['previous', 'year']);
/** GET /v1/figures: the figures, and with compare=… the same figures of the compared period. */
export const FiguresAnswer = FiguresBody.extend({
  compare: z
    .union([
      FiguresBody.extend({ mode: CompareMode }),
      z
        .object({ mode: CompareMode, unavailable: z.literal(true), period: z.object({ from: z.string(), to: z.string() }) })
        .describe('the compared period starts before the figures do'),
    ])
    .optional(),
});
export type FiguresAnswer = z.infer<typeof FiguresAnswer>;

/** GET /v1/figures/by-department. */
export const FiguresByDepartment = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  region: z.string().optional(),
  departments: z.array(z.object({ department: z.string(), name: z.string().nullable(), figures: FiguresBody })),
});
export type FiguresByDepartment = z.infer<typeof FiguresByDepartment>;
