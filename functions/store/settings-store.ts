// Small settings documents (配置): the working-day calendar, follow-up deadlines, stream
// checkpoints. One item each under the SETTINGS partition.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.js';
import { keys } from './keys.js';

export function createSettingsStore(db: Db) {
  return {
    async get<T>(name: string): Promise<T | undefined> {
      const r = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.settings(name), ConsistentRead: true }));
      return r.Item ? (r.Item.value as T) : undefined;
    },
    /** Adds one to a counter setting (e.g. the catalog generation) and returns the new value. */
    async bump(name: string): Promise<number> {
      const r = await db.doc.send(new UpdateCommand({ TableName: db.tableName, Key: keys.settings(name), UpdateExpression: 'ADD #v :one', ExpressionAttributeNames: { '#v': 'value' }, ExpressionAttributeValues: { ':one': 1 }, ReturnValues: 'UPDATED_NEW' }));
      return Number(r.Attributes?.value ?? 0);
    },
    async put<T>(name: string, value: T, updatedBy: string, at: string): Promise<void> {
      await db.doc.send(new PutCommand({ TableName: db.tableName, Item: { ...keys.settings(name), value, updatedBy, updatedAt: at } }));
    },
  };
}
export type SettingsStore = ReturnType<typeof createSettingsStore>;
