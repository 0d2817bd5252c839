// The outbox (待合并增量) and the merger's chunks. The aggregator writes an entity's new state and
// its rollup delta (an OUTBOX# item) in one transaction; the merger later sums the deltas of many
// entities and adds each row's sum once. Every count is in exactly one place at every moment:
//   claim:  delete up to ~90 outbox items (each only if it still exists) + put their per-row sums
//           as chunk items (MERGE#, at most 99 rows each), numbered in the partition's sequence
//           (顺序号: MERGE#SEQ#, claimed only when every earlier chunk is applied)
//   apply:  each row of chunk n on its own: ADD its counters and set the row's watermark of that
//           partition (水位, `@w<shard>`) to n, only if the watermark is below n; then mark n
//           applied in the sequence and delete the chunk
// Chunks of a partition are applied in sequence order, one after the other, so a row whose
// watermark is ≥ n has had chunk n added: a crash between two rows, a second applier of the same
// chunk or a replay adds nothing twice. Consecutive chunks a…b (of one or more partitions) may be
// applied together: each row once, with the sum of its parts, only if its watermark is below a
// (none of them added yet) — else chunk by chunk as above (applyRanges). One merger may claim
// several times in a row before applying (each claim continuing its own unapplied chunks), so a
// row shared by many claims is updated once per merge, not once per claim. A single conditional
// update is billed once, where a transaction bills every row twice. A claim small enough (few
// rows) is still one transaction (rows + outbox deletes, no chunk), as are chunks written by
// older releases (claim-id keys).
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
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
  /** Its number in the partition's sequence (absent: a chunk of an older release, applied in one transaction). */
  seq?: number;
}

/** How far a partition's sequenced claims are claimed and applied (equal: no chunk is waiting). */
export interface MergeSequence {
  claimed: number;
  applied: number;
}

/** The attribute of a rollup row holding the last chunk applied to it from one outbox partition. */
export const watermarkName = (shard: number) => `@w${shard}`;
/** Whether a rollup row's attribute is a merger's watermark, not a counter (readers skip it: rollups-store countersOf). */
export const isWatermark = (attribute: string) => attribute.startsWith('@w');

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

