// One batch of table changes, as DynamoDB Streams delivers them (to Lambda, or to the local
// poller): the record items that changed go to the aggregator; a changed catalog item version
// or calendar only asks the recompute job for its work (recompute-job.ts), which runs outside
// the stream handler. Everything else (states, rollups, settings) is not the aggregator's input:
// `isAggregatorInput` is the same rule as the Lambda event source's filter (infra).
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { AGGREGATOR_STREAM_INPUT } from '../../shared/table-schema.js';
import type { Stores } from '../store/index.js';
import type { StoredRecord } from '../store/records-store.js';
import { decodeChange, recordKeyOf } from '../store/stream-change.js';
import type { Aggregator, AggregateResult } from './aggregate.js';

export interface StreamChange {
  eventName?: string;
  keys?: Record<string, AttributeValue>;
  newImage?: Record<string, AttributeValue>;
  /** When the change reached the store (the stream's ApproximateCreationDateTime), ms. */
  createdMs?: number;
}

/** The stream filter (shared/table-schema.ts): record items, catalog item versions, the calendar. */
export function isAggregatorInput(pk: string, sk: string): boolean {
  return (
    AGGREGATOR_STREAM_INPUT.pkPrefixes.some((p) => pk.startsWith(p)) ||
    AGGREGATOR_STREAM_INPUT.settings.some((x) => x.pk === pk && x.sk === sk)
  );
}

/** The record keys a batch holds (kept for a redrive when the batch is given up on). */
export function recordKeysOf(changes: StreamChange[]): Array<{ dept: string; id: string }> {
  return changes.flatMap((ch) => recordKeyOf(ch.newImage) ?? []);
}

/** Returns what was aggregated, and how many of the changes were the aggregator's input. */
export async function processChanges(
  aggregator: Aggregator,
  stores: Stores,
  changes: StreamChange[],
): Promise<AggregateResult & { relevant: number }> {
  const records: StoredRecord[] = [];
  const items = new Map<string, string>(); // itemCode → earliest effectiveFrom changed
  let calendarChanged = false;
  for (const ch of changes) {
    const change = decodeChange(ch.newImage);
    if (change.kind === 'record') records.push(change.record);
    else if (change.kind === 'calendar') calendarChanged = true;
    else if (change.kind === 'itemVersion') {
      const prev = items.get(change.itemCode);
      if (!prev || change.effectiveFrom < prev) items.set(change.itemCode, change.effectiveFrom);
    }
  }
  const relevant = records.length + items.size + (calendarChanged ? 1 : 0);
  if (!relevant) return { entities: 0, transactions: 0, rollupUpdates: 0, relevant };
  const total = { ...(await aggregator.processRecords(records)), relevant };
  await markForAlerts(stores, records);
  for (const [code, from] of items) await stores.jobs.requestItem(code, from);
  if (calendarChanged) await stores.jobs.requestFull('calendar');
  return total;
}

/**
 * The alerts' hook (预警触发): once a batch is counted, the departments whose records it held are
 * marked, so the next alerts run evaluates the change-driven rules (red/yellow cards, complaints
 * late to respond) for those departments only instead of re-reading the whole city. After the
 * batch's counting, so a mark never precedes the figures it points at; a replayed batch marks
 * again, which costs one evaluation of those departments and sends nothing twice.
 */
async function markForAlerts(stores: Stores, records: StoredRecord[]): Promise<void> {
  if (records.length)
    await stores.alerts.markDirty(
      records.map((r) => r.dept),
      new Date().toISOString(),
    );
}
