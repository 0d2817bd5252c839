// The narrative (综述) and the renderings of a report, on a report built by hand: every sentence
// is made only of the report's own numbers (each traced by its path), the same report always
// reads the same, the printed page escapes every text and carries its print rules, the tables
// (XLSX/CSV) hold the JSON's values, and a regeneration's diff names what changed.
import { describe, expect, it } from 'vitest';
import { diffReports, isUnchanged } from '../../shared/reports/diff.js';
import { formatCount, formatDays, formatMagnitude, formatRate } from '../../shared/reports/format.js';
import { renderReportDocument, renderReportHtml } from '../../shared/reports/html.js';
import { resolvePath, type ReportDoc } from '../../shared/reports/model.js';
import { buildNarrative } from '../../shared/reports/narrative.js';
import { makeDoc } from '../support/report-doc.js';
import { reportTables } from '../../shared/reports/tables.js';

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
        if (typeof v === 'number')
          for (const f of [formatCount(v), formatRate(v), formatDays(v), formatMagnitude(v)]) allowed.add(f.replace('%', ''));
      }
      for (const n of rest.match(/\d+(?:,\d{3})*(?:\.\d+)?/g) ?? []) expect(allowed, `${s.key}: ${n} in «${text}»`).toContain(n);
    }
  }
}

describe('the narrative', () => {
  it('reads the same every time and states the key facts', () => {
    const a = makeDoc();
    expect(buildNarrative(a)).toEqual(makeDoc().narrative);
    expect(a.narrative.sentences.map((s) => s.key)).toEqual([
      'volume',
      'timeliness',
      'specialMatters',
      'feedback',
      'materials',
      'ranking',
      'targets',
      'dataQuality',
    ]);
    expect(a.narrative.zh).toContain('2024年3月，淄博市受理办件 1,234 件，办结 1,180 件，办结量环比增长 18.0%。');
    expect(a.narrative.zh).toContain('按期办结率 93.2%（1,100/1,180 件），环比上升 0.2 个百分点，同比上升 3.2 个百分点');
    expect(a.narrative.zh).toContain('最多的是淄博市人力资源和社会保障局（长期超期 2 件、长期暂停 2 件）');
    expect(a.narrative.zh).toContain(
      '淄博市公安局居首（96.7%），淄博市民政局<script>居末（95.0%）；较上月提升最多的是淄博市公安局（上升 4.1 个百分点），下降最多的是淄博市民政局<script>（下降 2.4 个百分点）；另有 1 个部门办结量不足 30 件，列出但不排名',
    );
    expect(a.narrative.zh).toContain('本月考核的 2 项改革目标中已达成 1 项；就近办占比为 50.0%，目标不低于 60.0%');
    expect(a.narrative.zh).toContain(
      '数据质量提示：2 个部门本月数据接入异常（淄博市统计局连续 7 个工作日无数据；淄博市住房和城乡建设局被拒收记录占 20.0%）',
    );
    expect(a.narrative.en).toContain(
      'In March 2024, Zibo accepted 1,234 cases and completed 1,180; completions were up 18.0% on the previous month.',
    );
    assertTraceable(a);
  });

  it('says plainly when there is nothing to judge, still only with report numbers', () => {
    const doc = makeDoc();
    const empty = makeDoc({
      headline: doc.headline.map((h) =>
        h.unit === 'rate'
          ? { ...h, current: { value: null }, mom: { kind: 'pp', value: null }, yoy: { kind: 'pp', value: null } }
          : h.id === 'evaluations'
            ? { ...h, current: { value: 0 } }
            : h,
      ),
      rankings: [],
      targets: { judged: 0, met: 0, rows: [] },
      dataQuality: { checkedDepartments: 1, departmentsWithNotes: 0, notes: [] },
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
      headline: doc.headline
        .map(one('badReviews'))
        .map(one('complaintsReceived'))
        .map(one('unnecessaryProofComplaints'))
        .map(one('overdueOpen'))
        .map(one('accepted')),
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
    expect(tables.map((t) => t.id)).toEqual([
      'headline',
      'rankingDepartments',
      'specialByDepartment',
      'specialCases',
      'complaintsByCategory',
      'complaintsByDepartment',
      'complaintsByItem',
      'targets',
      'dataQuality',
      'narrative',
      'about',
    ]);
    const onTime = tables[0]!.rows.find((r) => r.cells.id === 'onTimeRate')!;
    expect(onTime).toEqual({
      unit: 'rate',
      cells: expect.objectContaining({
        current: 1100 / 1180,
        numerator: 1100,
        denominator: 1180,
        previous: 0.93,
        mom: (1100 / 1180 - 0.93) * 100,
        momKind: 'pp',
      }),
    });
    expect(tables[1]!.rows.map((r) => [r.cells.code, r.cells.rank, r.cells.status])).toEqual([
      ['D-GAJ', 1, 'ranked'],
      ['D-MZJ', 2, 'ranked'],
      ['D-TJJ', null, 'below_minimum'],
    ]);
  });
});

describe('versions', () => {
  it('names what changed between two versions', () => {
    const a = makeDoc();
    expect(isUnchanged(diffReports(a, makeDoc()))).toBe(true);
    const b = makeDoc({
      version: 2,
      catalogGeneration: 4,
      headline: a.headline.map((h) => (h.id === 'completed' ? { ...h, current: { value: 1181 } } : h)),
    });
    const d = diffReports(a, b);
    expect(d.headline).toEqual([{ id: 'completed', before: 1180, after: 1181 }]);
    expect(d).toMatchObject({ catalogChanged: true, calendarChanged: false, narrativeChanged: true, rankingRowsChanged: 0 });
    expect(isUnchanged(d)).toBe(false);
  });
});
