// The narrative (综述) and the renderings of a report, on a report built by hand: every sentence
// is made only of the report's own numbers (each traced by its path), the same report always
// reads the same, the printed page escapes every text and carries its print rules, the tables
// (XLSX/CSV) hold the JSON's values, and a regeneration's diff names what changed.
import { describe, expect, it } from 'vitest';
import { diffReports, isUnchanged } from '../../shared/reports/diff.js';
import { formatCount, formatDays, formatMagnitude, formatRate } from '../../shared/reports/format.js';
import { changeOf, HEADLINE_IDS, headlineDef } from '../../shared/reports/headline.js';
import { renderReportDocument, renderReportHtml } from '../../shared/reports/html.js';
import { resolvePath, type HeadlineRow, type ReportDoc } from '../../shared/reports/model.js';
import { buildNarrative } from '../../shared/reports/narrative.js';
import { buildRanking } from '../../shared/reports/ranking.js';
import { reportTables } from '../../shared/reports/tables.js';

const VALUES: Partial<Record<string, [number | null, number | null, number | null, number?, number?]>> = {
  accepted: [1234, 1100, 900], completed: [1180, 1000, 950], onTimeRate: [1100 / 1180, 0.93, 0.9, 1100, 1180], overdueOpen: [7, 9, 3],
  satisfactionRate: [0.981, 0.975, null, 530, 540], evaluations: [540, 500, 0], badReviews: [10, 12, 0], complaintsReceived: [23, 20, 15],
  unnecessaryProofComplaints: [4, 6, 2], reductionRate: [0.335, 0.33, 0.3, 2010, 6000], materialsExempted: [2010, 1900, 1500], materialsRequired: [6000, 5700, 5000],
  paperAvoided: [4567, 4300, 3000], certificateFreeItems: [969, 960, 900], exemptionCoverage: [0.969, 0.96, 0.9, 969, 1000],
};

