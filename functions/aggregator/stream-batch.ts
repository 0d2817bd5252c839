// One batch of table changes, as DynamoDB Streams delivers them (to Lambda, or to the local
// poller): the record items that changed go to the aggregator; catalog item versions that
// changed trigger recomputation of their cases. Everything else (states, rollups) is ignored.
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { StoredRecord } from '../store/records-store.js';
import type { Aggregator, AggregateResult } from './aggregate.js';

export interface StreamChange {
  eventName?: string;
  newImage?: Record<string, AttributeValue>;
}

/** Returns what was aggregated, and how many of the changes were records or catalog items. */
export async function processChanges(aggregator: Aggregator, changes: StreamChange[]): Promise<AggregateResult & { relevant: number }> {
  const records: StoredRecord[] = [];
  const items = new Map<string, string>(); // itemCode → earliest effectiveFrom changed
  let calendarChanged = false;
  for (const ch of changes) {
    if (!ch.newImage) continue;
    const pk = ch.newImage.pk?.S ?? '';
    if (pk.startsWith('REC#')) {
      const { pk: _p, sk: _s, gsi1pk: _g1, gsi1sk: _g2, ...rest } = unmarshall(ch.newImage);
      records.push(rest as StoredRecord);
    } else if (pk === 'SETTINGS' && ch.newImage.sk?.S === 'CALENDAR') {
      calendarChanged = true;
    } else if (pk.startsWith('ITEM#')) {
      const v = unmarshall(ch.newImage) as { itemCode: string; effectiveFrom: string };
      const prev = items.get(v.itemCode);
      if (!prev || v.effectiveFrom < prev) items.set(v.itemCode, v.effectiveFrom);
    }
  }
  if (!records.length && !items.size && !calendarChanged) return { entities: 0, transactions: 0, rollupUpdates: 0, relevant: 0 };
  const total = { ...(await aggregator.processRecords(records)), relevant: records.length + items.size + (calendarChanged ? 1 : 0) };
  for (const [code, from] of items) {
    const r = await aggregator.itemChanged(code, from);
    total.entities += r.entities; total.transactions += r.transactions; total.rollupUpdates += r.rollupUpdates;
  }
  if (calendarChanged) {
    const r = await aggregator.recomputeAll();
    total.entities += r.entities; total.transactions += r.transactions; total.rollupUpdates += r.rollupUpdates;
  }
  return total;
}
