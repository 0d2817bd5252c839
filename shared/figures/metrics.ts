// The figures of domain.md (指标), each defined once: its labels, unit, which direction is better,
// where it sits in the figures answer (GET /v1/figures) and — for the metrics summed from rollup
// counters — how it is computed. An entry lacking any of them does not compile. figures.ts
// composes the answer from `answer`, shared/contract/figures.ts derives the answer's schema from
// it, and the dashboard tiles and the report's headline read `better` and the labels here.
import type { WorkingCalendar } from '../calendar/index.js';
import { COMPLAINT_CATEGORIES } from '../enums.js';
import { C, complaintCounter, MAX_DEADLINE_INDEX, rectifiedCounter } from './counters.js';
import type { FollowUpDeadlines } from './deadlines.js';
import { sketchQuantiles } from './sketch.js';

export type Counters = Record<string, number>;

/** Counters summed over a stretch of days [from, to] (a month row, or a day row). */
export interface PeriodPart {
  from: string;
  to: string;
  counters: Counters;
}

export interface MetricContext {
  today: string; // Asia/Shanghai date "now"
  calendar: WorkingCalendar;
  deadlines: FollowUpDeadlines;
}

export type MetricValue = { value: number | null; numerator?: number; denominator?: number };
/** count: a number, never null; rate: a fraction or null (no denominator), with `<name>Parts`; days: a number or null. */
export type MetricUnit = 'count' | 'rate' | 'days';
/** Which way is good news: colours a change green or red (a volume is neither). */
export type Better = 'higher' | 'lower' | 'neutral';

/** The sections of the figures answer; a dotted one is nested in its parent (cases.processingDays.p50). */
export const ANSWER_SECTIONS = [
  'cases',
  'cases.processingDays',
  'materials',
  'materials.exemptedBy',
  'complaints',
  'evaluations',
  'catalog',
] as const;
export type AnswerSection = (typeof ANSWER_SECTIONS)[number];
/**
 * Where a figure sits in the figures answer. A rate's numerator and denominator sit next to it as
 * `<name>Parts` {numerator, denominator}, or — `parts: 'sums'`, the limit compression — as the sums
 * it is computed from.
 */
export interface AnswerPath<S extends AnswerSection = AnswerSection, N extends string = string> {
  section: S;
  name: N;
  parts?: 'sums';
}
/** An answer path with its literal section and name kept, so the contract's type can be derived. */
const at = <S extends AnswerSection, N extends string>(section: S, name: N): AnswerPath<S, N> => ({ section, name });

/** What every figure of the answer declares. */
export interface FigureDef {
  zh: string;
  en: string;
  unit: MetricUnit;
  group: 'cases' | 'materials' | 'complaints' | 'evaluations' | 'catalog';
  better: Better;
  answer: AnswerPath;
}

interface MetricDef extends FigureDef {
  group: 'cases' | 'materials' | 'complaints' | 'evaluations';
  compute(sum: Counters, parts: PeriodPart[], ctx: MetricContext): MetricValue;
}

const n = (s: Counters, k: string) => s[k] ?? 0;
const count =
  (k: string) =>
  (s: Counters): MetricValue => ({ value: n(s, k) });
/** A rate: null (shown "—") when nothing is in the denominator, never 0% or 100%. */
/** A rate always carries its parts. */
export const rate = (numerator: number, denominator: number): MetricValue & { numerator: number; denominator: number } => ({
  value: denominator === 0 ? null : numerator / denominator,
  numerator,
  denominator,
});
const ratio =
  (num: (s: Counters) => number, den: (s: Counters) => number) =>
  (s: Counters): MetricValue =>
    rate(num(s), den(s));

const exempted = (s: Counters) => n(s, C.matExemptELicense) + n(s, C.matExemptDataSharing) + n(s, C.matExemptCommitment);

/** Σ counters named prefix<k> with k ≤ limit. */
function withinLimit(s: Counters, prefix: string, limit: number): number {
  let t = 0;
  for (let k = 0; k <= Math.min(limit, MAX_DEADLINE_INDEX); k++) t += n(s, `${prefix}${k}`);
  return t;
}
/**
 * Σ counters named prefix<k> for any k. The sums of every prefix are made in one pass over a
 * part's counters and kept with them: the follow-up rates ask once per complaint category and per
 * metric, and a part can hold hundreds of counters (a scan per question was the by-department
 * answer's largest computing cost).
 */