function makeDoc(over: Partial<ReportDoc> = {}): ReportDoc {
  const headline: HeadlineRow[] = HEADLINE_IDS.map((id) => {
    const unit = headlineDef(id).unit;
    const [c, p, y, num, den] = VALUES[id] ?? [unit === 'rate' ? 0.5 : 10, unit === 'rate' ? 0.4 : 8, null];
    const val = (v: number | null) => ({ value: v, ...(num !== undefined && v === c ? { numerator: num, denominator: den } : {}) });
    return { id, unit, current: val(c), previous: val(p), lastYear: y === null ? null : val(y), mom: changeOf(unit, c, p), yoy: changeOf(unit, c, y) };
  });
  const unit = (code: string, name: string, num: number, den: number, prev: [number, number]) => ({ code, nameZh: name, nameEn: `${code} Bureau`, current: { value: num / den, numerator: num, denominator: den }, previous: { value: prev[0] / prev[1], numerator: prev[0], denominator: prev[1] } });
  const body: Omit<ReportDoc, 'narrative'> = {
    schema: 1, id: '2024-03~city', month: '2024-03', version: 1,
    scope: { key: 'city', kind: 'city', code: null, nameZh: '淄博市', nameEn: 'Zibo' },
    periods: { current: { from: '2024-03-01', to: '2024-03-31' }, previous: { from: '2024-02-01', to: '2024-02-29' }, lastYear: { from: '2023-03-01', to: '2023-03-31' } },
    generatedAt: '2024-03-31T18:00:00.000Z', generatedBy: 'scheduler', asOf: '2024-04-01', calendarVersion: 'cal-1', catalogGeneration: 3,
    settings: { minVolume: { completed: 30, evaluations: 30, items: 10 }, specialMatters: { farOverdueDays: 10, longSuspendedDays: 20, listLimit: 50 }, dataQuality: { silentWorkingDays: 5, rejectedShare: 0.1, rejectedMin: 20 } },
    figures: { current: {} as never, previous: null, lastYear: null },
    headline,
    rankings: [buildRanking('onTimeRate', 'department', [
      unit('D-GAJ', '淄博市公安局', 580, 600, [500, 540]), unit('D-MZJ', '淄博市民政局<script>', 190, 200, [190, 195]), unit('D-TJJ', '淄博市统计局', 3, 3, [2, 2]),
    ], 30)],
    positions: [],
    specialMatters: {
      asOf: '2024-03-31T18:00:00.000Z', farOverdueDays: 10, longSuspendedDays: 20, totals: { overdueOpen: 7, farOverdue: 3, longSuspended: 2 }, listLimit: 50,
      byDepartment: [{ department: 'D-RSJ', nameZh: '淄博市人力资源和社会保障局', nameEn: 'HR Bureau', overdueOpen: 4, farOverdue: 2, longSuspended: 2 }, { department: 'D-GAJ', nameZh: '淄博市公安局', nameEn: 'Police', overdueOpen: 3, farOverdue: 1, longSuspended: 0 }],
      cases: [{ kind: 'long_suspended', department: 'D-RSJ', departmentName: '淄博市人力资源和社会保障局', caseId: 'C-1', itemCode: 'I-1', itemName: '事业单位转企业人员退休审批', regionCode: '370303001000', acceptedOn: '2023-11-02', deadline: '2024-05-10', limitDays: 20, daysOverdue: 0, suspendedSince: '2023-12-01', suspendedDays: 80 }],
    },
    complaints: { received: 23, previous: 20, byCategory: [{ category: 'unnecessary_proof', count: 4, previous: 6, share: 4 / 23 }], unnecessaryProof: { count: 4, previous: 6, lastYear: 2 }, byDepartment: [], byItem: [], listLimit: 10 },
    targets: { judged: 2, met: 1, rows: [
      { metric: 'certificateFreeItems', unit: 'count', labelZh: '免证办事项', labelEn: 'Certificate-free items', scope: 'city', target: 969, direction: 'atLeast', actual: { value: 969 }, met: true, gap: 0 },
      { metric: 'nearbyShare', unit: 'rate', labelZh: '就近办占比', labelEn: 'Nearby handling share', scope: '*', target: 0.6, direction: 'atLeast', actual: { value: 0.5, numerator: 5, denominator: 10 }, met: false, gap: -10 },
    ] },
    dataQuality: { checkedDepartments: 43, departmentsWithNotes: 2, notes: [
      { kind: 'silent', department: 'D-TJJ', nameZh: '淄博市统计局', nameEn: 'Statistics Bureau', received: 40, accepted: 40, rejected: 0, rejectedShare: 0, topRejections: [], unknownItem: 0, silentDays: 7, silentFrom: '2024-03-11', silentTo: '2024-03-19' },
      { kind: 'rejected', department: 'D-ZJJ', nameZh: '淄博市住房和城乡建设局', nameEn: 'Housing Bureau', received: 300, accepted: 240, rejected: 60, rejectedShare: 0.2, topRejections: [{ code: 'not_one_of', n: 50 }], unknownItem: 0 },
    ] },
    ...over,
  };
  return { ...body, narrative: buildNarrative(body) };
}

/** Every number in a text is one of the formatted values its references point at. */
function assertTraceable(doc: ReportDoc) {
  for (const s of doc.narrative.sentences) {
    for (const text of [s.zh, s.en]) {
      let rest = text.replace(/“要求提供不必要证明”/g, '');
      const allowed = new Set(['2024', '3']);
      for (const ref of s.refs) {
        const v = resolvePath(doc, ref);
        expect(v, `${s.key}: ${ref}`).not.toBeUndefined();
        if (typeof v === 'string') rest = rest.replaceAll(v, ' ');
        if (typeof v === 'number') for (const f of [formatCount(v), formatRate(v), formatDays(v), formatMagnitude(v)]) allowed.add(f.replace('%', ''));
      }
      for (const n of rest.match(/\d+(?:,\d{3})*(?:\.\d+)?/g) ?? []) expect(allowed, `${s.key}: ${n} in «${text}»`).toContain(n);
    }
  }
}

