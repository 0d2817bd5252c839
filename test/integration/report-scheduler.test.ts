// Scheduled generation (定时生成): after a month closes, the scheduler's pass generates every
// missing report — back to the first month with data — for the city and each county and
// department with data, never touching reports that exist; the local scheduler runs that pass
// at start (after the aggregator has caught up) and then on an interval.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReportScheduler } from '../../functions/local/report-scheduler.js';
import { ADMIN_TOKEN, createHarness, type Harness } from '../support/app-harness.js';
import { item, rec } from '../support/builders.js';

let h: Harness;
// 1 April 2024, 01:00 in Shanghai: March has just closed.
const clock = new Date('2024-03-31T17:00:00Z');

async function post(key: string, records: unknown[]) {
  const r = await h.call('POST', '/v1/events', key, { records });
  expect(r.body.results.filter((x: any) => x.status !== 'accepted')).toEqual([]);
}
const cases = (prefix: string, month: string, region: string, n: number) =>
  Array.from({ length: n }, (_, i) => [
    rec.accepted(`${prefix}-${i}-a`, `${prefix}-${i}`, { at: `${month}-05T09:00:00+08:00`, regionCode: region }),
    rec.completed(`${prefix}-${i}-c`, `${prefix}-${i}`, { at: `${month}-07T16:00:00+08:00` }),
  ]).flat();

beforeAll(async () => {
  h = await createHarness({ now: () => clock, aggregate: true });
  const a = await h.department('D-A', '淄博市甲局', '370300000000');
  expect((await h.call('PUT', '/v1/catalog/items/ITEM-001', a.key, item(a.code, { effectiveFrom: '2023-01-01' }))).status).toBe(200);
  await post(a.key, [
    ...cases('J', '2024-01', '370303001000', 3),
    ...cases('F', '2024-02', '370303001000', 2),
    ...cases('M', '2024-03', '370303001000', 4),
  ]);
  await h.settle();
}, 120_000);

afterAll(async () => {
  await h?.stopStream();
});

describe('generateMissing', () => {
  it('catches up every closed month since the first with data, for every scope with data', async () => {
    const r = await h.services.reports.generateMissing();
    expect(r.months).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(r.failed).toEqual([]);
    // Newest month first, then the city, counties and departments of each.
    expect(r.generated).toEqual(
      ['2024-03', '2024-02', '2024-01'].flatMap((m) => [`${m}~city`, `${m}~county~370303`, `${m}~department~D-A`]),
    );
    const city = (await h.call('GET', '/v1/reports/2024-02~city', ADMIN_TOKEN)).body;
    expect(city).toMatchObject({ current: 1, report: { generatedBy: 'scheduler', month: '2024-02' } });
    expect(city.report.headline.find((x: any) => x.id === 'completed')).toMatchObject({
      current: { value: 2 },
      previous: { value: 3 },
      mom: { kind: 'pct', value: ((2 - 3) / 3) * 100 },
    });
  });

  it('is idempotent, and fills in only what is missing when a new department appears', async () => {
    expect((await h.services.reports.generateMissing()).generated).toEqual([]);
    const b = await h.department('D-B', '淄川区乙局', '370302000000');
    expect(
      (await h.call('PUT', '/v1/catalog/items/ITEM-B', b.key, item(b.code, { itemCode: 'ITEM-B', effectiveFrom: '2023-01-01' }))).status,
    ).toBe(200);
    await post(
      b.key,
      cases('BF', '2024-02', '370302001000', 2).map((x: any) => ({ ...x, ...(x.itemCode ? { itemCode: 'ITEM-B' } : {}) })),
    );
    await h.settle();
    const r = await h.services.reports.generateMissing();
    expect(r.generated).toEqual(['2024-02~county~370302', '2024-02~department~D-B']);
    // The city report of February is not regenerated: archived reports change only by an administrator.
    const city = (await h.call('GET', '/v1/reports/2024-02~city', ADMIN_TOKEN)).body;
    expect(city.current).toBe(1);
    expect(city.report.headline.find((x: any) => x.id === 'completed').current.value).toBe(2);
  });

  it('stops when its time budget is spent and the next pass continues', async () => {
    const c = await h.department('D-C', '淄博市丙局', '370300000000');
    expect(
      (await h.call('PUT', '/v1/catalog/items/ITEM-C', c.key, item(c.code, { itemCode: 'ITEM-C', effectiveFrom: '2023-01-01' }))).status,
    ).toBe(200);
    await post(
      c.key,
      cases('CM', '2024-03', '370303001000', 1).map((x: any) => ({ ...x, ...(x.itemCode ? { itemCode: 'ITEM-C' } : {}) })),
    );
    await h.settle();
    expect(await h.services.reports.generateMissing({ stopAtMs: Date.now() - 1 })).toMatchObject({ generated: [], incomplete: true });
    expect((await h.services.reports.generateMissing()).generated).toEqual(['2024-03~department~D-C']);
  });
});

describe('the local scheduler', () => {
  it('runs a pass at start after the figures are current, then on its interval, until stopped', async () => {
    const calls: string[] = [];
    const s = startReportScheduler({
      ready: async () => {
        calls.push('ready');
      },
      generateMissing: async () => {
        calls.push('generate');
        return { months: [], generated: [], failed: [], incomplete: false };
      },
      intervalMs: 40,
    });
    await s.first;
    expect(calls.slice(0, 2)).toEqual(['ready', 'generate']);
    await new Promise((r) => setTimeout(r, 150));
    await s.stop();
    const n = calls.length;
    expect(n).toBeGreaterThanOrEqual(4);
    await new Promise((r) => setTimeout(r, 100));
    expect(calls.length).toBe(n);
  });

  it('works for a limited time per pass and continues an unfinished catch-up soon after, not an hour later', async () => {
    const passes: number[] = [];
    let left = 3;
    const s = startReportScheduler({
      generateMissing: async ({ shouldStop }) => {
        let reports = 0;
        while (!shouldStop() && reports < 10_000) {
          reports++;
          await new Promise((r) => setTimeout(r, 2));
        }
        left--;
        passes.push(reports);
        return { months: [], generated: [], failed: [], incomplete: left > 0 };
      },
      budgetMs: 30,
      catchUpMs: 20,
      intervalMs: 3_600_000,
    });
    for (let i = 0; i < 500 && passes.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    await s.stop();
    // Two unfinished passes were continued; the third finished, so the next one is an hour away.
    expect(passes).toHaveLength(3);
    for (const n of passes) expect(n).toBeLessThan(10_000); // each stopped when its time was up
  });

  it('keeps running after a failed pass', async () => {
    const errors: unknown[] = [];
    let i = 0;
    const s = startReportScheduler({
      generateMissing: async () => {
        i += 1;
        if (i === 1) throw new Error('DynamoDB throttled');
        return { months: [], generated: ['x'], failed: [], incomplete: false };
      },
      intervalMs: 30,
      onError: (e) => errors.push(e),
    });
    expect(await s.first).toBeUndefined();
    await new Promise((r) => setTimeout(r, 80));
    await s.stop();
    expect(errors).toHaveLength(1);
    expect(i).toBeGreaterThanOrEqual(2);
  });
});
