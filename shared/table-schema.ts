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
