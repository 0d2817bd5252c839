// Loads the demo city (演示城市) — Zibo's real divisions, its departments, the catalog and a
// history of records — through the real API (departments, keys, users, catalog) and the real
// backfill path (records): nothing is written around validation. The figures of the records are
// counted at the end in one pass (the aggregator's loadFresh) — so the caller must load into an
// empty table with no stream consumer running, and start the consumer afterwards.
import { demoCityPlan, demoRecords, DEMO_CASES_PER_YEAR, DEMO_RANKING_MIN_COMPLETED } from './city.js';
import { generateCatalog, generateDepartments } from './index.js';
import type { Services } from '../runtime/services.js';
import type { Aggregator } from '../aggregator/aggregate.js';
import { emptySummary, runBackfill, type BackfillSummary } from '../backfill/backfill.js';
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
  {
    username: 'zhangdian',
    password: 'demo-zhangdian',
    displayName: '张店区督查',
    role: 'supervisor',
    scope: { kind: 'region', regionCode: '370303000000' },
  },
  {
    username: 'jyj',
    password: 'demo-jiaoyuju',
    displayName: '市教育局',
    role: 'supervisor',
    scope: { kind: 'department', departmentCode: 'D-JYJ' },
  },
] as const;

/** Anything that answers requests like the API app (the app itself, in-process). */
export interface RequestHandler {
  request(path: string, init: RequestInit): Response | Promise<Response>;
}

const demoPlan = (o: DemoOptions) => demoCityPlan({ ...o, today: o.today ?? new Date() });

/**
 * Departments with their keys, the demo users and the catalog's history, through the API.
 * Returns each department's key (the demo departments post their records with it).
 */
export async function postDemoCity(
  app: RequestHandler,
  adminToken: string,
  o: DemoOptions = {},
): Promise<{ keys: Map<string, string>; items: number; versions: number }> {
  const { seed, year, only } = demoPlan(o);
  const say = o.onProgress ?? (() => undefined);
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    // A 5xx says "nothing was half-stored, retry" (DynamoDB Local gives up on its lock when the
    // machine is busy): retried a few times, as a department's system would.
    for (let attempt = 0; ; attempt++) {
      const r = await app.request(path, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body ?? {}),
      });
      const json = (await r.json()) as Record<string, unknown>;
      if (r.status >= 500 && attempt < 4) {
        await new Promise((res) => setTimeout(res, 500 * 2 ** attempt));
        continue;
      }
      if (r.status >= 300 && r.status !== 409) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
      return json;
    }
  };

  const departments = generateDepartments().filter((d) => !only || only.has(d.code));
  say(`departments 部门 ${departments.length}`);
  const keys = new Map<string, string>();
  await fewAtATime(departments, async (d) => {
    await call('POST', '/v1/admin/departments', adminToken, { code: d.code, name: d.name, nameEn: d.nameEn, regionCode: d.regionCode });
    keys.set(d.code, (await call('POST', `/v1/admin/departments/${d.code}/keys`, adminToken, { label: 'demo' })).key as string);
  });
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
  // The e-licence catalog (电子证照目录) first: the catalog's materials name its types.
  await call('POST', '/v1/admin/licences', adminToken, { licences: generateCatalog({ seed, year }).licences });
  for (const y of [year - 1, year]) {
    const catalog = generateCatalog({ seed, year: y });
    const byDept = new Map<string, unknown[]>();
    for (const v of catalog.versions) {
      if (!keys.has(v.departmentCode) || (y === year && v.effectiveFrom < `${year}-01-01`)) continue;
      const list = byDept.get(v.departmentCode);
      if (list) list.push(v);
      else byDept.set(v.departmentCode, [v]);
      versions++;
    }
    await fewAtATime([...byDept], async ([dept, list]) => {
      for (let i = 0; i < list.length; i += 500)
        await call('POST', '/v1/catalog/items', keys.get(dept)!, { items: list.slice(i, i + 500) });
    });
    items = catalog.items.filter((i) => keys.has(i.departmentCode)).length;
  }
  say(`catalog 事项目录 ${items} items, ${versions} versions`);
  return { keys, items, versions };
}

