// The counting pipeline's health (数据处理状态): what the aggregator's runner (the local stream
// poller, or the stream Lambda) reports after every batch — the last success, how far the
// stream is counted, since when it is behind — and its errors of the last hour (kept one item
// each, expiring by TTL). Read by the pipeline endpoint, the data-feed page and every page's
// "数据截至" line.
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE } from '../../shared/table-schema.js';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { queryAll } from './query-all.js';

export interface PipelineStatus {
  lastSuccessAt?: string;
  /** When the newest record counted so far reached the store (its stream time). */
  countedThrough?: string;
  /** Age of the oldest record of the last batch when it was counted, ms. */
  lastLagMs?: number;
  /** Set while a batch keeps failing: when its oldest record reached the store. */
  behindSince?: string;
  lastErrorAt?: string;
  failedBatches?: number;
  /** The local poller's last look at the stream (idle or not). */
  checkedAt?: string;
}

export interface PipelineError {
  at: string;
  message: string;
  records: number;
}
export interface RedriveEntry {
  sk: string;
  at: string;
  records: Array<{ dept: string; id: string }>;
}

const HOUR_MS = 3_600_000;

export function createPipelineStore(db: Db) {
  const TableName = db.tableName;
  return {
    async batchCounted(b: { oldestMs: number; newestMs: number; at?: Date }): Promise<void> {
      const at = b.at ?? new Date();
      await db.doc.send(
        new UpdateCommand({
          TableName,
          Key: keys.pipelineStatus(),
          UpdateExpression: 'SET lastSuccessAt = :t, checkedAt = :t, countedThrough = :c, lastLagMs = :l REMOVE behindSince',
          ExpressionAttributeValues: {
            ':t': at.toISOString(),
            ':c': new Date(b.newestMs).toISOString(),
            ':l': Math.max(0, at.getTime() - b.oldestMs),
          },
        }),
      );
    },
    async batchFailed(b: { oldestMs: number; records: number; message: string; at?: Date }): Promise<void> {
      const at = b.at ?? new Date();
      await db.doc.send(
        new UpdateCommand({
          TableName,
          Key: keys.pipelineStatus(),
          UpdateExpression: 'SET lastErrorAt = :t, checkedAt = :t, behindSince = if_not_exists(behindSince, :o) ADD failedBatches :one',
          ExpressionAttributeValues: { ':t': at.toISOString(), ':o': new Date(b.oldestMs).toISOString(), ':one': 1 },
        }),
      );
      await db.doc.send(
        new PutCommand({
          TableName,
          Item: {
            ...keys.pipelineError(at.toISOString(), Math.random().toString(36).slice(2, 8)),
            at: at.toISOString(),
            message: b.message.slice(0, 500),
            records: b.records,
            [TABLE.ttlAttribute]: Math.floor((at.getTime() + HOUR_MS) / 1000) + 60,
          },
        }),
      );
    },
    /** The local poller found nothing new (written at most every few seconds). */
    async idle(at = new Date()): Promise<void> {
      await db.doc.send(
        new UpdateCommand({
          TableName,
          Key: keys.pipelineStatus(),
          UpdateExpression: 'SET checkedAt = :t REMOVE behindSince',
          ExpressionAttributeValues: { ':t': at.toISOString() },
        }),
      );
    },
    async status(): Promise<PipelineStatus> {
      const r = await db.doc.send(new GetCommand({ TableName, Key: keys.pipelineStatus(), ConsistentRead: true }));
      const { pk: _p, sk: _s, ...rest } = r.Item ?? {};
      return rest as PipelineStatus;
    },
    /** Keeps the record keys of a batch given up on (to the DLQ), so `npm run redrive` can count them. */
    async saveRedrive(records: Array<{ dept: string; id: string }>, at = new Date()): Promise<void> {
      for (let i = 0; i < records.length; i += 500) {
        await db.doc.send(
          new PutCommand({
            TableName,
            Item: {
              ...keys.redrive(at.toISOString(), Math.random().toString(36).slice(2, 8)),
              at: at.toISOString(),
              records: records.slice(i, i + 500),
            },
          }),
        );
      }
    },
    async redriveEntries(): Promise<RedriveEntry[]> {
      const items = await queryAll(db, {
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': keys.redriveList().pk },
        ConsistentRead: true,
      });
      return items.map((i) => ({ sk: i.sk as string, at: i.at as string, records: i.records as RedriveEntry['records'] }));
    },
    async redriveDone(sk: string): Promise<void> {
      await db.doc.send(new DeleteCommand({ TableName, Key: { pk: keys.redriveList().pk, sk } }));
    },
    async errorsSince(since: Date): Promise<PipelineError[]> {
      const items = await queryAll(db, {
        KeyConditionExpression: 'pk = :p AND sk > :s',
        ExpressionAttributeValues: { ':p': keys.pipelineErrors().pk, ':s': since.toISOString() },
      });
      return items.map((i) => ({ at: i.at as string, message: i.message as string, records: Number(i.records ?? 0) }));
    },
  };
}
export type PipelineStore = ReturnType<typeof createPipelineStore>;
