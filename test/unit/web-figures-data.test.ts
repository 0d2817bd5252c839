// The dashboard's pure chart data (web/src/features/*/…-data.ts): headline figures and their
// change, series merged for charts, rankings that never put 3 cases above 3,000 unseen, the case
// page's "why is this case red", paper materials, coverage, feeds and complaint categories. The
// tables built here are what the page shows and what its CSV contains.
import type { ComplaintRow } from '../../shared/contract/feedback.js';
import { describe, expect, it } from 'vitest';
import { translate, type MessageKey } from '../../web/src/i18n/messages';
import { tableToCsv, displayValue, htmlColumns } from '../../web/src/components/charts/table-data';
import { parseCsv } from '../../web/src/format/csv';
import { headlineRows, headlineTable, HEADLINE_IDS, FIGURE_IDS, HEADLINES } from '../../web/src/features/overview/overview-data';
import { mergeSeries, rankRows, seriesTable, joinBreakdowns } from '../../web/src/features/dashboard/series-data';
import {
  histogramRows,
  histogramTable,
  onTimeRanking,
  processingByDepartment,
  rankingTable,
  warningTable,
} from '../../web/src/features/timeliness/timeliness-data';
import { explainCase, eventDetails } from '../../web/src/features/timeliness/case-data';
import { coverageRows, materialsByMethod, paperRanking } from '../../web/src/features/materials/materials-data';
import { dailyTotals, feedRows, refusalsByRule } from '../../web/src/features/feeds/feeds-data';
import {
  categoryRows,
  complaintFacts,
  complaintLateText,
  complaintStatusText,
  complaintTable,
  rectificationText,
} from '../../web/src/features/complaints/complaints-data';
import { byLevelOrder, delegatedRows, joinedRows } from '../../web/src/features/elderly/elderly-data';
import type { CaseDetail, Figures, FiguresBody } from '../../web/src/features/dashboard/fetch-figures';
import type { Feeds } from '../../web/src/features/feeds/fetch-feeds';

const zh = (k: MessageKey, v?: Record<string, string | number>) => translate('zh-CN', k, v);
const en = (k: MessageKey, v?: Record<string, string | number>) => translate('en', k, v);
const parts = (numerator: number, denominator: number) => ({ numerator, denominator });

function body(over: { accepted?: number; onTime?: [number, number]; online?: [number, number]; complaints?: number } = {}): FiguresBody {
  const [ot, cmp] = over.onTime ?? [95, 100];
  const [on, acc] = over.online ?? [40, over.accepted ?? 120];
  const r = (n: number, d: number) => (d === 0 ? null : n / d);
  return {
    period: { from: '2026-11-01', to: '2026-11-27', asOf: '2026-11-27' },
    filter: {},
    cases: {
      accepted: over.accepted ?? 120,
      completed: cmp,
      onTime: ot,
      withdrawn: 1,
      cannotJudge: 0,
      onTimeRate: r(ot, cmp),
      onTimeRateParts: parts(ot, cmp),
      immediateShare: 0,
      immediateShareParts: parts(0, cmp),
      onlineShare: r(on, acc),
      onlineShareParts: parts(on, acc),
      zeroVisitShare: 0.5,
      zeroVisitShareParts: parts(50, 100),
      atMostOneVisitShare: 0.9,
      atMostOneVisitShareParts: parts(90, 100),
      elderlyShare: 0.25,
      elderlyShareParts: parts(25, 100),
      elderlyAssistedShare: null,
      elderlyAssistedShareParts: parts(0, 0),
      nearbyShare: 0.3,
      nearbyShareParts: parts(36, 120),
      overdueOpen: 4,
      processingDays: { p50: 2.1, p90: 7.5, mean: 3 },
    },
    materials: {
      required: 300,
      exempted: 100,
      paper: 120,
      upload: 80,
      paperAvoided: 180,
      reductionRate: 1 / 3,
      reductionRateParts: parts(100, 300),
      certificateFreeCases: 30,
      certificateFreeCaseShare: 0.25,
      certificateFreeCaseShareParts: parts(30, 120),
      exemptedBy: { e_license: 60, data_sharing: 30, commitment: 10 },
    },
    complaints: {
      received: over.complaints ?? 20,
      unnecessaryProof: 3,
      responseOnTimeRate: 0.9,
      responseOnTimeRateParts: parts(18, 20),
      resolutionOnTimeRate: 0.8,
      resolutionOnTimeRateParts: parts(16, 20),
      followUpSatisfaction: 0.75,
      followUpSatisfactionParts: parts(15, 20),
      byCategory: { delay: 8, unnecessary_proof: 3, attitude: 4, process: 3, system: 1, other: 1 },
    },
    evaluations: {
      count: 50,
      regionUnknown: 0,
      bad: 5,
      satisfactionRate: 0.9,
      satisfactionRateParts: parts(45, 50),
      rectificationRate: null,
      rectificationRateParts: parts(0, 0),
    },
    catalog: {
      items: 16,
      certificateFreeItems: 6,
      coverage: 0.375,
      coverageParts: parts(6, 16),
      limitCompression: 0.6,
      limitCompressionParts: { promisedSum: 40, statutorySum: 100, items: 16 },
      immediateItems: 0,
      delegated: { city: 12, county: 13, town: 5, street: 6, village: 2, community: 3 },
    },
  };
}

