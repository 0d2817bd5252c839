// The rest of the figures API: series, breakdowns, compare, regions, feeds, the calendar an
// administrator corrects (figures recomputed), follow-up deadlines, scope, and the OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, createHarness, type Harness } from '../support/app-harness.js';
import { item, rec } from '../support/builders.js';
import { CaseDetail, WarningsAnswer } from '../../shared/contract/cases.js';
import {
  ApplicantsAnswer,
  BreakdownAnswer,
  LicencesAnswer,
  PaperMaterialsAnswer,
  ProcessingHistogramAnswer,
  SeriesAnswer,
} from '../../shared/contract/figure-views.js';
import { CalendarAnswer, DepartmentList, FeedDepartment, FeedsAnswer, RegionList } from '../../shared/contract/reference.js';

let h: Harness;
let a: { code: string; key: string };
let b: { code: string; key: string };
const NOW = new Date('2024-06-01T04:00:00Z');
const get = (path: string, token = ADMIN_TOKEN) => h.call('GET', path, token);

beforeAll(async () => {
  h = await createHarness({ now: () => NOW, aggregate: true });
  a = await h.department('D-A', '甲局', '370300000000');
  b = await h.department('D-B', '乙局', '370303000000');
  await h.call('PUT', '/v1/catalog/items/IA', a.key, item('D-A', { itemCode: 'IA' }));
  await h.call('PUT', '/v1/catalog/items/IB', b.key, item('D-B', { itemCode: 'IB', promisedDays: 3 }));
  const recordsA = [
    // Accepted Fri 03-01, P = 5 → deadline Fri 03-08; completed Mon 03-11: late (until the calendar changes).
    rec.accepted('a1', 'A1', { itemCode: 'IA', at: '2024-03-01T09:00:00+08:00', regionCode: '370303001000' }),
    rec.completed('a2', 'A1', { at: '2024-03-11T10:00:00+08:00' }),
    rec.accepted('a3', 'A2', { itemCode: 'IA', at: '2024-02-20T09:00:00+08:00', regionCode: '370305001000' }),
    rec.completed('a4', 'A2', { at: '2024-02-21T09:00:00+08:00' }),
    { ...rec.accepted('a5', 'A3', { itemCode: 'IA', at: '2024-03-20T09:00:00+08:00' }), id: 'a5', materials: [{ code: 'M01', via: 'x' }] }, // rejected: a bad via
  ];
  const recordsB = [
    rec.accepted('b1', 'B1', { itemCode: 'IB', at: '2024-03-05T09:00:00+08:00', regionCode: '370303002000', channel: 'online' }),
    rec.completed('b2', 'B1', { at: '2024-03-06T09:00:00+08:00' }),
  ];
  await h.call('POST', '/v1/events', a.key, { records: recordsA });
  await h.call('POST', '/v1/events', b.key, { records: recordsB });
  await h.settle();
}, 120_000);

afterAll(async () => {
  await h.stopStream();
});