function allIndexed(s: Counters, prefix: string): number {
  let sums = indexedSums.get(s);
  if (!sums) {
    sums = new Map();
    for (const [k, v] of Object.entries(s)) {
      const m = INDEXED.exec(k);
      if (m) sums.set(m[1]!, (sums.get(m[1]!) ?? 0) + v);
    }
    indexedSums.set(s, sums);
  }
  return sums.get(prefix) ?? 0;
}
/** A counter named <prefix><digits>; the prefix is everything before the trailing digits. */
const INDEXED = /^(.*?\D)\d+$/;
// Keyed by the counters object itself: parts are read-only once summed, and drop with them.
const indexedSums = new WeakMap<Counters, Map<string, number>>();
/** Whether every day of a part is past a deadline of `limit` working days, as of today. */
function pastDeadline(part: PeriodPart, limit: number, ctx: MetricContext): boolean {
  const deadline = limit === 0 ? part.to : ctx.calendar.addWorkingDays(part.to, limit);
  return deadline < ctx.today;
}

/**
 * On time ÷ (done or past the deadline), judged as of today (domain.md: complaint response and
 * resolution, bad-review rectification).
 */
function followUpRate(
  parts: PeriodPart[],
  ctx: MetricContext,
  pick: (cat: string) => { prefix: string; pending: string; limit: number },
  cats: readonly string[],
): MetricValue {
  let num = 0;
  let den = 0;
  for (const p of parts) {
    for (const cat of cats) {
      const { prefix, pending, limit } = pick(cat);
      num += withinLimit(p.counters, prefix, limit);
      den += allIndexed(p.counters, prefix);
      if (pastDeadline(p, limit, ctx)) den += n(p.counters, pending);
    }
  }
  return rate(num, den);
}

const quantile =
  (q: number) =>
  (s: Counters): MetricValue => ({ value: sketchQuantiles(s, [q])[0] ?? null });

