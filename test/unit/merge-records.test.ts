// An entity's records merged with new images (the aggregator's first step): a void is final, so
// the result is the same whatever order the images arrive in, and an older image never un-voids.
import { describe, expect, it } from 'vitest';
import { mergeRecords } from '../../functions/aggregator/aggregate.js';
import type { StoredRecord } from '../../functions/store/records-store.js';

const at = (min: number) => Date.parse('2026-03-02T09:00:00+08:00') + min * 60_000;
function image(id: string, min: number, voidedBy?: string): StoredRecord {
  return {
    dept: 'D1',
    id,
    type: id.startsWith('v') ? 'void' : 'case.accepted',
    at: new Date(at(min)).toISOString(),
    atMs: at(min),
    day: '2026-03-02',
    body: { itemCode: 'I1' },
    hash: `h-${id}`,
    entity: { kind: 'case', id: 'C1' },
    receivedAt: '2026-03-02T02:00:00.000Z',
    ...(voidedBy ? { voidedBy } : {}),
  };
}

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

describe('mergeRecords', () => {
  const inserted = image('a1', 0);
  const voidedLater = image('a1', 0, 'v1');
  const theVoid = image('v1', 30);
  const other = image('a2', 10);

  it('gives one result for every order of the same images, delivered at once or batch by batch', () => {
    const results = new Set<string>();
    for (const order of permutations([inserted, voidedLater, theVoid, other])) {
      results.add(JSON.stringify(mergeRecords([], order)));
      // One image per batch, each merged into what the previous batch left.
      results.add(JSON.stringify(order.reduce((known, img) => mergeRecords(known, [img]), mergeRecords([], []))));
    }
    expect(results.size).toBe(1);
    const [one] = [...results].map((r) => JSON.parse(r));
    expect(one.map((r: { id: string; voided?: boolean }) => [r.id, Boolean(r.voided)])).toEqual([
      ['a1', true],
      ['a2', false],
      ['v1', false],
    ]);
  });

  it('never un-voids a record when an older image of it comes later', () => {
    const known = mergeRecords([], [voidedLater, theVoid]);
    expect(mergeRecords(known, [inserted])).toEqual(known);
    expect(mergeRecords(known, [inserted, inserted])[0]).toMatchObject({ id: 'a1', voided: true, body: {} });
  });

  it('keeps records in time order, ties by id', () => {
    const tie = image('a0', 10);
    expect(mergeRecords([], [other, theVoid, tie, inserted]).map((r) => r.id)).toEqual(['a1', 'a0', 'a2', 'v1']);
  });
});
