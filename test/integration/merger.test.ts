// The merger (合并器) against DynamoDB Local: outbox deltas summed per row and added exactly once —
// whatever rows they name, when killed between its steps, when a chunk is applied a second time,
// and when two mergers race over the same outbox.
import { describe, expect, it } from 'vitest';
import { deflateRawSync } from 'node:zlib';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createStores } from '../../functions/store/index.js';
import { createMerger } from '../../functions/aggregator/merger.js';
import type { Counters } from '../../functions/store/rollups-store.js';
import { keys } from '../../functions/store/keys.js';
import { createTestDb } from '../support/app-harness.js';

/** Seeded pseudo-random numbers (the same deltas on every run). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Outbox items of `entities` entity changes, each adding to a few shared rows (a city row with
 * many counters, department rows) and to rows of its own; and what the rows must hold after.
 */
function deltas(seed: number, entities: number) {
  const r = rng(seed);
  const expected = new Map<string, Counters>();
  const items: Array<{ entityKey: string; delta: Map<string, Counters> }> = [];
  for (let e = 0; e < entities; e++) {
    const delta = new Map<string, Counters>();
    const add = (key: string, name: string, v: number) => {
      const row = delta.get(key) ?? {};
      row[name] = (row[name] ?? 0) + v;
      delta.set(key, row);
      const x = expected.get(key) ?? {};
      x[name] = (x[name] ?? 0) + v;
      expected.set(key, x);
    };
    // The city-day row: a wide histogram (more counters than one update expression takes).
    for (let k = 0; k < 6; k++) add('R|all=*|2024-05-06', `pt${Math.floor(r() * 450)}`, 1);
    add(`R|dept=D${Math.floor(r() * 4)}|2024-05`, 'accepted', 1);
    add(`R|dept=D${Math.floor(r() * 4)}|2024-05`, 'completed', r() < 0.3 ? -1 : 1);
    for (let k = 0; k < 3; k++) add(`R|item=I${e}-${k}|2024-05-06`, 'accepted', 1);
    add(`P|dept=D1|2024-05|I${e % 7}`, `m:M${Math.floor(r() * 5)}`, 1);
    items.push({ entityKey: `ENT#D1#case#c${seed}-${e}`, delta });
  }
  for (const [k, row] of expected) {
    for (const [n, v] of Object.entries(row)) if (v === 0) delete row[n];
    if (!Object.keys(row).length) expected.delete(k);
  }
  return { items, expected };
}

async function setUp(seed: number, entities: number) {
  const db = await createTestDb();
  const stores = createStores(db);
  const { items, expected } = deltas(seed, entities);
  for (const { entityKey, delta } of items) {
    for (const it of stores.outbox.deltaItems(entityKey, 1, delta))
      await db.doc.send(new PutCommand({ TableName: db.tableName, Item: it }));
  }
  const rows = async () => {
    const got = await stores.rollups.rows([...expected.keys()]);
    for (const [k, row] of got) {
      for (const [n, v] of Object.entries(row)) if (v === 0) delete row[n];
      if (!Object.keys(row).length) got.delete(k);
    }
    return got;
  };
  return { db, stores, expected, rows };
}

