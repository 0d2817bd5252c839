// Reads every page of a query (lists here are small: a department's keys, items, users).
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.js';
import { TABLE } from '../../shared/table-schema.js';

export async function queryAll(
  db: Db,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const r = await db.doc.send(new QueryCommand({ ...input, TableName: db.tableName, ExclusiveStartKey }));
    out.push(...(r.Items ?? []));
    ExclusiveStartKey = r.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

/** Every key attribute of the table (its own and each index's), from the one schema. */
const KEY_ATTRIBUTES: ReadonlySet<string> = new Set([
  TABLE.partitionKey,
  TABLE.sortKey,
  ...Object.values(TABLE.indexes).flatMap((i) => [i.partitionKey, i.sortKey]),
]);

/** An item without its key attributes: what a store hands to the layers above it (one definition for every store). */
export function stripKeys<T>(item: Record<string, unknown>, alsoDrop: readonly string[] = []): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!KEY_ATTRIBUTES.has(k) && !alsoDrop.includes(k)) out[k] = v;
  return out as T;
}
