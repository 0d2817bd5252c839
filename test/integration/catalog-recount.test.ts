// A new catalog version of an item recounts the cases accepted since it took effect (目录变更后重算):
// the cases are found through index casesByItem, which copies only each case's reference, and
// through the byItem listing older releases wrote, until each such case is rewritten.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ADMIN_TOKEN, createHarness, type Harness } from '../support/app-harness.js';
import { item, rec } from '../support/builders.js';
import { TABLE } from '../../shared/table-schema.js';
import { keys } from '../../functions/store/keys.js';

let h: Harness;
let a: { code: string; key: string };
const NOW = new Date('2024-06-01T04:00:00Z');
const march = () => h.call('GET', '/v1/figures?from=2024-03-01&to=2024-03-31&department=D-R', ADMIN_TOKEN);

async function listed(index: 'casesByItem' | 'byItem', itemCode: string) {
  const ix = TABLE.indexes[index];
  const pk = index === 'casesByItem' ? keys.casesByItem(itemCode).gsi4pk : keys.legacyCasesByItem(itemCode).gsi2pk;
  const r = await h.db.doc.send(
    new QueryCommand({
      TableName: h.db.tableName,
      IndexName: ix.name,
      KeyConditionExpression: `${ix.partitionKey} = :p`,
      ExpressionAttributeValues: { ':p': pk },
    }),
  );
  return r.Items ?? [];
}

beforeAll(async () => {
  h = await createHarness({ now: () => NOW, aggregate: true });
  a = await h.department('D-R', '重算局', '370300000000');
  expect((await h.call('PUT', '/v1/catalog/items/IR', a.key, item('D-R', { itemCode: 'IR', promisedDays: 5 }))).status).toBe(200);
  // P = 5 working days. R1: accepted Fri 03-01, completed Thu 03-07 (4 working days). R2: accepted
  // Mon 03-04, completed Fri 03-08 (4). Both on time — until P becomes 2.
  const r = await h.call('POST', '/v1/events', a.key, {
    records: [
      rec.accepted('r1', 'R1', { itemCode: 'IR', at: '2024-03-01T09:00:00+08:00' }),
      rec.completed('r2', 'R1', { at: '2024-03-07T10:00:00+08:00' }),
      rec.accepted('r3', 'R2', { itemCode: 'IR', at: '2024-03-04T09:00:00+08:00' }),
      rec.completed('r4', 'R2', { at: '2024-03-08T10:00:00+08:00' }),
    ],
  });
  expect(r.status).toBe(200);
  await h.settle();
}, 120_000);

afterAll(async () => {
  await h.stopStream();
});

describe('a new catalog version recounts the cases of its item', () => {
  it('lists each case of the item once, with only its reference copied into the index', async () => {
    const entries = await listed('casesByItem', 'IR');
    expect(entries.map((e) => e.entityId).sort()).toEqual(['R1', 'R2']);
    for (const e of entries) expect(Object.keys(e).sort()).toEqual(['dept', 'entityId', 'gsi4pk', 'gsi4sk', 'kind', 'pk', 'sk']);
    expect(await listed('byItem', 'IR')).toEqual([]);
    expect((await march()).body.cases).toMatchObject({ completed: 2, onTime: 2 });
  });

  it('recounts cases listed by this release and by an older one, and moves the older listing on rewrite', async () => {
    // R2's state as an older release left it: listed in byItem (every attribute), not in casesByItem.
    const key = keys.entityState('D-R', 'case', 'R2');
    await h.db.doc.send(
      new UpdateCommand({
        TableName: h.db.tableName,
        Key: key,
        UpdateExpression: 'SET gsi2pk = gsi4pk, gsi2sk = gsi4sk REMOVE gsi4pk, gsi4sk',
      }),
    );
    expect((await listed('casesByItem', 'IR')).map((e) => e.entityId)).toEqual(['R1']);
    expect((await listed('byItem', 'IR')).map((e) => e.entityId)).toEqual(['R2']);

    // P = 2 from February: R1's deadline is Tue 03-05, R2's Wed 03-06; both completed after it.
    const v2 = await h.call(
      'PUT',
      '/v1/catalog/items/IR',
      a.key,
      item('D-R', { itemCode: 'IR', promisedDays: 2, effectiveFrom: '2024-02-01' }),
    );
    expect(v2.status).toBe(200);
    await h.settle();
    expect((await march()).body.cases).toMatchObject({ completed: 2, onTime: 0 });
    // R2 was rewritten by this release: listed where it lists cases now, and nowhere else.
    expect((await listed('casesByItem', 'IR')).map((e) => e.entityId).sort()).toEqual(['R1', 'R2']);
    expect(await listed('byItem', 'IR')).toEqual([]);
  });
});
