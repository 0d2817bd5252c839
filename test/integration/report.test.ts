// The monthly report (月度报告) through the real path: records posted to the API → stream →
// aggregator → rollups; POST /v1/reports generates and archives; the report equals the figures
// API for the same scope and period at generation time, stays unchanged when late records
// arrive until it is regenerated, has month-on-month and year-on-year changes worked by hand,
// a narrative that states only the report's numbers, an XLSX whose cells equal the JSON, a PDF
// whose text has the headline figures, and reads only within the caller's scope.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { ReportAnswer, ReportGenerated, ReportList } from '../../shared/contract/reports.js';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bundleFunction } from '../../infra/constructs/bundle.js';
import { PATHS } from '../../infra/paths.js';
import { fontPackageDir, PDF_FONT_FILES } from '../../functions/adapters/pdf-fonts.js';
import { createChromiumPdfRenderer } from '../../functions/adapters/pdf.js';
import { formatCount, formatDays, formatMagnitude, formatRate } from '../../shared/reports/format.js';
import { HEADLINE_IDS } from '../../shared/reports/headline.js';
import { resolvePath, type ReportDoc } from '../../shared/reports/model.js';
import { ADMIN_TOKEN, createHarness, type Harness } from '../support/app-harness.js';
import { item, rec } from '../support/builders.js';

