// Satisfaction by district (满意度按地区) and applicants by age band and assisted mode (年龄段、帮办代办).
// An evaluation lies in the region of the case it names (that case's latest live acceptance);
// naming none, or a case not known, it is "region unknown" (地区未知). Every number below is
// worked by hand from the records posted here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, createHarness, type Harness } from '../support/app-harness.js';
import { item, rec } from '../support/builders.js';

let h: Harness;
let a: { code: string; key: string };
let b: { code: string; key: string };
let zd: string; // 张店区 supervisor
const NOW = new Date('2024-05-06T04:00:00Z');
const MARCH = 'from=2024-03-01&to=2024-03-31';
const APRIL = 'from=2024-04-01&to=2024-04-30';
const at = (s: string) => ({ at: `${s}+08:00` });
const get = (path: string, token = ADMIN_TOKEN) => h.call('GET', path, token);
const evaluations = async (q: string, token = ADMIN_TOKEN) => (await get(`/v1/figures?${q}`, token)).body.evaluations;
const byRegion = async (q: string, token = ADMIN_TOKEN) =>
  Object.fromEntries(
    ((await get(`/v1/figures/breakdown?${q}&metric=satisfactionRate&by=region`, token)).body.rows as any[]).map((r) => [r.key, r]),
  );

async function post(key: string, records: unknown[]) {
  const r = await h.call('POST', '/v1/events', key, { records });
  expect(r.body.results.filter((x: any) => x.status !== 'accepted')).toEqual([]);
  await h.settle();
}

beforeAll(async () => {
  h = await createHarness({ now: () => NOW, aggregate: true });
  a = await h.department('D-A', '甲局', '370300000000');
  b = await h.department('D-B', '乙局', '370303000000');
  await h.call('PUT', '/v1/catalog/items/IA', a.key, item('D-A', { itemCode: 'IA' }));
  await h.call('PUT', '/v1/catalog/items/IB', b.key, item('D-B', { itemCode: 'IB' }));
  await post(a.key, [
    rec.accepted('a-c1', 'A1', { itemCode: 'IA', regionCode: '370303001000', ...at('2024-03-01T09:00:00') }), // 张店 车站街道
    rec.accepted('a-c2', 'A2', { itemCode: 'IA', regionCode: '370305001000', ...at('2024-03-01T09:00:00') }), // 临淄
    rec.accepted('a-c3', 'A3', { itemCode: 'IA', regionCode: '370300000000', ...at('2024-03-01T09:00:00') }), // city level
    rec.evaluation('e1', 'E1', { itemCode: 'IA', caseId: 'A1', score: 5, ...at('2024-03-05T10:00:00') }),
    rec.evaluation('e2', 'E2', { itemCode: 'IA', caseId: 'A1', score: 1, ...at('2024-03-05T10:00:00') }),
    rec.evaluation('e3', 'E3', { itemCode: 'IA', caseId: 'A2', score: 4, ...at('2024-03-05T10:00:00') }),
    rec.evaluation('e4', 'E4', { itemCode: 'IA', score: 3, ...at('2024-03-05T10:00:00') }), // names no case
    rec.evaluation('e5', 'E5', { itemCode: 'IA', caseId: 'A9', score: 2, ...at('2024-03-05T10:00:00') }), // its case comes later
    rec.evaluation('e6', 'E6', { itemCode: 'IA', caseId: 'A3', score: 5, ...at('2024-03-05T10:00:00') }),
  ]);
  await h.call('POST', '/v1/admin/users', ADMIN_TOKEN, {
    username: 'zd',
    displayName: '张店区督查',
    role: 'supervisor',
    scope: { kind: 'region', regionCode: '370303000000' },
    password: 'zhangdian-pass',
  });
  zd = (await h.call('POST', '/v1/auth/login', undefined, { username: 'zd', password: 'zhangdian-pass' })).body.token;
}, 120_000);

afterAll(async () => {
  await h.stopStream();
});

