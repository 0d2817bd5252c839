// What a changed table item is (表变更解码), read from a stream record's new image by the store that
// owns its key schema — so the aggregator never looks at raw key prefixes. Only the kinds the
// aggregator acts on are told apart (the same set as the stream filter, shared/table-schema.ts);
// everything else is `other`.
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { KEY_PREFIX } from './keys.js';
import { fromItem as recordFromItem, type StoredRecord } from './records-store.js';
import { SETTINGS } from './settings.js';

export type TableChange =
  | { kind: 'record'; record: StoredRecord }
  | { kind: 'itemVersion'; itemCode: string; effectiveFrom: string }
  | { kind: 'calendar' }
  | { kind: 'other' };

/** The change a stream record's new image stands for (`other` for a deletion or any other item). */
export function decodeChange(image: Record<string, AttributeValue> | undefined): TableChange {
  const pk = image?.pk?.S;
  if (!image || !pk) return { kind: 'other' };
  if (pk.startsWith(KEY_PREFIX.record)) return { kind: 'record', record: recordFromItem(unmarshall(image)) };
  if (pk.startsWith(KEY_PREFIX.itemVersion)) {
    const v = unmarshall(image) as { itemCode: string; effectiveFrom: string };
    return { kind: 'itemVersion', itemCode: v.itemCode, effectiveFrom: v.effectiveFrom };
  }
  if (pk === KEY_PREFIX.settings && image.sk?.S === SETTINGS.calendar.name) return { kind: 'calendar' };
  return { kind: 'other' };
}

/** The stored record's key a new image names, without decoding the rest (for a redrive list). */
export function recordKeyOf(image: Record<string, AttributeValue> | undefined): { dept: string; id: string } | undefined {
  return image?.pk?.S?.startsWith(KEY_PREFIX.record) && image.dept?.S && image.id?.S ? { dept: image.dept.S, id: image.id.S } : undefined;
}
