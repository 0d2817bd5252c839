// The DynamoDB table's physical shape: attribute and index names. The CDK stack and the local
// table creation both read these constants, so the two tables cannot differ. Key *values* are
// built only in functions/store/keys.ts.

export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  indexes: {
    /** An entity's timeline (a case's events in order) and per-owner lists (a department's keys, items). */
    byEntity: { name: 'byEntity', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: 'ALL' },
    /**
     * Evaluation records by the case they name, alert notices by department, delivery logs; and
     * the cases by item of releases before casesByItem (read until those states are rewritten).
     */
    byItem: { name: 'byItem', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: 'ALL' },
    /**
     * Open cases (红黄牌 warnings, the report's overdue cases), one partition per department and
     * county, oldest deadline first; only what the list shows is copied into the index: the
     * department, case id, where the case stands (`open`) and the clock's inputs (`oc`).
     */
    openCases: { name: 'openCases', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', projection: ['dept', 'entityId', 'open', 'oc'] },
    /**
     * Cases by item code and acceptance day, to recompute when their item's catalog version
     * changes. Only the case's reference is copied: a state rewritten with the same item and day
     * writes nothing here (with every attribute copied, each of a case's updates wrote its whole
     * state a second time).
     */
    casesByItem: { name: 'casesByItem', partitionKey: 'gsi4pk', sortKey: 'gsi4sk', projection: ['dept', 'kind', 'entityId'] },
  },
} as const;

/** An index's projection: every attribute, or only the named ones (INCLUDE). */
export type IndexProjection = 'ALL' | readonly string[];

/**
 * Which function writes which items, as partition-key patterns (IAM `StringLike`, `*` = any
 * rest). The CDK stack turns each list into a `dynamodb:LeadingKeys` condition on the function's
 * write actions, so the internet-facing API cannot rewrite figures and the aggregator cannot forge
 * records. Reads are not limited (every function reads catalog, settings and figures).
 * functions/store/keys.ts builds the values; test/unit/table-writers.test.ts checks they agree.
 */
export const WRITERS = {
  /** Records, ingest counts, departments, keys, users, sessions, audit, catalog, settings, reports
   * an administrator regenerates (POST /v1/reports), recompute requests (JOB), alert rules and
   * channels, read marks, and what an administrator's "run the alerts now" writes (notices,
   * deliveries), and the e-licence catalog (LICTYPES). Never entity states, rollups or pipeline state. */
  api: [
    'REC#*',
    'FEED#*',
    'DEPT#*',
    'APIKEY#*',
    'USER#*',
    'SESSION#*',
    'AUDIT#*',
    'ITEM#*',
    'SETTINGS',
    'REPORT#*',
    'JOB',
    'ALERT#*',
    'NOTICE#*',
    'NOTICEREAD#*',
    'DELIVERY#*',
    'LICTYPES',
  ],
  /** Entity states (ENT#), rollup rows (R#, P#), the outbox of deltas and the merger's summed
   * chunks (OUTBOX#, MERGE#), chunked deltas of older releases (PENDING#), the pipeline's status
   * and errors, redrive lists, recompute requests (a catalog or calendar change seen on the stream),
   * and the alerts' per-department "figures changed" marks (ALERT#DIRTY, nothing else of ALERT#). */
  aggregator: ['ENT#*', 'R#*', 'P#*', 'OUTBOX#*', 'MERGE#*', 'PENDING#*', 'PIPELINE#*', 'REDRIVE', 'JOB', 'ALERT#DIRTY'],
  /** The recompute worker: the aggregator's items, and SETTINGS for the rules version it has asked a
   * recompute for (RULES_VERSION). */
  recompute: ['ENT#*', 'R#*', 'P#*', 'OUTBOX#*', 'MERGE#*', 'PENDING#*', 'PIPELINE#*', 'REDRIVE', 'JOB', 'SETTINGS'],
  /** The monthly report scheduler: reports and their audit lines. */
  reports: ['REPORT#*', 'AUDIT#*'],
  /** The alerts run: rules (city defaults on first use) and their memory, notices, deliveries. */
  alerts: ['ALERT#*', 'NOTICE#*', 'DELIVERY#*'],
} as const;

/**
 * Partitions of the outbox (OUTBOX#0 … OUTBOX#N-1): each takes a put and a delete per counted
 * entity change (≈ 4 write units), so N partitions carry N × ~250 entity changes a second under
 * DynamoDB's 1,000 write units per partition. The merger reads all of them; changing N is safe
 * once the outbox is empty (`npm run recompute` merges what is left).
 */
export const OUTBOX_SHARDS = 8;

/**
 * What the aggregator reads of the table's stream (Lambda's FilterCriteria; the local poller
 * applies the same rule, functions/aggregator/stream-batch.ts): record items, catalog item
 * versions and the calendar setting (these two only ask the recompute job for work). Its own
 * writes (entity states, rollups, pipeline status) never come back to it.
 */
export const AGGREGATOR_STREAM_INPUT = {
  pkPrefixes: ['REC#', 'ITEM#'],
  settings: [{ pk: 'SETTINGS', sk: 'CALENDAR' }],
} as const;

/**
 * How the aggregator's stream batches are made (Lambda's event source; the local poller reads up
 * to `records` at a time too): at most `records` stream records, gathered for at most
 * `windowSeconds`. The window bounds how long a quiet stream's record waits (freshness); the size
 * lets a busy stream's batch hold all of its window, so the merger adds each shared rollup row
 * once per batch (bench:scale: at 100× the city's peak minute, 1,000 records a batch keep the
 * hottest row at 1 update a second where 100 made it 2, and cost fewer write units per record).
 */
export const AGGREGATOR_BATCH = { records: 1_000, windowSeconds: 2 } as const;

/** The same rule as DynamoDB Streams event filter patterns (one pattern each; any may match). */
export const AGGREGATOR_STREAM_FILTERS = [
  ...AGGREGATOR_STREAM_INPUT.pkPrefixes.map((prefix) => ({ dynamodb: { Keys: { pk: { S: [{ prefix }] } } } })),
  ...AGGREGATOR_STREAM_INPUT.settings.map(({ pk, sk }) => ({ dynamodb: { Keys: { pk: { S: [pk] }, sk: { S: [sk] } } } })),
];