export const METRICS = {
  accepted: {
    zh: '受理量',
    en: 'Accepted',
    unit: 'count',
    group: 'cases',
    better: 'neutral',
    answer: at('cases', 'accepted'),
    compute: count(C.accepted),
  },
  completed: {
    zh: '办结量',
    en: 'Completed',
    unit: 'count',
    group: 'cases',
    better: 'neutral',
    answer: at('cases', 'completed'),
    compute: count(C.completed),
  },
  onTime: {
    zh: '按期办结量',
    en: 'Completed on time',
    unit: 'count',
    group: 'cases',
    better: 'higher',
    answer: at('cases', 'onTime'),
    compute: count(C.onTime),
  },
  onTimeRate: {
    zh: '按期办结率',
    en: 'On-time rate',
    unit: 'rate',
    group: 'cases',
    better: 'higher',
    answer: at('cases', 'onTimeRate'),
    compute: ratio(
      (s) => n(s, C.onTime),
      (s) => n(s, C.completedKnownItem),
    ),
  },
  withdrawn: {
    zh: '撤回量',
    en: 'Withdrawn',
    unit: 'count',
    group: 'cases',
    better: 'neutral',
    answer: at('cases', 'withdrawn'),
    compute: count(C.withdrawn),
  },
  cannotJudge: {
    zh: '无法判定办件',
    en: 'Cases that cannot be judged',
    unit: 'count',
    group: 'cases',
    better: 'lower',
    answer: at('cases', 'cannotJudge'),
    compute: count(C.cannotJudge),
  },
  processingP50: {
    zh: '办理用时中位数',
    en: 'Processing time p50',
    unit: 'days',
    group: 'cases',
    better: 'lower',
    answer: at('cases.processingDays', 'p50'),
    compute: quantile(0.5),
  },
  processingP90: {
    zh: '办理用时 P90',
    en: 'Processing time p90',
    unit: 'days',
    group: 'cases',
    better: 'lower',
    answer: at('cases.processingDays', 'p90'),
    compute: quantile(0.9),
  },
  processingMean: {
    zh: '平均办理用时',
    en: 'Processing time mean',
    unit: 'days',
    group: 'cases',
    better: 'lower',
    answer: at('cases.processingDays', 'mean'),
    compute: (s) => ({ value: n(s, C.processingN) ? n(s, C.processingMs) / n(s, C.processingN) / 86_400_000 : null }),
  },
  immediateShare: {
    zh: '即办件占比',
    en: 'Immediate share',
    unit: 'rate',
    group: 'cases',
    better: 'higher',
    answer: at('cases', 'immediateShare'),
    compute: ratio(
      (s) => n(s, C.immediate),
      (s) => n(s, C.completedKnownItem),
    ),
  },
  onlineShare: {
    zh: '网办率',
    en: 'Online share',
    unit: 'rate',
    group: 'cases',
    better: 'higher',
    answer: at('cases', 'onlineShare'),
    compute: ratio(
      (s) => n(s, C.online),
      (s) => n(s, C.accepted),
    ),
  },
  zeroVisitShare: {
    zh: '零跑动率',
    en: 'Zero-visit share',
    unit: 'rate',
    group: 'cases',
    better: 'higher',
    answer: at('cases', 'zeroVisitShare'),
    compute: ratio(
      (s) => n(s, C.zeroVisits),
      (s) => n(s, C.visitsReported),
    ),
  },
  atMostOneVisitShare: {
    zh: '最多跑一次率',
    en: 'At-most-one-visit share',
    unit: 'rate',
    group: 'cases',
    better: 'higher',
    answer: at('cases', 'atMostOneVisitShare'),
    compute: ratio(
      (s) => n(s, C.atMostOneVisit),
      (s) => n(s, C.visitsReported),
    ),
  },
  elderlyShare: {
    zh: '老年人办件占比',
    en: 'Elderly (60+) share',
    unit: 'rate',
    group: 'cases',
    better: 'neutral',
    answer: at('cases', 'elderlyShare'),
    compute: ratio(
      (s) => n(s, C.elderly),
      (s) => n(s, C.ageBanded),
    ),
  },
  elderlyAssistedShare: {
    zh: '老年人帮办代办率',
    en: 'Elderly assisted share',
    unit: 'rate',
    group: 'cases',
    better: 'higher',
    answer: at('cases', 'elderlyAssistedShare'),
    compute: ratio(
      (s) => n(s, C.elderlyAssisted),
      (s) => n(s, C.elderly),
    ),
  },
  nearbyShare: {
    zh: '就近办占比',
    en: 'Nearby handling share',
    unit: 'rate',
    group: 'cases',
    better: 'higher',
    answer: at('cases', 'nearbyShare'),
    compute: ratio(
      (s) => n(s, C.nearby),
      (s) => n(s, C.accepted),
    ),
  },

  materialsRequired: {
    zh: '应交材料',
    en: 'Materials required',
    unit: 'count',
    group: 'materials',
    better: 'neutral',
    answer: at('materials', 'required'),
    compute: count(C.matRequired),
  },
  materialsExempted: {
    zh: '免提交材料',
    en: 'Materials exempted',
    unit: 'count',
    group: 'materials',
    better: 'higher',
    answer: at('materials', 'exempted'),
    compute: (s) => ({ value: exempted(s) }),
  },
  exemptedELicense: {
    zh: '电子证照免交',
    en: 'Exempted via e-licence',
    unit: 'count',
    group: 'materials',
    better: 'higher',
    answer: at('materials.exemptedBy', 'e_license'),
    compute: count(C.matExemptELicense),
  },
  exemptedDataSharing: {
    zh: '数据共享免交',
    en: 'Exempted via data sharing',
    unit: 'count',
    group: 'materials',
    better: 'higher',
    answer: at('materials.exemptedBy', 'data_sharing'),
    compute: count(C.matExemptDataSharing),
  },
  exemptedCommitment: {
    zh: '告知承诺免交',
    en: 'Exempted via commitment',
    unit: 'count',
    group: 'materials',
    better: 'higher',
    answer: at('materials.exemptedBy', 'commitment'),
    compute: count(C.matExemptCommitment),
  },
  materialsPaper: {
    zh: '纸质提交',
    en: 'Provided on paper',
    unit: 'count',
    group: 'materials',
    better: 'lower',
    answer: at('materials', 'paper'),
    compute: count(C.matPaper),
  },
  materialsUpload: {
    zh: '电子上传',
    en: 'Uploaded',
    unit: 'count',
    group: 'materials',
    better: 'neutral',
    answer: at('materials', 'upload'),
    compute: count(C.matUpload),
  },
  paperAvoided: {
    zh: '免提交纸质材料',
    en: 'Paper avoided',
    unit: 'count',
    group: 'materials',
    better: 'higher',
    answer: at('materials', 'paperAvoided'),
    compute: (s) => ({ value: n(s, C.matRequired) - n(s, C.matPaper) }),
  },
  reductionRate: {
    zh: '材料精简率',
    en: 'Material reduction',
    unit: 'rate',
    group: 'materials',
    better: 'higher',
    answer: at('materials', 'reductionRate'),
    compute: ratio(exempted, (s) => n(s, C.matRequired)),
  },
  certificateFreeCases: {
    zh: '免证办件',
    en: 'Certificate-free cases',
    unit: 'count',
    group: 'materials',
    better: 'higher',
    answer: at('materials', 'certificateFreeCases'),
    compute: count(C.certificateFree),
  },
  certificateFreeCaseShare: {
    zh: '免证办件占比',
    en: 'Certificate-free case share',
    unit: 'rate',
    group: 'materials',
    better: 'higher',
    answer: at('materials', 'certificateFreeCaseShare'),
    compute: ratio(
      (s) => n(s, C.certificateFree),
      (s) => n(s, C.acceptedKnownItem),
    ),
  },

  complaintsReceived: {
    zh: '投诉量',
    en: 'Complaints',
    unit: 'count',
    group: 'complaints',
    better: 'lower',
    answer: at('complaints', 'received'),
    compute: count(C.complaints),
  },
  unnecessaryProofComplaints: {
    zh: '“要求提供不必要证明”投诉',
    en: 'Complaints: unnecessary proof',
    unit: 'count',
    group: 'complaints',
    better: 'lower',
    answer: at('complaints', 'unnecessaryProof'),
    compute: count(complaintCounter.received('unnecessary_proof')),
  },
  responseOnTimeRate: {
    zh: '投诉按时响应率',
    en: 'Complaint response on time',
    unit: 'rate',
    group: 'complaints',
    better: 'higher',
    answer: at('complaints', 'responseOnTimeRate'),
    compute: (_s, parts, ctx) =>
      followUpRate(
        parts,
        ctx,
        (cat) => ({
          prefix: `cRsp_${cat}_`,
          pending: complaintCounter.respondPending(cat),
          limit: ctx.deadlines.complaints[cat as keyof FollowUpDeadlines['complaints']].respondDays,
        }),
        COMPLAINT_CATEGORIES,
      ),
  },
  resolutionOnTimeRate: {
    zh: '投诉按时办结率',
    en: 'Complaint resolution on time',
    unit: 'rate',
    group: 'complaints',
    better: 'higher',
    answer: at('complaints', 'resolutionOnTimeRate'),
    compute: (_s, parts, ctx) =>
      followUpRate(
        parts,
        ctx,
        (cat) => ({
          prefix: `cRsl_${cat}_`,
          pending: complaintCounter.resolvePending(cat),
          limit: ctx.deadlines.complaints[cat as keyof FollowUpDeadlines['complaints']].resolveDays,
        }),
        COMPLAINT_CATEGORIES,
      ),
  },
  followUpSatisfaction: {
    zh: '回访满意率',
    en: 'Follow-up satisfaction',
    unit: 'rate',
    group: 'complaints',
    better: 'higher',
    answer: at('complaints', 'followUpSatisfaction'),
    compute: ratio(
      (s) => n(s, C.followUpSatisfied),
      (s) => n(s, C.followedUp),
    ),
  },

  evaluations: {
    zh: '评价量',
    en: 'Evaluations',
    unit: 'count',
    group: 'evaluations',
    better: 'neutral',
    answer: at('evaluations', 'count'),
    compute: count(C.evaluations),
  },
  badReviews: {
    zh: '差评量',
    en: 'Bad reviews',
    unit: 'count',
    group: 'evaluations',
    better: 'lower',
    answer: at('evaluations', 'bad'),
    compute: count(C.badReviews),
  },
  evaluationsRegionUnknown: {
    zh: '评价（地区未知）',
    en: 'Evaluations, region unknown',
    unit: 'count',
    group: 'evaluations',
    better: 'lower',
    answer: at('evaluations', 'regionUnknown'),
    compute: count(C.evaluationsRegionUnknown),
  },
  satisfactionRate: {
    zh: '满意度',
    en: 'Satisfaction',
    unit: 'rate',
    group: 'evaluations',
    better: 'higher',
    answer: at('evaluations', 'satisfactionRate'),
    compute: ratio(
      (s) => n(s, C.satisfied),
      (s) => n(s, C.evaluations),
    ),
  },
  rectificationRate: {
    zh: '差评整改率',
    en: 'Bad-review rectification on time',
    unit: 'rate',
    group: 'evaluations',
    better: 'higher',
    answer: at('evaluations', 'rectificationRate'),
    compute: (_s, parts, ctx) =>
      followUpRate(
        parts,
        ctx,
        () => ({ prefix: rectifiedCounter(0).slice(0, -1), pending: C.rectifyPending, limit: ctx.deadlines.rectifyDays }),
        ['all'],
      ),
  },
} satisfies Record<string, MetricDef>;