describe('series, breakdown and compare', () => {
  it('a daily series adds up to the period figure', async () => {
    const s = (await get('/v1/figures/series?metric=accepted&interval=day&from=2024-03-01&to=2024-03-31')).body;
    expect(s.points).toHaveLength(31);
    expect(s.points.reduce((t: number, p: any) => t + p.value, 0)).toBe(2);
    expect(s.points.find((p: any) => p.from === '2024-03-05').value).toBe(1);
  });

  it('coarsens the interval rather than send more than 500 points', async () => {
    const s = (await get('/v1/figures/series?metric=completed&interval=day&from=2019-01-01&to=2024-06-01')).body;
    expect(s.points.length).toBeLessThanOrEqual(500);
    expect(s.interval).not.toBe('day');
    expect(s.points.reduce((t: number, p: any) => t + p.value, 0)).toBe(3);
  });

  it('ranks departments and regions with the counts behind each rate', async () => {
    const byDept = (await get('/v1/figures/breakdown?metric=onTimeRate&by=department&from=2024-02-01&to=2024-03-31')).body;
    expect(byDept.rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'D-A', label: '甲局', value: 0.5, numerator: 1, denominator: 2 }),
        expect.objectContaining({ key: 'D-B', label: '乙局', value: 1, numerator: 1, denominator: 1 }),
      ]),
    );
    const byRegion = (await get('/v1/figures/breakdown?metric=accepted&by=region&from=2024-02-01&to=2024-03-31')).body;
    const zhangdian = byRegion.rows.find((r: any) => r.key === '370303000000');
    expect(zhangdian).toMatchObject({ label: '张店区', value: 2 });
    expect(byRegion.rows.find((r: any) => r.key === '370305000000')).toMatchObject({ label: '临淄区', value: 1 });
  });

  it("ranks rates with the report settings' minimum: one setting for the report, the dashboard and the API", async () => {
    const q = '/v1/figures/breakdown?metric=onTimeRate&by=department&from=2024-02-01&to=2024-03-31';
    const ranks = (b: any) => b.rows.map((r: any) => [r.key, r.rank, r.rankStatus]);
    const byDefault = (await get(q)).body;
    expect(byDefault.ranking).toEqual({ minVolume: 30, volume: 'completed' }); // D-A 2 and D-B 1 completed: too few
    expect(ranks(byDefault)).toEqual([
      ['D-A', null, 'below_minimum'],
      ['D-B', null, 'below_minimum'],
    ]);
    const put = async (completed: number) =>
      expect((await h.call('PUT', '/v1/admin/report-settings', ADMIN_TOKEN, { minVolume: { completed } })).status).toBe(200);
    await put(1);
    expect(ranks((await get(q)).body)).toEqual([
      ['D-A', 2, 'ranked'],
      ['D-B', 1, 'ranked'],
    ]); // 50% and 100%
    await put(2); // only D-A reaches 2: alone it is not "first"
    expect(ranks((await get(q)).body)).toEqual([
      ['D-A', null, 'sole_eligible'],
      ['D-B', null, 'below_minimum'],
    ]);
    await put(30);
    expect((await get('/v1/figures/breakdown?metric=accepted&by=department&from=2024-02-01&to=2024-03-31')).body.ranking).toBeUndefined(); // counts are not ranked
  });

  it('answers the processing-time histogram in bins of working days, adding up to the completed cases', async () => {
    // A2: Tue 02-20 09:00 → Wed 02-21 09:00 = 1 working day; B1 likewise 1; A1: Fri 03-01 09:00 →
    // Mon 03-11 10:00 = 15 h + 5 days + 10 h ≈ 6.04 working days.
    const r = (await get('/v1/figures/processing-histogram?from=2024-02-01&to=2024-03-31')).body;
    expect(r.total).toBe(3);
    expect(r.bins.map((b: any) => [b.from, b.to, b.count])).toEqual([
      [0, 0.5, 0],
      [0.5, 1, 2],
      [1, 2, 0],
      [2, 3, 0],
      [3, 5, 0],
      [5, 10, 1],
      [10, 20, 0],
      [20, 40, 0],
      [40, null, 0],
    ]);
    expect(r.p50).toBeCloseTo(1, 1);
    const b = (await get('/v1/figures/processing-histogram?from=2024-02-01&to=2024-03-31&department=D-B')).body;
    expect(b.total).toBe(1);
  });

  it('compares with the previous period and the same period a year earlier', async () => {
    const f = (await get('/v1/figures?from=2024-03-01&to=2024-03-31&compare=previous')).body;
    expect(f.compare.period).toMatchObject({ from: '2024-02-01', to: '2024-02-29' }); // March → February (whole months)
    expect(f.compare.cases.accepted).toBe(1);
    const y = (await get('/v1/figures?from=2024-03-01&to=2024-03-31&compare=year')).body;
    expect(y.compare.period).toMatchObject({ from: '2023-03-01', to: '2023-03-31' });
    expect(y.compare.cases.accepted).toBe(0);
  });

  it('refuses filter combinations no rollup answers, with the path', async () => {
    const r = await get('/v1/figures?from=2024-03-01&to=2024-03-31&channel=online&level=street');
    expect(r.status).toBe(400);
    expect(r.body.error.details[0]).toMatchObject({ path: 'filter', code: 'unsupported_combination' });
  });
});