/** Runs `f` over the list four at a time: DynamoDB Local writes on one thread, more only wait for its lock. */
async function fewAtATime<T>(list: readonly T[], f: (x: T) => Promise<void>): Promise<void> {
  const waiting = [...list];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let x = waiting.shift(); x !== undefined; x = waiting.shift()) await f(x);
    }),
  );
}

/** The demo's records as backfill lines (`{"department": …, "record": …}`): last year in full, this year to yesterday. */
export async function* demoRecordLines(o: DemoOptions = {}): AsyncGenerator<string> {
  for (const r of demoRecords({ ...o, today: o.today ?? new Date() })) yield JSON.stringify({ department: r.department, record: r.record });
}

/** What one load step did. */
export interface DemoLoadResult {
  summary: BackfillSummary;
  departments: number;
  items: number;
  seconds: number;
}

/**
 * The whole demo city at once. Records go through the backfill path and are counted at the end
 * in one pass (the aggregator's loadFresh): load into an empty table, with no stream consumer
 * running and no API traffic, and start the consumer afterwards.
 */
export async function loadDemo(
  app: RequestHandler,
  services: Services,
  aggregator: Aggregator,
  adminToken: string,
  o: DemoOptions = {},
): Promise<DemoLoadResult> {
  const started = Date.now();
  const staged = await loadDemoStaged(app, services, aggregator, adminToken, { ...o, recentMonths: Infinity });
  const rest = await staged.history();
  return { ...staged.first, summary: addSummaries(staged.first.summary, rest.summary), seconds: (Date.now() - started) / 1000 };
}

/** Where the history stands while it loads in the background (数据截至 line, console). */
export interface DemoHistoryProgress {
  /** The earliest month loaded so far (YYYY-MM): figures are complete from its first day. */
  loadedFrom: string;
  monthsDone: number;
  monthsTotal: number;
  done: boolean;
}

/**
 * The demo city in two steps, so that a first start opens quickly (issue 15): `first` — the city
 * (departments, users, catalog) and the cases of the last `recentMonths` calendar months (this
 * one included), counted — and then `history()`, the older months one at a time, newest first.
 *
 * The records are split by entity, never inside one: a case with every record of it (whenever
 * its completion came), its complaints and evaluations with it, by the month the case started;
 * a complaint about no case by its own month. Each step stores its records through the backfill
 * path and counts them with loadFresh, which adds to the rollup rows earlier steps wrote. That is
 * exactly once as long as nothing else counts meanwhile: the caller keeps the stream off, the
 * stream consumer and the recompute job stopped, and refuses writes to the API, until
 * `history()` has finished (functions/local/start.ts).
 */
