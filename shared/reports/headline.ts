// The report's headline figures (主要指标): which figures of domain.md the report shows, in
// what order, with which label and unit, and where each is read from the figures answer
// (GET /v1/figures). A Record over HeadlineId, so a new row does not compile without its
// label, unit and reader. Labels reuse the metric registry where a metric exists.
import type { Figures } from '../figures/figures.js';
import { METRICS, type MetricId } from '../figures/metrics.js';
import type { ValueUnit } from './format.js';

export interface ValueWithParts {
  value: number | null;
  numerator?: number;
  denominator?: number;
}

export type HeadlineGroup = 'cases' | 'materials' | 'catalog' | 'service' | 'complaints' | 'evaluations';

/** Which way is good news: colours a change green or red on the page (volume is neither). */
export type Better = 'higher' | 'lower' | 'neutral';

interface HeadlineDef {
  zh: string;
  en: string;
  unit: ValueUnit;
  group: HeadlineGroup;
  better: Better;
  read(f: Figures): ValueWithParts;
}

type Bag = Record<string, unknown>;

/** A figure and its `<name>Parts` {numerator, denominator}, when the answer has them. */
function from(obj: Bag, name: string): ValueWithParts {
  const v = obj[name];
  const parts = obj[`${name}Parts`] as { numerator?: number; denominator?: number } | undefined;
  return {
    value: typeof v === 'number' ? v : null,
    ...(parts && typeof parts.numerator === 'number' && typeof parts.denominator === 'number' ? { numerator: parts.numerator, denominator: parts.denominator } : {}),
  };
}

const metric = (id: MetricId, group: HeadlineGroup, read: (f: Figures) => ValueWithParts, better: Better = 'higher'): HeadlineDef => ({
  zh: METRICS[id].zh, en: METRICS[id].en, unit: METRICS[id].unit, group, better, read,
});
const cases = (name: string) => (f: Figures) => from(f.cases as Bag, name);
const materials = (name: string) => (f: Figures) => from(f.materials as Bag, name);
const complaints = (name: string) => (f: Figures) => from(f.complaints as Bag, name);
const evaluations = (name: string) => (f: Figures) => from(f.evaluations as Bag, name);