describe('scope is enforced by the API', () => {
  it('a district user sees only the district, a department user only the department', async () => {
    await h.call('POST', '/v1/admin/users', ADMIN_TOKEN, {
      username: 'zd',
      displayName: '张店区督查',
      role: 'supervisor',
      scope: { kind: 'region', regionCode: '370303000000' },
      password: 'zhangdian-pass',
    });
    const zd = (await h.call('POST', '/v1/auth/login', undefined, { username: 'zd', password: 'zhangdian-pass' })).body.token;
    expect((await get('/v1/figures?from=2024-02-01&to=2024-03-31', zd)).body.cases.accepted).toBe(2);
    expect((await get('/v1/figures?from=2024-02-01&to=2024-03-31&region=370305000000', zd)).status).toBe(403);
    expect((await get('/v1/figures?from=2024-02-01&to=2024-03-31&region=370303002000', zd)).body.cases.accepted).toBe(1);
    // Cases and records: only those that happened in the district (A2 was handled in 临淄区).
    expect((await get('/v1/cases/D-A/A2', zd)).status).toBe(403);
    expect((await get('/v1/cases/D-A/A1', zd)).status).toBe(200);
    expect((await get('/v1/records/D-A/a3', zd)).status).toBe(403);
    const ka = await get('/v1/figures?from=2024-02-01&to=2024-03-31', a.key);
    expect(ka.body.cases.accepted).toBe(2);
    expect((await get('/v1/figures?from=2024-02-01&to=2024-03-31&department=D-B', a.key)).status).toBe(403);
    expect((await get(`/v1/cases/D-B/B1`, a.key)).status).toBe(403);
    // Breakdowns whose rows are city-wide are refused inside a scope, never answered city-wide.
    for (const token of [zd, a.key]) {
      const byChannel = await get('/v1/figures/breakdown?metric=accepted&by=channel&from=2024-02-01&to=2024-03-31', token);
      expect(byChannel.status).toBe(400);
      expect(byChannel.body.error.details[0]).toMatchObject({ path: 'filter' });
      expect((await get('/v1/figures/breakdown?metric=accepted&by=level&from=2024-02-01&to=2024-03-31', token)).status).toBe(400);
    }
    expect((await get('/v1/figures/breakdown?metric=accepted&by=item&department=D-A&from=2024-02-01&to=2024-03-31', zd)).status).toBe(400);
    expect((await get('/v1/figures/breakdown?metric=accepted&by=item&from=2024-02-01&to=2024-03-31', a.key)).status).toBe(200);
    // The administrator, unscoped, gets the city-wide breakdown by channel.
    const city = await get('/v1/figures/breakdown?metric=accepted&by=channel&from=2024-02-01&to=2024-03-31');
    expect(city.body.rows.find((r: any) => r.key === 'online')).toMatchObject({ value: 1 });
  });
});

describe('reference data and feeds', () => {
  it("lists Zibo's divisions with Chinese names, and zones an administrator adds", async () => {
    const r = (await get('/v1/regions')).body.regions;
    expect(r.filter((x: any) => x.level === 'county')).toHaveLength(8);
    expect(r.filter((x: any) => x.level === 'town' || x.level === 'street')).toHaveLength(88);
    expect(r.find((x: any) => x.code === '370303001000')).toMatchObject({ name: '车站街道', level: 'street', parent: '370303000000' });
    expect((await h.call('POST', '/v1/admin/regions', ADMIN_TOKEN, { code: '370390000000', name: '高新区' })).status).toBe(201);
    expect((await get('/v1/regions')).body.regions.find((x: any) => x.code === '370390000000')).toMatchObject({
      name: '高新区',
      level: 'zone',
    });
  });

  it('shows per department what the feed sent and refused, by rule', async () => {
    // Exactly the contract's fields (a strict copy of the response schema: nothing undeclared).
    const f = FeedsAnswer.extend({ departments: FeedDepartment.strict().array() })
      .strict()
      .parse((await get('/v1/feeds?from=2024-06-01&to=2024-06-01')).body);
    const da = f.departments.find((x) => x.department === 'D-A');
    expect(da).toMatchObject({ accepted: 4, rejected: 1, rejectedBy: { not_one_of: 1 }, stale: false });
  });
});

