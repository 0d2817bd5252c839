// Reads every page of a query (lists here are small: a department's keys, items, users).
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.js';

export async function queryAll(db: Db, input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const r = await db.doc.send(new QueryCommand({ ...input, TableName: db.tableName, ExclusiveStartKey }));
    out.push(...(r.Items ?? []));
    ExclusiveStartKey = r.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

export function stripKeys<T>(item: Record<string, unknown>): T {
  const { pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, ...rest } = item;
  return rest as T;
}
