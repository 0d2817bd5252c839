// The figures answer (指标汇总) of GET /v1/figures, composed from the figure registry: each metric
// computed once (metrics.ts) and put where its `answer` path says. Rates come with their
// numerator and denominator as `<name>Parts`, and are null when the denominator is 0 (shown "—").
// The answer's shape is the contract's (shared/contract/figures.ts), derived from the same paths.
import type { CompressionParts, FiguresSections, RateParts } from '../contract/figures.js';
import { COMPLAINT_CATEGORIES } from '../enums.js';
import type { CatalogFigures } from './catalog-figures.js';
import { complaintCounter } from './counters.js';
import {
  ANSWER_SECTIONS,
  computeMetric,
  FIGURES,
  METRIC_IDS,
  METRICS,
  sumCounters,
  type AnswerSection,
  type FigureDef,
  type FigureId,
  type MetricContext,
  type PeriodPart,
} from './metrics.js';

export interface FiguresInput {
  from: string;
  to: string;
  /** Case and material rows of the filter's grain. */
  caseParts: PeriodPart[];
  /** Complaint and evaluation rows (the same grain without channel/level). */
  feedbackParts: PeriodPart[];
  overdueOpen: number;
  catalog: CatalogFigures;
  ctx: MetricContext;
}

type Bag = Record<string, unknown>;

export function buildFigures(i: FiguresInput) {
  const caseSum = sumCounters(i.caseParts);
  const feedbackSum = i.feedbackParts === i.caseParts ? caseSum : sumCounters(i.feedbackParts);
  // Every section but the catalog's, which comes whole from catalog-figures.ts.
  const sections = Object.fromEntries(ANSWER_SECTIONS.filter((s) => s !== 'catalog').map((s) => [s, {} as Bag])) as Record<
    Exclude<AnswerSection, 'catalog'>,
    Bag
  >;
  for (const id of METRIC_IDS) {
    const def = METRICS[id];
    // Complaints and evaluations are read from their own rows (no channel or level).
    const feedback = def.group === 'complaints' || def.group === 'evaluations';
    const v = computeMetric(id, feedback ? i.feedbackParts : i.caseParts, i.ctx, feedback ? feedbackSum : caseSum);
    const into = sections[def.answer.section as Exclude<AnswerSection, 'catalog'>];
    into[def.answer.name] = v.value;
    if (v.denominator !== undefined) into[`${def.answer.name}Parts`] = { numerator: v.numerator!, denominator: v.denominator };
  }
  const byCategory = Object.fromEntries(COMPLAINT_CATEGORIES.map((c) => [c, feedbackSum[complaintCounter.received(c)] ?? 0]));
  // The registry's paths build exactly the contract's sections (test/unit/figures-contract.test.ts
  // parses this answer with the strict schema); a generic loop cannot show it to the compiler.
  const answer = {
    cases: { ...sections.cases, overdueOpen: i.overdueOpen, processingDays: sections['cases.processingDays'] },
    materials: { ...sections.materials, exemptedBy: sections['materials.exemptedBy'] },
    complaints: { ...sections.complaints, byCategory },
    evaluations: sections.evaluations,
    catalog: i.catalog,
  } as FiguresSections;
  return { period: { from: i.from, to: i.to, asOf: i.ctx.today }, ...answer };
}
export type Figures = ReturnType<typeof buildFigures>;

/** One figure read from an answer: its value and, for a rate, its parts (or the sums it is computed from). */
export interface FigureReading {
  value: number | null;
  parts?: RateParts;
  sums?: CompressionParts;
}

/** A figure of a figures answer, read where the registry puts it. */
export function readFigure(f: FiguresSections, id: FigureId): FigureReading {
  const def: FigureDef = FIGURES[id];
  const [top, nested] = def.answer.section.split('.') as [keyof FiguresSections, string | undefined];
  let bag = f[top] as unknown as Bag;
  if (nested) bag = bag[nested] as Bag;
  const value = (bag[def.answer.name] as number | null | undefined) ?? null;
  if (def.unit !== 'rate') return { value };
  const parts = bag[`${def.answer.name}Parts`] as RateParts & CompressionParts;
  return def.answer.parts === 'sums' ? { value, sums: parts } : { value, parts };
}
