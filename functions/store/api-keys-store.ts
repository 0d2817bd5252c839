// Department API keys (接入密钥): stored only as a SHA-256 hash of the secret; looked up by hash.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE } from '../../shared/table-schema.js';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { queryAll, stripKeys } from './query-all.js';

export interface ApiKeyRecord {
  keyId: string;
  hash: string;
  departmentCode: string;
  label?: string;
  prefix: string; // first characters of the key, to recognise it in lists
  createdAt: string;
  createdBy: string;
  /** Set on rotation: the old key works until then (overlap). */
  validUntil?: string;
  revokedAt?: string;
  lastUsedDay?: string;
}

export function createApiKeysStore(db: Db) {
  const TableName = db.tableName;
  return {
    async create(k: ApiKeyRecord): Promise<void> {
      await db.doc.send(
        new PutCommand({
          TableName,
          Item: { ...keys.apiKey(k.hash, k.departmentCode, k.keyId), ...k },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
    async byHash(hash: string): Promise<ApiKeyRecord | undefined> {
      const r = await db.doc.send(new GetCommand({ TableName, Key: keys.apiKeyByHash(hash) }));
      return r.Item ? stripKeys<ApiKeyRecord>(r.Item) : undefined;
    },
    async listDepartment(departmentCode: string): Promise<ApiKeyRecord[]> {
      const items = await queryAll(db, {
        IndexName: TABLE.indexes.byEntity.name,
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.apiKeysOfDepartment(departmentCode).gsi1pk },
      });
      return items.map((i) => stripKeys<ApiKeyRecord>(i));
    },
    async setValidUntil(hash: string, validUntil: string): Promise<void> {
      await db.doc.send(
        new UpdateCommand({
          TableName,
          Key: keys.apiKeyByHash(hash),
          UpdateExpression: 'SET validUntil = :v',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':v': validUntil },
        }),
      );
    },
    async revoke(hash: string, at: string): Promise<void> {
      await db.doc.send(
        new UpdateCommand({
          TableName,
          Key: keys.apiKeyByHash(hash),
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :t)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':t': at },
        }),
      );
    },
    async touch(hash: string, day: string): Promise<void> {
      await db.doc.send(
        new UpdateCommand({
          TableName,
          Key: keys.apiKeyByHash(hash),
          UpdateExpression: 'SET lastUsedDay = :d',
          ExpressionAttributeValues: { ':d': day },
        }),
      );
    },
  };
}
export type ApiKeysStore = ReturnType<typeof createApiKeysStore>;