describe('headline figures', () => {
  it('reads every figure from the API answer, with its parts and its change', () => {
    const figures: Figures = {
      ...body({ accepted: 110, onTime: [90, 100] }),
      compare: { mode: 'previous', ...body({ accepted: 100, onTime: [95, 100], complaints: 25 }) },
    };
    const rows = headlineRows(figures, zh, 'zh-CN');
    expect(rows.map((r) => r.id)).toEqual([...HEADLINE_IDS]);
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId.accepted).toMatchObject({ label: '受理量', value: 110, previous: 100, good: null, change: { direction: 'up' } });
    expect(byId.accepted!.change.delta).toBeCloseTo(10);
    expect(byId.onTimeRate).toMatchObject({
      label: '按期办结率',
      value: 0.9,
      numerator: 90,
      denominator: 100,
      previous: 0.95,
      good: false,
    });
    expect(byId.onTimeRate!.change.delta).toBeCloseTo(-5); // percentage points
    expect(byId.complaintsReceived).toMatchObject({ value: 20, previous: 25, good: true }); // fewer complaints is better
    expect(byId.overdueOpen).toMatchObject({ label: '超期未办结', value: 4 });
    expect(byId.coverage).toMatchObject({ label: '免证办覆盖率', value: 0.375, numerator: 6, denominator: 16 });
    expect(headlineRows(figures, en, 'en')[0]!.label).toBe('Accepted');
  });

  it('has a definition for every figure a page asks for', () => {
    for (const id of FIGURE_IDS) expect(HEADLINES[id].pick(body())).toHaveProperty('value');
  });

  it('says when there is nothing to compare with', () => {
    const figures: Figures = { ...body(), compare: { mode: 'year', unavailable: true, period: { from: '2018-11-01', to: '2018-11-27' } } };
    const rows = headlineRows(figures, zh, 'zh-CN', ['onTimeRate']);
    expect(rows[0]).toMatchObject({ previous: null, change: { delta: null, direction: 'none' }, good: null });
  });

  it('writes the API’s numbers unrounded to the CSV, and "—" in the table for a missing rate', () => {
    const figures: Figures = { ...body({ onTime: [2, 3] }), compare: { mode: 'previous', ...body() } };
    const table = headlineTable(headlineRows(figures, zh, 'zh-CN', ['onTimeRate', 'accepted', 'elderlyAssistedShare'] as never), zh);
    const csv = parseCsv(tableToCsv(table));
    // As shown (66.7%, not 0.6666666666666666), with the exact value in its own column.
    expect(csv[0]).toEqual([
      '指标',
      '本期',
      '本期（精确值）',
      '分子',
      '分母',
      '对比期',
      '对比期（精确值）',
      '变化（计数为 %，比率为百分点）',
    ]);
    expect(csv[1]).toEqual(['按期办结率', '66.7%', String(2 / 3), '2', '3', '95.0%', '0.95', '-28.33']);
    expect(csv[2]).toEqual(['受理量', '120', '120', '', '', '120', '120', '0']);
    expect(csv[3]).toEqual(['老年人帮办代办率', '', '', '0', '0', '', '', '']);
    const value = table.columns.find((c) => c.id === 'value')!;
    expect(value.display!(table.rows[0]!, 'zh-CN')).toBe('66.7%');
    expect(value.display!(table.rows[2]!, 'zh-CN')).toBe('—');
  });
});