describe('the narrative', () => {
  it('reads the same every time and states the key facts', () => {
    const a = makeDoc();
    expect(buildNarrative(a)).toEqual(makeDoc().narrative);
    expect(a.narrative.sentences.map((s) => s.key)).toEqual(['volume', 'timeliness', 'specialMatters', 'feedback', 'materials', 'ranking', 'targets', 'dataQuality']);
    expect(a.narrative.zh).toContain('2024年3月，淄博市受理办件 1,234 件，办结 1,180 件，办结量环比增长 18.0%。');
    expect(a.narrative.zh).toContain('按期办结率 93.2%（1,100/1,180 件），环比上升 0.2 个百分点，同比上升 3.2 个百分点');
    expect(a.narrative.zh).toContain('最多的是淄博市人力资源和社会保障局（长期超期 2 件、长期暂停 2 件）');
    expect(a.narrative.zh).toContain('淄博市公安局居首（96.7%），淄博市民政局<script>居末（95.0%）；较上月提升最多的是淄博市公安局（上升 4.1 个百分点），下降最多的是淄博市民政局<script>（下降 2.4 个百分点）；另有 1 个部门办结量不足 30 件，列出但不排名');
    expect(a.narrative.zh).toContain('本月考核的 2 项改革目标中已达成 1 项；就近办占比为 50.0%，目标不低于 60.0%');
    expect(a.narrative.zh).toContain('数据质量提示：2 个部门本月数据接入异常（淄博市统计局连续 7 个工作日无数据；淄博市住房和城乡建设局被拒收记录占 20.0%）');
    expect(a.narrative.en).toContain('In March 2024, Zibo accepted 1,234 cases and completed 1,180; completions were up 18.0% on the previous month.');
    assertTraceable(a);
  });

  it('says plainly when there is nothing to judge, still only with report numbers', () => {
    const doc = makeDoc();
    const empty = makeDoc({
      headline: doc.headline.map((h) => (h.unit === 'rate' ? { ...h, current: { value: null }, mom: { kind: 'pp', value: null }, yoy: { kind: 'pp', value: null } } : h.id === 'evaluations' ? { ...h, current: { value: 0 } } : h)),
      rankings: [], targets: { judged: 0, met: 0, rows: [] }, dataQuality: { checkedDepartments: 1, departmentsWithNotes: 0, notes: [] },
      specialMatters: { ...doc.specialMatters, totals: { overdueOpen: 0, farOverdue: 0, longSuspended: 0 }, byDepartment: [], cases: [] },
    });
    expect(empty.narrative.zh).toContain('本月无可判定时效的办结件；月末超期未办结 7 件。');
    expect(empty.narrative.zh).toContain('无长期超期或长期暂停计时的办件');
    expect(empty.narrative.zh).toContain('本月无办事评价');
    expect(empty.narrative.zh).toContain('本月各部门数据接入未见异常。');
    assertTraceable(empty);
  });
});

describe('English plurals', () => {
  it('says "1 case was", "1 bad review", "1 complaint was" — and the plural for more', () => {
    const doc = makeDoc();
    const one = (id: string) => (h: ReportDoc['headline'][number]) => (h.id === id ? { ...h, current: { ...h.current, value: 1 } } : h);
    const single = makeDoc({
      headline: doc.headline.map(one('badReviews')).map(one('complaintsReceived')).map(one('unnecessaryProofComplaints')).map(one('overdueOpen')).map(one('accepted')),
      specialMatters: { ...doc.specialMatters, totals: { overdueOpen: 1, farOverdue: 1, longSuspended: 2 } },
    });
    const en = single.narrative.en;
    expect(en).toContain('accepted 1 case and');
    expect(en).toContain('; 1 case was open past their deadline at month end.');
    expect(en).toContain('and 1 bad review;');
    expect(en).toContain('1 complaint was received, about unnecessary proof.');
    expect(en).toContain('At generation time 1 case was more than 10 working days past their deadline');
    expect(en).toContain('1 department with fewer than 30 completed cases is listed but not ranked');
    expect(en).toContain('1 of the 2 reform targets was met');
    expect(doc.narrative.en).toContain('and 10 bad reviews;');
    expect(doc.narrative.en).toContain('23 complaints were received, 4 of them about unnecessary proof.');
    expect(en).not.toMatch(/\b1 (cases|bad reviews|complaints|departments)\b/);
    assertTraceable(single);
  });
});

