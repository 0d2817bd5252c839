// Catalog item versions (事项版本): one DynamoDB item per (itemCode, effectiveFrom). Earlier
// versions stay; a case is judged against the version in force on its acceptance date.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { TABLE } from '../../shared/table-schema.js';
import type { CatalogItem } from '../../shared/contract/catalog.js';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { queryAll, stripKeys } from './query-all.js';

export interface StoredItemVersion extends CatalogItem {
  hash: string;
  revision: number; // 1 for a new version, +1 each time the same effectiveFrom is replaced
  updatedAt: string;
}

/** Every version of an item, by its code (a store read, or a cache of them). */
export type ItemVersionsLookup = (itemCode: string) => Promise<StoredItemVersion[]>;

export function createCatalogStore(db: Db) {
  const TableName = db.tableName;
  return {
    async versions(itemCode: string): Promise<StoredItemVersion[]> {
      const k = keys.itemVersions(itemCode);
      const items = await queryAll(db, {
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': k.pk, ':s': k.skPrefix },
        ConsistentRead: true,
      });
      return items.map((i) => stripKeys<StoredItemVersion>(i)); // sorted by effectiveFrom (sk)
    },

    /**
     * Writes a version, expecting the slot to hold `expectedRevision` (0 = empty), so two
     * concurrent writers cannot both replace it. Returns false when someone else got there first.
     */
    async putVersion(v: StoredItemVersion, expectedRevision: number): Promise<boolean> {
      try {
        await db.doc.send(
          new PutCommand({
            TableName,
            Item: { ...keys.itemVersion(v.itemCode, v.effectiveFrom, v.departmentCode), ...v },
            ConditionExpression: expectedRevision === 0 ? 'attribute_not_exists(pk)' : 'revision = :r',
            ...(expectedRevision === 0 ? {} : { ExpressionAttributeValues: { ':r': expectedRevision } }),
          }),
        );
        return true;
      } catch (e) {
        if (e instanceof ConditionalCheckFailedException) return false;
        throw e;
      }
    },

    /** A per-pass cache of `versions`: a batch names the same items many times. */
    cached(): ItemVersionsLookup {
      const cache = new Map<string, Promise<StoredItemVersion[]>>();
      return (code) => {
        let p = cache.get(code);
        if (!p) {
          p = this.versions(code);
          cache.set(code, p);
        }
        return p;
      };
    },

    /** Every version of every item of a department. */
    async listDepartment(departmentCode: string): Promise<StoredItemVersion[]> {
      const items = await queryAll(db, {
        IndexName: TABLE.indexes.byEntity.name,
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.itemsOfDepartment(departmentCode).gsi1pk },
      });
      return items.map((i) => stripKeys<StoredItemVersion>(i));
    },
  };
}
export type CatalogStore = ReturnType<typeof createCatalogStore>;
