// The figures answer (指标汇总) of GET /v1/figures, composed from the metric registry: each
// figure computed once, in metrics.ts. Rates come with their numerator and denominator as
// `<name>Parts`, and are null when the denominator is 0 (shown "—").
import { COMPLAINT_CATEGORIES } from '../contract/enums.js';
import type { CatalogFigures } from './catalog-figures.js';
import { complaintCounter } from './counters.js';
import { computeMetric, sumCounters, type MetricContext, type MetricId, type PeriodPart } from './metrics.js';

type Parts = { numerator: number; denominator: number };

function pick(ids: Record<string, MetricId>, parts: PeriodPart[], ctx: MetricContext) {
  const sum = sumCounters(parts);
  const out: Record<string, number | null | Parts> = {};
  for (const [name, id] of Object.entries(ids)) {
    const v = computeMetric(id, parts, ctx, sum);
    out[name] = v.value;
    if (v.denominator !== undefined) out[`${name}Parts`] = { numerator: v.numerator!, denominator: v.denominator };
  }
  return { out, sum };
}

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

export function buildFigures(i: FiguresInput) {
  const cases = pick({
    accepted: 'accepted', completed: 'completed', onTime: 'onTime', onTimeRate: 'onTimeRate', withdrawn: 'withdrawn',
    cannotJudge: 'cannotJudge', immediateShare: 'immediateShare', onlineShare: 'onlineShare', zeroVisitShare: 'zeroVisitShare',
    atMostOneVisitShare: 'atMostOneVisitShare', elderlyShare: 'elderlyShare', elderlyAssistedShare: 'elderlyAssistedShare',
    nearbyShare: 'nearbyShare',
  }, i.caseParts, i.ctx);
  const processing = pick({ p50: 'processingP50', p90: 'processingP90', mean: 'processingMean' }, i.caseParts, i.ctx).out;
  const materials = pick({
    required: 'materialsRequired', exempted: 'materialsExempted', paper: 'materialsPaper', upload: 'materialsUpload',
    paperAvoided: 'paperAvoided', reductionRate: 'reductionRate', certificateFreeCases: 'certificateFreeCases',
    certificateFreeCaseShare: 'certificateFreeCaseShare',
  }, i.caseParts, i.ctx).out;
  const exemptedBy = pick({ e_license: 'exemptedELicense', data_sharing: 'exemptedDataSharing', commitment: 'exemptedCommitment' }, i.caseParts, i.ctx).out;
  const complaints = pick({
    received: 'complaintsReceived', unnecessaryProof: 'unnecessaryProofComplaints', responseOnTimeRate: 'responseOnTimeRate',
    resolutionOnTimeRate: 'resolutionOnTimeRate', followUpSatisfaction: 'followUpSatisfaction',
  }, i.feedbackParts, i.ctx);
  const evaluations = pick({ count: 'evaluations', regionUnknown: 'evaluationsRegionUnknown', bad: 'badReviews', satisfactionRate: 'satisfactionRate', rectificationRate: 'rectificationRate' }, i.feedbackParts, i.ctx).out;
  const byCategory = Object.fromEntries(COMPLAINT_CATEGORIES.map((c) => [c, complaints.sum[complaintCounter.received(c)] ?? 0]));
  return {
    period: { from: i.from, to: i.to, asOf: i.ctx.today },
    cases: { ...cases.out, overdueOpen: i.overdueOpen, processingDays: processing },
    materials: { ...materials, exemptedBy },
    complaints: { ...complaints.out, byCategory },
    evaluations,
    catalog: i.catalog,
  };
}
export type Figures = ReturnType<typeof buildFigures>;
