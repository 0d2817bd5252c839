// AWS Lambda entry of the aggregator: DynamoDB Streams → processChanges, the same code the local
// poller runs. The event source's filter (infra) passes only the aggregator's input. Per-entity
// problems never fail a batch (aggregate.ts); what does fail it is transient (DynamoDB
// unreachable or throttling past the retries), so the handler throws: Lambda counts the error,
// retries, bisects the batch, and after the last retry sends its sequence range to the DLQ. Each
// failure also stores the batch's record keys (when the table is reachable) for `npm run
// redrive`, and every batch reports its lag and outcome as metrics and in the pipeline status.
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { loadConfig } from '../config.js';
import { createDb } from '../store/client.js';
import { createStores } from '../store/index.js';
import { createAggregator } from './aggregate.js';
import { createCalendarProvider } from '../store/calendar-provider.js';
import { emitMetrics } from './metrics.js';
import { processChanges, recordKeysOf, type StreamChange } from './stream-batch.js';

const config = loadConfig();
const stores = createStores(
  createDb({ tableName: config.tableName, region: config.region, ...(config.ddbEndpoint ? { endpoint: config.ddbEndpoint } : {}) }),
);
let frozen = 0;
const aggregator = createAggregator(stores, createCalendarProvider(stores.settings), {
  onEntityError: (ref, e) => {
    frozen++;
    console.error(JSON.stringify({ level: 'error', message: 'entity frozen', entity: ref, error: String(e) }));
  },
});

export async function handler(event: DynamoDBStreamEvent): Promise<void> {
  const changes: StreamChange[] = event.Records.map((r) => ({
    eventName: r.eventName,
    newImage: r.dynamodb?.NewImage as never,
    createdMs: (r.dynamodb?.ApproximateCreationDateTime ?? Date.now() / 1000) * 1000,
  }));
  const times = changes.map((c) => c.createdMs!);
  const oldestMs = Math.min(...times, Date.now());
  const newestMs = Math.max(...times, 0);
  const batchId = event.Records[0]?.dynamodb?.SequenceNumber;
  frozen = 0;
  try {
    const r = await processChanges(aggregator, stores, changes);
    await stores.pipeline.batchCounted({ oldestMs, newestMs });
    emitMetrics({ AggregationLagSeconds: (Date.now() - oldestMs) / 1000, RecordsCounted: r.relevant, EntitiesFrozen: frozen });
  } catch (e) {
    console.error(
      JSON.stringify({
        level: 'error',
        message: 'aggregation failed; the batch will be retried',
        batchId,
        records: changes.length,
        error: String(e),
      }),
    );
    emitMetrics({ FailedBatches: 1, AggregationLagSeconds: (Date.now() - oldestMs) / 1000 });
    await stores.pipeline.batchFailed({ oldestMs, records: changes.length, message: String(e) }).catch(() => undefined);
    await stores.pipeline.saveRedrive(recordKeysOf(changes)).catch(() => undefined);
    throw e;
  }
}
