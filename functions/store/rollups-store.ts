// Rollup rows (汇总): counters per grain, value and day or month, added to by the aggregator in
// transactions together with the entity states they come from, and read by the figures service.
import { BatchGetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { putAll } from './batch-write.js';
import { queryAll } from './query-all.js';

export type Counters = Record<string, number>;
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** DynamoDB allows 100 actions in one transaction. */
export const MAX_TRANSACTION_ITEMS = 100;

export class StaleStateError extends Error {
  constructor() { super('an entity state changed while its contribution was computed'); }
}

function addExpression(counters: Counters) {
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

export function createRollupsStore(db: Db) {
  const TableName = db.tableName;
  return {
    /**
     * Writes entity states and the rollup deltas they imply, all or nothing. Each state is
     * written only if it still has the version it was read with; otherwise StaleStateError.
     */
    async apply(states: Array<{ item: Record<string, unknown>; expectedVersion: number }>, deltas: Map<string, Counters>): Promise<void> {
      const actions: TransactItem[] = states.map(({ item, expectedVersion }) => ({
        Put: {
          TableName, Item: item,
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
        if (e instanceof TransactionCanceledException && e.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) throw new StaleStateError();
        throw e;
      }
    },

    /**
     * Writes whole rollup rows (first load only: see the aggregator's loadFresh), replacing what
     * is there. Not for a table anyone else is writing to.
     */
    async putRows(rows: Map<string, Counters>): Promise<void> {
      await putAll(db, [...rows].map(([key, counters]) => ({ ...keys.rollup(key), ...counters })));
    },

    /** Rollup rows by domain key; missing rows are absent from the map. */
    async rows(rollupKeys: string[]): Promise<Map<string, Counters>> {
      const out = new Map<string, Counters>();
      const byPkSk = new Map(rollupKeys.map((k) => { const r = keys.rollup(k); return [`${r.pk}\u0000${r.sk}`, k]; }));
      const all = [...byPkSk.keys()];
      const reads = [];
      for (let i = 0; i < all.length; i += 100) {
        reads.push((async () => {
          let req: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
            [TableName]: { Keys: all.slice(i, i + 100).map((x) => { const [pk, sk] = x.split('\u0000'); return { pk, sk }; }) },
          };
          while (req && Object.keys(req).length) {
            const r = await db.doc.send(new BatchGetCommand({ RequestItems: req }));
            for (const it of r.Responses?.[TableName] ?? []) {
              const { pk, sk, ...counters } = it as Record<string, unknown>;
              out.set(byPkSk.get(`${pk}\u0000${sk}`)!, counters as Counters);
            }
            req = r.UnprocessedKeys as typeof req;
          }
        })());
      }
      await Promise.all(reads);
      return out;
    },

    /** Paper rows (still handed in on paper) of one grain=value between two period keys. */
    async paperRows(grain: string, value: string, fromSk: string, toSk: string): Promise<Array<{ sk: string; n: number }>> {
      const items = await queryAll(db, {
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':p': keys.rollupPartition('P', grain, value).pk, ':a': fromSk, ':b': toSk },
      });
      return items.map((i) => ({ sk: i.sk as string, n: Number(i.n ?? 0) }));
    },
  };
}
export type RollupsStore = ReturnType<typeof createRollupsStore>;