describe('the merger', () => {
  it('adds every delta once, each row once per round, with rows wider than one update and claims larger than one transaction', async () => {
    const { stores, expected, rows } = await setUp(1, 120);
    const m = await createMerger(stores.outbox).mergeAll();
    expect(m.deltas).toBe(120);
    expect(m.chunks).toBeGreaterThan(1); // 120 entities × 6 own rows: chunked claims
    expect(m.rowUpdates).toBeLessThan(120 * 9); // shared rows once per round, not once per entity
    expect(await rows()).toEqual(expected);
    expect(await stores.outbox.backlog()).toBe(0);
    // Nothing left: merging again changes nothing.
    expect((await createMerger(stores.outbox).mergeAll()).deltas).toBe(0);
    expect(await rows()).toEqual(expected);
  }, 120_000);

  it('finishes exactly once after being killed between any two of its steps, and a chunk applied twice counts once', async () => {
    // Kill points in the claims, in the rows of a round's claims applied together, and in the marking.
    for (const killAt of [1, 3, 5, 12, 40, 150]) {
      const { stores, expected, rows } = await setUp(10 + killAt, 120);
      let tx = 0;
      const dying = createMerger(stores.outbox, {
        beforeTx: () => {
          if (++tx === killAt) throw new Error('simulated crash of the merger');
        },
      });
      await expect(dying.mergeAll()).rejects.toThrow(/simulated crash/);
      const mid = await stores.outbox.backlog();
      expect(mid).toBeGreaterThan(0);
      // A chunk left by the crash, applied by someone else first: the second apply is refused.
      for (let s = 0; s < 8; s++) {
        for (const c of await stores.outbox.chunks(s)) {
          expect(await stores.outbox.apply(c)).toBe(true);
          expect(await stores.outbox.apply(c)).toBe(false);
        }
      }
      await createMerger(stores.outbox).mergeAll();
      expect(await rows()).toEqual(expected);
      expect(await stores.outbox.backlog()).toBe(0);
    }
  }, 300_000);

  it('updates a row shared by every claim of a round once, whatever partitions its deltas came from', async () => {
    const { db, stores, expected, rows } = await setUp(6, 120);
    const updates = new Map<string, number>();
    const send = db.doc.send.bind(db.doc);
    db.doc.send = ((cmd: { constructor: { name: string }; input: { Key?: { pk: string; sk: string } } }) => {
      if (cmd.constructor.name === 'UpdateCommand' && cmd.input.Key?.pk.startsWith('R#dept=')) {
        const k = `${cmd.input.Key.pk} ${cmd.input.Key.sk}`;
        updates.set(k, (updates.get(k) ?? 0) + 1);
      }
      return send(cmd as never);
    }) as typeof db.doc.send;
    const m = await createMerger(stores.outbox).mergeAll();
    expect(m.claims).toBeGreaterThan(1);
    // The four department rows: named by every claim, updated once each.
    expect(updates.size).toBe(4);
    for (const n of updates.values()) expect(n).toBe(1);
    expect(await rows()).toEqual(expected);
  }, 120_000);

  it('adds consecutive chunks together exactly once, also to a row that had some of them already', async () => {
    const db = await createTestDb();
    const stores = createStores(db);
    const chunks: Array<Array<[string, Counters]>> = [
      [
        ['R|dept=DX|2024-05', { accepted: 1 }],
        ['R|item=IX|2024-05-06', { accepted: 2 }],
      ],
      [['R|dept=DX|2024-05', { accepted: 10, completed: 1 }]],
      [
        ['R|dept=DX|2024-05', { accepted: 100, completed: -1 }],
        ['R|item=IX|2024-05-06', { accepted: 20 }],
      ],
    ];
    expect(await stores.outbox.claim([], 3, 0, chunks)).toBe(true);
    // A first applier got as far as chunk 1 on the department row, then stopped.
    expect(await stores.outbox.applyRow(3, 1, 'R|dept=DX|2024-05', { accepted: 1 })).toBe(true);
    const range = [{ shard: 3, chunks: chunks.map((rows, i) => ({ key: keys.mergeChunkSeq(3, i + 1), rows, seq: i + 1 })) }];
    await stores.outbox.applyRanges(range);
    const want = new Map<string, Counters>([
      ['R|dept=DX|2024-05', { accepted: 111, completed: 0 }],
      ['R|item=IX|2024-05-06', { accepted: 22 }],
    ]);
    expect(await stores.rollups.rows([...want.keys()])).toEqual(want);
    expect(await stores.outbox.sequence(3)).toEqual({ claimed: 3, applied: 3 });
    expect(await stores.outbox.chunks(3)).toEqual([]);
    // Applied again (a second merger with the same chunks in memory): nothing changes.
    expect(await stores.outbox.applyRanges(range)).toBe(0);
    expect(await stores.rollups.rows([...want.keys()])).toEqual(want);
  }, 60_000);

  it('applies once a chunk an older release claimed (claim-id key, no sequence number), beside sequenced ones', async () => {
    const { db, stores, expected, rows } = await setUp(4, 30);
    // The release before sequenced claims stored a claim's sums as MERGE#<shard> / <claimId>#<n>.
    const old: Array<[string, Counters]> = [
      ['R|dept=D9|2024-05', { accepted: 2, completed: -1 }],
      ['R|all=*|2024-05-06', { pt7: 1 }],
    ];
    const claimed = { ...keys.mergeChunk(5, '2026-01-02T03:04:05.000Z#1#0#abc', 0), rz: deflateRawSync(Buffer.from(JSON.stringify(old))) };
    await db.doc.send(new PutCommand({ TableName: db.tableName, Item: claimed }));
    for (const [key, c] of old) {
      const x = expected.get(key) ?? {};
      for (const [n, v] of Object.entries(c)) x[n] = (x[n] ?? 0) + v;
      expected.set(key, x);
    }
    await createMerger(stores.outbox).mergeAll();
    await createMerger(stores.outbox).mergeAll();
    expect(await rows()).toEqual(expected);
    expect(await stores.outbox.backlog()).toBe(0);
  }, 120_000);

  it('counts once when two mergers race over the same outbox', async () => {
    const { stores, expected, rows } = await setUp(3, 150);
    await Promise.all([
      createMerger(stores.outbox).mergeAll(),
      createMerger(stores.outbox).mergeAll(),
      createMerger(stores.outbox).merge([0, 1, 2, 3]),
    ]);
    expect(await rows()).toEqual(expected);
    expect(await stores.outbox.backlog()).toBe(0);
  }, 300_000); // three mergers contending on one DynamoDB Local: slow on a busy shared CI machine
});