export async function loadDemoStaged(
  app: RequestHandler,
  services: Services,
  aggregator: Aggregator,
  adminToken: string,
  o: DemoOptions & { recentMonths?: number } = {},
): Promise<{
  first: DemoLoadResult;
  history(onMonth?: (p: DemoHistoryProgress) => void, shouldStop?: () => boolean): Promise<DemoLoadResult>;
  progress(): DemoHistoryProgress;
}> {
  const started = Date.now();
  // Each progress line says how long the first start has taken so far (where the wait goes).
  const tell = o.onProgress ?? (() => undefined);
  const say = (m: string) => tell(`${m} · ${Math.round((Date.now() - started) / 1000)} s`);
  const city = await postDemoCity(app, adminToken, { ...o, onProgress: say });
  const today = o.today ?? new Date();
  const byMonth = demoLinesByMonth({ ...o, today });
  const months = [...byMonth.keys()].sort().reverse(); // newest first
  const recentMonths = Math.max(1, o.recentMonths ?? 2);
  const firstMonths = months.slice(0, recentMonths);
  const later = months.slice(recentMonths);

  const step = async (ms: string[]): Promise<BackfillSummary> => {
    const stored: StoredRecord[] = [];
    const lines = ms.flatMap((m) => byMonth.get(m)!);
    const summary = await runBackfill(
      services,
      {
        processRecords: async (rs) => {
          stored.push(...rs);
        },
      },
      fromArray(lines),
      {
        onChunk: (_n, s) => say(`records 记录 ${s.accepted} accepted`),
      },
    );
    const counted = await aggregator.loadFresh(stored);
    say(
      `figures 汇总 ${ms.length === 1 ? ms[0] : `${ms.at(-1)}…${ms[0]}`}: ${counted.entities} cases, complaints and evaluations → ${counted.rollupUpdates} rollup rows`,
    );
    return summary;
  };
  const progress: DemoHistoryProgress = {
    loadedFrom: firstMonths.at(-1) ?? shanghaiMonth(today),
    monthsDone: firstMonths.length,
    monthsTotal: months.length,
    done: later.length === 0,
  };
  const firstSummary = await step(firstMonths);
  const first: DemoLoadResult = {
    summary: firstSummary,
    departments: city.keys.size,
    items: city.items,
    seconds: (Date.now() - started) / 1000,
  };
  return {
    first,
    progress: () => ({ ...progress }),
    async history(onMonth, shouldStop) {
      const t = Date.now();
      let summary = emptySummary();
      for (const m of later) {
        if (shouldStop?.()) return { summary, departments: city.keys.size, items: city.items, seconds: (Date.now() - t) / 1000 };
        summary = addSummaries(summary, await step([m]));
        progress.loadedFrom = m;
        progress.monthsDone++;
        progress.done = progress.monthsDone === progress.monthsTotal;
        onMonth?.({ ...progress });
      }
      return { summary, departments: city.keys.size, items: city.items, seconds: (Date.now() - t) / 1000 };
    },
  };
}

/** The demo's backfill lines grouped by the month their entity started (see loadDemoStaged). */
function demoLinesByMonth(o: DemoOptions & { today: Date }): Map<string, string[]> {
  const caseMonth = new Map<string, string>(); // department|caseId → month of its first record
  const entityMonth = new Map<string, string>(); // department|complaint or evaluation id → month
  const recordMonth = new Map<string, string>(); // department|record id → month (for voids)
  const out = new Map<string, string[]>();
  for (const { department, record } of demoRecords(o)) {
    const r = record as { caseId?: string; complaintId?: string; evaluationId?: string; at: string; target?: string };
    const own = record.at.slice(0, 7);
    let month: string;
    if (record.type === 'void') month = recordMonth.get(`${department}|${r.target}`) ?? own;
    else if (r.caseId && !r.complaintId && !r.evaluationId) {
      const k = `${department}|${r.caseId}`;
      month = caseMonth.get(k) ?? own;
      caseMonth.set(k, month);
    } else {
      const k = `${department}|${r.complaintId ?? r.evaluationId}`;
      month = entityMonth.get(k) ?? (r.caseId ? caseMonth.get(`${department}|${r.caseId}`) : undefined) ?? own;
      entityMonth.set(k, month);
    }
    recordMonth.set(`${department}|${record.id}`, month);
    const list = out.get(month);
    const line = JSON.stringify({ department, record });
    if (list) list.push(line);
    else out.set(month, [line]);
  }
  return out;
}

const shanghaiMonth = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);

async function* fromArray(lines: readonly string[]): AsyncGenerator<string> {
  yield* lines;
}

function addSummaries(a: BackfillSummary, b: BackfillSummary): BackfillSummary {
  const rejectedBy = { ...a.rejectedBy };
  for (const [k, v] of Object.entries(b.rejectedBy)) rejectedBy[k] = (rejectedBy[k] ?? 0) + v;
  return {
    lines: a.lines + b.lines,
    accepted: a.accepted + b.accepted,
    duplicate: a.duplicate + b.duplicate,
    conflict: a.conflict + b.conflict,
    rejected: a.rejected + b.rejected,
    forbidden: a.forbidden + b.forbidden,
    rejectedBy,
    examples: [...a.examples, ...b.examples].slice(0, 10),
  };
}
