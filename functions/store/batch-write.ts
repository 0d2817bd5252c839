// Unconditional puts in BatchWriteItem calls of 25, a few calls at a time, retrying what
// DynamoDB leaves unprocessed. For writes that need no condition: records already checked
// to be new, and a first load's states and rollup rows (aggregate.ts, loadFresh).
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.js';

const BATCH = 25; // DynamoDB's limit per BatchWriteItem
const CONCURRENCY = 16;

export async function putAll(db: Db, items: Array<Record<string, unknown>>): Promise<void> {
  const chunks: Array<Array<Record<string, unknown>>> = [];
  for (let i = 0; i < items.length; i += BATCH) chunks.push(items.slice(i, i + BATCH));
  const worker = async () => {
    for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
      let req: Record<string, Array<{ PutRequest: { Item: Record<string, unknown> } }>> | undefined = {
        [db.tableName]: chunk.map((Item) => ({ PutRequest: { Item } })),
      };
      for (let attempt = 0; req && Object.keys(req).length; attempt++) {
        if (attempt) await new Promise((res) => setTimeout(res, Math.min(1000, 20 * 2 ** attempt)));
        const r = await db.doc.send(new BatchWriteCommand({ RequestItems: req }));
        req = r.UnprocessedItems as typeof req;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, chunks.length) }, worker));
}