const ROOT = resolve(import.meta.dirname, '../..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Tuesday 2 April 2024, 02:00 in Shanghai: March has closed.
const NOW = new Date('2024-04-01T18:00:00Z');

let h: Harness;
let A: { code: string; key: string };
let B: { code: string; key: string };
const pdf = createChromiumPdfRenderer({ executablePath: CHROMIUM });

const ZICHUAN_STREET = '370302001000';
const ZHANGDIAN_STREET = '370303001000';

/** A case accepted and completed on the given days (09:00 and 16:00 Shanghai). */
function done(id: string, itemCode: string, accepted: string, completed: string, regionCode: string) {
  return [
    rec.accepted(`${id}-a`, id, { itemCode, at: `${accepted}T09:00:00+08:00`, regionCode }),
    rec.completed(`${id}-c`, id, { at: `${completed}T16:00:00+08:00` }),
  ];
}

async function post(key: string, records: unknown[]) {
  for (let i = 0; i < records.length; i += 400) {
    const r = await h.call('POST', '/v1/events', key, { records: records.slice(i, i + 400) });
    expect(r.status).toBe(200);
    const bad = r.body.results.filter((x: any) => x.status !== 'accepted');
    expect(bad).toEqual([]);
  }
}

beforeAll(async () => {
  h = await createHarness({ now: () => NOW, aggregate: true });
  h.services.reports.attachPdfRenderer(pdf);
  A = await h.department('D-A', '淄博市甲局', '370300000000');
  B = await h.department('D-B', '张店区乙局', '370303000000');
  expect(
    (await h.call('PUT', '/v1/catalog/items/ITEM-A', A.key, item(A.code, { itemCode: 'ITEM-A', effectiveFrom: '2023-01-01' }))).status,
  ).toBe(200);
  // ITEM-B: promised 3 working days; its proof is exempted by data sharing → certificate-free.
  expect(
    (
      await h.call(
        'PUT',
        '/v1/catalog/items/ITEM-B',
        B.key,
        item(B.code, {
          itemCode: 'ITEM-B',
          name: '张店区某证明事项',
          promisedDays: 3,
          statutoryDays: 10,
          effectiveFrom: '2023-01-01',
          materials: [
            { code: 'M01', name: '居民身份证', kind: 'certificate', exemption: 'e_license' },
            { code: 'M02', name: '证明', kind: 'proof', exemption: 'data_sharing' },
            { code: 'M03', name: '申请表', kind: 'form', exemption: 'none' },
          ],
        }),
      )
    ).status,
  ).toBe(200);

  const a: unknown[] = [];
  // March 2024, D-A (ITEM-A, 5 working days): 30 on time (Mon 03-04 → Wed 03-06), 2 late
  // (03-04 → Wed 03-13; deadline Mon 03-11); 20 in 张店区, 12 in 淄川区; one accepted Fri 03-01
  // and never completed (deadline Fri 03-08: overdue at month end, 17 working days by 04-02).
  for (let i = 0; i < 32; i++)
    a.push(...done(`A3-${i}`, 'ITEM-A', '2024-03-04', i < 30 ? '2024-03-06' : '2024-03-13', i < 20 ? ZHANGDIAN_STREET : ZICHUAN_STREET));
  a.push(rec.accepted('A3-open-a', 'A3-open', { itemCode: 'ITEM-A', at: '2024-03-01T09:00:00+08:00', regionCode: ZHANGDIAN_STREET }));
  // February 2024, D-A: 9 on time (Thu 02-01 → Mon 02-05), 1 late (02-01 → Thu 02-29).
  for (let i = 0; i < 10; i++) a.push(...done(`A2-${i}`, 'ITEM-A', '2024-02-01', i < 9 ? '2024-02-05' : '2024-02-29', ZHANGDIAN_STREET));
  // March 2023, D-A: 5 on time (Mon 2023-03-06 → Wed 03-08).
  for (let i = 0; i < 5; i++) a.push(...done(`A23-${i}`, 'ITEM-A', '2023-03-06', '2023-03-08', ZHANGDIAN_STREET));
  // Evaluations of March 2024: 29 good, 2 bad. Complaints: 2 unnecessary proof on ITEM-A, 1 delay; February: 1.
  for (let i = 0; i < 31; i++)
    a.push(rec.evaluation(`EA-${i}`, `EA-${i}`, { itemCode: 'ITEM-A', score: i < 29 ? 5 : 1, at: '2024-03-07T10:00:00+08:00' }));
  a.push(rec.complaint('KA-1', 'KA-1', { itemCode: 'ITEM-A', at: '2024-03-05T10:00:00+08:00', regionCode: ZHANGDIAN_STREET }));
  a.push(rec.complaint('KA-2', 'KA-2', { itemCode: 'ITEM-A', at: '2024-03-12T10:00:00+08:00', regionCode: ZICHUAN_STREET }));
  a.push(rec.complaint('KA-3', 'KA-3', { category: 'delay', at: '2024-03-14T10:00:00+08:00', regionCode: ZHANGDIAN_STREET }));
  a.push(rec.complaint('KA-F', 'KA-F', { itemCode: 'ITEM-A', at: '2024-02-06T10:00:00+08:00', regionCode: ZHANGDIAN_STREET }));
  await post(A.key, a);

  const b: unknown[] = [];
  // March 2024, D-B (ITEM-B, 3 working days): 2 on time (03-04 → 03-05), 1 late (03-04 → Thu 03-14; deadline Thu 03-07).
  for (let i = 0; i < 3; i++) b.push(...done(`B3-${i}`, 'ITEM-B', '2024-03-04', i < 2 ? '2024-03-05' : '2024-03-14', ZHANGDIAN_STREET));
  // February: 2 on time (02-01 → 02-02); one accepted Mon 02-26 and suspended Tue 02-27, never resumed.
  for (let i = 0; i < 2; i++) b.push(...done(`B2-${i}`, 'ITEM-B', '2024-02-01', '2024-02-02', ZHANGDIAN_STREET));
  b.push(rec.accepted('B2-susp-a', 'B2-susp', { itemCode: 'ITEM-B', at: '2024-02-26T09:00:00+08:00', regionCode: ZHANGDIAN_STREET }));
  b.push(rec.suspended('B2-susp-s', 'B2-susp', { at: '2024-02-27T09:00:00+08:00' }));
  for (let i = 0; i < 2; i++)
    b.push(rec.evaluation(`EB-${i}`, `EB-${i}`, { itemCode: 'ITEM-B', score: 4, at: '2024-03-08T10:00:00+08:00' }));
  await post(B.key, b);
  await h.settle();
}, 180_000);

afterAll(async () => {
  await pdf.close();
  await h?.stopStream();
});

const figures = async (q: string) => (await h.call('GET', `/v1/figures?from=2024-03-01&to=2024-03-31${q}`, ADMIN_TOKEN)).body;
const generate = (month: string, scope: string, token = ADMIN_TOKEN) => h.call('POST', '/v1/reports', token, { month, scope });
const headline = (doc: ReportDoc, id: string) => doc.headline.find((x) => x.id === id)!;

/** The answer of POST /v1/reports that generated the city's report (version 1), as it came. */
let cityGenerated: unknown;

describe('generation', () => {
  let city: ReportDoc;

  beforeAll(async () => {
    const r = await generate('2024-03', 'city');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    city = r.body.report;
    cityGenerated = r.body;
  });

  it('archives version 1 with the calendar, the catalog generation and who generated it', async () => {
    expect(city).toMatchObject({
      id: '2024-03~city',
      month: '2024-03',
      version: 1,
      generatedBy: 'admin-token',
      asOf: '2024-04-02',
      scope: { key: 'city', nameZh: '淄博市' },
    });
    expect(city.calendarVersion).toMatch(/\S/);
    expect(city.catalogGeneration).toBeGreaterThan(0);
    expect(city.generatedAt).toBe(NOW.toISOString());
    const got = await h.call('GET', '/v1/reports/2024-03~city', ADMIN_TOKEN);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ current: 1, isCurrent: true, versions: [{ version: 1, changes: null }] });
    expect(got.body.report).toEqual(city);
  });

  it('every number equals the figures API for the same scope and period', async () => {
    expect(city.figures.current).toEqual(await figures(''));
    expect(city.figures.previous).toEqual((await h.call('GET', '/v1/figures?from=2024-02-01&to=2024-02-29', ADMIN_TOKEN)).body);
    expect(city.figures.lastYear).toEqual((await h.call('GET', '/v1/figures?from=2023-03-01&to=2023-03-31', ADMIN_TOKEN)).body);
    const api = await figures('');
    expect(headline(city, 'accepted').current.value).toBe(api.cases.accepted);
    expect(headline(city, 'onTimeRate').current).toEqual({ value: api.cases.onTimeRate, ...api.cases.onTimeRateParts });
    expect(headline(city, 'satisfactionRate').current).toEqual({
      value: api.evaluations.satisfactionRate,
      ...api.evaluations.satisfactionRateParts,
    });
    expect(headline(city, 'exemptionCoverage').current).toEqual({ value: api.catalog.coverage, ...api.catalog.coverageParts });
    // Ranking rows: each department's and county's own figures.
    for (const r of city.rankings) {
      for (const row of r.rows) {
        const f = await figures(r.by === 'department' ? `&department=${row.code}` : `&region=${row.code}000000`);
        const expected =
          r.metric === 'onTimeRate'
            ? { value: f.cases.onTimeRate, ...f.cases.onTimeRateParts }
            : r.metric === 'satisfactionRate'
              ? { value: f.evaluations.satisfactionRate, ...f.evaluations.satisfactionRateParts }
              : { value: f.catalog.coverage, ...f.catalog.coverageParts };
        expect({ value: row.value, numerator: row.numerator, denominator: row.denominator }, `${r.key} ${row.code}`).toEqual(expected);
      }
    }
    // Complaints by item equal the breakdown by item; by department the department figures.
    const byItem = (
      await h.call(
        'GET',
        '/v1/figures/breakdown?from=2024-03-01&to=2024-03-31&metric=complaintsReceived&by=item&department=D-A',
        ADMIN_TOKEN,
      )
    ).body;
    expect(city.complaints.byItem).toEqual([
      {
        itemCode: 'ITEM-A',
        itemName: '适龄儿童、少年因身体状况需要延缓入学或者休学审批',
        department: 'D-A',
        received: byItem.rows.find((x: any) => x.key === 'ITEM-A').value,
        unnecessaryProof: 2,
      },
    ]);
    expect(city.complaints.byDepartment).toEqual([
      { department: 'D-A', nameZh: '淄博市甲局', nameEn: '淄博市甲局', received: 3, unnecessaryProof: 2 },
    ]);
    // Overdue and long-waiting: the red warnings at generation time.
    const red = (await h.call('GET', '/v1/warnings?level=red', ADMIN_TOKEN)).body;
    expect(red.cases.map((c: any) => [c.department, c.caseId, c.daysOverdue])).toEqual([['D-A', 'A3-open', 17]]);
    expect(city.specialMatters.totals).toEqual({ overdueOpen: 1, farOverdue: 1, longSuspended: 1 });
  });

  it('month on month and year on year, worked by hand', () => {
    // Accepted: March 32 + 1 open (D-A) + 3 (D-B) = 36; February 10 + 2 + 1 suspended = 13; March 2023: 5.
    expect(headline(city, 'accepted')).toMatchObject({ current: { value: 36 }, previous: { value: 13 }, lastYear: { value: 5 } });
    expect(headline(city, 'accepted').mom).toEqual({ kind: 'pct', value: expect.closeTo(((36 - 13) / 13) * 100, 9) }); // +176.9%
    expect(headline(city, 'accepted').yoy).toEqual({ kind: 'pct', value: expect.closeTo(((36 - 5) / 5) * 100, 9) }); // +620%
    // On time: March (30 + 2) / (32 + 3) = 32/35; February (9 + 2) / (10 + 2) = 11/12; March 2023: 5/5.
    const onTime = headline(city, 'onTimeRate');
    expect(onTime.current).toEqual({ value: 32 / 35, numerator: 32, denominator: 35 });
    expect(onTime.previous).toEqual({ value: 11 / 12, numerator: 11, denominator: 12 });
    expect(onTime.lastYear).toEqual({ value: 1, numerator: 5, denominator: 5 });
    expect(onTime.mom).toEqual({ kind: 'pp', value: expect.closeTo((32 / 35 - 11 / 12) * 100, 9) }); // −0.24 pp
    expect(onTime.yoy).toEqual({ kind: 'pp', value: expect.closeTo((32 / 35 - 1) * 100, 9) }); // −8.57 pp
    // Satisfaction: March (29 + 2) / 33; none in February → no month-on-month change.
    expect(headline(city, 'satisfactionRate')).toMatchObject({
      current: { value: 31 / 33, numerator: 31, denominator: 33 },
      previous: { value: null },
      mom: { kind: 'pp', value: null },
    });
    // Complaints: 3 in March, 1 in February (+200%); unnecessary proof 2 and 1.
    expect(headline(city, 'complaintsReceived')).toMatchObject({
      current: { value: 3 },
      previous: { value: 1 },
      mom: { kind: 'pct', value: 200 },
    });
    expect(city.complaints.unnecessaryProof).toEqual({ count: 2, previous: 1, lastYear: 0 });
  });

  it('ranks only departments that reach the minimum volume, and shows the counts of the others', () => {
    const dept = city.rankings.find((r) => r.key === 'department:onTimeRate')!;
    expect(dept.minVolume).toBe(30);
    expect(dept.rows.map((r) => [r.code, r.rank, r.status, r.numerator, r.denominator])).toEqual([
      ['D-A', null, 'sole_eligible', 30, 32], // the only department at 30: a ranking needs two
      ['D-B', null, 'below_minimum', 2, 3],
    ]);
    expect(dept.rows[0]!.changePp).toBeCloseTo((30 / 32 - 9 / 10) * 100, 9);
    // The narrative and the table agree: no ranking stated, no rank shown.
    expect(city.narrative.zh).toContain('本月不作按期办结率排名');
    expect(dept.rows.every((r) => r.rank === null)).toBe(true);
    const sat = city.rankings.find((r) => r.key === 'department:satisfactionRate')!;
    expect(sat.rows.map((r) => [r.code, r.status, r.denominator])).toEqual([
      ['D-A', 'sole_eligible', 31],
      ['D-B', 'below_minimum', 2],
    ]);
    const counties = city.rankings.find((r) => r.key === 'county:onTimeRate')!;
    // 张店区: 20 (D-A) + 2 of 3 (D-B) on time of 23; 淄川区: 10 of 12 → 淄川区 is below 30.
    expect(counties.rows.slice(0, 2).map((r) => [r.code, r.nameZh, r.numerator, r.denominator, r.status])).toEqual([
      ['370303', '张店区', 20 + 2, 20 + 3, 'below_minimum'],
      ['370302', '淄川区', 10, 12, 'below_minimum'],
    ]);
  });

  it('lists overdue and long-waiting cases by department', () => {
    const sm = city.specialMatters;
    expect(sm.byDepartment.map((d) => [d.department, d.overdueOpen, d.farOverdue, d.longSuspended])).toEqual([
      ['D-A', 1, 1, 0],
      ['D-B', 0, 0, 1],
    ]);
    // B2-susp: suspended Tue 02-27; working days 02-28 … 04-02 = 2 (Feb) + 21 (March) + 2 (April) = 25.
    expect(sm.cases.map((c) => [c.kind, c.caseId, c.daysOverdue, c.suspendedSince, c.suspendedDays])).toEqual([
      ['long_suspended', 'B2-susp', 0, '2024-02-27', 25],
      ['far_overdue', 'A3-open', 17, null, 0],
    ]);
  });

  it('states in its narrative only numbers that are in the report', () => {
    expect(city.narrative.sentences.length).toBeGreaterThanOrEqual(5);
    expect(city.narrative.zh).toContain('按期办结率 91.4%（32/35 件）');
    expect(city.narrative.zh).toContain('2024年3月，淄博市受理办件 36 件，办结 35 件');
    for (const s of city.narrative.sentences) {
      for (const text of [s.zh, s.en]) {
        let rest = text;
        const allowed = new Set<string>(['2024', '3', 'March']);
        for (const ref of s.refs) {
          const v = resolvePath(city, ref);
          expect(v, `${s.key}: ${ref}`).not.toBeUndefined();
          if (typeof v === 'string') {
            rest = rest.replaceAll(v, ' ');
            continue;
          }
          if (typeof v === 'number')
            for (const f of [formatCount(v), formatRate(v), formatDays(v), formatMagnitude(v), String(v)]) allowed.add(f.replace('%', ''));
        }
        rest = rest.replace(/“要求提供不必要证明”/g, '');
        const numbers = rest.match(/\d+(?:,\d{3})*(?:\.\d+)?/g) ?? [];
        for (const n of numbers) expect(allowed, `${s.key}: "${n}" in «${text}»`).toContain(n);
      }
    }
  });
});

