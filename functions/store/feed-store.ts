// Feed counters per department and day (数据接入): what was sent, accepted, refused and why.
// Refused records are not stored, so these counters are the only trace of them.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { queryAll } from './query-all.js';

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

/** One department-day of the feed, decoded: every counter present (0 when nothing was counted). */
export interface FeedDay extends FeedCounts {
  day: string;
  lastReceivedAt?: string;
}

const COUNTERS = ['accepted', 'duplicate', 'conflict', 'rejected', 'forbidden', 'voids', 'unknownItem'] as const;
/** Rejections by rule code are stored as one attribute each, `rej_<code>`, so that ADD can count them. */
const REJECTED_PREFIX = 'rej_';

export const emptyFeedCounts = (): FeedCounts => ({
  accepted: 0,
  duplicate: 0,
  conflict: 0,
  rejected: 0,
  forbidden: 0,
  voids: 0,
  unknownItem: 0,
  rejectedBy: {},
});

/** Adds counts into a running total (used for a period's totals). */
export function addFeedCounts(total: FeedCounts, c: FeedCounts): FeedCounts {
  for (const k of COUNTERS) total[k] += c[k];
  for (const [code, n] of Object.entries(c.rejectedBy)) total.rejectedBy[code] = (total.rejectedBy[code] ?? 0) + n;
  return total;
}

function fromItem(item: Record<string, unknown>): FeedDay {
  const out: FeedDay = { ...emptyFeedCounts(), day: String(item.day) };
  if (typeof item.lastReceivedAt === 'string') out.lastReceivedAt = item.lastReceivedAt;
  for (const k of COUNTERS) out[k] = Number(item[k] ?? 0);
  for (const [k, v] of Object.entries(item)) if (k.startsWith(REJECTED_PREFIX)) out.rejectedBy[k.slice(REJECTED_PREFIX.length)] = Number(v);
  return out;
}

export function createFeedStore(db: Db) {
  return {
    async add(dept: string, day: string, receivedAt: string, c: FeedCounts): Promise<void> {
      const names: Record<string, string> = { '#last': 'lastReceivedAt', '#day': 'day' };
      const values: Record<string, unknown> = { ':last': receivedAt, ':day': day };
      const adds: string[] = [];
      const counters: Record<string, number> = {
        ...Object.fromEntries(COUNTERS.map((k) => [k, c[k]])),
        ...Object.fromEntries(Object.entries(c.rejectedBy).map(([k, v]) => [`${REJECTED_PREFIX}${k}`, v])),
      };
      Object.entries(counters).forEach(([k, v], i) => {
        if (!v) return;
        names[`#c${i}`] = k;
        values[`:c${i}`] = v;
        adds.push(`#c${i} :c${i}`);
      });
      await db.doc.send(
        new UpdateCommand({
          TableName: db.tableName,
          Key: keys.feedDay(dept, day),
          UpdateExpression: `SET #last = :last, #day = :day${adds.length ? ` ADD ${adds.join(', ')}` : ''}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    },
    async days(dept: string, fromDay: string, toDay: string): Promise<FeedDay[]> {
      const items = await queryAll(db, {
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':p': keys.feed(dept).pk, ':a': `DAY#${fromDay}`, ':b': `DAY#${toDay}` },
      });
      return items.map(fromItem);
    },
  };
}
export type FeedStore = ReturnType<typeof createFeedStore>;
