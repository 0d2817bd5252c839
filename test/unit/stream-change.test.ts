// The aggregator's view of the table's stream: the stream filter (shared/table-schema.ts, the Lambda
// event source's FilterCriteria and the local poller) and the store's decoder (stream-change.ts) agree
// on every item the store writes — what the filter lets through decodes to something the aggregator
// acts on, and the aggregator's own writes neither pass the filter nor decode to input.
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { isAggregatorInput } from '../../functions/aggregator/stream-batch.js';
import { keys } from '../../functions/store/keys.js';
import { SETTINGS } from '../../functions/store/settings.js';
import { decodeChange, recordKeyOf } from '../../functions/store/stream-change.js';

const image = (item: Record<string, unknown>) => marshall(item, { removeUndefinedValues: true });
const passes = (item: { pk: string; sk: string }) => isAggregatorInput(item.pk, item.sk);

describe('a stream record as the aggregator sees it', () => {
  it('decodes a stored record, with its key for a redrive list', () => {
    const item = {
      ...keys.record('D-A', 'r1'),
      dept: 'D-A',
      id: 'r1',
      type: 'case.accepted',
      at: '2024-03-01T09:00:00+08:00',
      atMs: 1,
      day: '2024-03-01',
      body: { caseId: 'C1' },
      hash: 'h',
      receivedAt: '2024-03-01T01:00:00Z',
    };
    expect(passes(item)).toBe(true);
    const change = decodeChange(image(item));
    expect(change.kind).toBe('record');
    expect(change.kind === 'record' && change.record).toMatchObject({
      dept: 'D-A',
      id: 'r1',
      type: 'case.accepted',
      body: { caseId: 'C1' },
    });
    expect(change.kind === 'record' && 'pk' in change.record).toBe(false); // keys stripped
    expect(recordKeyOf(image(item))).toEqual({ dept: 'D-A', id: 'r1' });
  });

  it('decodes a catalog item version and the calendar, which only ask the recompute job for work', () => {
    const version = { ...keys.itemVersion('ITEM-1', '2024-01-01', 'D-A'), itemCode: 'ITEM-1', effectiveFrom: '2024-01-01' };
    expect(passes(version)).toBe(true);
    expect(decodeChange(image(version))).toEqual({ kind: 'itemVersion', itemCode: 'ITEM-1', effectiveFrom: '2024-01-01' });
    const calendar = { ...keys.settings(SETTINGS.calendar.name), value: { data: {} } };
    expect(passes(calendar)).toBe(true);
    expect(decodeChange(image(calendar))).toEqual({ kind: 'calendar' });
    expect(recordKeyOf(image(version))).toBeUndefined();
  });

  it('neither lets through nor decodes the aggregator’s own writes and other settings', () => {
    const own = [
      { ...keys.entityState('D-A', 'case', 'C1'), records: [] },
      { ...keys.outboxDelta(3, 'D-A#case#C1', 2), delta: {} },
      { ...keys.rollup('R|dept=D-A|M2024-03'), accepted: 1 },
      { ...keys.settings(SETTINGS.deadlines.name), value: {} },
      { ...keys.feedDay('D-A', '2024-03-01'), accepted: 1 },
    ];
    for (const item of own) {
      expect(passes(item)).toBe(false);
      expect(decodeChange(image(item))).toEqual({ kind: 'other' });
    }
    expect(decodeChange(undefined)).toEqual({ kind: 'other' }); // a deletion has no new image
  });
});
