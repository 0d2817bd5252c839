// A sample monthly report (淄博市, March 2024) built from fixed values, for the unit tests of the
// narrative and the page, and for bench:bundles' PDF measurement (no DynamoDB needed).
import { changeOf, HEADLINE_IDS, headlineDef } from '../../shared/reports/headline.js';
import type { HeadlineRow, ReportDoc } from '../../shared/reports/model.js';
import { buildNarrative } from '../../shared/reports/narrative.js';
import { buildRanking } from '../../shared/reports/ranking.js';

const VALUES: Partial<Record<string, [number | null, number | null, number | null, number?, number?]>> = {
  accepted: [1234, 1100, 900],
  completed: [1180, 1000, 950],
  onTimeRate: [1100 / 1180, 0.93, 0.9, 1100, 1180],
  overdueOpen: [7, 9, 3],
  satisfactionRate: [0.981, 0.975, null, 530, 540],
  evaluations: [540, 500, 0],
  badReviews: [10, 12, 0],
  complaintsReceived: [23, 20, 15],
  unnecessaryProofComplaints: [4, 6, 2],
  reductionRate: [0.335, 0.33, 0.3, 2010, 6000],
  materialsExempted: [2010, 1900, 1500],
  materialsRequired: [6000, 5700, 5000],
  paperAvoided: [4567, 4300, 3000],
  certificateFreeItems: [969, 960, 900],
  exemptionCoverage: [0.969, 0.96, 0.9, 969, 1000],
};

export function makeDoc(over: Partial<ReportDoc> = {}): ReportDoc {
  const headline: HeadlineRow[] = HEADLINE_IDS.map((id) => {
    const unit = headlineDef(id).unit;
    const [c, p, y, num, den] = VALUES[id] ?? [unit === 'rate' ? 0.5 : 10, unit === 'rate' ? 0.4 : 8, null];
    const val = (v: number | null) => ({ value: v, ...(num !== undefined && v === c ? { numerator: num, denominator: den } : {}) });
    return {
      id,
      unit,
      current: val(c),
      previous: val(p),
      lastYear: y === null ? null : val(y),
      mom: changeOf(unit, c, p),
      yoy: changeOf(unit, c, y),
    };
  });
  const unit = (code: string, name: string, num: number, den: number, prev: [number, number]) => ({
    code,
    nameZh: name,
    nameEn: `${code} Bureau`,
    current: { value: num / den, numerator: num, denominator: den },
    previous: { value: prev[0] / prev[1], numerator: prev[0], denominator: prev[1] },
  });
  const body: Omit<ReportDoc, 'narrative'> = {
    schema: 1,
    id: '2024-03~city',
    month: '2024-03',
    version: 1,
    scope: { key: 'city', kind: 'city', code: null, nameZh: '淄博市', nameEn: 'Zibo' },
    periods: {
      current: { from: '2024-03-01', to: '2024-03-31' },
      previous: { from: '2024-02-01', to: '2024-02-29' },
      lastYear: { from: '2023-03-01', to: '2023-03-31' },
    },
    generatedAt: '2024-03-31T18:00:00.000Z',
    generatedBy: 'scheduler',
    asOf: '2024-04-01',
    calendarVersion: 'cal-1',
    catalogGeneration: 3,
    settings: {
      minVolume: { completed: 30, evaluations: 30, items: 10 },
      specialMatters: { farOverdueDays: 10, longSuspendedDays: 20, listLimit: 50 },
      dataQuality: { silentWorkingDays: 5, rejectedShare: 0.1, rejectedMin: 20 },
    },
    figures: { current: {} as never, previous: null, lastYear: null },
    headline,
    rankings: [
      buildRanking(
        'onTimeRate',
        'department',
        [
          unit('D-GAJ', '淄博市公安局', 580, 600, [500, 540]),
          unit('D-MZJ', '淄博市民政局<script>', 190, 200, [190, 195]),
          unit('D-TJJ', '淄博市统计局', 3, 3, [2, 2]),
        ],
        30,
      ),
    ],
    positions: [],
    specialMatters: {
      asOf: '2024-03-31T18:00:00.000Z',
      farOverdueDays: 10,
      longSuspendedDays: 20,
      totals: { overdueOpen: 7, farOverdue: 3, longSuspended: 2 },
      listLimit: 50,
      byDepartment: [
        { department: 'D-RSJ', nameZh: '淄博市人力资源和社会保障局', nameEn: 'HR Bureau', overdueOpen: 4, farOverdue: 2, longSuspended: 2 },
        { department: 'D-GAJ', nameZh: '淄博市公安局', nameEn: 'Police', overdueOpen: 3, farOverdue: 1, longSuspended: 0 },
      ],
      cases: [
        {
          kind: 'long_suspended',
          department: 'D-RSJ',
          departmentName: '淄博市人力资源和社会保障局',
          caseId: 'C-1',
          itemCode: 'I-1',
          itemName: '事业单位转企业人员退休审批',
          regionCode: '370303001000',
          acceptedOn: '2023-11-02',
          deadline: '2024-05-10',
          limitDays: 20,
          daysOverdue: 0,
          suspendedSince: '2023-12-01',
          suspendedDays: 80,
        },
      ],
    },
    complaints: {
      received: 23,
      previous: 20,
      byCategory: [{ category: 'unnecessary_proof', count: 4, previous: 6, share: 4 / 23 }],
      unnecessaryProof: { count: 4, previous: 6, lastYear: 2 },
      byDepartment: [],
      byItem: [],
      listLimit: 10,
    },
    targets: {
      judged: 2,
      met: 1,
      rows: [
        {
          metric: 'certificateFreeItems',
          unit: 'count',
          labelZh: '免证办事项',
          labelEn: 'Certificate-free items',
          scope: 'city',
          target: 969,
          direction: 'atLeast',
          actual: { value: 969 },
          met: true,
          gap: 0,
        },
        {
          metric: 'nearbyShare',
          unit: 'rate',
          labelZh: '就近办占比',
          labelEn: 'Nearby handling share',
          scope: '*',
          target: 0.6,
          direction: 'atLeast',
          actual: { value: 0.5, numerator: 5, denominator: 10 },
          met: false,
          gap: -10,
        },
      ],
    },
    dataQuality: {
      checkedDepartments: 43,
      departmentsWithNotes: 2,
      notes: [
        {
          kind: 'silent',
          department: 'D-TJJ',
          nameZh: '淄博市统计局',
          nameEn: 'Statistics Bureau',
          received: 40,
          accepted: 40,
          rejected: 0,
          rejectedShare: 0,
          topRejections: [],
          unknownItem: 0,
          silentDays: 7,
          silentFrom: '2024-03-11',
          silentTo: '2024-03-19',
        },
        {
          kind: 'rejected',
          department: 'D-ZJJ',
          nameZh: '淄博市住房和城乡建设局',
          nameEn: 'Housing Bureau',
          received: 300,
          accepted: 240,
          rejected: 60,
          rejectedShare: 0.2,
          topRejections: [{ code: 'not_one_of', n: 50 }],
          unknownItem: 0,
        },
      ],
    },
    ...over,
  };
  return { ...body, narrative: buildNarrative(body) };
}