describe('satisfaction by district', () => {
  it('counts an evaluation in the region of the case it names, the rest as region unknown', async () => {
    // City: 6 evaluations; satisfied (3–5) E1, E3, E4, E6; region unknown E4 (no case) and E5 (case unknown).
    expect(await evaluations(MARCH)).toMatchObject({ count: 6, regionUnknown: 2, bad: 2, satisfactionRate: 4 / 6 });
    // 张店区 (E1 5, E2 1) and its township 车站街道; 临淄区 (E3 4). E6's case is city level: in no district.
    expect(await evaluations(`${MARCH}&region=370303000000`)).toMatchObject({
      count: 2,
      regionUnknown: 0,
      satisfactionRate: 0.5,
      satisfactionRateParts: { numerator: 1, denominator: 2 },
    });
    expect(await evaluations(`${MARCH}&region=370303001000`)).toMatchObject({ count: 2, satisfactionRate: 0.5 });
    expect(await evaluations(`${MARCH}&region=370305000000`)).toMatchObject({ count: 1, satisfactionRate: 1 });
    // …and a department within a district (department × county rows).
    expect(await evaluations(`${MARCH}&department=D-A&region=370303000000`)).toMatchObject({ count: 2, satisfactionRate: 0.5 });
  });

  it('shows region unknown as its own row in the city breakdown by region, never ranked', async () => {
    const rows = await byRegion(MARCH);
    expect(rows['370303000000']).toMatchObject({ value: 0.5, numerator: 1, denominator: 2 });
    expect(rows['370305000000']).toMatchObject({ value: 1, numerator: 1, denominator: 1 });
    // E4 (3: satisfied) and E5 (2: bad).
    expect(rows.unknown).toMatchObject({
      label: '地区未知 / region unknown',
      value: 0.5,
      numerator: 1,
      denominator: 2,
      rank: null,
      rankStatus: 'region_unknown',
    });
    const byDeptRegion = Object.fromEntries(
      ((await get(`/v1/figures/breakdown?${MARCH}&department=D-A&metric=evaluations&by=region`)).body.rows as any[]).map((r) => [
        r.key,
        r.value,
      ]),
    );
    expect(byDeptRegion).toMatchObject({ '370303000000': 2, '370305000000': 1, unknown: 2 });
    // Case figures have no such row.
    const cases = (await get(`/v1/figures/breakdown?${MARCH}&metric=accepted&by=region`)).body.rows as any[];
    expect(cases.some((r) => r.key === 'unknown')).toBe(false);
  });

  it("gives a district user its district's satisfaction and nothing of others", async () => {
    expect(await evaluations(MARCH, zd)).toMatchObject({ count: 2, regionUnknown: 0, satisfactionRate: 0.5 });
    const rows = await byRegion(MARCH, zd);
    expect(Object.keys(rows)).not.toContain('unknown');
    expect(Object.keys(rows)).not.toContain('370305000000');
    expect(rows['370303001000']).toMatchObject({ value: 0.5, denominator: 2 });
    expect((await get(`/v1/figures?${MARCH}&region=370305000000`, zd)).status).toBe(403);
  });

  it("moves an evaluation into its case's region when the case arrives after it, and out when its acceptance is voided", async () => {
    await post(a.key, [rec.accepted('a-c9', 'A9', { itemCode: 'IA', regionCode: '370303001000', ...at('2024-03-04T09:00:00') })]);
    // E5 (score 2) joins 张店: 3 evaluations, 1 satisfied; only E4 is left unknown.
    expect(await evaluations(`${MARCH}&region=370303000000`)).toMatchObject({ count: 3, satisfactionRate: 1 / 3 });
    expect(await evaluations(MARCH)).toMatchObject({ count: 6, regionUnknown: 1, satisfactionRate: 4 / 6 });
    expect(await evaluations(MARCH, zd)).toMatchObject({ count: 3 });

    // A2's acceptance voided: E3 (score 4) no longer has a known case, 临淄 none.
    await post(a.key, [rec.void('v-c2', 'a-c2', at('2024-03-07T10:00:00'))]);
    expect(await evaluations(`${MARCH}&region=370305000000`)).toMatchObject({ count: 0, satisfactionRate: null });
    expect((await byRegion(MARCH)).unknown).toMatchObject({ numerator: 2, denominator: 2 });
    expect(await evaluations(MARCH)).toMatchObject({ count: 6, regionUnknown: 2 });
  });
});