describe('renderings', () => {
  it('prints an escaped A4 page with running header, page counter and page breaks', () => {
    const html = renderReportDocument(makeDoc(), { locale: 'zh-CN', current: false, currentVersion: 2 });
    expect(html).toMatch(/^<!doctype html><html lang="zh-CN">/);
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('@top-left { content: "淄博市 · 2024年3月 · 政务服务效能月度报告"');
    expect(html).toContain('content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"');
    expect(html).toContain('break-before: page');
    expect(html).toContain('thead { display: table-header-group; }');
    expect(html).not.toContain('<script>');
    expect(html).toContain('淄博市民政局&lt;script&gt;');
    expect(html).toContain('本页为第 1 版，不是当前版本（当前为第 2 版）。');
    expect(html).toContain('生成于 2024-04-01 02:00'); // Shanghai time
    const en = renderReportHtml(makeDoc(), { locale: 'en', current: true });
    expect(en).toContain('<article class="sp-report" lang="en"');
    expect(en).toContain('Zibo March 2024 Monthly report on government services');
    expect(en).toContain('Page " counter(page) " of " counter(pages) "');
  });

  it('a name cannot end the style element of the running header', () => {
    const doc = makeDoc({ scope: { key: 'city', kind: 'city', code: null, nameZh: '淄博"市</style><b>', nameEn: 'Zibo' } });
    const html = renderReportHtml(doc, { locale: 'zh-CN', current: true });
    expect(html.indexOf('</style>')).toBe(html.lastIndexOf('</style>'));
    expect(html).toContain('淄博\\"市\\3c /style>');
  });

  it('tables hold the JSON values, unformatted', () => {
    const doc = makeDoc();
    const tables = reportTables(doc);
    expect(tables.map((t) => t.id)).toEqual(['headline', 'rankingDepartments', 'specialByDepartment', 'specialCases', 'complaintsByCategory', 'complaintsByDepartment', 'complaintsByItem', 'targets', 'dataQuality', 'narrative', 'about']);
    const onTime = tables[0]!.rows.find((r) => r.cells.id === 'onTimeRate')!;
    expect(onTime).toEqual({ unit: 'rate', cells: expect.objectContaining({ current: 1100 / 1180, numerator: 1100, denominator: 1180, previous: 0.93, mom: (1100 / 1180 - 0.93) * 100, momKind: 'pp' }) });
    expect(tables[1]!.rows.map((r) => [r.cells.code, r.cells.rank, r.cells.status])).toEqual([['D-GAJ', 1, 'ranked'], ['D-MZJ', 2, 'ranked'], ['D-TJJ', null, 'below_minimum']]);
  });
});

describe('versions', () => {
  it('names what changed between two versions', () => {
    const a = makeDoc();
    expect(isUnchanged(diffReports(a, makeDoc()))).toBe(true);
    const b = makeDoc({ version: 2, catalogGeneration: 4, headline: a.headline.map((h) => (h.id === 'completed' ? { ...h, current: { value: 1181 } } : h)) });
    const d = diffReports(a, b);
    expect(d.headline).toEqual([{ id: 'completed', before: 1180, after: 1181 }]);
    expect(d).toMatchObject({ catalogChanged: true, calendarChanged: false, narrativeChanged: true, rankingRowsChanged: 0 });
    expect(isUnchanged(d)).toBe(false);
  });
});
