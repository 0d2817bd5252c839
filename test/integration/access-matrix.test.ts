// The authorization matrix (权限矩阵): every principal kind × every read family, against DynamoDB
// Local through the real API. A scope holds at every level: a township whose code ends in 0
// (齐都镇 370305100) sees nothing of 皇城镇 370305102 or 敬仲镇 370305103; breakdown rows outside a
// scope are never answered; settings are read by administrators only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, createHarness, type Harness } from '../support/app-harness.js';
import { item, rec } from '../support/builders.js';

const NOW = new Date('2024-06-03T04:00:00Z');
const CITY = '370300000000';
const LINZI = '370305000000';
const QIDU = '370305100000'; // 齐都镇: a township code ending in 0
const QIDU_VILLAGE = '370305100201';
const HUANGCHENG = '370305102000'; // 皇城镇
const JINGZHONG = '370305103000'; // 敬仲镇
const CHEZHAN = '370303001000'; // 张店区 车站街道

let h: Harness;

/** A principal: how it signs in, and what it may see. */
interface P {
  name: string;
  token: string;
  admin: boolean;
  region?: string; // a region-scoped user's region
  department?: string; // a department key or a department-scoped user
}
const principals: P[] = [];

// Where each case happened, and whose it is.
const CASES = [
  { dept: 'D-LZ', caseId: 'QD1', region: QIDU_VILLAGE },
  { dept: 'D-LZ', caseId: 'HC1', region: HUANGCHENG },
  { dept: 'D-LZ', caseId: 'JZ1', region: JINGZHONG },
  { dept: 'D-SJ', caseId: 'ZD1', region: CHEZHAN },
  { dept: 'D-SJ', caseId: 'QD2', region: QIDU },
];

function inRegion(root: string, code: string): boolean {
  // The expectations of this test, written out: a township sees itself and its villages, a county its townships.
  if (root === CITY) return true;
  if (root.slice(6, 9) === '000') return code.slice(0, 6) === root.slice(0, 6);
  return code.slice(0, 9) === root.slice(0, 9);
}
function sees(p: P, c: { dept: string; region: string }): boolean {
  if (p.department && p.department !== c.dept) return false;
  if (p.region && !inRegion(p.region, c.region)) return false;
  return true;
}

beforeAll(async () => {
  h = await createHarness({ now: () => NOW, aggregate: true });
  const lz = await h.department('D-LZ', '临淄区行政审批服务局', LINZI);
  const sj = await h.department('D-SJ', '市公安局', CITY);
  await h.call('PUT', '/v1/catalog/items/I-LZ', lz.key, item('D-LZ', { itemCode: 'I-LZ' }));
  await h.call('PUT', '/v1/catalog/items/I-SJ', sj.key, item('D-SJ', { itemCode: 'I-SJ' }));
  // Every case accepted on 2024-03-01 and still open on NOW: all overdue (red).
  for (const c of CASES) {
    const key = c.dept === 'D-LZ' ? lz.key : sj.key;
    const r = await h.call('POST', '/v1/events', key, {
      records: [
        rec.accepted(`acc-${c.caseId}`, c.caseId, { itemCode: c.dept === 'D-LZ' ? 'I-LZ' : 'I-SJ', regionCode: c.region }),
        rec.complaint(`cmp-${c.caseId}`, `CP-${c.caseId}`, { regionCode: c.region, summary: `关于${c.caseId}的投诉` }),
      ],
    });
    expect(r.body.results.map((x: any) => x.status)).toEqual(['accepted', 'accepted']);
  }
  const user = async (username: string, role: string, scope: unknown) => {
    const made = await h.call('POST', '/v1/admin/users', ADMIN_TOKEN, {
      username,
      displayName: username,
      role,
      scope,
      password: `${username}-password`,
    });
    expect(made.status).toBe(201);
    return (await h.call('POST', '/v1/auth/login', undefined, { username, password: `${username}-password` })).body.token as string;
  };
  principals.push(
    { name: 'admin token', token: ADMIN_TOKEN, admin: true },
    { name: 'administrator user', token: await user('admin.user', 'administrator', { kind: 'all' }), admin: true },
    { name: 'city supervisor', token: await user('city.sup', 'supervisor', { kind: 'all' }), admin: false },
    {
      name: 'city-region leader',
      token: await user('city.leader', 'leadership', { kind: 'region', regionCode: CITY }),
      admin: false,
      region: CITY,
    },
    {
      name: 'county leader 临淄区',
      token: await user('lz.leader', 'leadership', { kind: 'region', regionCode: LINZI }),
      admin: false,
      region: LINZI,
    },
    {
      name: 'township 齐都镇 (code ends in 0)',
      token: await user('qd.sup', 'supervisor', { kind: 'region', regionCode: QIDU }),
      admin: false,
      region: QIDU,
    },
    {
      name: 'street 车站街道',
      token: await user('cz.sup', 'supervisor', { kind: 'region', regionCode: CHEZHAN }),
      admin: false,
      region: CHEZHAN,
    },
    {
      name: 'department user D-LZ',
      token: await user('lz.dept', 'supervisor', { kind: 'department', departmentCode: 'D-LZ' }),
      admin: false,
      department: 'D-LZ',
    },
    { name: 'department key D-LZ', token: lz.key, admin: false, department: 'D-LZ' },
    { name: 'department key D-SJ', token: sj.key, admin: false, department: 'D-SJ' },
  );
  await h.settle();
  for (const scope of ['city', 'county:370305', 'county:370303', 'department:D-LZ']) {
    expect((await h.call('POST', '/v1/reports', ADMIN_TOKEN, { month: '2024-03', scope })).status).toBe(201);
  }
}, 180_000);

