// A generated city for read-path tests: 43 departments (a few located in districts), one or two
// catalog versions each, and seeded cases (completed on time or late, suspended and resumed,
// withdrawn, still open — many overdue), complaints and evaluations from January 2025 to just
// before "today", spread over districts, townships and the city itself. Stored through the backfill
// path (the API's validation) and counted in one pass by the aggregator's loadFresh: fast enough
// for a test on a busy machine, and the same rows the stream path leaves (load-fresh.test.ts).
import { runBackfill } from '../../functions/backfill/backfill.js';
import type { StoredRecord } from '../../functions/store/records-store.js';
import { ADMIN_TOKEN, type Harness } from './app-harness.js';
import { item, rec } from './builders.js';
import { seededRng } from './seeded-rng.js';

export const GEN_TODAY = new Date('2026-11-27T04:00:00Z');
export const ZHANGDIAN = '370303000000';
export const LINZI = '370305000000';
export const QIDU = '370305100000'; // 齐都镇 (临淄区)
/** Where cases happen: townships of two districts, a district itself, another district, the city. */
export const CASE_REGIONS = ['370303001000', '370303002000', QIDU, '370305102000', LINZI, '370302001000', '370300000000'];

export interface GeneratedCity {
  departments: Array<{ code: string; name: string; regionCode: string; key: string }>;
  cases: number;
}

const DAY_MS = 86_400_000;
const FIRST = Date.parse('2025-01-02T00:00:00Z');
const LAST = Date.parse('2026-11-26T00:00:00Z');
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const at = (ms: number, hm: string) => `${dayOf(ms)}T${hm}:00+08:00`;

export async function loadGeneratedCity(h: Harness, opts: { seed?: number; casesPerDepartment?: number } = {}): Promise<GeneratedCity> {
  const r = seededRng(opts.seed ?? 15).next; // the same city on every run
  const perDept = opts.casesPerDepartment ?? 10;
  const departments: GeneratedCity['departments'] = [];
  for (let i = 1; i <= 43; i++) {
    const code = `D-${String(i).padStart(2, '0')}`;
    const regionCode = i % 9 === 0 ? ZHANGDIAN : i % 11 === 0 ? LINZI : '370300000000';
    const name = `测试${String(i).padStart(2, '0')}局`;
    const made = await h.department(code, name, regionCode);
    departments.push({ code, name, regionCode, key: made.key });
  }
  await Promise.all(
    departments.map(async (d, i) => {
      const versions = [item(d.code, { itemCode: `I-${d.code}`, promisedDays: 3 + (i % 8), effectiveFrom: '2024-01-01' })];
      if (i % 5 === 0) versions.push(item(d.code, { itemCode: `I-${d.code}`, promisedDays: 2 + (i % 4), effectiveFrom: '2025-07-01' }));
      const res = await h.call('POST', '/v1/catalog/items', d.key, { items: versions });
      if (res.status >= 300) throw new Error(`catalog ${d.code}: ${res.status} ${JSON.stringify(res.body)}`);
    }),
  );

  const lines: string[] = [];
  const push = (dept: string, record: unknown) => lines.push(JSON.stringify({ department: dept, record }));
  let cases = 0;
  departments.forEach((d, i) => {
    const n = perDept + Math.floor(r() * perDept);
    for (let k = 0; k < n; k++) {
      const id = `${d.code}-C${k}`;
      const accepted = FIRST + Math.floor(r() * ((LAST - FIRST) / DAY_MS)) * DAY_MS;
      const regionCode = CASE_REGIONS[Math.floor(r() * CASE_REGIONS.length)]!;
      const channel = r() < 0.5 ? 'window' : 'online';
      push(d.code, rec.accepted(`${id}-a`, id, { at: at(accepted, '09:30'), itemCode: `I-${d.code}`, regionCode, channel }));
      cases++;
      const fate = r();
      const doneAfter = 1 + Math.floor(r() * 15);
      const done = accepted + doneAfter * DAY_MS;
      if (fate < 0.5 && done <= LAST) {
        push(d.code, rec.completed(`${id}-c`, id, { at: at(done, '16:00') }));
      } else if (fate < 0.62 && done + 3 * DAY_MS <= LAST) {
        push(d.code, rec.suspended(`${id}-s`, id, { at: at(accepted + DAY_MS, '09:00') }));
        push(d.code, rec.resumed(`${id}-r`, id, { at: at(accepted + 3 * DAY_MS, '09:00') }));
        if (r() < 0.6) push(d.code, rec.completed(`${id}-c`, id, { at: at(done + 3 * DAY_MS, '16:00') }));
      } else if (fate < 0.68) {
        push(d.code, rec.suspended(`${id}-s`, id, { at: at(accepted + DAY_MS, '09:00') })); // still suspended
      } else if (fate < 0.74 && done <= LAST) {
        push(d.code, rec.withdrawn(`${id}-w`, id, { at: at(done, '11:00') }));
      } // else: still open (overdue once its deadline passed)
    }
    for (let k = 0; k < 1 + (i % 3); k++) {
      const id = `${d.code}-P${k}`;
      const received = FIRST + Math.floor(r() * ((LAST - FIRST) / DAY_MS)) * DAY_MS;
      push(
        d.code,
        rec.complaint(`${id}-a`, id, { at: at(received, '10:00'), regionCode: CASE_REGIONS[Math.floor(r() * CASE_REGIONS.length)]! }),
      );
      if (r() < 0.7) push(d.code, { ...rec.responded(`${id}-b`, id), at: at(received, '15:00') });
    }
    for (let k = 0; k < 2 + (i % 4); k++) {
      const id = `${d.code}-E${k}`;
      const submitted = FIRST + Math.floor(r() * ((LAST - FIRST) / DAY_MS)) * DAY_MS;
      push(d.code, rec.evaluation(`${id}-a`, id, { at: at(submitted, '12:00'), itemCode: `I-${d.code}`, score: 1 + Math.floor(r() * 5) }));
    }
  });

  const stored: StoredRecord[] = [];
  async function* each() {
    yield* lines;
  }
  const summary = await runBackfill(
    h.services,
    {
      processRecords: async (rs) => {
        stored.push(...rs);
      },
    },
    each(),
  );
  if (summary.rejected) throw new Error(`generated records refused: ${JSON.stringify(summary).slice(0, 600)}`);
  await h.aggregator.loadFresh(stored);
  return { departments, cases };
}

export { ADMIN_TOKEN };
