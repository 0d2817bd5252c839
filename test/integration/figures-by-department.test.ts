// One call for "a period by department" (GET /v1/figures/by-department): on a generated city (43
// departments, seeded cases, complaints and evaluations over two years, counted by the aggregator)
// each department's row must be exactly what GET /v1/figures?department=… answers the same
// caller — a past year (month and year rows), a quarter of three departments, the current month
// (day rows, overdue cases counted up to today), and a county user's department × county rows.
// A department's key sees itself only.
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, createHarness, type Harness } from '../support/app-harness.js';
import { GEN_TODAY, loadGeneratedCity } from '../support/generated-city.js';

let h: Harness;
let codes: string[];
let keys: Map<string, string>;
let zhangdian: string;

beforeAll(async () => {
  h = await createHarness({ now: () => GEN_TODAY });
  const city = await loadGeneratedCity(h);
  codes = city.departments.map((d) => d.code).sort();
  keys = new Map(city.departments.map((d) => [d.code, d.key]));
  expect(
    (
      await h.call('POST', '/v1/admin/users', ADMIN_TOKEN, {
        username: 'zd.sup',
        displayName: '张店区督查',
        role: 'supervisor',
        scope: { kind: 'region', regionCode: '370303000000' },
        password: 'zd-sup-password',
      })
    ).status,
  ).toBe(201);
  zhangdian = (await h.call('POST', '/v1/auth/login', undefined, { username: 'zd.sup', password: 'zd-sup-password' })).body.token;
}, 900_000); // a generated city through the real API and aggregator: minutes on a shared two-core CI machine

/** The by-department answer for a query, and each department's single answer for the same caller. */
async function both(token: string, from: string, to: string, departments?: string[], region?: string) {
  const q = `from=${from}&to=${to}${departments ? `&departments=${departments.join(',')}` : ''}${region ? `&region=${region}` : ''}`;
  const many = await h.call('GET', `/v1/figures/by-department?${q}`, token);
  expect(many.status, JSON.stringify(many.body).slice(0, 300)).toBe(200);
  const singles = await Promise.all(
    many.body.departments.map(async (row: any) => {
      const one = await h.call(
        'GET',
        `/v1/figures?from=${from}&to=${to}&department=${row.department}${region ? `&region=${region}` : ''}`,
        token,
      );
      expect(one.status).toBe(200);
      return one.body;
    }),
  );
  return { many: many.body, singles };
}

describe('GET /v1/figures/by-department', () => {
  it('answers a past year for all 43 departments exactly as 43 calls of GET /v1/figures', async () => {
    const { many, singles } = await both(ADMIN_TOKEN, '2025-01-01', '2025-12-31');
    expect(many.departments.map((d: any) => d.department)).toEqual(codes);
    expect(codes.length).toBe(43);
    for (const [i, row] of (many.departments as any[]).entries()) expect(row.figures, row.department).toEqual(singles[i]);
    // Not an empty city: most departments accepted cases, and some cases were still open and overdue at the year's end.
    expect(many.departments.filter((d: any) => d.figures.cases.accepted > 0).length).toBeGreaterThan(30);
    expect(many.departments.reduce((s: number, d: any) => s + d.figures.cases.overdueOpen, 0)).toBeGreaterThan(0);
    expect(many.departments.find((d: any) => d.department === 'D-05').name).toBe('测试05局');
  }, 120_000);

  it('answers a quarter of three named departments, and the current month (read by day), alike', async () => {
    const q = await both(ADMIN_TOKEN, '2025-04-01', '2025-06-30', ['D-03', 'D-18', 'D-27']);
    expect(q.many.departments.map((d: any) => d.department)).toEqual(['D-03', 'D-18', 'D-27']);
    for (const [i, row] of (q.many.departments as any[]).entries()) expect(row.figures, row.department).toEqual(q.singles[i]);
    const m = await both(ADMIN_TOKEN, '2026-11-01', '2026-11-27');
    for (const [i, row] of (m.many.departments as any[]).entries()) expect(row.figures, row.department).toEqual(m.singles[i]);
    expect(m.many.departments.reduce((s: number, d: any) => s + d.figures.cases.accepted, 0)).toBeGreaterThan(0);
  }, 120_000);

  it("gives a county user each department's figures within its county, as GET /v1/figures does", async () => {
    const { many, singles } = await both(zhangdian, '2025-01-01', '2025-12-31');
    expect(many.region).toBe('370303000000');
    for (const [i, row] of (many.departments as any[]).entries()) expect(row.figures, row.department).toEqual(singles[i]);
    const city = (await h.call('GET', '/v1/figures/by-department?from=2025-01-01&to=2025-12-31', ADMIN_TOKEN)).body;
    const inCounty = many.departments.reduce((s: number, d: any) => s + d.figures.cases.accepted, 0);
    expect(inCounty).toBeGreaterThan(0);
    expect(inCounty).toBeLessThan(city.departments.reduce((s: number, d: any) => s + d.figures.cases.accepted, 0));
    // Another county is outside its scope.
    expect((await h.call('GET', '/v1/figures/by-department?from=2025-01-01&to=2025-12-31&region=370305000000', zhangdian)).status).toBe(
      403,
    );
  }, 120_000);

  it("lets a department's key read its own department only", async () => {
    const own = await h.call('GET', '/v1/figures/by-department?from=2025-01-01&to=2025-12-31', keys.get('D-05')!);
    expect(own.status).toBe(200);
    expect(own.body.departments.map((d: any) => d.department)).toEqual(['D-05']);
    expect(own.body.departments[0].figures).toEqual(
      (await h.call('GET', '/v1/figures?from=2025-01-01&to=2025-12-31&department=D-05', ADMIN_TOKEN)).body,
    );
    const other = await h.call('GET', '/v1/figures/by-department?from=2025-01-01&to=2025-12-31&departments=D-05,D-06', keys.get('D-05')!);
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.body)).not.toContain('"accepted"');
  });

  it('refuses a malformed department list and a period outside the calendar', async () => {
    const bad = await h.call('GET', '/v1/figures/by-department?from=2025-01-01&to=2025-12-31&departments=D-05,,<x>', ADMIN_TOKEN);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('departments');
    expect((await h.call('GET', '/v1/figures/by-department?from=2025-12-31&to=2025-01-01', ADMIN_TOKEN)).status).toBe(400);
  });
});
