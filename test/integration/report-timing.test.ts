// How long generation takes on the demo city (演示城市: 43 departments, 8 districts/counties,
// 1,935 items; records through the real backfill path). A measurement, not a gate: it runs only
// with REPORT_TIMING=1, e.g.
//   REPORT_TIMING=1 REPORT_TIMING_CASES=12000 npx vitest run test/integration/report-timing.test.ts
// and prints the load time, one city report, and every scope of one month.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../functions/demo/load-demo.js';
import { ADMIN_TOKEN, createHarness, type Harness } from '../support/app-harness.js';

const ON = !!process.env.REPORT_TIMING;
const CASES = Number(process.env.REPORT_TIMING_CASES ?? 2_500);
const TODAY = new Date('2026-11-27T04:00:00Z');
const MONTH = '2026-10';
let h: Harness;

describe.runIf(ON)(`report generation on the demo city (${CASES} cases a year)`, () => {
  beforeAll(async () => {
    h = await createHarness({ now: () => TODAY, aggregate: true });
    const t = performance.now();
    const loaded = await loadDemo(h.app, h.services, h.aggregator, ADMIN_TOKEN, { casesPerYear: CASES, today: TODAY });
    await h.settle();
    console.log(`loaded ${loaded.summary.accepted} records, ${loaded.departments} departments, ${loaded.items} items in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }, 3_600_000);

  afterAll(async () => { await h?.stopStream(); });

  it('one city report, then every scope of the month', async () => {
    let t = performance.now();
    const city = await h.call('POST', '/v1/reports', ADMIN_TOKEN, { month: MONTH, scope: 'city' });
    const cityMs = performance.now() - t;
    expect(city.status).toBe(201);
    t = performance.now();
    const again = await h.call('POST', '/v1/reports', ADMIN_TOKEN, { month: MONTH, scope: 'city' });
    const cityAgainMs = performance.now() - t;
    expect(again.body.report.version).toBe(2);
    t = performance.now();
    const all = await h.services.reports.generateMissing({ months: [MONTH] });
    const allMs = performance.now() - t;
    expect(all.failed).toEqual([]);
    const n = all.generated.length + 1;
    const bytes = JSON.stringify(city.body.report).length;
    console.log([
      `city report ${MONTH}: ${(cityMs / 1000).toFixed(2)} s (regenerated: ${(cityAgainMs / 1000).toFixed(2)} s); JSON ${Math.round(bytes / 1024)} KB`,
      `all scopes of ${MONTH}: ${n} reports (1 city + ${all.generated.filter((x) => x.includes('~county~')).length} counties + ${all.generated.filter((x) => x.includes('~department~')).length} departments; the city one existed) in ${(allMs / 1000).toFixed(1)} s, ${(allMs / Math.max(1, all.generated.length) / 1000).toFixed(2)} s each`,
    ].join('\n'));
  }, 3_600_000);
});