export type MetricId = keyof typeof METRICS;
export const METRIC_IDS = Object.keys(METRICS) as MetricId[];

/**
 * The figures of the answer that are not summed from a period's rollup counters: the open and
 * overdue cases at the period's end (a running total, figures-service) and the catalog in force
 * (catalog-figures.ts). Not metrics: no series or breakdown of them.
 */
export const STATE_FIGURES = {
  overdueOpen: {
    zh: '超期未办结',
    en: 'Open and overdue',
    unit: 'count',
    group: 'cases',
    better: 'lower',
    answer: at('cases', 'overdueOpen'),
  },
  catalogItems: { zh: '事项数', en: 'Catalog items', unit: 'count', group: 'catalog', better: 'neutral', answer: at('catalog', 'items') },
  certificateFreeItems: {
    zh: '免证办事项',
    en: 'Certificate-free items',
    unit: 'count',
    group: 'catalog',
    better: 'higher',
    answer: at('catalog', 'certificateFreeItems'),
  },
  exemptionCoverage: {
    zh: '免证办覆盖率',
    en: 'Certificate-free coverage',
    unit: 'rate',
    group: 'catalog',
    better: 'higher',
    answer: at('catalog', 'coverage'),
  },
  limitCompression: {
    zh: '承诺时限压缩比',
    en: 'Time-limit compression',
    unit: 'rate',
    group: 'catalog',
    better: 'higher',
    answer: { ...at('catalog', 'limitCompression'), parts: 'sums' },
  },
  immediateItems: {
    zh: '即办事项',
    en: 'Immediate items',
    unit: 'count',
    group: 'catalog',
    better: 'higher',
    answer: at('catalog', 'immediateItems'),
  },
} satisfies Record<string, FigureDef>;

/** Every figure of the answer, one entry each. */
export const FIGURES = { ...METRICS, ...STATE_FIGURES };
export type FigureId = keyof typeof FIGURES;
export const FIGURE_IDS = Object.keys(FIGURES) as FigureId[];

export function sumCounters(parts: PeriodPart[]): Counters {
  const s: Counters = {};
  for (const p of parts) for (const [k, v] of Object.entries(p.counters)) s[k] = (s[k] ?? 0) + v;
  return s;
}

export function computeMetric(id: MetricId, parts: PeriodPart[], ctx: MetricContext, sum = sumCounters(parts)): MetricValue {
  return (METRICS[id] as MetricDef).compute(sum, parts, ctx);
}