describe('series and rankings', () => {
  it('merges series by bucket and keeps rate parts for the table', () => {
    const rows = mergeSeries(
      [
        {
          metric: 'accepted',
          interval: 'day',
          unit: 'count',
          points: [
            { from: '2026-11-01', to: '2026-11-01', value: 3 },
            { from: '2026-11-02', to: '2026-11-02', value: 5 },
          ],
        },
        {
          metric: 'onTimeRate',
          interval: 'day',
          unit: 'rate',
          points: [
            { from: '2026-11-01', to: '2026-11-01', value: null, numerator: 0, denominator: 0 },
            { from: '2026-11-02', to: '2026-11-02', value: 0.5, numerator: 1, denominator: 2 },
          ],
        },
      ],
      'zh-CN',
    );
    expect(rows).toEqual([
      { from: '2026-11-01', to: '2026-11-01', label: '11/1', accepted: 3, onTimeRate: null, onTimeRate_n: 0, onTimeRate_d: 0 },
      { from: '2026-11-02', to: '2026-11-02', label: '11/2', accepted: 5, onTimeRate: 0.5, onTimeRate_n: 1, onTimeRate_d: 2 },
    ]);
    const table = seriesTable(rows, ['accepted', 'onTimeRate'], zh, 'zh-CN');
    expect(table.columns.map((c) => c.label)).toEqual([
      '起始日期',
      '截止日期',
      '受理量',
      '按期办结率',
      '按期办结率·分子',
      '按期办结率·分母',
    ]);
    expect(parseCsv(tableToCsv(table))[1]).toEqual(['2026-11-01', '2026-11-01', '3', '', '', '0', '0']);
    // Rates as shown ("50.0%", which Excel reads as a percentage), the exact fraction next to them.
    const csv = parseCsv(tableToCsv(table, (l) => `${l}（精确值）`));
    expect(csv[0]!.slice(3, 5)).toEqual(['按期办结率', '按期办结率（精确值）']);
    expect(csv[2]!.slice(3, 5)).toEqual(['50.0%', '0.5']);
    const precise = seriesTable(
      [{ from: '2026-11-03', to: '2026-11-03', label: '11/3', onTimeRate: 30 / 31, onTimeRate_n: 30, onTimeRate_d: 31 }],
      ['onTimeRate'],
      zh,
      'zh-CN',
    );
    expect(parseCsv(tableToCsv(precise))[1]!.slice(2, 4)).toEqual(['96.8%', String(30 / 31)]);
    expect(
      mergeSeries(
        [{ metric: 'accepted', interval: 'month', unit: 'count', points: [{ from: '2026-03-01', to: '2026-03-31', value: 1 }] }],
        'en',
      )[0]!.label,
    ).toBe('Mar 2026');
    // A month the period cuts short is marked; a whole one is not.
    const months = mergeSeries(
      [
        {
          metric: 'accepted',
          interval: 'month',
          unit: 'count',
          points: [
            { from: '2026-11-01', to: '2026-11-30', value: 90 },
            { from: '2026-12-01', to: '2026-12-06', value: 12 },
          ],
        },
      ],
      'zh-CN',
    );
    expect(months.map((r) => r.partialNote)).toEqual([undefined, '截至 12月6日']);
    expect(
      mergeSeries(
        [{ metric: 'accepted', interval: 'week', unit: 'count', points: [{ from: '2026-11-30', to: '2026-12-06', value: 1 }] }],
        'en',
      )[0]!.partialNote,
    ).toBeUndefined();
    expect(
      mergeSeries(
        [{ metric: 'accepted', interval: 'week', unit: 'count', points: [{ from: '2026-11-30', to: '2026-12-02', value: 1 }] }],
        'en',
      )[0]!.partialNote,
    ).toBe('to Dec 2');
  });

  it('never ranks a department with 3 cases above one with 3,000 without showing it', () => {
    const rows = [
      { key: 'D-CL', label: 'D-CL', value: 1, numerator: 3, denominator: 3 },
      { key: 'D-SJJ', label: 'D-SJJ', value: 0.95, numerator: 2850, denominator: 3000 },
      { key: 'D-WJW', label: 'D-WJW', value: 0.8, numerator: 80, denominator: 100 },
      { key: 'D-QXJ', label: 'D-QXJ', value: null, numerator: 0, denominator: 0 },
      { key: 'D-GJJ', label: 'D-GJJ', value: 0.95, numerator: 95, denominator: 100 },
    ];
    const ranked = onTimeRanking({ rows, ranking: { minVolume: 20, volume: 'completed' } }, (k) => `名称${k}`, zh, 'zh-CN');
    expect(ranked.map((r) => [r.key, r.rank, r.smallSample])).toEqual([
      ['D-SJJ', 1, false],
      ['D-GJJ', 2, false],
      ['D-WJW', 3, false],
      ['D-CL', null, true],
      ['D-QXJ', null, false],
    ]);
    expect(ranked[0]!.barText).toBe('95.0%（2,850/3,000）');
    expect(ranked[3]!.barText).toBe('100.0%（3/3） 样本少');
    const csv = parseCsv(tableToCsv(rankingTable(ranked, zh, '部门')));
    expect(csv[0]).toEqual(['排名', '部门', '编码', '按期办结率', '按期办结率 (exact)', '按期办结数', '办结数', '说明']);
    expect(csv[4]).toEqual(['', '名称D-CL', 'D-CL', '100.0%', '1', '3', '3', '办结少于 20 件，不参与排名']);
    expect(csv[5]).toEqual(['', '名称D-QXJ', 'D-QXJ', '', '', '0', '0', '本期无办结']);
    expect(rankRows(rows, { minDenominator: 0, better: 'lower' })[0]!.key).toBe('D-WJW');
  });

  it('ranks with the API\'s minimum and rule: one unit at the minimum alone is not "first"', () => {
    const rows = [
      { key: 'D-WJW', label: 'D-WJW', value: 1, numerator: 22, denominator: 22, rank: null, rankStatus: 'below_minimum' as const },
      { key: 'D-SJJ', label: 'D-SJJ', value: 0.9, numerator: 36, denominator: 40, rank: null, rankStatus: 'sole_eligible' as const },
    ];
    const ranked = onTimeRanking({ rows, ranking: { minVolume: 30, volume: 'completed' } }, (k) => k, zh, 'zh-CN');
    expect(ranked.map((r) => [r.key, r.rank, r.smallSample, r.sole])).toEqual([
      ['D-SJJ', null, false, true],
      ['D-WJW', null, true, false],
    ]);
    const csv = parseCsv(tableToCsv(rankingTable(ranked, zh, '部门')));
    expect(csv[1]!.slice(0, 2).concat(csv[1]!.slice(-1))).toEqual(['', 'D-SJJ', '仅此一个单位办结达到 30 件，不作排名']);
    expect(csv[2]!.at(-1)).toBe('办结少于 30 件，不参与排名');
  });

  it("labels the processing-time bins in working days, with each bin's share", () => {
    const rows = histogramRows(
      {
        total: 4,
        p50: 1,
        p90: 6,
        bins: [
          { from: 0, to: 0.5, count: 1 },
          { from: 0.5, to: 1, count: 2 },
          { from: 40, to: null, count: 1 },
        ],
      },
      zh,
      'zh-CN',
    );
    expect(rows.map((r) => [r.label, r.count, r.share])).toEqual([
      ['≤ 0.5 个工作日', 1, 0.25],
      ['0.5–1 个工作日', 2, 0.5],
      ['> 40 个工作日', 1, 0.25],
    ]);
    expect(parseCsv(tableToCsv(histogramTable(rows, zh)))[2]).toEqual(['0.5–1 个工作日', '2', '50.0%', '0.5']);
    expect(histogramRows({ total: 0, p50: null, p90: null, bins: [{ from: 0, to: 0.5, count: 0 }] }, zh, 'zh-CN')[0]!.share).toBeNull();
  });

  it('pairs p50 and p90 per department, slowest first', () => {
    const p50 = [
      { key: 'A', label: 'A', value: 1 },
      { key: 'B', label: 'B', value: 2 },
      { key: 'C', label: 'C', value: null },
    ];
    const p90 = [
      { key: 'A', label: 'A', value: 9 },
      { key: 'B', label: 'B', value: 4 },
      { key: 'C', label: 'C', value: null },
    ];
    expect(processingByDepartment(p50, p90, (k) => k)).toEqual([
      { key: 'A', label: 'A', p50: 1, p90: 9 },
      { key: 'B', label: 'B', p50: 2, p90: 4 },
    ]);
  });

  it('joins breakdowns of several metrics, leaving out rows with nothing', () => {
    const joined = joinBreakdowns([
      { metric: 'accepted', rows: [{ key: 'window', label: 'window', value: 10 }] },
      { metric: 'elderlyShare', rows: [{ key: 'window', label: 'window', value: 0.2, numerator: 1, denominator: 5 }] },
    ]);
    expect(joined).toEqual([{ key: 'window', label: 'window', accepted: 10, elderlyShare: 0.2, elderlyShare_n: 1, elderlyShare_d: 5 }]);
    const regions = joinedRows(
      [
        {
          metric: 'elderlyShare',
          by: 'region',
          unit: 'rate',
          rows: [
            { key: '370303000000', label: '370303000000', value: 0.3 },
            { key: '370304000000', label: '370304000000', value: null },
          ],
        },
      ],
      (k) => (k === '370303000000' ? '张店区' : k),
    );
    expect(regions.map((r) => r.label)).toEqual(['张店区']);
    expect(
      byLevelOrder([
        { key: 'community', label: 'c' },
        { key: 'city', label: 'a' },
      ] as never).map((r) => r.key),
    ).toEqual(['city', 'community']);
    expect(delegatedRows(body().catalog, zh).map((r) => [r.label, r.items])).toEqual([
      ['市级', 12],
      ['县（区）级', 13],
      ['镇级（就近办）', 5],
      ['街道（就近办）', 6],
      ['村级（就近办）', 2],
      ['社区（就近办）', 3],
    ]);
  });
});

