// Loads the demo city (演示城市) — Zibo's real divisions, its departments, the catalog and a
// history of records — through the real API (departments, keys, users, catalog) and the real
// backfill path (records): nothing is written around validation. The figures of the records are
// counted at the end in one pass (the aggregator's loadFresh) — so the caller must load into an
// empty table with no stream consumer running, and start the consumer afterwards.
import { demoCityPlan, demoRecords, DEMO_CASES_PER_YEAR, DEMO_RANKING_MIN_COMPLETED } from './city.js';
import { generateCatalog, generateDepartments } from './index.js';
import type { Services } from '../api/deps.js';
import type { Aggregator } from '../aggregator/aggregate.js';
import { runBackfill, type BackfillSummary } from '../backfill/backfill.js';
import type { StoredRecord } from '../store/records-store.js';

export { DEMO_CASES_PER_YEAR };

export interface DemoOptions {
  seed?: number;
  /** Cases per year; the demo holds the previous year in full and this year up to today. */
  casesPerYear?: number;
  today?: Date;
  onProgress?: (message: string) => void;
  /** Only these departments (codes), with their items and records: for tests that need a small city. */
  departments?: readonly string[];
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

const demoPlan = (o: DemoOptions) => demoCityPlan({ ...o, today: o.today ?? new Date() });

/**
 * Departments with their keys, the demo users and the catalog's history, through the API.
 * Returns each department's key (the demo departments post their records with it).
 */
export async function postDemoCity(app: RequestHandler, adminToken: string, o: DemoOptions = {}): Promise<{ keys: Map<string, string>; items: number; versions: number }> {
  const { seed, year, only } = demoPlan(o);
  const say = o.onProgress ?? (() => undefined);
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const r = await app.request(path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
    const json = await r.json() as Record<string, unknown>;
    if (r.status >= 300 && r.status !== 409) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
    return json;
  };

  const departments = generateDepartments().filter((d) => !only || only.has(d.code));
  say(`departments 部门 ${departments.length}`);
  const keys = new Map<string, string>();
  for (const d of departments) {
    await call('POST', '/v1/admin/departments', adminToken, { code: d.code, name: d.name, nameEn: d.nameEn, regionCode: d.regionCode });
    keys.set(d.code, (await call('POST', `/v1/admin/departments/${d.code}/keys`, adminToken, { label: 'demo' })).key as string);
  }
  // The demo city's ranking minimum, scaled to its sample of the city (DEMO_RANKING_MIN_COMPLETED).
  await call('PUT', '/v1/admin/report-settings', adminToken, { minVolume: { completed: DEMO_RANKING_MIN_COMPLETED } });
  for (const u of DEMO_USERS) {
    if (u.scope.kind === 'department' && !keys.has(u.scope.departmentCode)) continue;
    await call('POST', '/v1/admin/users', adminToken, u);
  }

  // The catalog's history: the previous year's catalog (first versions dated before it, a few
  // changes during it), then this year's changes — a department posts what changed, and this
  // year's generated catalog differs from last year's only in the dates of its versions.
  let items = 0;
  let versions = 0;
  for (const y of [year - 1, year]) {
    const catalog = generateCatalog({ seed, year: y });
    const byDept = new Map<string, unknown[]>();
    for (const v of catalog.versions) {
      if (!keys.has(v.departmentCode) || (y === year && v.effectiveFrom < `${year}-01-01`)) continue;
      const list = byDept.get(v.departmentCode);
      if (list) list.push(v); else byDept.set(v.departmentCode, [v]);
      versions++;
    }
    await Promise.all([...byDept].map(async ([dept, list]) => {
      for (let i = 0; i < list.length; i += 500) {
        await call('POST', '/v1/catalog/items', keys.get(dept)!, { items: list.slice(i, i + 500) });
      }
    }));
    items = catalog.items.filter((i) => keys.has(i.departmentCode)).length;
  }
  say(`catalog 事项目录 ${items} items, ${versions} versions`);
  return { keys, items, versions };
}

/** The demo's records as backfill lines (`{"department": …, "record": …}`): last year in full, this year to yesterday. */
export async function* demoRecordLines(o: DemoOptions = {}): AsyncGenerator<string> {
  for (const r of demoRecords({ ...o, today: o.today ?? new Date() })) yield JSON.stringify({ department: r.department, record: r.record });
}

/**
 * The whole demo city. Records go through the backfill path and are counted at the end in one
 * pass (the aggregator's loadFresh): load into an empty table, with no stream consumer running
 * and no API traffic, and start the consumer afterwards.
 */
export async function loadDemo(app: RequestHandler, services: Services, aggregator: Aggregator, adminToken: string, o: DemoOptions = {}): Promise<{ summary: BackfillSummary; departments: number; items: number; seconds: number }> {
  const started = Date.now();
  const say = o.onProgress ?? (() => undefined);
  const city = await postDemoCity(app, adminToken, o);
  const stored: StoredRecord[] = [];
  const summary = await runBackfill(services, { processRecords: async (rs) => { stored.push(...rs); } }, demoRecordLines(o), {
    onChunk: (_n, s) => say(`records 记录 ${s.accepted} accepted`),
  });
  say(`figures 汇总 counting ${stored.length} records in one pass… (on disk this is the longest step)`);
  const counted = await aggregator.loadFresh(stored);
  say(`figures 汇总 ${counted.entities} cases, complaints and evaluations → ${counted.rollupUpdates} rollup rows`);
  return { summary, departments: city.keys.size, items: city.items, seconds: (Date.now() - started) / 1000 };
}
