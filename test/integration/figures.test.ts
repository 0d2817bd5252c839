// Figures against hand-worked cases (domain.md), through the real path: records posted to the
// API → DynamoDB Local stream → aggregator → rollups → GET /v1/figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, createHarness, type Harness } from '../support/app-harness.js';
import { item, rec } from '../support/builders.js';

let h: Harness;
let d: { code: string; key: string };
const NOW = new Date('2024-06-01T04:00:00Z');

const accepted = (id: string, caseId: string, at: string, over: Record<string, unknown>) => rec.accepted(id, caseId, { at, ...over });

beforeAll(async () => {
  h = await createHarness({ now: () => NOW, aggregate: true });
  d = await h.department('D-JYJ', '淄博市教育局');
  // P = 5 working days, statutory 20; M01 certificate (e_license), M02 proof (none), M03 form.
  expect((await h.call('PUT', '/v1/catalog/items/ITEM-001', d.key, item(d.code))).status).toBe(200);
  const records = [
    // A: accepted Fri 2024-03-01 09:30, completed Wed 03-06 16:00 (arrives first: out of order).
    rec.completed('a-cmp', 'A', { at: '2024-03-06T16:00:00+08:00', visits: 1 }),
    accepted('a-acc', 'A', '2024-03-01T09:30:00+08:00', {
      regionCode: '370300000000',
      channel: 'window',
      assisted: 'proxy',
      applicant: { type: 'person', ageBand: '70_79' },
      materials: [
        { code: 'M01', via: 'e_license' },
        { code: 'M02', via: 'paper' },
        { code: 'M03', via: 'upload' },
      ],
    }),
    // B: accepted Mon 03-04 10:00, completed Wed 03-13 10:00, late (deadline Mon 03-11).
    accepted('b-acc', 'B', '2024-03-04T10:00:00+08:00', {
      regionCode: '370303000000',
      channel: 'online',
      assisted: 'none',
      applicant: { type: 'person', ageBand: 'under_60' },
      materials: [
        { code: 'M01', via: 'paper' },
        { code: 'M02', via: 'paper' },
        { code: 'M03', via: 'upload' },
      ],
    }),
    rec.completed('b-cmp', 'B', { at: '2024-03-13T10:00:00+08:00', visits: 0 }),
    // C: accepted Tue 03-05 09:00 at a street (街道) unit, still open: deadline Tue 03-12, overdue since 03-13.
    accepted('c-acc', 'C', '2024-03-05T09:00:00+08:00', {
      regionCode: '370303001000',
      channel: 'mobile',
      assisted: 'none',
      applicant: { type: 'enterprise' },
      materials: [
        { code: 'M01', via: 'e_license' },
        { code: 'M02', via: 'data_sharing' },
        { code: 'M03', via: 'commitment' },
      ],
    }),
    // D: accepted, then its acceptance voided: not in any figure.
    accepted('d-acc', 'D', '2024-03-05T11:00:00+08:00', {}),
    rec.void('d-void', 'd-acc'),
    // A complaint received Fri 03-01: responded the same day, resolved Mon 03-04, reopened, resolved
    // again Thu 03-07 — by its deadline Fri 03-08 (5 working days; reopening does not restart it).
    rec.complaint('k-rcv', 'K', { at: '2024-03-01T09:30:00+08:00' }),
    rec.responded('k-rsp', 'K'),
    rec.resolved('k-rsl', 'K'),
    rec.reopened('k-reo', 'K'),
    { ...rec.resolved('k-rsl2', 'K'), at: '2024-03-07T15:00:00+08:00' },
    rec.followedUp('k-fu', 'K'),
    // Evaluations: a bad one (2) rectified 03-08 (5 working days ≤ 15), a good one (5).
    rec.evaluation('e1-sub', 'E1'),
    rec.calledBack('e1-cb', 'E1'),
    rec.rectified('e1-rct', 'E1'),
    rec.evaluation('e2-sub', 'E2', { score: 5 }),
  ];
  const r = await h.call('POST', '/v1/events', d.key, { records });
  expect(r.body.results.map((x: any) => x.status)).toEqual(records.map(() => 'accepted'));
  // A duplicate delivery changes nothing.
  await h.call('POST', '/v1/events', d.key, { records: records.slice(0, 4) });
  await h.settle();
}, 120_000);

afterAll(async () => {
  await h.stopStream();
});

const march = (extra = '') => h.call('GET', `/v1/figures?from=2024-03-01&to=2024-03-31${extra}`, ADMIN_TOKEN);

