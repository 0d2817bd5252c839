// The DynamoDB table's physical shape: attribute and index names. The CDK stack and the local
// table creation both read these constants, so the two tables cannot differ. Key *values* are
// built only in functions/store/keys.ts.

export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  indexes: {
    /** An entity's timeline (a case's events in order) and per-owner lists (a department's keys, items). */
    byEntity: { name: 'byEntity', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** Cases by item code and acceptance day: recomputed when their item's catalog version changes. */
    byItem: { name: 'byItem', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  },
} as const;

/**
 * Which function writes which items, as partition-key patterns (IAM `StringLike`, `*` = any
 * rest). The CDK stack turns each list into a `dynamodb:LeadingKeys` condition on the function's
 * write actions, so the internet-facing API cannot rewrite figures and the aggregator cannot forge
 * records. Reads are not limited (every function reads catalog, settings and figures).
 * functions/store/keys.ts builds the values; test/unit/table-writers.test.ts checks they agree.
 */
export const WRITERS = {
  /** Records, ingest counts, departments, keys, users, sessions, audit, catalog, settings, and
   * reports an administrator regenerates (POST /v1/reports). Never entity states or rollups. */
  api: ['REC#*', 'FEED#*', 'DEPT#*', 'APIKEY#*', 'USER#*', 'SESSION#*', 'AUDIT#*', 'ITEM#*', 'SETTINGS', 'REPORT#*'],
  /** Entity states (ENT#) and rollup rows (R#, P#) only. */
  aggregator: ['ENT#*', 'R#*', 'P#*'],
  /** The recompute worker: the aggregator's items plus its progress in SETTINGS. */
  recompute: ['ENT#*', 'R#*', 'P#*', 'SETTINGS'],
  /** The monthly report scheduler: reports and their audit lines. */
  reports: ['REPORT#*', 'AUDIT#*'],
} as const;