describe('GET /v1/figures/applicants (age band, assisted mode)', () => {
  beforeAll(async () => {
    const c = (id: string, regionCode: string, assisted: string, applicant: Record<string, unknown>) =>
      rec.accepted(`b-${id}`, id, { itemCode: 'IB', regionCode, assisted, applicant, ...at('2024-04-08T09:00:00') });
    const r = await h.call('POST', '/v1/events', b.key, {
      records: [
        c('B1', '370303001000', 'proxy', { type: 'person', ageBand: '70_79' }),
        c('B2', '370303001000', 'none', { type: 'person', ageBand: '60_69' }),
        c('B3', '370305001000', 'guided', { type: 'person', ageBand: 'under_60' }), // 临淄
        c('B4', '370303001000', 'proxy', { type: 'person' }), // no age band
        c('B5', '370303001000', 'guided', { type: 'enterprise', ageBand: '80_plus' }), // ignored: an enterprise
        c('B6', '370303001000', 'guided', { type: 'person', ageBand: '80_plus' }),
      ],
    });
    expect(r.body.results.map((x: any) => x.status)).toEqual(Array(6).fill('accepted'));
    await h.settle();
  });

  const share = (numerator: number, denominator: number) => ({
    value: denominator ? numerator / denominator : null,
    numerator,
    denominator,
  });

  it("splits the city's cases by age band and by assisted mode", async () => {
    const r = await get(`/v1/figures/applicants?${APRIL}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accepted: 6, ageBanded: 4, elderly: 3 });
    expect(r.body.ageBands).toEqual([
      { band: 'under_60', cases: 1, share: share(1, 4), assisted: 1, assistedShare: share(1, 1) },
      { band: '60_69', cases: 1, share: share(1, 4), assisted: 0, assistedShare: share(0, 1) },
      { band: '70_79', cases: 1, share: share(1, 4), assisted: 1, assistedShare: share(1, 1) },
      { band: '80_plus', cases: 1, share: share(1, 4), assisted: 1, assistedShare: share(1, 1) },
    ]);
    expect(r.body.assisted).toEqual([
      { mode: 'none', cases: 1, share: share(1, 6), elderly: 1, elderlyShare: share(1, 3) },
      { mode: 'guided', cases: 3, share: share(3, 6), elderly: 1, elderlyShare: share(1, 3) },
      { mode: 'proxy', cases: 2, share: share(2, 6), elderly: 1, elderlyShare: share(1, 3) },
    ]);
  });

  it("is scoped: the 张店 user sees its district's applicants only", async () => {
    const r = await get(`/v1/figures/applicants?${APRIL}`, zd);
    expect(r.body).toMatchObject({ accepted: 5, ageBanded: 3, elderly: 3, filter: { region: '370303000000' } });
    expect(r.body.ageBands[0]).toEqual({ band: 'under_60', cases: 0, share: share(0, 3), assisted: 0, assistedShare: share(0, 0) });
    expect(r.body.assisted.map((m: any) => [m.mode, m.cases, m.elderly])).toEqual([
      ['none', 1, 1],
      ['guided', 2, 1],
      ['proxy', 2, 1],
    ]);
    expect((await get(`/v1/figures/applicants?${APRIL}&region=370305000000`, zd)).status).toBe(403);
  });

  it('refuses a filter combination no rollup keeps', async () => {
    const r = await get(`/v1/figures/applicants?${APRIL}&department=D-B&channel=window`);
    expect(r.status).toBe(400);
    expect(r.body.error.details[0]).toMatchObject({ path: 'filter', code: 'unsupported_combination' });
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await h.call('GET', '/v1/openapi.json', undefined)).body;
    expect(Object.keys(doc.paths)).toContain('/v1/figures/applicants');
  });
});
