// The e-licence catalog (电子证照目录): one item per licence type, in one partition (a city has
// about a hundred types). Types are put, never deleted, so a catalog material's code never dangles.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { LicenceType } from '../../shared/contract/licences.js';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { queryAll, stripKeys } from './query-all.js';

export interface StoredLicenceType extends LicenceType {
  revision: number; // 1 when created, +1 on each change
  updatedAt: string;
}

export function createLicencesStore(db: Db) {
  const TableName = db.tableName;
  return {
    /** Every licence type, by code. */
    async list(): Promise<StoredLicenceType[]> {
      const items = await queryAll(db, {
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': keys.licenceTypes().pk },
        ConsistentRead: true,
      });
      return items.map((i) => stripKeys<StoredLicenceType>(i));
    },

    /** Writes a type expecting the stored revision (0 = none yet); false when someone else wrote it first. */
    async put(t: StoredLicenceType, expectedRevision: number): Promise<boolean> {
      try {
        await db.doc.send(
          new PutCommand({
            TableName,
            Item: { ...keys.licenceType(t.code), ...t },
            ConditionExpression: expectedRevision === 0 ? 'attribute_not_exists(pk)' : '#r = :r',
            ...(expectedRevision === 0
              ? {}
              : { ExpressionAttributeNames: { '#r': 'revision' }, ExpressionAttributeValues: { ':r': expectedRevision } }),
          }),
        );
        return true;
      } catch (e) {
        if (e instanceof ConditionalCheckFailedException) return false;
        throw e;
      }
    },
  };
}
export type LicencesStore = ReturnType<typeof createLicencesStore>;
