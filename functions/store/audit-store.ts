// The audit log (审计日志) of administrative actions: who, what, when. Append-only.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { queryAll, stripKeys } from './query-all.js';

export interface AuditEntry {
  at: string; // ISO instant
  actor: string; // 'admin-token' or user:<name>
  action: string; // e.g. department.create, key.rotate
  target: string;
  details?: Record<string, unknown>;
}

export function createAuditStore(db: Db) {
  return {
    async append(e: AuditEntry): Promise<void> {
      await db.doc.send(new PutCommand({ TableName: db.tableName, Item: { ...keys.audit(e.at, randomBytes(4).toString('hex')), ...e } }));
    },
    /** Entries of one month (YYYY-MM), newest first. */
    async month(month: string): Promise<AuditEntry[]> {
      const items = await queryAll(db, {
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': keys.auditMonth(month).pk },
        ScanIndexForward: false,
      });
      return items.map((i) => stripKeys<AuditEntry>(i));
    },
  };
}
export type AuditStore = ReturnType<typeof createAuditStore>;
