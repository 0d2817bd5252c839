// The demo city (演示城市) set up the way an administrator and the departments do it — through
// the API: departments, one key each, the e-licence catalog and the item catalog — plus helpers to turn generated records
// into what the benchmarks post or backfill.
import { pool } from './stats.js';
import {
  generateCatalog,
  generateDepartments,
  generateDivisions,
  generateRecords,
  type DemoCatalog,
  type DemoDepartment,
  type DemoDivisions,
  type DemoRecord,
} from '../../functions/demo/index.js';

export type Call = (method: string, path: string, token: string, body?: unknown) => Promise<{ status: number; body: any }>;

/** A Call over real HTTP (fetch, keep-alive) to a running server. */
export function httpCall(baseUrl: string): Call {
  return async (method, path, token, body) => {
    const r = await fetch(baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined };
  };
}

/** A Call through Hono's app.request (no socket). */
export function appCall(app: { request: (path: string, init: RequestInit) => Response | Promise<Response> }): Call {
  return async (method, path, token, body) => {
    const r = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined };
  };
}

export const YEAR = 2025;

export interface City {
  departments: DemoDepartment[];
  catalog: DemoCatalog;
  divisions: DemoDivisions;
}

export function demoCity(seed = 1, year = YEAR): City {
  return { departments: generateDepartments(), catalog: generateCatalog({ seed, year }), divisions: generateDivisions() };
}

export function records(city: City, seed: number, casesPerYear: number, year = YEAR): Generator<DemoRecord> {
  return generateRecords({ seed, year, casesPerYear, catalog: city.catalog, departments: city.departments, divisions: city.divisions });
}

/** Departments, a key each and the catalog, through the API. Returns department code → API key. */
export async function setUpCity(
  call: Call,
  adminToken: string,
  city: City,
  say: (m: string) => void = () => undefined,
): Promise<Map<string, string>> {
  const must = (what: string, r: { status: number; body: any }) => {
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
    return r.body;
  };
  const keys = new Map<string, string>();
  // One department at a time: admin actions are transactions (with the audit log), and DynamoDB
  // Local answers concurrent ones on a busy machine with lock time-outs.
  for (const d of city.departments) {
    must(
      `department ${d.code}`,
      await call('POST', '/v1/admin/departments', adminToken, { code: d.code, name: d.name, nameEn: d.nameEn, regionCode: d.regionCode }),
    );
    keys.set(
      d.code,
      must(`key ${d.code}`, await call('POST', `/v1/admin/departments/${d.code}/keys`, adminToken, { label: 'bench' })).key as string,
    );
  }
  say(`  ${keys.size} departments and keys`);
  // The e-licence catalog (电子证照目录) before the item catalog, whose materials name its types.
  must('e-licence catalog', await call('POST', '/v1/admin/licences', adminToken, { licences: city.catalog.licences }));
  const byDept = new Map<string, unknown[]>();
  for (const v of city.catalog.versions) byDept.set(v.departmentCode, [...(byDept.get(v.departmentCode) ?? []), v]);
  await pool(byDept.size, 8, async (i) => {
    const [dept, versions] = [...byDept][i]!;
    for (let i = 0; i < versions.length; i += 500) {
      const r = must(`catalog ${dept}`, await call('POST', '/v1/catalog/items', keys.get(dept)!, { items: versions.slice(i, i + 500) }));
      const bad = (r.results as Array<{ status: string }>).filter((x) => !['accepted', 'updated', 'duplicate'].includes(x.status));
      if (bad.length) throw new Error(`catalog ${dept}: ${JSON.stringify(bad[0])}`);
    }
    say(`  catalog of ${dept}: ${versions.length} versions`);
  });
  return keys;
}
