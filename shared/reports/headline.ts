// The report's headline figures (主要指标): which figures of the registry the report shows, in
// what order and which section. Label, unit, direction and where each is read in the figures
// answer (GET /v1/figures) come from the registry (shared/figures/metrics.ts); a report may word
// a label for its page (月末超期未办结). A Record over HeadlineId, so a new row names its figure.
import { readFigure, type Figures } from '../figures/figures.js';
import { FIGURES, type Better, type FigureId } from '../figures/metrics.js';
import type { ValueUnit } from './format.js';

export type { Better };

export interface ValueWithParts {
  value: number | null;
  numerator?: number;
  denominator?: number;
}

export type HeadlineGroup = 'cases' | 'materials' | 'catalog' | 'service' | 'complaints' | 'evaluations';

interface HeadlineDef {
  zh: string;
  en: string;
  unit: ValueUnit;
  group: HeadlineGroup;
  better: Better;
  read(f: Figures): ValueWithParts;
}

/** A figure and its numerator and denominator (the limit compression's: the days saved of the statutory days). */
function read(f: Figures, id: FigureId): ValueWithParts {
  const r = readFigure(f, id);
  if (r.sums) return { value: r.value, numerator: r.sums.statutorySum - r.sums.promisedSum, denominator: r.sums.statutorySum };
  return { value: r.value, ...(r.parts ? { numerator: r.parts.numerator, denominator: r.parts.denominator } : {}) };
}

const figure = (id: FigureId, group: HeadlineGroup, label?: { zh: string; en: string }): HeadlineDef => ({
  zh: label?.zh ?? FIGURES[id].zh,
  en: label?.en ?? FIGURES[id].en,
  unit: FIGURES[id].unit,
  group,
  better: FIGURES[id].better,
  read: (f) => read(f, id),
});

export const HEADLINE = {
  accepted: figure('accepted', 'cases'),
  completed: figure('completed', 'cases'),
  onTimeRate: figure('onTimeRate', 'cases'),
  overdueOpen: figure('overdueOpen', 'cases', { zh: '月末超期未办结', en: 'Overdue and open at month end' }),
  processingP50: figure('processingP50', 'cases'),
  processingP90: figure('processingP90', 'cases'),
  processingMean: figure('processingMean', 'cases'),
  immediateShare: figure('immediateShare', 'cases'),
  onlineShare: figure('onlineShare', 'service'),
  zeroVisitShare: figure('zeroVisitShare', 'service'),
  atMostOneVisitShare: figure('atMostOneVisitShare', 'service'),
  nearbyShare: figure('nearbyShare', 'service'),
  elderlyShare: figure('elderlyShare', 'service'),
  elderlyAssistedShare: figure('elderlyAssistedShare', 'service'),

  materialsRequired: figure('materialsRequired', 'materials'),
  materialsExempted: figure('materialsExempted', 'materials'),
  materialsPaper: figure('materialsPaper', 'materials'),
  reductionRate: figure('reductionRate', 'materials'),
  paperAvoided: figure('paperAvoided', 'materials'),
  certificateFreeCases: figure('certificateFreeCases', 'materials'),
  certificateFreeCaseShare: figure('certificateFreeCaseShare', 'materials'),

  catalogItems: figure('catalogItems', 'catalog'),
  certificateFreeItems: figure('certificateFreeItems', 'catalog'),
  exemptionCoverage: figure('exemptionCoverage', 'catalog', { zh: '免证办覆盖率', en: 'Exemption coverage' }),
  limitCompression: figure('limitCompression', 'catalog', { zh: '承诺时限压缩比', en: 'Limit compression' }),

  complaintsReceived: figure('complaintsReceived', 'complaints'),
  unnecessaryProofComplaints: figure('unnecessaryProofComplaints', 'complaints'),
  responseOnTimeRate: figure('responseOnTimeRate', 'complaints'),
  resolutionOnTimeRate: figure('resolutionOnTimeRate', 'complaints'),
  followUpSatisfaction: figure('followUpSatisfaction', 'complaints'),

  evaluations: figure('evaluations', 'evaluations'),
  badReviews: figure('badReviews', 'evaluations'),
  satisfactionRate: figure('satisfactionRate', 'evaluations'),
  rectificationRate: figure('rectificationRate', 'evaluations'),
} satisfies Partial<Record<FigureId, HeadlineDef>>;

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
export const KEY_FIGURES: readonly HeadlineId[] = [
  'accepted',
  'completed',
  'onTimeRate',
  'overdueOpen',
  'satisfactionRate',
  'complaintsReceived',
  'reductionRate',
  'exemptionCoverage',
];

export function headlineDef(id: HeadlineId): HeadlineDef {
  return HEADLINE[id] as HeadlineDef;
}

/**
 * Month-on-month or year-on-year change: rates in percentage points, counts and days in percent.
 * null when either side is missing, or (percent) when the earlier value is 0.
 */
export function changeOf(
  unit: ValueUnit,
  current: number | null,
  earlier: number | null | undefined,
): { kind: 'pp' | 'pct'; value: number | null } {
  if (unit === 'rate')
    return { kind: 'pp', value: current === null || earlier === null || earlier === undefined ? null : (current - earlier) * 100 };
  return {
    kind: 'pct',
    value: current === null || earlier === null || earlier === undefined || earlier === 0 ? null : ((current - earlier) / earlier) * 100,
  };
}