describe('the case page', () => {
  const red = {
    department: 'D-WJW',
    caseId: 'C1',
    judged: true,
    calendarVersion: 'builtin-2026',
    item: { itemCode: 'WJW-001', name: '医疗机构执业登记', promisedDays: 10, statutoryDays: 45, effectiveFrom: '2025-01-01' },
    clock: {
      status: 'open',
      acceptedOn: '2026-10-20',
      completedOn: null,
      deadline: '2026-11-13',
      daysLeft: null,
      suspendedWorkingDays: 3,
      extensionDays: 5,
      onTime: null,
      overdue: true,
      daysOverdue: 10,
      warning: 'red',
      elapsedWorkingDays: 25,
      processingDays: null,
      explanation: {
        acceptedOn: '2026-10-20',
        promisedDays: 10,
        extensionDays: 5,
        suspensions: [{ from: '2026-10-23', to: '2026-10-28', countedDays: 3 }],
        suspendedWorkingDays: 3,
        deadline: '2026-11-13',
        calendarVersion: 'builtin-2026',
        rule: '受理日 2026-10-20 不计，其后第 18 个工作日（承诺 10 + 延长 5 + 暂停 3）为截止日 2026-11-13',
      },
    },
    events: [
      {
        id: 'C1:acc',
        type: 'case.accepted',
        at: '2026-10-20T10:15:00+08:00',
        receivedAt: '2026-11-27T01:00:00Z',
        channel: 'window',
        regionCode: '370303000000',
        materials: [{}, {}],
      },
      { id: 'C1:sus', type: 'case.suspended', at: '2026-10-23T09:30:00+08:00', receivedAt: '2026-11-27T01:00:00Z', reason: 'inspection' },
      { id: 'C1:ext', type: 'case.extended', at: '2026-10-30T11:00:00+08:00', receivedAt: '2026-11-27T01:00:00Z', days: 5, voidedBy: 'v1' },
    ],
  } satisfies CaseDetail;

  it('says why a case is red and lists every step of its deadline', () => {
    const ex = explainCase(red, '2026-11-27', zh, 'zh-CN');
    expect(ex.warning).toBe('red');
    expect(ex.verdict).toBe('截止日 2026年11月13日 已过：今天是 2026年11月27日，已超期 10 个工作日，办件仍未办结。');
    expect(ex.steps.map((s) => [s.label, s.value, s.adds])).toEqual([
      ['受理日（当天不计，从次日起算）', '2026年10月20日', null],
      ['承诺时限（法定时限 45 个工作日）', '+10 个工作日', 10],
      ['延长（经批准）', '+5 个工作日', 5],
      ['暂停计时 1：2026年10月23日 至 2026年10月28日（暂停当天不计）', '+3 个工作日', 3],
    ]);
    expect(ex.totalDays).toBe(18);
    expect(ex.deadline).toBe('2026-11-13');
    expect(ex.rule).toContain('第 18 个工作日');
    expect(explainCase(red, '2026-11-27', en, 'en').verdict).toBe(
      'The deadline Nov 13, 2026 has passed: today is Nov 27, 2026, 10 working days overdue, and the case is still open.',
    );
  });

  it('explains yellow, on-time, late and unjudged cases too', () => {
    const yellow = {
      ...red,
      clock: {
        ...red.clock!,
        warning: 'yellow' as const,
        overdue: false,
        daysOverdue: 0,
        elapsedWorkingDays: 9,
        explanation: { ...red.clock!.explanation!, extensionDays: 0, suspensions: [], suspendedWorkingDays: 0 },
      },
    };
    expect(explainCase(yellow, '2026-11-27', zh, 'zh-CN').verdict).toContain('达到时限 10 个工作日的 90%（9.0）');
    const done = {
      ...red,
      clock: { ...red.clock!, status: 'completed' as const, completedOn: '2026-11-10', onTime: true, warning: 'none' as const },
    };
    expect(explainCase(done, '2026-11-27', zh, 'zh-CN').verdict).toBe('2026年11月10日 办结，未超过截止日 2026年11月13日，按期办结。');
    const late = { ...done, clock: { ...done.clock, completedOn: '2026-11-17', onTime: false, daysOverdue: 2, warning: 'red' as const } };
    expect(explainCase(late, '2026-11-27', zh, 'zh-CN').verdict).toBe('办结日 2026年11月17日 晚于截止日 2026年11月13日，超期 2 个工作日。');
    expect(
      explainCase({ ...red, item: null, clock: { status: 'open', acceptedOn: '2026-10-20', note: 'x' } }, '2026-11-27', zh, 'zh-CN'),
    ).toMatchObject({ steps: [], verdict: expect.stringContaining('暂无法判定') });
  });

  it('gives a suspended case no deadline date, only the days left and since when (暂停中)', () => {
    const suspensions = [
      { from: '2026-10-23', to: '2026-10-28', countedDays: 3 },
      { from: '2026-11-20', to: null, countedDays: 5 },
    ];
    const held = {
      ...red,
      clock: {
        ...red.clock!,
        status: 'suspended' as const,
        deadline: null,
        daysLeft: 4,
        warning: 'none' as const,
        overdue: false,
        daysOverdue: 0,
        explanation: { ...red.clock!.explanation!, suspensions },
      },
    };
    const ex = explainCase(held, '2026-11-27', zh, 'zh-CN');
    expect(ex.verdict).toBe(
      '暂停中：自 2026年11月20日 起暂停计时，暂停时剩余 4 个工作日；暂停期间没有截止日期，恢复计时后重新确定截止日。',
    );
    expect(ex.deadline).toBeNull();
    expect(ex.totalDays).toBeNull();
    expect(ex.steps.at(-1)).toMatchObject({ label: '暂停计时 2：2026年11月20日 至 至今（仍在暂停）（暂停当天不计）' });
  });

  it('says why the clock cannot judge a case, which records, and what to do', () => {
    const bad = {
      ...red,
      clock: {
        status: 'cannot_judge' as const,
        acceptedOn: null,
        completedOn: null,
        deadline: null,
        daysLeft: null,
        suspendedWorkingDays: 0,
        extensionDays: 0,
        onTime: null,
        overdue: false,
        daysOverdue: 0,
        warning: 'none' as const,
        elapsedWorkingDays: 0,
        processingDays: null,
        explanation: null,
        problem: { code: 'resumed_without_suspension' as const, recordIds: ['r-9', 'a-1'] },
      },
    };
    expect(explainCase(bad, '2026-11-27', zh, 'zh-CN')).toMatchObject({
      status: '无法判定',
      warning: 'none',
      steps: [],
      deadline: null,
      verdict:
        '无法判定时效：恢复计时之前没有对应的暂停记录，无法计算暂停天数。涉及记录 r-9、a-1。补发缺失的暂停记录；如恢复记录系误发，请作废。',
    });
    expect(explainCase(bad, '2026-11-27', en, 'en').verdict).toContain('Records involved: r-9, a-1.');
  });

  it('describes events in words', () => {
    const name = (c: string) => (c === '370303000000' ? '张店区' : c);
    expect(eventDetails(red.events[0]!, zh, name)).toBe('窗口；张店区；材料 2 项');
    expect(eventDetails(red.events[1]!, zh, name)).toBe('检验检测');
    expect(eventDetails(red.events[2]!, zh, name)).toBe('+5 个工作日；已被 v1 作废');
  });

  it('links each warning to its case and says 红牌 in words', () => {
    const table = warningTable(
      [
        {
          department: 'D-WJW',
          caseId: 'C1',
          itemCode: 'WJW-001',
          regionCode: '370303000000',
          channel: 'window',
          status: 'open',
          acceptedOn: '2026-10-20',
          deadline: '2026-11-13',
          daysOverdue: 10,
          elapsedWorkingDays: 25,
          limitDays: 15,
          warning: 'red',
          deptName: '卫健委',
          regionName: '张店区',
          itemName: '医疗机构执业登记',
          href: '#/timeliness?caseDept=D-WJW&caseId=C1',
        },
      ],
      zh,
    );
    const row = table.rows[0]!;
    expect(table.columns.find((c) => c.id === 'caseId')!.href!(row)).toBe('#/timeliness?caseDept=D-WJW&caseId=C1');
    expect(parseCsv(tableToCsv(table))[1]).toEqual([
      '红牌',
      'C1',
      '卫健委',
      '医疗机构执业登记',
      'WJW-001',
      '张店区',
      '2026-10-20',
      '2026-11-13',
      '10',
      '25/15',
      '办理中',
    ]);
    // On screen the long item code is a second line under the name, not a column of its own.
    expect(htmlColumns(table).map((c) => c.id)).not.toContain('itemCode');
    expect(table.columns.find((c) => c.id === 'item')!.secondary!(row)).toBe('WJW-001');
    expect(displayValue('date', '2026-11-13', 'zh-CN')).toBe('2026年11月13日');
  });
});