describe('figures of March 2024, worked by hand', () => {
  it('cases', async () => {
    const f = (await march()).body;
    expect(f.cases).toMatchObject({
      accepted: 3,
      completed: 2,
      onTime: 1,
      onTimeRate: 0.5,
      onTimeRateParts: { numerator: 1, denominator: 2 },
      // C is open past its deadline at the end of March; B's overdue stretch ended when it completed.
      overdueOpen: 1,
      onlineShare: 2 / 3,
      onlineShareParts: { numerator: 2, denominator: 3 },
      zeroVisitShare: 0.5,
      atMostOneVisitShare: 1,
      elderlyShare: 0.5,
      elderlyAssistedShare: 1,
      nearbyShare: 1 / 3,
      immediateShare: 0,
    });
    // Processing time: A = Fri 09:30→24:00 (14.5 h) + Mon + Tue + Wed 00:00→16:00 (16 h)
    // = 0.604167 + 2 + 0.666667 = 3.270833 working days; B = Mon 10:00 → next Wed 10:00 = 7.
    const { p50, p90, mean } = f.cases.processingDays;
    expect(mean).toBeCloseTo((3.270833 + 7) / 2, 5); // means are exact
    expect(Math.abs(p50 - 5.135417) / 5.135417).toBeLessThan(0.01); // rank 0.5 of [3.27, 7]
    expect(Math.abs(p90 - (3.270833 + 0.9 * (7 - 3.270833))) / 6.627083).toBeLessThan(0.01);
  });

  it('materials', async () => {
    const f = (await march()).body;
    expect(f.materials).toMatchObject({
      required: 9,
      exempted: 4,
      exemptedBy: { e_license: 2, data_sharing: 1, commitment: 1 },
      paper: 3,
      upload: 2,
      paperAvoided: 6,
      reductionRate: 4 / 9,
      certificateFreeCases: 1,
    });
    const paper = await h.call('GET', '/v1/figures/paper-materials?from=2024-03-01&to=2024-03-31', ADMIN_TOKEN);
    expect(paper.body.rows.map((r: any) => [r.itemCode, r.materialCode, r.paper, r.materialName])).toEqual([
      ['ITEM-001', 'M02', 2, '医院诊断证明'],
      ['ITEM-001', 'M01', 1, '居民身份证'],
    ]);
  });

  it('complaints and evaluations', async () => {
    const f = (await march()).body;
    expect(f.complaints).toMatchObject({
      received: 1,
      unnecessaryProof: 1,
      responseOnTimeRate: 1,
      resolutionOnTimeRate: 1,
      followUpSatisfaction: 1,
      resolutionOnTimeRateParts: { numerator: 1, denominator: 1 },
    });
    expect(f.evaluations).toMatchObject({ count: 2, bad: 1, satisfactionRate: 0.5, rectificationRate: 1 });
  });

  it('catalog', async () => {
    const f = (await march()).body;
    // One item; its proof M02 has no exemption → not certificate-free; compression 1 − 5/20.
    expect(f.catalog).toMatchObject({ items: 1, certificateFreeItems: 0, coverage: 0, limitCompression: 0.75 });
  });

  it('shows a rate with no denominator as null, and filters by dimension', async () => {
    const feb = (await h.call('GET', '/v1/figures?from=2024-02-01&to=2024-02-29', ADMIN_TOKEN)).body;
    expect(feb.cases.onTimeRate).toBeNull();
    expect(feb.cases.onTimeRateParts).toEqual({ numerator: 0, denominator: 0 });
    const street = (await march('&level=street')).body;
    expect(street.cases).toMatchObject({ accepted: 1, completed: 0, overdueOpen: 1 });
    const county = (await march('&region=370303000000')).body;
    expect(county.cases).toMatchObject({ accepted: 2, completed: 1, onTime: 0 }); // B and C (C is under 张店区)
  });

  it('a case page explains why a case is red', async () => {
    const c = await h.call('GET', `/v1/cases/${d.code}/C`, ADMIN_TOKEN);
    expect(c.status).toBe(200);
    expect(c.body.clock).toMatchObject({ status: 'open', acceptedOn: '2024-03-05', deadline: '2024-03-12', warning: 'red', overdue: true });
    expect(c.body.clock.explanation).toMatchObject({ acceptedOn: '2024-03-05', promisedDays: 5, deadline: '2024-03-12' });
    const w = await h.call('GET', '/v1/warnings?level=red', ADMIN_TOKEN);
    expect(w.body.cases.map((x: any) => x.caseId)).toEqual(['C']);
  });
});
