// Sign-in sessions (登录会话): a random token, stored as its hash, expiring through TTL.
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { stripKeys } from './query-all.js';

export interface SessionRecord {
  username: string;
  createdAt: string;
  expiresAt: number; // epoch seconds (TTL attribute); also checked on read, TTL deletion lags
  /** The user's session generation when signed in (absent: 0). */
  generation?: number;
}

export function createSessionsStore(db: Db) {
  const TableName = db.tableName;
  return {
    async create(hash: string, s: SessionRecord): Promise<void> {
      await db.doc.send(new PutCommand({ TableName, Item: { ...keys.session(hash), ...s } }));
    },
    async get(hash: string): Promise<SessionRecord | undefined> {
      const r = await db.doc.send(new GetCommand({ TableName, Key: keys.session(hash) }));
      return r.Item ? stripKeys<SessionRecord>(r.Item) : undefined;
    },
    async delete(hash: string): Promise<void> {
      await db.doc.send(new DeleteCommand({ TableName, Key: keys.session(hash) }));
    },
  };
}
export type SessionsStore = ReturnType<typeof createSessionsStore>;
