// The DynamoDB document client and table creation. One client per process.
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE, type IndexProjection } from '../../shared/table-schema.js';

export interface Db {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

const STREAM = { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } as const;

/** Turns the table's stream on (when ensureTable made it without one). */
export async function enableStream(db: Db): Promise<void> {
  const raw = db.doc as unknown as DynamoDBClient;
  const t = await raw.send(new DescribeTableCommand({ TableName: db.tableName }));
  if (t.Table?.StreamSpecification?.StreamEnabled) return;
  await raw.send(new UpdateTableCommand({ TableName: db.tableName, StreamSpecification: STREAM }));
  await waitUntilTableExists({ client: raw, maxWaitTime: 60 }, { TableName: db.tableName });
}

export function createDb(opts: { tableName: string; endpoint?: string; region: string }): Db {
  const client = new DynamoDBClient({
    region: opts.region,
    ...(opts.endpoint
      ? // DynamoDB Local over plain HTTP: bulk loads run hundreds of requests at once; more sockets
        // than the SDK's default 50 keeps them from queueing (and the SDK from warning about it).
        {
          endpoint: opts.endpoint,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          requestHandler: { httpAgent: { keepAlive: true, maxSockets: 256 } },
        }
      : {}),
    maxAttempts: 6,
  });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { doc, tableName: opts.tableName };
}

type IndexDef = (typeof TABLE.indexes)[keyof typeof TABLE.indexes];

/** An index as CreateTable / UpdateTable take it (shape from shared/table-schema.ts). */
function indexSpec(ix: IndexDef) {
  const projection: IndexProjection = ix.projection;
  return {
    IndexName: ix.name,
    KeySchema: [
      { AttributeName: ix.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: ix.sortKey, KeyType: 'RANGE' as const },
    ],
    Projection:
      projection === 'ALL' ? { ProjectionType: 'ALL' as const } : { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...projection] },
  };
}
const indexAttributes = (ix: IndexDef) => [
  { AttributeName: ix.partitionKey, AttributeType: 'S' as const },
  { AttributeName: ix.sortKey, AttributeType: 'S' as const },
];

/**
 * Creates the table when it is missing (local runs and tests; on AWS the CDK stack owns it), and
 * adds to an existing table the indexes a newer release defines (a data folder made before the
 * open-cases index, say). DynamoDB fills a new index from the items that carry its keys.
 * `stream: false` leaves its stream off until enableStream (a first bulk load that nothing
 * consumes; see functions/local/start.ts).
 */
export async function ensureTable(db: Db, opts: { stream?: boolean } = {}): Promise<void> {
  const raw = db.doc as unknown as DynamoDBClient;
  try {
    const t = await raw.send(new DescribeTableCommand({ TableName: db.tableName }));
    const have = new Set((t.Table?.GlobalSecondaryIndexes ?? []).map((ix) => ix.IndexName));
    // One index per UpdateTable (DynamoDB's rule), each waited for until it is active.
    for (const ix of Object.values(TABLE.indexes)) {
      if (have.has(ix.name)) continue;
      await raw.send(
        new UpdateTableCommand({
          TableName: db.tableName,
          AttributeDefinitions: indexAttributes(ix),
          GlobalSecondaryIndexUpdates: [{ Create: indexSpec(ix) }],
        }),
      );
      await waitUntilIndexActive(raw, db.tableName, ix.name);
    }
    return;
  } catch (e) {
    if (!(e instanceof ResourceNotFoundException)) throw e;
  }
  const { partitionKey: pk, sortKey: sk, indexes } = TABLE;
  await raw.send(
    new CreateTableCommand({
      TableName: db.tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: pk, AttributeType: 'S' },
        { AttributeName: sk, AttributeType: 'S' },
        ...Object.values(indexes).flatMap(indexAttributes),
      ],
      KeySchema: [
        { AttributeName: pk, KeyType: 'HASH' },
        { AttributeName: sk, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: Object.values(indexes).map(indexSpec),
      ...(opts.stream === false ? {} : { StreamSpecification: STREAM }),
    }),
  );
  await waitUntilTableExists({ client: raw, maxWaitTime: 60 }, { TableName: db.tableName });
  await raw.send(
    new UpdateTimeToLiveCommand({
      TableName: db.tableName,
      TimeToLiveSpecification: { Enabled: true, AttributeName: TABLE.ttlAttribute },
    }),
  );
}

async function waitUntilIndexActive(raw: DynamoDBClient, TableName: string, name: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const t = await raw.send(new DescribeTableCommand({ TableName }));
    const ix = t.Table?.GlobalSecondaryIndexes?.find((x) => x.IndexName === name);
    if (ix?.IndexStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`index ${name} of ${TableName} did not become active`);
}