describe('an administrator corrects the calendar', () => {
  it('recomputes the figures that depend on it', async () => {
    const before = (await get('/v1/figures?from=2024-03-01&to=2024-03-31&department=D-A')).body;
    expect(before.cases).toMatchObject({ completed: 1, onTime: 0 });
    const cal = CalendarAnswer.strict().parse((await get('/v1/admin/calendar')).body);
    const y2024 = cal.years['2024']!;
    // Declare Mon 03-04 and Tue 03-05 days off: the deadline moves from Fri 03-08 to Tue 03-12.
    const put = await h.call('PUT', '/v1/admin/calendar/2024', ADMIN_TOKEN, {
      holidays: [...y2024.holidays, '2024-03-04', '2024-03-05'],
      workdays: y2024.workdays,
      source: 'test',
    });
    expect(put.status).toBe(200);
    expect(put.body.version).not.toBe(cal.version);
    await h.settle();
    const after = (await get('/v1/figures?from=2024-03-01&to=2024-03-31&department=D-A')).body;
    expect(after.cases).toMatchObject({ completed: 1, onTime: 1 });
    const c = (await get('/v1/cases/D-A/A1')).body;
    expect(c.clock.deadline).toBe('2024-03-12');
    const bad = await h.call('PUT', '/v1/admin/calendar/2024', ADMIN_TOKEN, { holidays: ['2025-01-01'], workdays: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('years.2024');
  });

  it('changes follow-up deadlines without recomputation', async () => {
    const d = await h.call('PUT', '/v1/admin/deadlines', ADMIN_TOKEN, { complaints: { delay: { respondDays: 2, resolveDays: 10 } } });
    expect(d.status).toBe(200);
    expect(d.body.complaints.delay).toEqual({ respondDays: 2, resolveDays: 10 });
    expect(d.body.complaints.attitude).toEqual({ respondDays: 1, resolveDays: 5 });
  });
});

describe('the OpenAPI document', () => {
  it('documents every route, generated from the same schemas', async () => {
    const doc = (await h.call('GET', '/v1/openapi.json', undefined)).body;
    expect(doc.openapi).toBe('3.1.0');
    const paths = Object.keys(doc.paths);
    for (const p of [
      '/v1/events',
      '/v1/catalog/items/{itemCode}',
      '/v1/catalog/items',
      '/v1/catalog/import',
      '/v1/figures',
      '/v1/figures/series',
      '/v1/figures/breakdown',
      '/v1/figures/paper-materials',
      '/v1/figures/processing-histogram',
      '/v1/warnings',
      '/v1/cases/{department}/{caseId}',
      '/v1/admin/departments',
      '/v1/auth/login',
      '/v1/regions',
      '/v1/feeds',
      '/v1/admin/calendar/{year}',
    ]) {
      expect(paths).toContain(p);
    }
    // The record schema in the document is the one that validates: every record type is listed.
    const text = JSON.stringify(doc);
    for (const t of ['case.accepted', 'complaint.followed_up', 'evaluation.rectified', 'void']) expect(text).toContain(`"${t}"`);
    // Every documented GET answers (not 404) when called with its example parameters.
    for (const p of paths.filter((x) => doc.paths[x].get && !x.includes('{'))) {
      const q =
        p.startsWith('/v1/figures') || p === '/v1/feeds'
          ? '?from=2024-03-01&to=2024-03-31&metric=accepted&by=channel'
          : p === '/v1/warnings'
            ? '?level=red'
            : '';
      const r = await get(p + q);
      expect([200, 400]).toContain(r.status);
    }
  });
});

describe('the read answers and their contract', () => {
  // z.object drops keys it does not declare: an answer that parses to itself has exactly the
  // contract's keys, with the contract's types.
  const exactly = async (schema: { parse(v: unknown): unknown }, path: string) => {
    const r = await get(path);
    expect(r.status, path).toBe(200);
    expect(schema.parse(r.body), path).toEqual(r.body);
    return r.body;
  };

  it('answers series, breakdowns, applicants, histogram, paper materials, licences, warnings, a case, regions and departments exactly as declared', async () => {
    await exactly(SeriesAnswer, '/v1/figures/series?metric=onTimeRate&interval=week&from=2024-02-01&to=2024-03-31');
    await exactly(SeriesAnswer, '/v1/figures/series?metric=processingP50&from=2024-02-01&to=2024-03-31&department=D-A');
    const ranked = await exactly(BreakdownAnswer, '/v1/figures/breakdown?metric=onTimeRate&by=department&from=2024-02-01&to=2024-03-31');
    expect(ranked.ranking).toBeDefined();
    const unknown = await exactly(BreakdownAnswer, '/v1/figures/breakdown?metric=satisfactionRate&by=region&from=2024-02-01&to=2024-03-31');
    expect(unknown.rows.at(-1)).toMatchObject({ key: 'unknown', rankStatus: 'region_unknown' });
    await exactly(BreakdownAnswer, '/v1/figures/breakdown?metric=accepted&by=channel&from=2024-02-01&to=2024-03-31');
    const applicants = await exactly(ApplicantsAnswer, '/v1/figures/applicants?from=2024-02-01&to=2024-03-31');
    expect(applicants.accepted).toBeGreaterThan(0);
    await exactly(WarningsAnswer, '/v1/warnings?level=red');
    await exactly(WarningsAnswer, '/v1/warnings?level=yellow&department=D-A');
    const c = await exactly(CaseDetail, '/v1/cases/D-A/A1');
    expect(c.events.length).toBeGreaterThan(0);
    const bins = await exactly(ProcessingHistogramAnswer, '/v1/figures/processing-histogram?from=2024-02-01&to=2024-03-31');
    expect(bins.total).toBeGreaterThan(0);
    await exactly(PaperMaterialsAnswer, '/v1/figures/paper-materials?from=2024-02-01&to=2024-03-31');
    await exactly(LicencesAnswer, '/v1/figures/licences?from=2024-02-01&to=2024-03-31');
    await exactly(RegionList, '/v1/regions');
    await exactly(DepartmentList, '/v1/admin/departments');
  });

  it('answers the warning list with its cases exactly as declared', async () => {
    // An open case past its deadline: on the red list as of NOW.
    await h.call('POST', '/v1/events', b.key, {
      records: [rec.accepted('b9', 'B9', { itemCode: 'IB', at: '2024-05-06T09:00:00+08:00', regionCode: '370303002000' })],
    });
    await h.settle();
    const red = await exactly(WarningsAnswer, '/v1/warnings?level=red');
    expect(red.cases.map((x: { caseId: string }) => x.caseId)).toContain('B9');
    await exactly(CaseDetail, '/v1/cases/D-B/B9');
  });
});
