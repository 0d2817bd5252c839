// AWS Lambda entry of the aggregator: DynamoDB Streams → processChanges, the same code the local
// poller runs. A failed batch is reported from its first record, so Lambda retries from there
// (replays change nothing); after the retries it goes to the DLQ.
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { loadConfig } from '../config.js';
import { createDb } from '../store/client.js';
import { createStores } from '../store/index.js';
import { createAggregator } from './aggregate.js';
import { createCalendarProvider } from './calendar-provider.js';
import { processChanges } from './stream-batch.js';

const config = loadConfig();
const stores = createStores(createDb({ tableName: config.tableName, region: config.region, ...(config.ddbEndpoint ? { endpoint: config.ddbEndpoint } : {}) }));
const aggregator = createAggregator(stores, createCalendarProvider(stores.settings));

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  try {
    await processChanges(aggregator, event.Records.map((r) => ({ eventName: r.eventName, newImage: r.dynamodb?.NewImage as never })));
    return { batchItemFailures: [] };
  } catch (e) {
    console.error('aggregation failed; the batch will be retried', e);
    const first = event.Records[0]?.dynamodb?.SequenceNumber;
    return { batchItemFailures: first ? [{ itemIdentifier: first }] : [] };
  }
}