afterAll(async () => {
  await h.stopStream();
});

const M = 'from=2024-03-01&to=2024-03-31';

/** One endpoint family: a request and what every principal must get. */
interface Check {
  family: string;
  path: string;
  expect: (p: P, res: { status: number; body: any }) => void;
}

const allowedIf = (ok: (p: P) => boolean) => (p: P, res: { status: number }) => expect(res.status, p.name).toBe(ok(p) ? 200 : 403);
const visibleCount = (p: P) => CASES.filter((c) => sees(p, c)).length;

const checks: Check[] = [
  {
    family: 'figures',
    path: `/v1/figures?${M}`,
    expect: (p, r) => {
      expect(r.status, p.name).toBe(200);
      expect(r.body.cases.accepted, p.name).toBe(visibleCount(p));
      expect(r.body.complaints.received, p.name).toBe(visibleCount(p));
    },
  },
  {
    family: 'figures of a township outside',
    path: `/v1/figures?${M}&region=${HUANGCHENG}`,
    expect: (p, r) => {
      if (p.region && !inRegion(p.region, HUANGCHENG)) expect(r.status, p.name).toBe(403);
      else if (p.department)
        expect(r.status, p.name).toBe(400); // department × township is no rollup: refused
      else {
        expect(r.status, p.name).toBe(200);
        expect(r.body.cases.accepted).toBe(1);
      }
    },
  },
  {
    family: 'series',
    path: `/v1/figures/series?metric=accepted&interval=month&${M}`,
    expect: (p, r) => {
      expect(r.status, p.name).toBe(200);
      expect(
        r.body.points.reduce((t: number, x: any) => t + (x.value ?? 0), 0),
        p.name,
      ).toBe(visibleCount(p));
    },
  },
  {
    family: 'series of a township outside',
    path: `/v1/figures/series?metric=accepted&${M}&region=${JINGZHONG}`,
    expect: (p, r) => {
      if (p.region && !inRegion(p.region, JINGZHONG)) expect(r.status, p.name).toBe(403);
      else expect([200, 400], p.name).toContain(r.status);
    },
  },
  {
    family: 'breakdown by region',
    path: `/v1/figures/breakdown?metric=accepted&by=region&${M}`,
    expect: (p, r) => {
      if (p.department) {
        // A department's own numbers per county.
        expect(r.status, p.name).toBe(200);
        expect(
          r.body.rows.reduce((t: number, x: any) => t + (x.value ?? 0), 0),
          p.name,
        ).toBe(visibleCount(p));
        return;
      }
      expect(r.status, p.name).toBe(200);
      for (const row of r.body.rows) if (p.region) expect(inRegion(p.region, row.key), `${p.name}: row ${row.key}`).toBe(true);
      if (p.region === QIDU)
        expect(
          r.body.rows.map((x: any) => x.key),
          p.name,
        ).toEqual([QIDU]);
      expect(
        r.body.rows.reduce((t: number, x: any) => t + (x.value ?? 0), 0),
        p.name,
      ).toBe(visibleCount(p));
    },
  },
  {
    family: 'breakdown by region inside a county',
    path: `/v1/figures/breakdown?metric=accepted&by=region&${M}&region=${LINZI}`,
    expect: (p, r) => {
      if (p.region && !inRegion(p.region, LINZI)) {
        expect(r.status, p.name).toBe(403);
        return;
      }
      if (p.department) {
        expect(r.status, p.name).toBe(400);
        return;
      } // department × township: no rollup, refused
      expect(r.status, p.name).toBe(200);
      const keys = r.body.rows.map((x: any) => x.key);
      expect(keys, p.name).toContain(HUANGCHENG);
      expect(keys, p.name).toContain(QIDU);
    },
  },
  {
    family: 'breakdown by department',
    path: `/v1/figures/breakdown?metric=accepted&by=department&${M}`,
    expect: (p, r) => {
      if (p.region && p.region.slice(6, 9) !== '000') {
        expect(r.status, p.name).toBe(400);
        return;
      } // department × township: no rollup, refused
      expect(r.status, p.name).toBe(200);
      if (p.department)
        expect(
          r.body.rows.map((x: any) => x.key),
          p.name,
        ).toEqual([p.department]);
      expect(
        r.body.rows.reduce((t: number, x: any) => t + (x.value ?? 0), 0),
        p.name,
      ).toBe(visibleCount(p));
    },
  },
  {
    family: 'figures by department',
    path: `/v1/figures/by-department?${M}`,
    expect: (p, r) => {
      if (p.region && p.region.slice(6, 9) !== '000') {
        expect(r.status, p.name).toBe(400);
        return;
      } // department × township: no rollup, refused
      expect(r.status, p.name).toBe(200);
      const depts = r.body.departments.map((x: any) => x.department);
      expect(depts, p.name).toEqual(p.department ? [p.department] : ['D-LZ', 'D-SJ']);
      expect(
        r.body.departments.reduce((t: number, x: any) => t + x.figures.cases.accepted, 0),
        p.name,
      ).toBe(visibleCount(p));
    },
  },
  {
    family: 'figures by department, another department named',
    path: `/v1/figures/by-department?${M}&departments=D-SJ`,
    expect: (p, r) => {
      if (p.department && p.department !== 'D-SJ') {
        expect(r.status, p.name).toBe(403);
        return;
      }
      if (p.region && p.region.slice(6, 9) !== '000') {
        expect(r.status, p.name).toBe(400);
        return;
      }
      expect(r.status, p.name).toBe(200);
      expect(
        r.body.departments.map((x: any) => x.department),
        p.name,
      ).toEqual(['D-SJ']);
      expect(r.body.departments[0].figures.cases.accepted, p.name).toBe(CASES.filter((c) => c.dept === 'D-SJ' && sees(p, c)).length);
    },
  },
  {
    family: 'paper materials',
    path: `/v1/figures/paper-materials?${M}`,
    expect: (p, r) => {
      if (p.region && p.region.slice(6, 9) !== '000') {
        expect(r.status, p.name).toBe(400);
        return;
      }
      expect(r.status, p.name).toBe(200);
      if (p.department) for (const row of r.body.rows) expect(row.departmentCode, p.name).toBe(p.department);
    },
  },
  {
    family: 'warnings',
    path: '/v1/warnings?level=red',
    expect: (p, r) => {
      expect(r.status, p.name).toBe(200);
      const got = r.body.cases.map((c: any) => c.caseId).sort();
      expect(got, p.name).toEqual(
        CASES.filter((c) => sees(p, c))
          .map((c) => c.caseId)
          .sort(),
      );
    },
  },
  {
    family: 'warnings of a township outside',
    path: `/v1/warnings?level=red&region=${HUANGCHENG}`,
    expect: (p, r) => {
      if (p.region && !inRegion(p.region, HUANGCHENG)) {
        expect(r.status, p.name).toBe(403);
        return;
      }
      expect(r.status, p.name).toBe(200);
      for (const c of r.body.cases) expect(c.regionCode, p.name).toBe(HUANGCHENG);
    },
  },
  ...CASES.flatMap((c): Check[] => [
    { family: `case ${c.caseId}`, path: `/v1/cases/${c.dept}/${c.caseId}`, expect: allowedIf((p) => sees(p, c)) },
    { family: `record of ${c.caseId}`, path: `/v1/records/${c.dept}/acc-${c.caseId}`, expect: allowedIf((p) => sees(p, c)) },
    { family: `complaint summary near ${c.caseId}`, path: `/v1/records/${c.dept}/cmp-${c.caseId}`, expect: allowedIf((p) => sees(p, c)) },
  ]),
  {
    family: 'complaint work list',
    path: `/v1/complaints?${M}&limit=200`,
    expect: (p, r) => {
      expect(r.status, p.name).toBe(200);
      const got = r.body.complaints.map((c: any) => c.complaintId).sort();
      expect(got, p.name).toEqual(
        CASES.filter((c) => sees(p, c))
          .map((c) => `CP-${c.caseId}`)
          .sort(),
      );
    },
  },
  ...CASES.map(
    (c): Check => ({
      family: `complaint CP-${c.caseId}`,
      path: `/v1/complaints/${c.dept}/CP-${c.caseId}`,
      expect: allowedIf((p) => sees(p, c)),
    }),
  ),
  {
    family: 'feeds',
    path: `/v1/feeds?${M}`,
    expect: (p, r) => {
      expect(r.status, p.name).toBe(200);
      const depts = r.body.departments.map((d: any) => d.department).sort();
      const all = [
        { code: 'D-LZ', region: LINZI },
        { code: 'D-SJ', region: CITY },
      ];
      expect(depts, p.name).toEqual(
        all
          .filter((d) => (!p.department || p.department === d.code) && (!p.region || inRegion(p.region, d.region)))
          .map((d) => d.code)
          .sort(),
      );
    },
  },
  { family: 'city report', path: '/v1/reports/2024-03~city', expect: allowedIf((p) => !p.department && (!p.region || p.region === CITY)) },
  {
    family: 'county report 临淄区',
    path: '/v1/reports/2024-03~county~370305',
    expect: allowedIf((p) => !p.department && (!p.region || inRegion(p.region, LINZI))),
  },
  {
    family: 'county report 张店区',
    path: '/v1/reports/2024-03~county~370303',
    expect: allowedIf((p) => !p.department && (!p.region || inRegion(p.region, '370303000000'))),
  },
  {
    family: 'department report D-LZ',
    path: '/v1/reports/2024-03~department~D-LZ',
    expect: allowedIf((p) => (!p.department || p.department === 'D-LZ') && (!p.region || inRegion(p.region, LINZI))),
  },
  {
    family: 'report list',
    path: '/v1/reports?month=2024-03',
    expect: (p, r) => {
      expect(r.status, p.name).toBe(200);
      const ids: string[] = r.body.reports.map((x: any) => x.id);
      if (p.region === QIDU || p.region === CHEZHAN) expect(ids, p.name).toEqual([]);
      if (p.department === 'D-SJ') expect(ids, p.name).toEqual([]);
      if (p.department === 'D-LZ') expect(ids, p.name).toEqual(['2024-03~department~D-LZ']);
    },
  },
  { family: 'pipeline status', path: '/v1/pipeline', expect: allowedIf(() => true) },
  {
    family: 'data quality',
    path: '/v1/pipeline/quality',
    expect: (p, r) => {
      expect(r.status, p.name).toBe(200);
      const depts = r.body.departments.map((d: any) => d.department).sort();
      const all = [
        { code: 'D-LZ', region: LINZI },
        { code: 'D-SJ', region: CITY },
      ];
      expect(depts, p.name).toEqual(
        all
          .filter((d) => (!p.department || p.department === d.code) && (!p.region || inRegion(p.region, d.region)))
          .map((d) => d.code)
          .sort(),
      );
    },
  },
  {
    family: 'cases that cannot be judged, D-LZ',
    path: '/v1/pipeline/quality/D-LZ',
    expect: allowedIf((p) => !p.department || p.department === 'D-LZ'),
  },
  { family: 'admin calendar', path: '/v1/admin/calendar', expect: allowedIf((p) => p.admin) },
  { family: 'admin deadlines', path: '/v1/admin/deadlines', expect: allowedIf((p) => p.admin) },
  { family: 'follow-up limits (read-only)', path: '/v1/deadlines', expect: allowedIf(() => true) },
  { family: 'admin users', path: '/v1/admin/users', expect: allowedIf((p) => p.admin) },
  { family: 'admin audit', path: '/v1/admin/audit', expect: allowedIf((p) => p.admin) },
  { family: 'report settings', path: '/v1/admin/report-settings', expect: allowedIf((p) => p.admin) },
];