describe('immutability and versions', () => {
  it('stays unchanged when records for its month arrive, until it is regenerated', async () => {
    const first = (await generate('2024-03', 'department:D-B')).body.report as ReportDoc;
    // A late record for March: another on-time case of D-B.
    await post(B.key, done('B3-late', 'ITEM-B', '2024-03-11', '2024-03-12', ZHANGDIAN_STREET));
    await h.settle();
    const again = await h.call('GET', '/v1/reports/2024-03~department~D-B', ADMIN_TOKEN);
    expect(again.body.report).toEqual(first);
    expect((await figures('&department=D-B')).cases.completed).toBe(4); // the API moved on
    const v2 = await generate('2024-03', 'department:D-B');
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ current: 2, isCurrent: true, created: false, report: { version: 2 } });
    expect(headline(v2.body.report, 'completed').current.value).toBe(4);
    const changes = v2.body.versions[1].changes;
    expect(changes.headline).toEqual(
      expect.arrayContaining([
        { id: 'completed', before: 3, after: 4 },
        { id: 'accepted', before: 3, after: 4 },
      ]),
    );
    expect(changes.narrativeChanged).toBe(true);
    // Version 1 is still there as it was, marked not current.
    const old = await h.call('GET', '/v1/reports/2024-03~department~D-B?version=1', ADMIN_TOKEN);
    expect(old.body).toMatchObject({ current: 2, isCurrent: false });
    expect(old.body.report).toEqual(first);
    const list = await h.call('GET', '/v1/reports?month=2024-03', ADMIN_TOKEN);
    expect(list.body.reports.find((r: any) => r.id === '2024-03~department~D-B')).toMatchObject({
      currentVersion: 2,
      versions: 2,
      summary: { completed: 4 },
    });
    expect(ReportList.parse(list.body)).toEqual(list.body); // the archive answer is exactly its contract
  });

  it('refuses months that have not closed and unknown scopes', async () => {
    expect((await generate('2024-04', 'city')).status).toBe(400);
    expect((await generate('2024-03', 'department:D-NONE')).status).toBe(400);
    expect((await generate('2024-03', 'county:110101')).status).toBe(400);
    expect((await h.call('GET', '/v1/reports/2024-03~county~370304', ADMIN_TOKEN)).status).toBe(404);
    expect((await h.call('GET', '/v1/reports/not-an-id', ADMIN_TOKEN)).status).toBe(400);
  });
});

