// The demo city, loaded through the real API and backfill path, reads back the seed's figures
// through the figures API (../shared/seed: the bureau's reply), within stated tolerances.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CITY_CASES_PER_YEAR, DEMO_RANKING_MIN_COMPLETED, SEED_TARGETS } from '../../functions/demo/index.js';
import { loadDemo } from '../../functions/demo/load-demo.js';
import { ADMIN_TOKEN, createHarness, ownDynamoLocal, type Harness } from '../support/app-harness.js';
import type { DynamoLocal } from '../../functions/local/dynamo-local.js';
import { demoWarnings, judgeDemoCases } from '../support/demo-cases.js';

const TODAY = new Date('2026-11-27T04:00:00Z');
const CASES_PER_YEAR = 4_000;
let h: Harness;
let ddb: DynamoLocal;
let loaded: Awaited<ReturnType<typeof loadDemo>>;
const within = (v: number | null, b: { min: number; max: number }) =>
  expect(v === null ? NaN : v, `${v} in [${b.min}, ${b.max}]`).toSatisfy((x: number) => x >= b.min && x <= b.max);

beforeAll(async () => {
  // As `npm start -- --demo` does it, loaded before the stream consumer starts; a smaller city than
  // the default (16,000 cases a year) so that the suite stays quick.
  ddb = await ownDynamoLocal();
  h = await createHarness({ now: () => TODAY, endpoint: ddb.endpoint });
  loaded = await loadDemo(h.app, h.services, h.aggregator, ADMIN_TOKEN, { today: TODAY, casesPerYear: CASES_PER_YEAR });
  h.startStream();
  await h.settle(1_500_000);
}, 1_800_000); // a shared two-core CI machine runs other suites meanwhile

afterAll(async () => {
  await h?.stopStream();
  await ddb?.stop();
});

describe('the demo city reads back the seed', () => {
  it('loads every record it generated', () => {
    expect(loaded.summary.rejected).toBe(0);
    expect(loaded.summary.conflict).toBe(0);
    expect(loaded.summary.accepted).toBeGreaterThan(20_000);
  });

  it('catalog: 969 certificate-free items at city level, 903 at district/county level; delegated 135/118/79/60', async () => {
    const all = (await h.call('GET', '/v1/figures?from=2025-01-01&to=2025-12-31', ADMIN_TOKEN)).body;
    expect(all.catalog.delegated).toMatchObject({ town: 135, street: 118, village: 79, community: 60 });
    // The city list holds the items handled at city level, the district/county list those handled at county level.
    const city = (await h.call('GET', '/v1/figures?from=2025-01-01&to=2025-12-31&level=city', ADMIN_TOKEN)).body.catalog
      .certificateFreeItems;
    const county = (await h.call('GET', '/v1/figures?from=2025-01-01&to=2025-12-31&level=county', ADMIN_TOKEN)).body.catalog
      .certificateFreeItems;
    expect({ city, county }).toEqual(SEED_TARGETS.certificateFreeItems);
    within(all.catalog.limitCompression, SEED_TARGETS.limitCompression);
  });

  it("cases of last year: a third fewer materials, paper avoided at the seed's yearly rate, elderly, online, nearby", async () => {
    const f = (await h.call('GET', '/v1/figures?from=2025-01-01&to=2025-12-31', ADMIN_TOKEN)).body;
    within(f.materials.reductionRate, SEED_TARGETS.materialReduction);
    within((f.materials.paperAvoided / f.cases.accepted) * CITY_CASES_PER_YEAR, SEED_TARGETS.paperAvoidedPerYear);
    // A small demo year carries sampling noise: the share of 60+ is checked to ±0.035 around 23.24%.
    within(f.cases.elderlyShare, { min: 0.2324 - 0.035, max: 0.2324 + 0.035 });
    within(f.cases.elderlyAssistedShare, SEED_TARGETS.proxyShareOfElderly);
    within(f.cases.onlineShare, SEED_TARGETS.onlineShare);
    within(f.cases.nearbyShare, SEED_TARGETS.nearbyShare);
    within(1 - (f.cases.onTimeRate ?? 0), SEED_TARGETS.lateShare);
    // About 1 complaint per 100 accepted cases (README).
    within(f.complaints.received / f.cases.accepted, SEED_TARGETS.complaintRate);
    // 社区 and 村 handle cases (delegated items, 代办).
    for (const level of ['community', 'village']) {
      const byLevel = (await h.call('GET', `/v1/figures?from=2025-01-01&to=2025-12-31&level=${level}`, ADMIN_TOKEN)).body;
      expect(byLevel.cases.accepted, level).toBeGreaterThan(0);
    }
  });

  it("today: the red and yellow lists are exactly the open cases the case clock judges so; rankings use the demo's minimum", async () => {
    // Recomputed from the generator's records with the product's clock (test/support/demo-cases.ts);
    // how the lists look at the default demo size (mostly recent red cards) is test/unit/demo-city.test.ts.
    const want = demoWarnings(judgeDemoCases(TODAY, CASES_PER_YEAR));
    for (const level of ['red', 'yellow'] as const) {
      const got = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = (await h.call('GET', `/v1/warnings?level=${level}&limit=200${cursor ? `&cursor=${cursor}` : ''}`, ADMIN_TOKEN)).body;
        for (const c of page.cases as Array<{ department: string; caseId: string }>) got.add(`${c.department}|${c.caseId}`);
        cursor = page.next;
      } while (cursor);
      expect(want[level].size, level).toBeGreaterThan(0);
      expect([...got].sort(), level).toEqual([...want[level]].sort());
    }
    const settings = (await h.call('GET', '/v1/admin/report-settings', ADMIN_TOKEN)).body;
    expect(settings.minVolume.completed).toBe(DEMO_RANKING_MIN_COMPLETED);
  });

  it("e-licences: the seed's 106 types in the catalog and in use, every e-licence exemption counted under its type", async () => {
    const l = (await h.call('GET', '/v1/figures/licences?from=2025-01-01&to=2025-12-31', ADMIN_TOKEN)).body;
    expect({ typesInCatalog: l.typesInCatalog, typesInUse: l.typesInUse, unnamedMaterials: l.unnamedMaterials }).toEqual({
      typesInCatalog: 106,
      typesInUse: 106,
      unnamedMaterials: 0,
    });
    expect(l.rows.reduce((s: number, r: any) => s + r.materials, 0)).toBe(l.eLicenceMaterials);
    expect(l.rows[0].name).toBe('居民身份证'); // asked for by most items
    expect(l.typesUsed).toBeGreaterThan(20); // 1,500 cases a year use about 36 of the 106 types (the generator, counted offline)
  });
});
