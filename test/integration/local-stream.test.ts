// The local stream consumer's idle(): everyone waiting for the figures to be current — the report
// scheduler, the alerts scheduler, a benchmark, a test — may wait at once. Each must be answered
// once the records written before its call are counted, also when the pings of several callers
// come through the stream in one batch (before, only the batch's last ping counted, and the other
// callers waited until their timeout: a bench:web run failed so, "the aggregator did not catch up").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, createHarness, type Harness } from '../support/app-harness.js';
import { item, rec } from '../support/builders.js';

let h: Harness;
let d: { code: string; key: string };
const NOW = new Date('2024-04-10T04:00:00Z');

beforeAll(async () => {
  h = await createHarness({ now: () => NOW, aggregate: true });
  d = await h.department('D-LS', '本地流测试局');
  expect((await h.call('PUT', '/v1/catalog/items/ITEM-001', d.key, item(d.code))).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await h.stopStream();
});

const accepted = (round: number, n: number) =>
  rec.accepted(`r-${round}-${n}`, `C-${round}-${n}`, { at: '2024-03-05T10:00:00+08:00', regionCode: '370300000000' });

describe('waiting for the figures to be current', () => {
  it('answers every caller waiting at once, each after the records written before its call are counted', async () => {
    for (let round = 1; round <= 3; round++) {
      const records = Array.from({ length: 5 }, (_, n) => accepted(round, n));
      expect((await h.call('POST', '/v1/events', d.key, { records })).status).toBe(200);
      // Six callers at once: their pings reach the stream together.
      await Promise.all(Array.from({ length: 6 }, () => h.settle(60_000)));
      const f = (await h.call('GET', `/v1/figures?from=2024-03-01&to=2024-03-31&department=${d.code}`, ADMIN_TOKEN)).body;
      expect(f.cases.accepted).toBe(5 * round);
    }
  }, 300_000);
});
