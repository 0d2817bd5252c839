// The outbox (待合并增量) and the merger's chunks. The aggregator writes an entity's new state and
// its rollup delta (an OUTBOX# item) in one transaction; the merger later sums the deltas of many
// entities and adds each row's sum once. Both of its steps are transactions that move counts
// from one place to the next, so every count is in exactly one place at every moment:
//   claim:  delete up to ~90 outbox items (each only if it still exists) + put their per-row sums
//           as chunk items (MERGE#, at most 99 rows each)
//   apply:  add one chunk's rows to the rollup rows + delete the chunk (only if it still exists)
// A crash between steps leaves chunks or outbox items that the next merge finishes; two mergers
// racing on the same items cannot both win a claim or both apply a chunk.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { OUTBOX_SHARDS } from '../../shared/table-schema.js';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { addExpression, StaleStateError, type Counters } from './rollups-store.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
export type RowDelta = Array<[string, Counters]>;

/** An outbox item as read back: its key and the delta it carries. */
export interface OutboxEntry {
  key: { pk: string; sk: string };
  shard: number;
  rows: RowDelta;
}
/** A chunk of summed rows claimed from the outbox and not yet added. */
export interface MergeChunk {
  key: { pk: string; sk: string };
  rows: RowDelta;
}

/** A delta item bigger than this (deflated) is split in parts (DynamoDB's item limit is 400 KB). */
const MAX_PART_BYTES = 300_000;

const pack = (v: unknown): Uint8Array => deflateRawSync(Buffer.from(JSON.stringify(v)));
const unpack = <T>(b: Uint8Array): T => JSON.parse(inflateRawSync(b).toString()) as T;

/** The outbox partition of an entity (FNV-1a of its state key, mod OUTBOX_SHARDS). */
export function outboxShard(entityKey: string, shards = OUTBOX_SHARDS): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < entityKey.length; i++) {
    h ^= entityKey.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % shards;
}