export const HEADLINE = {
  accepted: metric('accepted', 'cases', cases('accepted'), 'neutral'),
  completed: metric('completed', 'cases', cases('completed'), 'neutral'),
  onTimeRate: metric('onTimeRate', 'cases', cases('onTimeRate')),
  overdueOpen: { zh: '月末超期未办结', en: 'Overdue and open at month end', unit: 'count', group: 'cases', better: 'lower', read: cases('overdueOpen') },
  processingP50: metric('processingP50', 'cases', (f) => from(f.cases.processingDays as Bag, 'p50'), 'lower'),
  processingP90: metric('processingP90', 'cases', (f) => from(f.cases.processingDays as Bag, 'p90'), 'lower'),
  processingMean: metric('processingMean', 'cases', (f) => from(f.cases.processingDays as Bag, 'mean'), 'lower'),
  immediateShare: metric('immediateShare', 'cases', cases('immediateShare')),
  onlineShare: metric('onlineShare', 'service', cases('onlineShare')),
  zeroVisitShare: metric('zeroVisitShare', 'service', cases('zeroVisitShare')),
  atMostOneVisitShare: metric('atMostOneVisitShare', 'service', cases('atMostOneVisitShare')),
  nearbyShare: metric('nearbyShare', 'service', cases('nearbyShare')),
  elderlyShare: metric('elderlyShare', 'service', cases('elderlyShare'), 'neutral'),
  elderlyAssistedShare: metric('elderlyAssistedShare', 'service', cases('elderlyAssistedShare')),

  materialsRequired: metric('materialsRequired', 'materials', materials('required'), 'neutral'),
  materialsExempted: metric('materialsExempted', 'materials', materials('exempted')),
  materialsPaper: metric('materialsPaper', 'materials', materials('paper'), 'lower'),
  reductionRate: metric('reductionRate', 'materials', materials('reductionRate')),
  paperAvoided: metric('paperAvoided', 'materials', materials('paperAvoided')),
  certificateFreeCases: metric('certificateFreeCases', 'materials', materials('certificateFreeCases')),
  certificateFreeCaseShare: metric('certificateFreeCaseShare', 'materials', materials('certificateFreeCaseShare')),

  catalogItems: { zh: '事项数', en: 'Catalog items', unit: 'count', group: 'catalog', better: 'neutral', read: (f) => ({ value: f.catalog.items }) },
  certificateFreeItems: { zh: '免证办事项', en: 'Certificate-free items', unit: 'count', group: 'catalog', better: 'higher', read: (f) => ({ value: f.catalog.certificateFreeItems }) },
  exemptionCoverage: { zh: '免证办覆盖率', en: 'Exemption coverage', unit: 'rate', group: 'catalog', better: 'higher', read: (f) => from(f.catalog as unknown as Bag, 'coverage') },
  limitCompression: {
    zh: '承诺时限压缩比', en: 'Limit compression', unit: 'rate', group: 'catalog', better: 'higher',
    read: (f) => ({ value: f.catalog.limitCompression, numerator: f.catalog.limitCompressionParts.statutorySum - f.catalog.limitCompressionParts.promisedSum, denominator: f.catalog.limitCompressionParts.statutorySum }),
  },

  complaintsReceived: metric('complaintsReceived', 'complaints', complaints('received'), 'lower'),
  unnecessaryProofComplaints: metric('unnecessaryProofComplaints', 'complaints', complaints('unnecessaryProof'), 'lower'),
  responseOnTimeRate: metric('responseOnTimeRate', 'complaints', complaints('responseOnTimeRate')),
  resolutionOnTimeRate: metric('resolutionOnTimeRate', 'complaints', complaints('resolutionOnTimeRate')),
  followUpSatisfaction: metric('followUpSatisfaction', 'complaints', complaints('followUpSatisfaction')),

  evaluations: metric('evaluations', 'evaluations', evaluations('count'), 'neutral'),
  badReviews: metric('badReviews', 'evaluations', evaluations('bad'), 'lower'),
  satisfactionRate: metric('satisfactionRate', 'evaluations', evaluations('satisfactionRate')),
  rectificationRate: metric('rectificationRate', 'evaluations', evaluations('rectificationRate')),
} satisfies Record<string, HeadlineDef>;

export type HeadlineId = keyof typeof HEADLINE;
export const HEADLINE_IDS = Object.keys(HEADLINE) as HeadlineId[];

export const HEADLINE_GROUPS: Record<HeadlineGroup, { zh: string; en: string }> = {
  cases: { zh: '办件时效', en: 'Cases and timeliness' },
  service: { zh: '便民服务', en: 'Service access' },
  materials: { zh: '材料精简', en: 'Materials' },
  catalog: { zh: '事项目录', en: 'Catalog' },
  complaints: { zh: '投诉', en: 'Complaints' },
  evaluations: { zh: '好差评', en: 'Evaluations' },
};

/** The cards at the top of the printed page. */
export const KEY_FIGURES: readonly HeadlineId[] = ['accepted', 'completed', 'onTimeRate', 'overdueOpen', 'satisfactionRate', 'complaintsReceived', 'reductionRate', 'exemptionCoverage'];

export function headlineDef(id: HeadlineId): HeadlineDef {
  return HEADLINE[id] as HeadlineDef;
}

/**
 * Month-on-month or year-on-year change: rates in percentage points, counts and days in percent.
 * null when either side is missing, or (percent) when the earlier value is 0.
 */
export function changeOf(unit: ValueUnit, current: number | null, earlier: number | null | undefined): { kind: 'pp' | 'pct'; value: number | null } {
  if (unit === 'rate') return { kind: 'pp', value: current === null || earlier === null || earlier === undefined ? null : (current - earlier) * 100 };
  return { kind: 'pct', value: current === null || earlier === null || earlier === undefined || earlier === 0 ? null : ((current - earlier) / earlier) * 100 };
}
