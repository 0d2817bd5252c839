// Feed counters per department and day (数据接入): what was sent, accepted, refused and why.
// Refused records are not stored, so these counters are the only trace of them.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { queryAll, stripKeys } from './query-all.js';

export interface FeedCounts {
  accepted: number;
  duplicate: number;
  conflict: number;
  rejected: number;
  forbidden: number;
  voids: number;
  unknownItem: number;
  /** rejections by rule code, e.g. { not_one_of: 3 } */
  rejectedBy: Record<string, number>;
}

export interface FeedDay extends Partial<Omit<FeedCounts, 'rejectedBy'>> {
  day: string;
  lastReceivedAt?: string;
  [rejectedByCode: `rej_${string}`]: number;
}

export function createFeedStore(db: Db) {
  return {
    async add(dept: string, day: string, receivedAt: string, c: FeedCounts): Promise<void> {
      const names: Record<string, string> = { '#last': 'lastReceivedAt', '#day': 'day' };
      const values: Record<string, unknown> = { ':last': receivedAt, ':day': day };
      const adds: string[] = [];
      const counters: Record<string, number> = {
        accepted: c.accepted, duplicate: c.duplicate, conflict: c.conflict, rejected: c.rejected,
        forbidden: c.forbidden, voids: c.voids, unknownItem: c.unknownItem,
        ...Object.fromEntries(Object.entries(c.rejectedBy).map(([k, v]) => [`rej_${k}`, v])),
      };
      Object.entries(counters).forEach(([k, v], i) => {
        if (!v) return;
        names[`#c${i}`] = k; values[`:c${i}`] = v; adds.push(`#c${i} :c${i}`);
      });
      await db.doc.send(new UpdateCommand({
        TableName: db.tableName, Key: keys.feedDay(dept, day),
        UpdateExpression: `SET #last = :last, #day = :day${adds.length ? ` ADD ${adds.join(', ')}` : ''}`,
        ExpressionAttributeNames: names, ExpressionAttributeValues: values,
      }));
    },
    async days(dept: string, fromDay: string, toDay: string): Promise<FeedDay[]> {
      const items = await queryAll(db, {
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':p': keys.feed(dept).pk, ':a': `DAY#${fromDay}`, ':b': `DAY#${toDay}` },
      });
      return items.map((i) => stripKeys<FeedDay>(i));
    },
  };
}
export type FeedStore = ReturnType<typeof createFeedStore>;
