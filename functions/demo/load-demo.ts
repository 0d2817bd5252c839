// Loads the demo city (演示城市) — Zibo's real divisions, its departments, the catalog and a
// history of records — through the real API (departments, keys, users, catalog) and the real
// backfill path (records): nothing is written around validation.
import { shanghaiDate } from '../../shared/calendar/index.js';
import { generateCatalog, generateDepartments, generateDivisions, generateRecords } from '../../shared/demo/index.js';
import type { Services } from '../api/deps.js';
import type { Aggregator } from '../aggregator/aggregate.js';
import { runBackfill, type BackfillSummary } from '../backfill/backfill.js';

export interface DemoOptions {
  seed?: number;
  /** Cases per year; the demo holds the previous year in full and this year up to today. */
  casesPerYear?: number;
  today?: Date;
  onProgress?: (message: string) => void;
}

/** Demo sign-ins (演示账号), printed by `npm start -- --demo`; never used outside the demo data folder. */
export const DEMO_USERS = [
  { username: 'supervisor', password: 'demo-supervisor', displayName: '市效能督查', role: 'supervisor', scope: { kind: 'all' } },
  { username: 'leader', password: 'demo-leader', displayName: '市行政审批服务局局长', role: 'leadership', scope: { kind: 'all' } },
  { username: 'zhangdian', password: 'demo-zhangdian', displayName: '张店区督查', role: 'supervisor', scope: { kind: 'region', regionCode: '370303000000' } },
  { username: 'jyj', password: 'demo-jiaoyuju', displayName: '市教育局', role: 'supervisor', scope: { kind: 'department', departmentCode: 'D-JYJ' } },
] as const;

/** Anything that answers requests like the API app (the app itself, in-process). */
export interface RequestHandler { request(path: string, init: RequestInit): Response | Promise<Response> }

export async function loadDemo(app: RequestHandler, services: Services, aggregator: Aggregator, adminToken: string, o: DemoOptions = {}): Promise<{ summary: BackfillSummary; departments: number; items: number; seconds: number }> {
  const started = Date.now();
  const seed = o.seed ?? 20231;
  const today = shanghaiDate(o.today ?? new Date());
  // This year's records stop yesterday: events later today would be in the future (rejected).
  const yesterday = shanghaiDate((o.today ?? new Date()).getTime() - 86_400_000);
  const year = Number(today.slice(0, 4));
  const casesPerYear = o.casesPerYear ?? 12_000;
  const say = o.onProgress ?? (() => undefined);

  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const r = await app.request(path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
    const json = await r.json() as Record<string, unknown>;
    if (r.status >= 300 && r.status !== 409) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
    return json;
  };

  const departments = generateDepartments();
  say(`departments 部门 ${departments.length}`);
  const keys = new Map<string, string>();
  for (const d of departments) {
    await call('POST', '/v1/admin/departments', adminToken, { code: d.code, name: d.name, nameEn: d.nameEn, regionCode: d.regionCode });
    keys.set(d.code, (await call('POST', `/v1/admin/departments/${d.code}/keys`, adminToken, { label: 'demo' })).key as string);
  }
  for (const u of DEMO_USERS) await call('POST', '/v1/admin/users', adminToken, u);

  // The catalog as it stood in both years: versions of the previous year's catalog, then this year's.
  let items = 0;
  for (const y of [year - 1, year]) {
    const catalog = generateCatalog({ seed, year: y });
    const byDept = new Map<string, unknown[]>();
    for (const v of catalog.versions) byDept.set(v.departmentCode, [...(byDept.get(v.departmentCode) ?? []), v]);
    await Promise.all([...byDept].map(async ([dept, versions]) => {
      for (let i = 0; i < versions.length; i += 500) {
        await call('POST', '/v1/catalog/items', keys.get(dept)!, { items: versions.slice(i, i + 500) });
      }
    }));
    items = catalog.items.length;
  }
  say(`catalog 事项目录 ${items} items`);

  const divisions = generateDivisions();
  async function* lines() {
    for (const y of [year - 1, year]) {
      const catalog = generateCatalog({ seed, year: y });
      for (const r of generateRecords({ seed: seed + y, year: y, casesPerYear, catalog, departments, divisions, ...(y === year ? { until: yesterday } : {}) })) {
        yield JSON.stringify({ department: r.department, record: r.record });
      }
    }
  }
  const summary = await runBackfill(services, aggregator, lines(), {
    onChunk: (n, s) => { if (n % 20_000 < 2_000) say(`records 记录 ${s.accepted} accepted`); },
  });
  return { summary, departments: departments.length, items, seconds: (Date.now() - started) / 1000 };
}