describe('authorization matrix: principal kind × endpoint family', () => {
  it(`answers every one of ${checks.length} endpoint families for every principal as its scope allows`, async () => {
    let n = 0;
    for (const p of principals) {
      for (const c of checks) {
        const res = await h.call('GET', c.path, p.token);
        try {
          c.expect(p, res);
        } catch (e) {
          throw new Error(`${p.name} GET ${c.path} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}\n${(e as Error).message}`);
        }
        n++;
      }
    }
    // An unsigned request gets nothing.
    for (const c of checks) {
      expect((await h.call('GET', c.path, undefined)).status).toBe(401);
      n++;
    }
    expect(n).toBe((principals.length + 1) * checks.length);
  }, 120_000);
});

describe('scopes an administrator gives', () => {
  it('refuses a user scope or department region that is not a division of the city, and a month 13', async () => {
    const u = await h.call('POST', '/v1/admin/users', ADMIN_TOKEN, {
      username: 'far.away',
      displayName: 'x',
      role: 'supervisor',
      scope: { kind: 'region', regionCode: '370399999000' },
      password: 'far-away-password',
    });
    expect(u.status).toBe(400);
    expect(u.body.error.details[0]).toMatchObject({ path: 'scope.regionCode', code: 'unknown_region' });
    const d = await h.call('POST', '/v1/admin/departments', ADMIN_TOKEN, { code: 'D-X', name: '某局', regionCode: '370305199000' });
    expect(d.status).toBe(400);
    expect(d.body.error.details[0]).toMatchObject({ path: 'regionCode', code: 'unknown_region' });
    expect((await h.call('GET', '/v1/admin/audit?month=2026-13', ADMIN_TOKEN)).status).toBe(400);
  });
});