describe('materials, feeds and complaints', () => {
  it('splits required materials by how they were provided', () => {
    const rows = materialsByMethod(body().materials, zh);
    expect(rows.map((r) => [r.label, r.count, r.exempted])).toEqual([
      ['电子证照', 60, true],
      ['数据共享', 30, true],
      ['告知承诺', 10, true],
      ['电子上传', 80, false],
      ['纸质提交', 120, false],
    ]);
    expect(rows[4]!.share).toBeCloseTo(0.4);
    expect(materialsByMethod({ ...body().materials, required: 0 }, zh)[0]!.share).toBeNull();
  });

  it('ranks paper materials with what to do next', () => {
    const rows = paperRanking(
      [
        {
          itemCode: 'GJJ-002',
          itemName: '住房公积金个人贷款',
          departmentCode: 'D-GJJ',
          materialCode: 'M-HYZ',
          materialName: '结婚证',
          materialKind: 'certificate',
          exemption: 'none',
          paper: 15,
        },
        {
          itemCode: 'RSJ-002',
          itemName: null,
          departmentCode: null,
          materialCode: 'M-GLZM',
          materialName: null,
          materialKind: 'proof',
          exemption: 'none',
          paper: 9,
        },
        {
          itemCode: 'ZC-002',
          itemName: '低保',
          departmentCode: 'D-X',
          materialCode: 'M-SRZM',
          materialName: '家庭收入证明',
          materialKind: 'proof',
          exemption: 'commitment',
          paper: 2,
        },
      ],
      (c) => `部门${c}`,
      zh,
    );
    expect(rows.map((r) => [r.rank, r.display, r.deptName, r.suggestion])).toEqual([
      [1, '住房公积金个人贷款 · 结婚证', '部门D-GJJ', '证照类：接入电子证照库免提交'],
      [2, 'RSJ-002 · M-GLZM', '—', '证明类：通过数据共享或告知承诺免提交'],
      [3, '低保 · 家庭收入证明', '部门D-X', '已有免提交方式，但仍有纸质提交：督促窗口使用'],
    ]);
  });

  it('orders coverage highest first and drops departments without items', () => {
    const cat = (items: number, free: number) => ({
      ...body().catalog,
      items,
      certificateFreeItems: free,
      coverage: items ? free / items : null,
    });
    const rows = coverageRows(
      [
        { key: 'A', catalog: cat(4, 1) },
        { key: 'B', catalog: cat(0, 0) },
        { key: 'C', catalog: cat(2, 2) },
      ],
      (k) => k,
      'zh-CN',
      zh,
    );
    expect(rows.map((r) => [r.key, r.barText])).toEqual([
      ['C', '100.0%（2 / 2 项）'],
      ['A', '25.0%（1 / 4 项）'],
    ]);
  });

  it('marks stale feeds first and sums refusals by rule', () => {
    const feeds: Feeds = {
      from: '2026-11-01',
      to: '2026-11-03',
      staleAfterDays: 3,
      departments: [
        {
          department: 'D-SJJ',
          name: '市场监管局',
          accepted: 10,
          duplicate: 1,
          conflict: 0,
          rejected: 2,
          forbidden: 0,
          voids: 1,
          unknownItem: 0,
          rejectedBy: { not_one_of: 2 },
          daysSinceLastRecord: 1,
          lastReceivedAt: '2026-11-27T11:00:00Z',
          stale: false,
          days: [
            {
              day: '2026-11-02',
              accepted: 10,
              duplicate: 1,
              conflict: 0,
              rejected: 2,
              forbidden: 0,
              voids: 1,
              unknownItem: 0,
              rejectedBy: { not_one_of: 2 },
            },
          ],
        },
        {
          department: 'D-QXJ',
          name: '气象局',
          accepted: 0,
          duplicate: 0,
          conflict: 0,
          rejected: 1,
          forbidden: 0,
          voids: 0,
          unknownItem: 0,
          rejectedBy: { not_one_of: 1, foo_rule: 1 },
          daysSinceLastRecord: null,
          lastReceivedAt: null,
          stale: true,
          days: [],
        },
      ],
    };
    const rows = feedRows(feeds, Date.parse('2026-11-27T12:00:00Z'), zh, (_c, n) => n);
    expect(rows.map((r) => [r.department, r.since, r.rejectedText])).toEqual([
      ['D-QXJ', '从未接收', '取值不在允许范围（not_one_of） 1；foo_rule 1'],
      ['D-SJJ', '1 小时前', '取值不在允许范围（not_one_of） 2'],
    ]);
    expect(refusalsByRule(feeds, zh).map((r) => [r.code, r.count])).toEqual([
      ['not_one_of', 3],
      ['foo_rule', 1],
    ]);
    expect(dailyTotals(feeds, (d) => d).map((r) => [r.from, r.accepted, r.refused])).toEqual([
      ['2026-11-01', 0, 0],
      ['2026-11-02', 10, 2],
      ['2026-11-03', 0, 0],
    ]);
    const long = dailyTotals({ ...feeds, from: '2026-01-01', to: '2026-11-27' }, (d) => d);
    expect(long.length).toBeLessThanOrEqual(500);
    expect(long[0]).toMatchObject({ from: '2026-01-01', to: '2026-01-07' });
  });

  it('shows "asked for an unnecessary proof" on its own and links complaints to cases', () => {
    const rows = categoryRows(body().complaints, zh);
    expect(rows.map((r) => [r.label, r.count, r.flagged])).toEqual([
      ['办理拖延', 8, false],
      ['★ 要求提供不必要证明', 3, true],
      ['服务态度', 4, false],
      ['流程繁琐', 3, false],
      ['系统故障', 1, false],
      ['其他', 1, false],
    ]);
    expect(rows[1]!.share).toBeCloseTo(0.15);
    const complaint: ComplaintRow = {
      department: 'D-SJJ',
      departmentName: '市数据局',
      complaintId: 'K1',
      receivedAt: '2026-11-02T09:00:00+08:00',
      receivedOn: '2026-11-02',
      category: 'unnecessary_proof',
      channel: 'window',
      regionCode: '370303000000',
      itemCode: null,
      itemName: null,
      caseId: 'C9',
      summary: null,
      respondBy: '2026-11-03',
      respondedAt: null,
      responseLate: true,
      resolveBy: '2026-11-09',
      resolvedAt: null,
      resolutionLate: null,
      open: true,
      reopened: false,
      substantiated: null,
      followUp: null,
      late: true,
    };
    const table = complaintTable(
      [complaint],
      zh,
      (c) => c,
      (d, id) => `#/complaints?fbDept=${d}&complaintId=${id}`,
      (d, c) => `#/timeliness?caseDept=${d}&caseId=${c}`,
    );
    expect(table.columns.find((c) => c.id === 'case')!.href!(table.rows[0]!)).toBe('#/timeliness?caseDept=D-SJJ&caseId=C9');
    expect(table.columns.find((c) => c.id === 'id')!.href!(table.rows[0]!)).toBe('#/complaints?fbDept=D-SJJ&complaintId=K1');
    expect(parseCsv(tableToCsv(table))[1]).toEqual([
      '2026-11-02',
      'K1',
      '要求提供不必要证明',
      '市数据局',
      '办理中',
      '响应超期',
      '2026-11-09',
      'C9',
    ]);
    expect(complaintLateText({ responseLate: true, resolutionLate: true }, zh)).toBe('响应、办结均超期');
    expect(complaintLateText({ responseLate: false, resolutionLate: null }, zh)).toBeNull();
    expect(complaintStatusText({ open: true, reopened: true }, zh)).toBe('已重新打开');
    const facts = complaintFacts(
      complaint,
      zh,
      'zh-CN',
      (c) => c,
      () => '张店区',
    );
    expect(facts.find((x) => x.id === 'respond')).toMatchObject({ late: true });
    expect(facts.find((x) => x.id === 'resolve')!.value).toContain('未到期');
  });

  it("says where a bad review's rectification stands", () => {
    const base = { bad: true, rectifiedAt: null, rectificationLate: null };
    expect(rectificationText(base, zh)).toBe('未整改');
    expect(rectificationText({ ...base, rectificationLate: true }, zh)).toBe('未整改（已超期）');
    expect(rectificationText({ ...base, rectifiedAt: '2026-11-20T10:00:00+08:00', rectificationLate: true }, zh)).toBe('超期整改');
    expect(rectificationText({ ...base, rectifiedAt: '2026-11-20T10:00:00+08:00', rectificationLate: false }, zh)).toBe('已整改');
    expect(rectificationText({ bad: false, rectifiedAt: null, rectificationLate: null }, zh)).toBeNull();
  });
});