describe('reform targets and settings', () => {
  it('reports progress against the targets an administrator sets', async () => {
    const put = await h.call('PUT', '/v1/admin/report-settings', ADMIN_TOKEN, {
      minVolume: { completed: 3 },
      targets: [
        { scope: '*', metric: 'onTimeRate', target: 0.95 },
        { scope: 'county:370303', metric: 'certificateFreeItems', target: 1, labelZh: '免证办事项（张店区）' },
        { scope: 'county:370303', metric: 'overdueOpen', target: 0, direction: 'atMost' },
      ],
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const r = (await generate('2024-03', 'county:370303')).body.report as ReportDoc;
    expect(r.settings.minVolume.completed).toBe(3);
    const onTime = headline(r, 'onTimeRate').current;
    expect(r.targets.rows.map((t) => [t.metric, t.scope, t.met])).toEqual([
      ['certificateFreeItems', 'county:370303', true],
      ['overdueOpen', 'county:370303', false],
      ['onTimeRate', '*', onTime.value! >= 0.95],
    ]);
    expect(r.targets.rows[0]).toMatchObject({ labelZh: '免证办事项（张店区）', actual: { value: 1 }, gap: 0 });
    expect(r.targets).toMatchObject({ judged: 3 });
    // With a minimum of 3, D-B (3 completed in 张店区 in March) is ranked in the county report.
    const dept = r.rankings.find((x) => x.key === 'department:onTimeRate')!;
    expect(dept.rows.find((x) => x.code === 'D-B')).toMatchObject({ status: 'ranked', numerator: 3, denominator: 4 });
    expect(
      (await h.call('PUT', '/v1/admin/report-settings', ADMIN_TOKEN, { targets: [{ scope: 'moon', metric: 'onTimeRate', target: 1 }] }))
        .status,
    ).toBe(400);
    await h.call('PUT', '/v1/admin/report-settings', ADMIN_TOKEN, { minVolume: { completed: 30 }, targets: [] });
  });
});

describe('formats', () => {
  it('XLSX: one sheet per section, cells equal the JSON', async () => {
    const res = await h.app.request('/v1/reports/2024-03~city.xlsx', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const city = (await h.call('GET', '/v1/reports/2024-03~city', ADMIN_TOKEN)).body.report as ReportDoc;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(
      expect.arrayContaining([
        '主要指标',
        '部门排名',
        '区县排名',
        '超期与长期等待（按部门）',
        '投诉（按类别）',
        '改革目标进展',
        '数据质量',
        '综述',
        '说明',
      ]),
    );
    const sheet = wb.getWorksheet('主要指标')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 6)).toEqual(['指标代码', '指标', '单位', '本月', '分子', '分母']);
    const rows = new Map<string, unknown[]>();
    sheet.eachRow((row, n) => {
      if (n > 1) rows.set(String(row.getCell(1).value), (row.values as unknown[]).slice(1));
    });
    expect(rows.size).toBe(city.headline.length);
    for (const hl of city.headline) {
      const cells = rows.get(hl.id)!;
      const cell = (i: number) => (cells[i] === undefined ? null : cells[i]);
      expect([cell(3), cell(4), cell(5), cell(6), cell(7), cell(9), cell(10)], hl.id).toEqual([
        hl.current.value,
        hl.current.numerator ?? null,
        hl.current.denominator ?? null,
        hl.previous?.value ?? null,
        hl.mom.value,
        hl.lastYear?.value ?? null,
        hl.yoy.value,
      ]);
    }
    const onTimeRow = [...rows.values()].find((r) => r[0] === 'onTimeRate')!;
    expect(typeof onTimeRow[3]).toBe('number'); // a number, shown as a percentage
    const rk = wb.getWorksheet('部门排名')!;
    const r2 = rk.getRow(2);
    // Codes in words (the CSV keeps the codes), numbers as numbers with formats Excel shows properly.
    expect([
      r2.getCell(1).value,
      r2.getCell(2).value,
      r2.getCell(3).value,
      r2.getCell(5).value,
      r2.getCell(6).value,
      r2.getCell(7).value,
    ]).toEqual(['按期办结率', null, 'D-A', 30 / 32, 30, 32]);
    expect(r2.getCell(9).value).toBe('唯一达到最低量，不排名');
    expect(r2.getCell(5).numFmt).toBe('0.0%');
    expect(r2.getCell(6).numFmt).toBe('#,##0'); // 30, never "30."
    const units = new Set<unknown>();
    sheet.eachRow((row, n) => {
      if (n > 1) {
        units.add(row.getCell(3).value);
        units.add(row.getCell(9).value);
      }
    });
    expect([...units].filter((u) => typeof u === 'string' && /^[a-z_]+$/.test(u))).toEqual([]); // no 'pp', 'count', 'below_minimum'
    const targets = wb.getWorksheet('改革目标进展')!;
    expect(targets.rowCount).toBeGreaterThan(1); // never an empty sheet: the targets, or why there are none
  });

  it('CSV: UTF-8 with BOM, every section, or one section alone', async () => {
    const res = await h.app.request('/v1/reports/2024-03~city.csv', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('# 主要指标 (headline)');
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const one = await (
      await h.app.request('/v1/reports/2024-03~city.csv?section=headline&lang=en', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    ).text();
    const lines = one
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Metric id,Metric,Unit,This month,Numerator,Denominator,Previous month,Month on month,MoM unit,Same month last year,Year on year,YoY unit',
    );
    expect(lines.find((l) => l.startsWith('onTimeRate,'))).toBe(
      `onTimeRate,按期办结率,rate,${32 / 35},32,35,${11 / 12},${(32 / 35 - 11 / 12) * 100},pp,1,${(32 / 35 - 1) * 100},pp`,
    );
    expect(
      (await h.app.request('/v1/reports/2024-03~city.csv?section=nope', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status,
    ).toBe(400);
  });

  it('PDF: printed from the page; its text has the headline figures', async () => {
    const res = await h.app.request('/v1/reports/2024-03~city.pdf', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'report-2024-03-city.pdf');
    writeFileSync(file, bytes);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const s of [
      '淄博市 2024年3月 政务服务效能月度报告',
      '按期办结率',
      '91.4%',
      '32/35',
      '满意度',
      '93.9%',
      '受理量',
      '36',
      '张店区乙局',
    ])
      expect(text).toContain(s);
    expect(text).toMatch(/第\s*1\s*页\s*\/\s*共\s*\d+\s*页/); // the footer's page counter
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))!;
    expect([Math.round(Number(size[1])), Math.round(Number(size[2]))]).toEqual([595, 842]); // A4
    if (existsSync('/usr/bin/pdftoppm')) execFileSync('pdftoppm', ['-png', '-r', '60', file, join(ARTIFACTS, 'report-2024-03-city')]);
    // English: the same page with English labels and narrative.
    const en = await h.app.request('/v1/reports/2024-03~city.pdf?lang=en', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const enFile = join(ARTIFACTS, 'report-2024-03-city-en.pdf');
    writeFileSync(enFile, new Uint8Array(await en.arrayBuffer()));
    const enText = execFileSync('pdftotext', ['-layout', enFile, '-'], { encoding: 'utf8' });
    for (const s of [
      'Zibo March 2024 Monthly report on government services',
      'On-time rate',
      '91.4%',
      'In March 2024, Zibo accepted 36 cases',
    ])
      expect(enText).toContain(s);
    expect(enText).toMatch(/Page 1 of \d+/);
  }, 60_000);

  it('PDF on Lambda: the bundled API handler lays the page out with the font layer — the same sections and figures as the Chromium PDF', async () => {
    // The API bundle as the stack builds it, and a folder laid out as the font layer is in /opt.
    const { outdir } = bundleFunction(PATHS.apiEntry);
    const opt = mkdtempSync(join(tmpdir(), 'sp-font-layer-'));
    for (const f of Object.values(PDF_FONT_FILES)) {
      mkdirSync(join(opt, dirname(f)), { recursive: true });
      symlinkSync(join(fontPackageDir()!, f), join(opt, f));
    }
    const keys = ['TABLE_NAME', 'DDB_ENDPOINT', 'AWS_REGION', 'ADMIN_TOKEN', 'PDF_FONT_DIR', 'CHROMIUM_PATH'] as const;
    const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
    try {
      // No Chromium on Lambda: the handler has only what its bundle and environment give it.
      Object.assign(process.env, {
        TABLE_NAME: h.db.tableName,
        DDB_ENDPOINT: inject('ddbEndpoint'),
        AWS_REGION: 'cn-north-1',
        ADMIN_TOKEN,
        PDF_FONT_DIR: opt,
        CHROMIUM_PATH: '/nonexistent',
      });
      const { handler } = (await import(pathToFileURL(join(outdir, 'index.mjs')).href)) as {
        handler: (e: APIGatewayProxyEventV2, c: Context) => Promise<APIGatewayProxyStructuredResultV2>;
      };
      const get = async (query: string) => {
        const path = '/v1/reports/2024-03~city.pdf';
        const now = new Date();
        const r = await handler(
          {
            version: '2.0',
            routeKey: 'ANY /v1/{proxy+}',
            rawPath: path,
            rawQueryString: query,
            ...(query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(query)) } : {}),
            headers: {
              authorization: `Bearer ${ADMIN_TOKEN}`,
              host: 'api-origin.servicepulse.example.com.cn',
              'x-forwarded-proto': 'https',
            },
            requestContext: {
              accountId: '123456789012',
              apiId: 'abc123',
              domainName: 'api-origin.servicepulse.example.com.cn',
              domainPrefix: 'api-origin',
              http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
              requestId: `req-${now.getTime()}`,
              routeKey: 'ANY /v1/{proxy+}',
              stage: '$default',
              time: now.toUTCString(),
              timeEpoch: now.getTime(),
            },
            pathParameters: { proxy: path.slice('/v1/'.length) },
            isBase64Encoded: false,
          },
          { awsRequestId: 'test', getRemainingTimeInMillis: () => 29_000 } as unknown as Context,
        );
        expect(r.statusCode, String(r.body).slice(0, 300)).toBe(200);
        expect(r.headers?.['content-type']).toBe('application/pdf');
        expect(r.isBase64Encoded).toBe(true);
        return Buffer.from(r.body!, 'base64');
      };
      mkdirSync(ARTIFACTS, { recursive: true });
      const textOf = (bytes: Uint8Array, name: string) => {
        const file = join(ARTIFACTS, name);
        writeFileSync(file, bytes);
        return {
          text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }),
          info: execFileSync('pdfinfo', [file], { encoding: 'utf8' }),
        };
      };
      const lambda = textOf(await get(''), 'report-2024-03-city-lambda.pdf');
      const local = textOf(
        new Uint8Array(
          await (
            await h.app.request('/v1/reports/2024-03~city.pdf', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
          ).arrayBuffer(),
        ),
        'report-2024-03-city.pdf',
      );
      expect(lambda.info).toMatch(/Page size:\s+595(\.\d+)? x 841\.\d+ pts/); // A4
      expect(lambda.text).toMatch(/第\s*1\s*页\s*\/\s*共\s*\d+\s*页/);
      // Every section heading of the page, in the page's order, in both PDFs.
      const headings = [
        '一、综述',
        '二、主要指标',
        '三、排名',
        '四、超期与长期等待事项',
        '五、投诉热点',
        '六、改革目标进展',
        '七、数据质量说明',
        '附：口径说明',
      ];
      for (const pdfText of [local.text, lambda.text]) {
        const at = headings.map((x) => pdfText.indexOf(x));
        expect(
          at.every((i) => i >= 0),
          JSON.stringify(at),
        ).toBe(true);
        expect([...at].sort((a, b) => a - b)).toEqual(at);
      }
      // The figures and names the Chromium PDF test reads, and every table heading of the local PDF.
      for (const x of ['淄博市 2024年3月 政务服务效能月度报告', '按期办结率', '91.4%', '32/35', '满意度', '93.9%', '受理量', '张店区乙局'])
        expect(lambda.text).toContain(x);
      const tableHeads = ['指标', '本月', '分子/分母', '上月', '环比', '去年同月', '同比', '名次', '超期未办结', '类别', '占比'];
      for (const x of tableHeads) expect(local.text.includes(x) && lambda.text.includes(x), x).toBe(true);
      // English: the same layout with English labels.
      const en = textOf(await get('lang=en'), 'report-2024-03-city-lambda-en.pdf');
      for (const x of ['Zibo March 2024 Monthly report on government services', '1. Summary', '7. Data quality', 'On-time rate', '91.4%'])
        expect(en.text).toContain(x);
      expect(en.text).toMatch(/Page 1 of \d+/);
    } finally {
      for (const k of keys) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      rmSync(opt, { recursive: true, force: true });
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 180_000);

  it('PDF answers 501 with a clear message where no Chromium is attached; the page is HTML', async () => {
    h.services.reports.attachPdfRenderer(undefined);
    try {
      const res = await h.call('GET', '/v1/reports/2024-03~city.pdf', ADMIN_TOKEN);
      expect(res.status).toBe(501);
      expect(res.body.error).toMatchObject({ code: 'not_implemented', messageZh: expect.stringContaining('XLSX') });
    } finally {
      h.services.reports.attachPdfRenderer(pdf);
    }
    const page = await h.app.request('/v1/reports/2024-03~city.html?lang=en', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('@page');
    expect(html).toContain('Zibo March 2024 Monthly report on government services');
  });
});

describe('authorisation by role and scope', () => {
  const users: Record<string, string> = {};
  beforeAll(async () => {
    const make = async (username: string, role: string, scope: unknown) => {
      expect(
        (
          await h.call('POST', '/v1/admin/users', ADMIN_TOKEN, {
            username,
            displayName: username,
            role,
            scope,
            password: 'report-pass-123',
          })
        ).status,
      ).toBe(201);
      users[username] = (await h.call('POST', '/v1/auth/login', undefined, { username, password: 'report-pass-123' })).body.token;
    };
    await make('leader', 'leadership', { kind: 'all' });
    await make('zhangdian', 'supervisor', { kind: 'region', regionCode: '370303000000' });
    await make('zichuan', 'leadership', { kind: 'region', regionCode: '370302000000' });
    await make('dept-b', 'supervisor', { kind: 'department', departmentCode: 'D-B' });
    await generate('2024-03', 'department:D-A');
    await generate('2024-03', 'county:370302');
  });

  it('leadership reads every report but cannot generate', async () => {
    const list = await h.call('GET', '/v1/reports?month=2024-03', users.leader);
    expect(list.body.reports.map((r: any) => r.id)).toEqual([
      '2024-03~city',
      '2024-03~county~370302',
      '2024-03~county~370303',
      '2024-03~department~D-A',
      '2024-03~department~D-B',
    ]);
    expect((await h.call('GET', '/v1/reports/2024-03~city', users.leader)).status).toBe(200);
    expect((await h.call('POST', '/v1/reports', users.leader, { month: '2024-03', scope: 'city' })).status).toBe(403);
  });

  it('a district user reads its district and the departments in it; a department user its own', async () => {
    const ids = async (token: string) => (await h.call('GET', '/v1/reports', token)).body.reports.map((r: any) => r.id);
    expect(await ids(users.zhangdian!)).toEqual(['2024-03~county~370303', '2024-03~department~D-B']);
    expect(await ids(users.zichuan!)).toEqual(['2024-03~county~370302']);
    expect(await ids(users['dept-b']!)).toEqual(['2024-03~department~D-B']);
    expect((await h.call('GET', '/v1/reports/2024-03~city', users.zhangdian)).status).toBe(403);
    expect((await h.call('GET', '/v1/reports/2024-03~county~370302.xlsx', users.zhangdian)).status).toBe(403);
    expect((await h.call('GET', '/v1/reports/2024-03~department~D-A', users['dept-b'])).status).toBe(403);
    expect((await h.call('GET', '/v1/reports/2024-03~department~D-B.csv', users['dept-b'])).status).toBe(200);
    expect((await h.call('GET', '/v1/admin/report-settings', users.leader)).status).toBe(403);
  });

  it('documents the report routes in the OpenAPI document', async () => {
    const doc = (await h.call('GET', '/v1/openapi.json', undefined)).body;
    for (const p of [
      '/v1/reports',
      '/v1/reports/{id}',
      '/v1/reports/{id}.pdf',
      '/v1/reports/{id}.xlsx',
      '/v1/reports/{id}.csv',
      '/v1/reports/{id}.html',
      '/v1/admin/report-settings',
    ])
      expect(Object.keys(doc.paths)).toContain(p);
    expect(doc.paths['/v1/reports'].post).toBeDefined();
    expect(doc.paths['/v1/reports/{id}.pdf'].get.responses['501']).toBeDefined();
  });
});

describe('data-quality notes', () => {
  it('notes a feed that went silent, one heavily refused, and one that stopped sending', async () => {
    const q = await h.department('D-Q', '淄博市丙局', '370300000000');
    const counts = (accepted: number, rejected: number, rejectedBy: Record<string, number> = {}) => ({
      accepted,
      duplicate: 0,
      conflict: 0,
      rejected,
      forbidden: 0,
      voids: 0,
      unknownItem: 0,
      rejectedBy,
    });
    // Received on Fri 03-01 and Wed 03-20 only: nothing on the 12 working days 03-04 … 03-19.
    await h.services.stores.feed.add(q.code, '2024-03-01', '2024-03-01T10:00:00+08:00', counts(50, 20, { not_one_of: 15, required: 5 }));
    await h.services.stores.feed.add(q.code, '2024-03-20', '2024-03-20T10:00:00+08:00', counts(10, 0));
    for (let d = 21; d <= 29; d++) await h.services.stores.feed.add(q.code, `2024-03-${d}`, `2024-03-${d}T10:00:00+08:00`, counts(1, 0));
    const rq = (await generate('2024-03', 'department:D-Q')).body.report as ReportDoc;
    expect(
      rq.dataQuality.notes.map((n) => [
        n.kind,
        n.silentDays ?? null,
        n.silentFrom ?? null,
        n.silentTo ?? null,
        n.rejected,
        n.rejectedShare,
      ]),
    ).toEqual([
      ['silent', 12, '2024-03-04', '2024-03-19', 20, 20 / 89],
      ['rejected', null, null, null, 20, 20 / 89],
    ]);
    expect(rq.dataQuality.notes[1]!.topRejections).toEqual([
      { code: 'not_one_of', n: 15 },
      { code: 'required', n: 5 },
    ]);
    expect(rq.narrative.zh).toContain(
      '数据质量提示：1 个部门本月数据接入异常（淄博市丙局连续 12 个工作日无数据；淄博市丙局被拒收记录占 22.5%）',
    );

    // D-Z sent February's records and nothing for March: its feed stopped.
    const z = await h.department('D-Z', '淄博市丁局', '370300000000');
    expect(
      (await h.call('PUT', '/v1/catalog/items/ITEM-Z', z.key, item(z.code, { itemCode: 'ITEM-Z', effectiveFrom: '2023-01-01' }))).status,
    ).toBe(200);
    await post(z.key, done('Z2', 'ITEM-Z', '2024-02-01', '2024-02-02', ZHANGDIAN_STREET));
    await h.settle();
    const rz = (await generate('2024-03', 'department:D-Z')).body.report as ReportDoc;
    expect(rz.dataQuality.notes.map((n) => [n.kind, n.department, n.received])).toEqual([['no_data', 'D-Z', 0]]);
    expect(rz.narrative.zh).toContain('淄博市丁局本月未报送数据');
    // D-B: March's records arrived on 2 April (late, in one batch) — figures exist, no note.
    const rb = (await h.call('GET', '/v1/reports/2024-03~department~D-B', ADMIN_TOKEN)).body.report as ReportDoc;
    expect(rb.dataQuality).toMatchObject({ checkedDepartments: 1, notes: [] });
  });
});

describe('the JSON answer and its contract', () => {
  // Reads the reports the tests above generated: the city's (the POST answer kept), D-B's (version
  // 2, with what changed, and its place among the departments), 张店区's (targets) and D-Q's
  // (data-quality notes) — between them every section has rows.
  it('is exactly what the contract declares, every section: nothing missing, nothing undeclared', async () => {
    // The contract's schemas are strict at every level: parse throws on a missing or an undeclared field.
    const posted = ReportGenerated.parse(cityGenerated);
    expect(posted).toMatchObject({ created: true, current: 1, isCurrent: true, report: { id: '2024-03~city', version: 1 } });
    expect(posted.report.headline.map((x) => x.id)).toEqual(HEADLINE_IDS);
    const get = async (path: string) => {
      const r = await h.call('GET', path, ADMIN_TOKEN);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return { raw: r.body, answer: ReportAnswer.parse(r.body) };
    };

    const city = await get('/v1/reports/2024-03~city');
    expect(city.answer.report).toEqual(posted.report);
    expect(city.answer.report.specialMatters.cases.map((c) => c.kind)).toEqual(['long_suspended', 'far_overdue']);
    const db = await get('/v1/reports/2024-03~department~D-B');
    expect(db.answer).toMatchObject({ current: 2, isCurrent: true, report: { version: 2 } });
    expect(db.answer.versions.map((v) => [v.version, v.changes?.narrativeChanged ?? null])).toEqual([
      [1, null],
      [2, true],
    ]);
    expect(db.answer.report.positions.map((p) => p.metric)).toEqual(['onTimeRate', 'satisfactionRate', 'exemptionCoverage']);
    expect((await get('/v1/reports/2024-03~department~D-B.json?version=1')).answer).toMatchObject({
      current: 2,
      isCurrent: false,
      report: { version: 1 },
    });
    expect((await get('/v1/reports/2024-03~county~370303')).answer.report.targets.rows.map((t) => t.metric)).toEqual([
      'certificateFreeItems',
      'overdueOpen',
      'onTimeRate',
    ]);
    expect(
      (await get('/v1/reports/2024-03~department~D-Q')).answer.report.dataQuality.notes.map((n) => [n.kind, n.silentDays ?? null]),
    ).toEqual([
      ['silent', 12],
      ['rejected', null],
    ]);

    // And the schemas do refuse: a field added deep inside (a figures section), or one left out.
    const added = structuredClone(city.raw);
    added.report.figures.current.cases.surprise = 1;
    expect(ReportAnswer.safeParse(added).error?.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['unrecognized_keys', 'report.figures.current.cases'],
    ]);
    const missing = structuredClone(db.raw);
    delete missing.report.positions[0].of;
    expect(ReportAnswer.safeParse(missing).success).toBe(false);
  });
});
