// The benchmarks' write-unit meter (bench/lib/ddb-meter.ts) against sizes worked out by hand from
// AWS's item-size rules: the write-unit figures in bench/results.md are only as right as this.
import { describe, expect, it } from 'vitest';
import { indexEntry, indexWriteUnits, itemSize } from '../../bench/lib/ddb-meter.js';
import { TABLE } from '../../shared/table-schema.js';

const openCases = { pk: 'gsi3pk', sk: 'gsi3sk', projection: TABLE.indexes.openCases.projection };

/** An entity state as the store writes it: keys, the open-case index keys and clock, a deflated record list (binary). */
function state(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    pk: 'ENT#D1#case#C1', // 14 + 2
    sk: 'STATE', // 5 + 2
    gsi3pk: 'OPEN#D1#370303', // 14 + 6
    gsi3sk: '2026-12-10#D1#C1', // 16 + 6
    dept: 'D1', // 2 + 4
    entityId: 'C1', // 2 + 8
    open: 'x', // 1 + 4
    oc: 'y', // 1 + 2
    version: 3, // 1 byte + 1, + 7
    recz: new Uint8Array(3000), // 3000 + 4
    ...over,
  };
}

describe('write-unit meter (bench/lib/ddb-meter.ts)', () => {
  it('sizes binary values by their bytes, not as a map of their indices', () => {
    expect(itemSize({ pk: 'ab', b: new Uint8Array(100) })).toBe(2 + 2 + 1 + 100);
    expect(itemSize(state())).toBe(16 + 7 + 20 + 22 + 6 + 10 + 5 + 3 + 9 + 3004);
  });

  it('copies into an INCLUDE index only the table key, the index key and the projected attributes', () => {
    const entry = indexEntry(state(), openCases)!;
    expect(Object.keys(entry).sort()).toEqual(['dept', 'entityId', 'gsi3pk', 'gsi3sk', 'oc', 'open', 'pk', 'sk']);
    expect(itemSize(entry)).toBe(16 + 7 + 20 + 22 + 6 + 10 + 5 + 3);
    expect(indexEntry({ pk: 'a', sk: 'b' }, openCases)).toBeUndefined();
  });

  it('bills an index only when the entry there changes: a put, a changed projected attribute, a moved key, a removal', () => {
    const entryKb = 1; // 89 bytes
    // New item with an open-case key: one entry put (×2 in a transaction).
    expect(indexWriteUnits(undefined, state(), 1)).toEqual({ openCases: entryKb });
    expect(indexWriteUnits(undefined, state(), 2)).toEqual({ openCases: 2 * entryKb });
    // Only the records (not projected) and the version change: nothing written to openCases.
    expect(indexWriteUnits(state(), state({ recz: new Uint8Array(3100), version: 4 }), 2)).toEqual({});
    // The clock's inputs change: the entry is rewritten.
    expect(indexWriteUnits(state(), state({ oc: 'z' }), 1)).toEqual({ openCases: entryKb });
    // A later deadline moves the entry: a delete plus a put.
    expect(indexWriteUnits(state(), state({ gsi3sk: '2026-12-20#D1#C1' }), 1)).toEqual({ openCases: 2 * entryKb });
    // Completed: the index keys go, the entry is deleted.
    expect(indexWriteUnits(state(), state({ gsi3pk: undefined, gsi3sk: undefined, open: undefined, oc: undefined }), 1)).toEqual({
      openCases: entryKb,
    });
  });

  it('copies the whole item into an ALL index, so any change there is billed at the item size', () => {
    const withItem = (over: Record<string, unknown> = {}) => state({ gsi2pk: 'CASEITEM#X', gsi2sk: '2026-12-01#D1#C1', ...over });
    // 3,208 bytes: 4 KB in byItem, plus the open-case entry.
    expect(indexWriteUnits(undefined, withItem(), 1)).toEqual({ byItem: 4, openCases: 1 });
    expect(indexWriteUnits(withItem(), withItem({ version: 4 }), 1)).toEqual({ byItem: 4 });
    expect(indexWriteUnits(withItem(), withItem(), 1)).toEqual({});
  });
});