/** The outbox partition a chunk belongs to (its key MERGE#<shard>). */
const shardOfChunk = (key: { pk: string }) => Number(key.pk.slice('MERGE#'.length));

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
  const store = {
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
     * only if it still has the version it was read with; otherwise StaleStateError. A single
     * state without outbox items is one conditional put.
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
      // One state with nothing to add to the rows: a conditional put, billed once (a transaction bills twice).
      if (actions.length === 1) {
        try {
          await db.doc.send(new PutCommand(actions[0]!.Put! as PutCommandInput));
          return;
        } catch (e) {
          if (e instanceof ConditionalCheckFailedException) throw new StaleStateError();
          throw e;
        }
      }
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
          out.push({
            key: { pk: it.pk as string, sk: it.sk as string },
            rows: unpack<RowDelta>(it.rz as Uint8Array),
            ...(typeof it.seq === 'number' ? { seq: it.seq } : {}),
          });
        ExclusiveStartKey = r.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return out;
    },

    /** Where a partition's sequence stands (consistent read; 0/0 before its first sequenced claim). */
    async sequence(shard: number): Promise<MergeSequence> {
      const r = await db.doc.send(new GetCommand({ TableName, Key: keys.mergeSeq(shard), ConsistentRead: true }));
      return { claimed: Number(r.Item?.claimed ?? 0), applied: Number(r.Item?.applied ?? 0) };
    },

    /**
     * Step 1: takes these outbox items out (each only if still there) and stores their sums as
     * chunks at+1 … at+c of the partition's sequence, all or nothing — only if the sequence
     * stands at `at` with every chunk applied, or (`continuing`: the caller's own claim just
     * before is not applied yet) only if it is claimed up to `at`. False when another merger took
     * one of the items or claimed in this partition first.
     */
    async claim(
      taken: Array<{ pk: string; sk: string }>,
      shard: number,
      at: number,
      chunks: RowDelta[],
      continuing = false,
    ): Promise<boolean> {
      const sequence: TransactItem = continuing
        ? {
            Update: {
              TableName,
              Key: keys.mergeSeq(shard),
              UpdateExpression: 'SET claimed = :c',
              ConditionExpression: 'claimed = :at',
              ExpressionAttributeValues: { ':c': at + chunks.length, ':at': at },
            },
          }
        : {
            Update: {
              TableName,
              Key: keys.mergeSeq(shard),
              UpdateExpression: 'SET claimed = :c, applied = :at',
              ConditionExpression:
                at === 0 ? 'attribute_not_exists(pk) OR (claimed = :at AND applied = :at)' : 'claimed = :at AND applied = :at',
              ExpressionAttributeValues: { ':c': at + chunks.length, ':at': at },
            },
          };
      return allOrNone('claim', [
        ...taken.map(deleteIfThere),
        ...chunks.map((rows, i) => ({
          Put: {
            TableName,
            Item: { ...keys.mergeChunkSeq(shard, at + 1 + i), seq: at + 1 + i, rz: pack(rows) },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        })),
        sequence,
      ]);
    },

    /**
     * Step 2, one row of sequenced chunk `seq`: adds the counters and raises the row's watermark
     * of this partition to `seq`, only if it is below (one conditional update, not a
     * transaction). False: this chunk (or a later one) was added to the row already.
     */
    async applyRow(shard: number, seq: number, key: string, counters: Counters): Promise<boolean> {
      return store.applyRowRange(key, counters, [[shard, seq, seq]]);
    },

    /** Step 3: every row of chunk `seq` is added; the next claim of the partition may go ahead. */
    async markApplied(shard: number, seq: number): Promise<void> {
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName,
            Key: keys.mergeSeq(shard),
            UpdateExpression: 'SET applied = :n',
            ConditionExpression: 'applied < :n',
            ExpressionAttributeValues: { ':n': seq },
          }),
        );
      } catch (e) {
        if (!(e instanceof ConditionalCheckFailedException)) throw e; // marked already (another applier)
      }
    },

    /** Step 4: deletes an applied chunk (its sequence number is marked applied: it is never added again). */
    async deleteChunk(key: { pk: string; sk: string }): Promise<void> {
      await db.doc.send(new DeleteCommand({ TableName, Key: key }));
    },

    /**
     * Both steps at once, for a claim small enough (items + rows ≤ 100): adds the rows and
     * deletes the outbox items (each only if still there). False when another merger took one first.
     */
    async claimAndApply(taken: Array<{ pk: string; sk: string }>, rows: RowDelta): Promise<boolean> {
      return allOrNone('merge', [...rows.map(addToRow), ...taken.map(deleteIfThere)]);
    },

    /**
     * Adds a chunk's rows and deletes the chunk, exactly once; false: applied already. A chunk of
     * an older release: one transaction. A sequenced chunk: row by row (steps 2–4); every earlier
     * chunk of its partition must be applied first.
     */
    async apply(chunk: MergeChunk): Promise<boolean> {
      if (chunk.seq === undefined) return allOrNone('apply', [...chunk.rows.map(addToRow), deleteIfThere(chunk.key)]);
      const shard = shardOfChunk(chunk.key);
      const seq = await store.sequence(shard);
      if (seq.applied >= chunk.seq) {
        await store.deleteChunk(chunk.key);
        return false;
      }
      if (seq.applied < chunk.seq - 1) throw new Error(`chunk ${chunk.seq} of partition ${shard} before chunk ${seq.applied + 1}`);
      await store.applyRanges([{ shard, chunks: [{ ...chunk, seq: chunk.seq }] }]);
      return true;
    },

    /**
     * Steps 2–4 for consecutive sequenced chunks of one or more partitions (each partition's
     * first chunk the next after its last applied one): every row they name once, with the sum of
     * its parts and each of its partitions' watermark raised to that partition's last chunk — only
     * if each is below that partition's first chunk (none of these chunks added to the row yet).
     * A row that refuses (another merger added some of them first, or a crash stopped an earlier
     * attempt half way) or too wide for one update (more than `maxCounters`) is added chunk by
     * chunk in sequence order instead (applyRow, which refuses what the row has). Then each
     * partition is marked applied and its chunks deleted. Safe to run twice or beside another
     * applier of the same chunks. `before` runs before each update and each marking (the merger's
     * crash hook), `retry` wraps each request. Returns how many row updates added something.
     */
    async applyRanges(
      ranges: Array<{ shard: number; chunks: Array<MergeChunk & { seq: number }> }>,
      opts: {
        rowsInFlight?: number;
        maxCounters?: number;
        before?: () => void;
        retry?: <T>(f: () => Promise<T>) => Promise<T>;
      } = {},
    ): Promise<number> {
      const before = opts.before ?? (() => undefined);
      const retry = opts.retry ?? (<T>(f: () => Promise<T>) => f());
      const maxCounters = opts.maxCounters ?? Number.POSITIVE_INFINITY;
      // Each row: its sum, and its parts by partition in sequence order (for the chunk-by-chunk way).
      const rows = new Map<string, { sum: Counters; parts: Map<number, Array<[number, Counters]>> }>();
      const firstSeq = new Map<number, number>();
      const lastSeq = new Map<number, number>();
      for (const { shard, chunks } of ranges) {
        for (const c of [...chunks].sort((a, b) => a.seq - b.seq)) {
          if (!firstSeq.has(shard)) firstSeq.set(shard, c.seq);
          lastSeq.set(shard, c.seq);
          for (const [key, counters] of c.rows) {
            let row = rows.get(key);
            if (!row) {
              row = { sum: {}, parts: new Map() };
              rows.set(key, row);
            }
            for (const [n, v] of Object.entries(counters)) row.sum[n] = (row.sum[n] ?? 0) + v;
            const list = row.parts.get(shard) ?? [];
            list.push([c.seq, counters]);
            row.parts.set(shard, list);
          }
        }
      }
      let added = 0;
      const oneByOne = async (key: string, parts: Map<number, Array<[number, Counters]>>) => {
        for (const [shard, list] of parts)
          for (const [seq, counters] of list) {
            before();
            if (await retry(() => store.applyRow(shard, seq, key, counters))) added++;
          }
      };
      const queue = [...rows];
      const worker = async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const [key, { sum, parts }] = next;
          const nonZero = Object.fromEntries(Object.entries(sum).filter(([, v]) => v !== 0));
          if (Object.keys(nonZero).length > maxCounters) {
            await oneByOne(key, parts);
            continue;
          }
          before();
          if (
            await retry(() =>
              store.applyRowRange(
                key,
                nonZero,
                [...parts.keys()].map((s) => [s, firstSeq.get(s)!, lastSeq.get(s)!]),
              ),
            )
          )
            added++;
          else await oneByOne(key, parts);
        }
      };
      await Promise.all(Array.from({ length: Math.min(opts.rowsInFlight ?? 1, queue.length) }, worker));
      for (const { shard, chunks } of ranges) {
        if (!chunks.length) continue;
        before();
        await retry(() => store.markApplied(shard, lastSeq.get(shard)!));
        for (const c of chunks) await retry(() => store.deleteChunk(c.key));
      }
      return added;
    },

    /**
     * One row of consecutive chunks at once: adds `counters` (the sum of its parts) and raises
     * each named partition's watermark to its last chunk, only if every one is below its first
     * chunk (one conditional update). False: some of these chunks were added to the row already.
     */
    async applyRowRange(key: string, counters: Counters, marks: Array<[shard: number, first: number, last: number]>): Promise<boolean> {
      const add = Object.keys(counters).length ? addExpression(counters) : undefined;
      const names: Record<string, string> = { ...add?.ExpressionAttributeNames };
      const values: Record<string, number> = { ...add?.ExpressionAttributeValues };
      const sets: string[] = [];
      const conditions: string[] = [];
      for (const [i, [shard, first, last]] of marks.entries()) {
        names[`#w${i}`] = watermarkName(shard);
        values[`:f${i}`] = first;
        values[`:l${i}`] = last;
        sets.push(`#w${i} = :l${i}`);
        conditions.push(`(attribute_not_exists(#w${i}) OR #w${i} < :f${i})`);
      }
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName,
            Key: keys.rollup(key),
            UpdateExpression: `${add ? `${add.UpdateExpression} ` : ''}SET ${sets.join(', ')}`,
            ConditionExpression: conditions.join(' AND '),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        );
        return true;
      } catch (e) {
        if (e instanceof ConditionalCheckFailedException) return false;
        throw e;
      }
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
  return store;
}
export type OutboxStore = ReturnType<typeof createOutboxStore>;
