// A backfill run reads each catalog item once, not once per chunk — and still sees a catalog
// change made while it runs: an item published between two chunks is known to the next chunk
// (its records are no longer flagged 事项不在目录中).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackfill } from '../../functions/backfill/backfill.js';
import { ADMIN_TOKEN, createHarness, type Harness } from '../support/app-harness.js';
import { item, rec } from '../support/builders.js';

let h: Harness;
let d: { code: string; key: string };

beforeAll(async () => {
  h = await createHarness({ now: () => new Date('2024-06-01T04:00:00Z') });
  d = await h.department('D-BC', '回填局');
}, 60_000);
afterAll(() => h.stopStream());

async function* each(xs: unknown[]) {
  for (const x of xs) yield JSON.stringify(x);
}

describe('backfill and the catalog', () => {
  it('sees an item published between two chunks of one run', async () => {
    const counted: string[] = [];
    const lines = [
      rec.accepted('bc-1', 'BC-1', { itemCode: 'I-LATE', materials: [{ code: 'X', via: 'paper' }] }),
      rec.accepted('bc-2', 'BC-2', { itemCode: 'I-LATE', materials: [{ code: 'X', via: 'paper' }] }),
      rec.accepted('bc-3', 'BC-3', { itemCode: 'I-LATE', materials: [{ code: 'X', via: 'paper' }] }),
    ];
    const summary = await runBackfill(
      h.services,
      { processRecords: async (rs) => void counted.push(...rs.map((r) => r.id)) },
      each(lines),
      {
        department: d.code,
        chunkSize: 1,
        onChunk: async (line) => {
          // After the first chunk the department publishes the item (one material, X).
          if (line === 1) {
            const put = await h.call(
              'PUT',
              '/v1/catalog/items/I-LATE',
              d.key,
              item('D-BC', {
                itemCode: 'I-LATE',
                effectiveFrom: '2024-01-01',
                materials: [{ code: 'X', name: '申请表', kind: 'form', exemption: 'none' }],
              }),
            );
            expect(put.status).toBe(200);
          }
        },
      },
    );
    expect(summary).toMatchObject({ lines: 3, accepted: 3, rejected: 0 });
    expect(counted).toEqual(['bc-1', 'bc-2', 'bc-3']);
    const flagged = async (id: string) => (await h.call('GET', `/v1/records/${d.code}/${id}`, ADMIN_TOKEN)).body.unknownItem === true;
    // Read before it was published: flagged. Read after, in later chunks of the same run: known.
    expect(await flagged('bc-1')).toBe(true);
    expect(await flagged('bc-2')).toBe(false);
    expect(await flagged('bc-3')).toBe(false);
  });
});