function isConditionFailure(e: unknown): boolean {
  return e instanceof TransactionCanceledException && (e.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed');
}

export function createOutboxStore(db: Db) {
  const TableName = db.tableName;
  /** Deletes an outbox item or chunk, only if it is still there (another merger may have taken it). */
  const deleteIfThere = (key: { pk: string; sk: string }): TransactItem => ({
    Delete: { TableName, Key: key, ConditionExpression: 'attribute_exists(pk)' },
  });
  const addToRow = ([key, counters]: RowDelta[number]): TransactItem => ({
    Update: { TableName, Key: keys.rollup(key), ...addExpression(counters) },
  });
  /** One transaction; false when one of its conditions failed (someone else got there first). */
  async function allOrNone(what: string, actions: TransactItem[]): Promise<boolean> {
    if (actions.length > 100) throw new Error(`${what} of ${actions.length} actions`);
    try {
      await db.doc.send(new TransactWriteCommand({ TransactItems: actions }));
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }
  return {
    /**
     * The outbox items of one entity's delta (zero counters dropped; none when nothing moves),
     * to be put in the transaction that writes the entity's state at `version`.
     */
    deltaItems(entityKey: string, version: number, delta: Map<string, Counters>): Array<Record<string, unknown>> {
      const rows: RowDelta = [];
      for (const [k, c] of delta) {
        const nz = Object.fromEntries(Object.entries(c).filter(([, v]) => v !== 0));
        if (Object.keys(nz).length) rows.push([k, nz]);
      }
      if (!rows.length) return [];
      const shard = outboxShard(entityKey);
      const parts: RowDelta[] = [[]];
      let bytes = 0;
      for (const r of rows) {
        const n = JSON.stringify(r).length;
        if (bytes + n > MAX_PART_BYTES && parts.at(-1)!.length) {
          parts.push([]);
          bytes = 0;
        }
        parts.at(-1)!.push(r);
        bytes += n;
      }
      return parts.map((p, i) => ({ ...keys.outboxDelta(shard, entityKey, version, i), dz: pack(p) }));
    },

    /**
     * Writes entity states, each with its outbox items, all or nothing. Each state is written
     * only if it still has the version it was read with; otherwise StaleStateError.
     */
    async commit(
      states: Array<{ item: Record<string, unknown>; expectedVersion: number; outbox: Array<Record<string, unknown>> }>,
    ): Promise<void> {
      const actions: TransactItem[] = [];
      for (const { item, expectedVersion, outbox } of states) {
        actions.push({
          Put: {
            TableName,
            Item: item,
            ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
            ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':v': expectedVersion } }),
          },
        });
        for (const o of outbox) actions.push({ Put: { TableName, Item: o } });
      }
      if (actions.length > 100) throw new Error(`transaction of ${actions.length} actions`);
      if (!actions.length) return;
      try {
        await db.doc.send(new TransactWriteCommand({ TransactItems: actions }));
      } catch (e) {
        if (isConditionFailure(e)) throw new StaleStateError();
        throw e;
      }
    },

    /** Pending outbox items of one shard, oldest entities first by key, at most `limit`. */
    async pending(shard: number, limit: number): Promise<OutboxEntry[]> {
      const r = await db.doc.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': keys.outboxShard(shard).pk },
          ConsistentRead: true,
          Limit: limit,
        }),
      );
      return (r.Items ?? []).map((it) => ({
        key: { pk: it.pk as string, sk: it.sk as string },
        shard,
        rows: unpack<RowDelta>(it.dz as Uint8Array),
      }));
    },

    /** Chunks claimed and not yet applied in one shard (normally none between merges). */
    async chunks(shard: number): Promise<MergeChunk[]> {
      const out: MergeChunk[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const r = await db.doc.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'pk = :p',
            ExpressionAttributeValues: { ':p': keys.mergeChunks(shard).pk },
            ConsistentRead: true,
            ExclusiveStartKey,
          }),
        );
        for (const it of r.Items ?? [])
          out.push({ key: { pk: it.pk as string, sk: it.sk as string }, rows: unpack<RowDelta>(it.rz as Uint8Array) });
        ExclusiveStartKey = r.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return out;
    },

    /**
     * Step 1: takes these outbox items out (each only if still there) and stores their sums as
     * chunks, all or nothing. False when another merger took one of them first.
     */
    async claim(taken: Array<{ pk: string; sk: string }>, shard: number, claimId: string, chunks: RowDelta[]): Promise<boolean> {
      return allOrNone('claim', [
        ...taken.map(deleteIfThere),
        ...chunks.map((rows, i) => ({
          Put: {
            TableName,
            Item: { ...keys.mergeChunk(shard, claimId, i), rz: pack(rows) },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        })),
      ]);
    },

    /**
     * Both steps at once, for a claim small enough (items + rows ≤ 100): adds the rows and
     * deletes the outbox items (each only if still there). False when another merger took one first.
     */
    async claimAndApply(taken: Array<{ pk: string; sk: string }>, rows: RowDelta): Promise<boolean> {
      return allOrNone('merge', [...rows.map(addToRow), ...taken.map(deleteIfThere)]);
    },

    /** Step 2: adds a chunk's rows and deletes the chunk, all or nothing. False: applied already. */
    async apply(chunk: MergeChunk): Promise<boolean> {
      return allOrNone('apply', [...chunk.rows.map(addToRow), deleteIfThere(chunk.key)]);
    },

    /** How many outbox items and chunks wait in all shards (0: every count is in the rows). */
    async backlog(): Promise<number> {
      let n = 0;
      for (let s = 0; s < OUTBOX_SHARDS; s++) {
        for (const pk of [keys.outboxShard(s).pk, keys.mergeChunks(s).pk]) {
          let ExclusiveStartKey: Record<string, unknown> | undefined;
          do {
            const r = await db.doc.send(
              new QueryCommand({
                TableName,
                Select: 'COUNT',
                KeyConditionExpression: 'pk = :p',
                ExpressionAttributeValues: { ':p': pk },
                ExclusiveStartKey,
              }),
            );
            n += r.Count ?? 0;
            ExclusiveStartKey = r.LastEvaluatedKey;
          } while (ExclusiveStartKey);
        }
      }
      return n;
    },
  };
}
export type OutboxStore = ReturnType<typeof createOutboxStore>;
