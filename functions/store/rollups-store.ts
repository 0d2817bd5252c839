// Rollup rows (汇总): counters per grain, value and day or month, added to by the aggregator in
// transactions together with the entity states they come from, and read by the figures service.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { BatchGetCommand, GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { TABLE } from '../../shared/table-schema.js';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { putAll } from './batch-write.js';
import { queryAll } from './query-all.js';

export type Counters = Record<string, number>;
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** BatchGetItem requests of rollup rows in flight at once, per read. */
const ROW_READS_IN_FLIGHT = 8;

/** DynamoDB allows 100 actions in one transaction. */
export const MAX_TRANSACTION_ITEMS = 100;

export class StaleStateError extends Error {
  constructor() {
    super('an entity state changed while its contribution was computed');
  }
}

/** `ADD` of each counter (the update every rollup row gets: from the aggregator, the merger, a chunk). */
export function addExpression(counters: Counters) {
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const parts: string[] = [];
  Object.entries(counters).forEach(([k, v], i) => {
    names[`#c${i}`] = k;
    values[`:c${i}`] = v;
    parts.push(`#c${i} :c${i}`);
  });
  return { UpdateExpression: `ADD ${parts.join(', ')}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}

/**
 * A rollup row's counters: its attributes but the merger's watermarks (`@w<shard>`, outbox-store.ts).
 * Defined here, not imported, because the outbox store builds on this module.
 */
export function countersOf(attributes: Record<string, unknown>): Counters {
  const out: Counters = {};
  for (const [k, v] of Object.entries(attributes)) if (!k.startsWith('@w')) out[k] = v as number;
  return out;
}

/** A delta too large for one transaction, being applied chunk by chunk. */
export interface PendingDelta {
  entityKey: string;
  /** The state's pk and the version that wrote this delta. */
  stateKey: { pk: string; sk: string };
  version: number;
  chunks: Array<Array<[string, Counters]>>;
  /** Chunks applied so far. */
  done: number;
}

function isConditionFailure(e: unknown): boolean {
  return e instanceof TransactionCanceledException && (e.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed');
}

export function createRollupsStore(db: Db) {
  const TableName = db.tableName;
  const rowUpdate = (key: string, counters: Counters): TransactItem => ({
    Update: { TableName, Key: keys.rollup(key), ...addExpression(counters) },
  });
  const fromPendingItem = (it: Record<string, unknown>): PendingDelta => ({
    entityKey: it.gsi1sk as string,
    stateKey: it.stateKey as PendingDelta['stateKey'],
    version: Number(it.version),
    done: Number(it.done),
    chunks: JSON.parse(inflateRawSync(it.dz as Uint8Array).toString()) as PendingDelta['chunks'],
  });
  return {
    /**
     * Writes entity states and the rollup deltas they imply, all or nothing. Each state is
     * written only if it still has the version it was read with; otherwise StaleStateError.
     */
    async apply(states: Array<{ item: Record<string, unknown>; expectedVersion: number }>, deltas: Map<string, Counters>): Promise<void> {
      const actions: TransactItem[] = states.map(({ item, expectedVersion }) => ({
        Put: {
          TableName,
          Item: item,
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
          ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':v': expectedVersion } }),
        },
      }));
      for (const [key, counters] of deltas) {
        if (!Object.keys(counters).length) continue;
        actions.push({ Update: { TableName, Key: keys.rollup(key), ...addExpression(counters) } });
      }
      if (actions.length > MAX_TRANSACTION_ITEMS) throw new Error(`transaction of ${actions.length} actions`);
      if (!actions.length) return;
      try {
        await db.doc.send(new TransactWriteCommand({ TransactItems: actions }));
      } catch (e) {
        if (e instanceof TransactionCanceledException && e.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed'))
          throw new StaleStateError();
        throw e;
      }
    },

    /**
     * Step 1 of a delta too large for one transaction (an entity whose contribution moved more
     * rows than a transaction holds): the new state, marked pending, and the whole delta in one
     * transaction. Steps 2 and 3 (applyChunk, finishLarge) may be run by anyone who finds it
     * pending — after a crash, the next writer of the entity or the recompute job — and each is
     * idempotent (conditional on the chunks done), so the delta is added exactly once.
     */
    async beginLarge(
      state: { item: Record<string, unknown>; expectedVersion: number },
      entityKey: string,
      chunks: Array<Array<[string, Counters]>>,
    ): Promise<PendingDelta> {
      const version = Number(state.item.version);
      const stateKey = { pk: state.item.pk as string, sk: state.item.sk as string };
      try {
        await db.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName,
                  Item: { ...state.item, pending: { version, chunks: chunks.length } },
                  ConditionExpression: state.expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
                  ...(state.expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':v': state.expectedVersion } }),
                },
              },
              {
                Put: {
                  TableName,
                  Item: {
                    ...keys.pendingDelta(entityKey),
                    stateKey,
                    version,
                    done: 0,
                    dz: deflateRawSync(Buffer.from(JSON.stringify(chunks))),
                  },
                },
              },
            ],
          }),
        );
      } catch (e) {
        if (isConditionFailure(e)) throw new StaleStateError();
        throw e;
      }
      return { entityKey, stateKey, version, chunks, done: 0 };
    },

    /** Applies the remaining chunks of a pending delta and clears it (steps 2 and 3). */
    async finishLarge(p: PendingDelta, beforeChunk?: () => void): Promise<void> {
      const pendingKey = { pk: keys.pendingDelta(p.entityKey).pk, sk: 'P' };
      for (let i = p.done; i < p.chunks.length; i++) {
        beforeChunk?.();
        try {
          await db.doc.send(
            new TransactWriteCommand({
              TransactItems: [
                ...p.chunks[i]!.map(([k, c]) => rowUpdate(k, c)),
                {
                  Update: {
                    TableName,
                    Key: pendingKey,
                    UpdateExpression: 'SET #done = :n',
                    ConditionExpression: '#done = :d',
                    ExpressionAttributeNames: { '#done': 'done' },
                    ExpressionAttributeValues: { ':n': i + 1, ':d': i },
                  },
                },
              ],
            }),
          );
        } catch (e) {
          if (!isConditionFailure(e)) throw e; // applied already (by us before a crash, or by another writer)
        }
      }
      try {
        await db.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Delete: {
                  TableName,
                  Key: pendingKey,
                  ConditionExpression: '#done = :n',
                  ExpressionAttributeNames: { '#done': 'done' },
                  ExpressionAttributeValues: { ':n': p.chunks.length },
                },
              },
              {
                Update: {
                  TableName,
                  Key: p.stateKey,
                  UpdateExpression: 'REMOVE #pending',
                  ConditionExpression: '#version = :v',
                  ExpressionAttributeNames: { '#pending': 'pending', '#version': 'version' },
                  ExpressionAttributeValues: { ':v': p.version },
                },
              },
            ],
          }),
        );
      } catch (e) {
        if (!isConditionFailure(e)) throw e; // finished by someone else
      }
    },

    /** A pending delta of one entity, if any. */
    async pending(entityKey: string): Promise<PendingDelta | undefined> {
      const r = await db.doc.send(
        new GetCommand({ TableName, Key: { pk: keys.pendingDelta(entityKey).pk, sk: 'P' }, ConsistentRead: true }),
      );
      return r.Item ? fromPendingItem(r.Item) : undefined;
    },

    /** Every pending delta (normally none: only a crash in the middle of one leaves it). */
    async allPending(): Promise<PendingDelta[]> {
      const items = await queryAll(db, {
        IndexName: TABLE.indexes.byEntity.name,
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.pendingDeltas().gsi1pk },
      });
      const out: PendingDelta[] = [];
      for (const it of items) {
        const full = await this.pending(it.gsi1sk as string); // the index is eventually consistent
        if (full) out.push(full);
      }
      return out;
    },

    /**
     * Writes whole rollup rows (first load only: see the aggregator's loadFresh), replacing what
     * is there. Not for a table anyone else is writing to.
     */
    async putRows(rows: Map<string, Counters>): Promise<void> {
      await putAll(
        db,
        [...rows].map(([key, counters]) => ({ ...keys.rollup(key), ...counters })),
      );
    },

    /** Rollup rows by domain key; missing rows are absent from the map. */
    async rows(rollupKeys: string[]): Promise<Map<string, Counters>> {
      const out = new Map<string, Counters>();
      const byPkSk = new Map(
        rollupKeys.map((k) => {
          const r = keys.rollup(k);
          return [`${r.pk}\u0000${r.sk}`, k];
        }),
      );
      const all = [...byPkSk.keys()];
      // BatchGetItem takes 100 keys; at most ROW_READS_IN_FLIGHT of them at a time (a breakdown
      // by department asks for hundreds of rows at once).
      const starts: number[] = [];
      for (let i = 0; i < all.length; i += 100) starts.push(i);
      const reads = [];
      for (let w = 0; w < Math.min(ROW_READS_IN_FLIGHT, starts.length); w++) {
        reads.push(
          (async () => {
            for (let i = starts.shift(); i !== undefined; i = starts.shift()) {
              let req: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
                [TableName]: {
                  Keys: all.slice(i, i + 100).map((x) => {
                    const [pk, sk] = x.split('\u0000');
                    return { pk, sk };
                  }),
                },
              };
              while (req && Object.keys(req).length) {
                const r = await db.doc.send(new BatchGetCommand({ RequestItems: req }));
                for (const it of r.Responses?.[TableName] ?? []) {
                  const { pk, sk, ...counters } = it as Record<string, unknown>;
                  out.set(byPkSk.get(`${pk}\u0000${sk}`)!, countersOf(counters));
                }
                req = r.UnprocessedKeys as typeof req;
              }
            }
          })(),
        );
      }
      await Promise.all(reads);
      return out;
    },

    /** Paper rows (still handed in on paper) of one grain=value between two period keys. */
    async paperRows(grain: string, value: string, fromSk: string, toSk: string): Promise<Array<{ sk: string; counters: Counters }>> {
      const items = await queryAll(db, {
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':p': keys.rollupPartition('P', grain, value).pk, ':a': fromSk, ':b': toSk },
      });
      return items.map(({ pk: _p, sk, ...counters }) => ({ sk: sk as string, counters: countersOf(counters) }));
    },
  };
}
export type RollupsStore = ReturnType<typeof createRollupsStore>;
