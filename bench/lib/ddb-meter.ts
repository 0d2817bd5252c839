// What DynamoDB bills for a write (写入容量): item sizes computed the way AWS documents them, and
// a meter that wraps a document client to (a) ask DynamoDB (Local) for ConsumedCapacity on every
// write and (b) compute the write units itself from the items it sees, so the two can be checked
// against each other.
//
// Item size (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html):
// Σ over attributes of UTF-8 bytes of the name + the value's size; string = UTF-8 bytes; number =
// 1 byte per two significant digits + 1; boolean/null = 1; list/map = 3 + Σ (1 + element size),
// where a map element's size includes its name.
// Write units: PutItem/BatchWriteItem/UpdateItem 1 WCU per started KB of the item (an update bills
// the larger of the item before and after); TransactWriteItems 2 WCU per started KB of each item;
// binary = its bytes. Each global secondary index the item is in is written too when its entry
// there changes: the entry is the table's key, the index's key and the index's projected
// attributes (every attribute for ALL, the named ones for INCLUDE), sized by the same rule; a
// write that changes none of these writes nothing to that index; a changed index key is a delete
// plus a put. Index writes inside a transaction count 2× (what DynamoDB Local reports; AWS
// documents transactional writes as two underlying writes per item).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../functions/store/client.js';
import { TABLE, type IndexProjection } from '../../shared/table-schema.js';

const enc = new TextEncoder();
const utf8 = (s: string) => enc.encode(s).length;

export function numberSize(n: number): number {
  let s = Math.abs(n).toString();
  if (s.includes('e')) s = Math.abs(n).toPrecision(38).replace(/0+$/, '');
  const digits = s.replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

export function valueSize(v: unknown): number {
  if (v === null || v === undefined || typeof v === 'boolean') return 1;
  if (typeof v === 'string') return utf8(v);
  if (v instanceof Uint8Array) return v.byteLength; // binary (B): its bytes
  if (typeof v === 'number') return numberSize(v);
  if (Array.isArray(v)) return 3 + v.reduce((s: number, x) => s + 1 + valueSize(x), 0);
  if (v instanceof Set) return [...v].reduce((s: number, x) => s + valueSize(x), 0);
  if (typeof v === 'object') {
    let s = 3;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) s += 1 + utf8(k) + valueSize(x);
    return s;
  }
  return 0;
}

/** DynamoDB item size in bytes: Σ attribute name + value sizes. */
export function itemSize(item: Record<string, unknown>): number {
  let s = 0;
  for (const [k, v] of Object.entries(item)) if (v !== undefined) s += utf8(k) + valueSize(v);
  return s;
}

const kb = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

const INDEXES = Object.values(TABLE.indexes).map((ix) => ({
  name: ix.name,
  pk: ix.partitionKey,
  sk: ix.sortKey,
  projection: ix.projection as IndexProjection,
}));

/** An item's entry in an index (table key + index key + projected attributes), or none when the item has no key there. */
export function indexEntry(
  item: Record<string, unknown> | undefined,
  ix: { pk: string; sk: string; projection: IndexProjection },
): Record<string, unknown> | undefined {
  if (!item || item[ix.pk] === undefined || item[ix.sk] === undefined) return undefined;
  if (ix.projection === 'ALL') return item;
  const names = [TABLE.partitionKey, TABLE.sortKey, ix.pk, ix.sk, ...ix.projection];
  return Object.fromEntries(names.filter((n) => item[n] !== undefined).map((n) => [n, item[n]]));
}

/**
 * Whether two attribute values are the same as DynamoDB stores them. Not util.isDeepStrictEqual:
 * the items this project puts hold Buffers and undefined-valued properties, while the items the
 * meter reads back hold Uint8Arrays and no such properties — equal values that it would call changed.
 */
const same = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.from(a).equals(Buffer.from(b));
  if (a instanceof Set && b instanceof Set) return a.size === b.size && [...a].every((x) => b.has(x));
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kB = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kB.length && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
};

/**
 * Write units an item's change costs in the indexes (before → after; either may be absent), per
 * index name: nothing when its entry is unchanged, the entry's size when it is put or removed,
 * both when its index key changes (a delete plus a put).
 */
export function indexWriteUnits(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
  factor: number,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const ix of INDEXES) {
    const b = indexEntry(before, ix);
    const a = indexEntry(after, ix);
    if (!a && !b) continue;
    if (a && b && same(a, b)) continue;
    const keyChanged = a && b && (a[ix.pk] !== b[ix.pk] || a[ix.sk] !== b[ix.sk]);
    const units = keyChanged ? kb(itemSize(a)) + kb(itemSize(b)) : kb(itemSize((a ?? b)!));
    out[ix.name] = factor * units;
  }
  return out;
}

export interface WriteTally {
  /** write units by what was written (computed from item sizes) */
  computed: Record<string, number>;
  /** items written, by the same categories */
  items: Record<string, number>;
  /** the `.index` units of `computed` split by index name (not added to the total twice) */
  byIndex: Record<string, number>;
  /** ConsumedCapacity reported by DynamoDB (Local): table and indexes */
  reported: { table: number; indexes: number };
  sizes: Record<string, number[]>;
  requests: Record<string, number>;
}

/** Which kind of item a key is, for the tally. */
export function kindOf(pk: string): string {
  if (pk.startsWith('REC#')) return 'record';
  if (pk.startsWith('ENT#')) return 'entityState';
  if (pk.startsWith('R#')) return 'rollup';
  if (pk.startsWith('P#')) return 'paperRollup';
  if (pk.startsWith('FEED#')) return 'feed';
  if (pk.startsWith('OUTBOX#')) return 'outbox';
  if (pk.startsWith('MERGE#')) return 'mergeChunk';
  if (pk === 'SETTINGS') return 'settings';
  return 'other';
}

type Command = { input: Record<string, any>; constructor: { name: string } };

/**
 * Wraps db.doc.send. While `enabled`, every write asks for ConsumedCapacity (INDEXES) and is
 * tallied; updates are simulated on a shadow copy of the items (read once before their first
 * metered write; ADD/SET/REMOVE on top-level attributes, which is all this project writes in
 * updates) to know each item's size before and after.
 * Reads are counted (items requested/returned) for the figures benchmark.
 */
export function meter(db: Db) {
  const shadow = new Map<string, Record<string, unknown>>();
  let enabled = false;
  let t: WriteTally;
  const reads = { batchGetKeys: 0, getItem: 0, queryItems: 0, requests: 0 };
  /** The keys BatchGetItem was asked for (a read's rows, to read them again without the service). */
  let batchGetKeyList: Array<{ pk: string; sk: string }> = [];
  const reset = () => {
    t = { computed: {}, byIndex: {}, items: {}, reported: { table: 0, indexes: 0 }, sizes: {}, requests: {} };
    reads.batchGetKeys = 0;
    reads.getItem = 0;
    reads.queryItems = 0;
    reads.requests = 0;
    batchGetKeyList = [];
  };
  reset();
  const add = (rec: Record<string, number>, k: string, v: number) => {
    rec[k] = (rec[k] ?? 0) + v;
  };
  const keyOf = (k: { pk: string; sk: string }) => `${k.pk}\u0000${k.sk}`;

  function indexWrites(
    before: Record<string, unknown> | undefined,
    after: Record<string, unknown> | undefined,
    factor: number,
    kind: string,
  ) {
    for (const [name, units] of Object.entries(indexWriteUnits(before, after, factor))) {
      add(t.computed, `${kind}.index`, units);
      add(t.byIndex, `${kind}.index (${name})`, units);
    }
  }

  function put(item: Record<string, unknown>, factor: number) {
    const kind = kindOf(String(item.pk));
    const k = keyOf(item as { pk: string; sk: string });
    const before = shadow.get(k);
    const size = Math.max(itemSize(item), before ? itemSize(before) : 0);
    shadow.set(k, item);
    add(t.computed, kind, factor * kb(size));
    add(t.items, kind, 1);
    t.sizes[kind] ??= [];
    t.sizes[kind].push(itemSize(item));
    indexWrites(before, item, factor, kind);
  }

  /** A delete bills the size of the item deleted (as the shadow knows it), like a put. */
  function del(key: { pk: string; sk: string }, factor: number) {
    const kind = kindOf(String(key.pk));
    const k = keyOf(key);
    const before = shadow.get(k);
    if (!before) return; // nothing there: a failed condition, not billed here
    shadow.delete(k);
    add(t.computed, `${kind}.delete`, factor * kb(itemSize(before)));
    add(t.items, `${kind}.delete`, 1);
    indexWrites(before, undefined, factor, kind);
  }

  function update(input: Record<string, any>, factor: number) {
    const kind = kindOf(String(input.Key.pk));
    const k = keyOf(input.Key);
    const before = shadow.get(k);
    const after: Record<string, unknown> = { ...(before ?? input.Key) };
    const names = input.ExpressionAttributeNames ?? {};
    const values = input.ExpressionAttributeValues ?? {};
    const expr: string = input.UpdateExpression;
    const sections = expr
      .split(/\b(SET|ADD|REMOVE)\b/)
      .map((s) => s.trim())
      .filter(Boolean);
    for (let i = 0; i < sections.length; i += 2) {
      const op = sections[i]!;
      for (const part of (sections[i + 1] ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)) {
        if (op === 'SET') {
          const [n, v] = part.split('=').map((s) => s.trim());
          after[names[n!] ?? n!] = values[v!];
        } else if (op === 'ADD') {
          const [n, v] = part.split(/\s+/);
          const name = names[n!] ?? n!;
          after[name] = Number(after[name] ?? 0) + Number(values[v!]);
        } else if (op === 'REMOVE') delete after[names[part] ?? part];
      }
    }
    shadow.set(k, after);
    const size = Math.max(itemSize(after), before ? itemSize(before) : 0);
    add(t.computed, kind, factor * kb(size));
    add(t.items, kind, 1);
    t.sizes[kind] ??= [];
    t.sizes[kind].push(itemSize(after));
    indexWrites(before, after, factor, kind);
  }

  function report(cc: any) {
    for (const c of Array.isArray(cc) ? cc : cc ? [cc] : []) {
      t.reported.table += c.Table?.CapacityUnits ?? (c.GlobalSecondaryIndexes ? 0 : (c.CapacityUnits ?? 0));
      for (const ix of Object.values(c.GlobalSecondaryIndexes ?? {}) as Array<{ CapacityUnits?: number }>)
        t.reported.indexes += ix.CapacityUnits ?? 0;
    }
  }

  const doc = db.doc as unknown as { send: (cmd: Command, ...rest: unknown[]) => Promise<any> };
  const send = doc.send.bind(doc);

  /** Items written that the meter has not seen yet are read first (outside any timing), so their size before the write is known. */
  async function learn(keysToKnow: Array<{ pk: string; sk: string }>) {
    await Promise.all(
      keysToKnow
        .filter((k) => !shadow.has(keyOf(k)))
        .map(async (k) => {
          const r = await send(
            new GetCommand({ TableName: db.tableName, Key: { pk: k.pk, sk: k.sk }, ConsistentRead: true }) as unknown as Command,
          );
          if (r.Item && !shadow.has(keyOf(k))) shadow.set(keyOf(k), r.Item);
        }),
    );
  }
  function keysOf(name: string, input: Record<string, any>): Array<{ pk: string; sk: string }> {
    if (name === 'PutCommand') return [input.Item];
    if (name === 'UpdateCommand') return [input.Key];
    if (name === 'BatchWriteCommand')
      return Object.values(input.RequestItems as Record<string, Array<{ PutRequest?: { Item: { pk: string; sk: string } } }>>)
        .flat()
        .flatMap((r) => (r.PutRequest ? [r.PutRequest.Item] : []));
    if (name === 'TransactWriteCommand')
      return (input.TransactItems as Array<Record<string, any>>).flatMap((a) =>
        a.Put ? [a.Put.Item] : a.Update ? [a.Update.Key] : a.Delete ? [a.Delete.Key] : [],
      );
    if (name === 'DeleteCommand') return [input.Key];
    return [];
  }

  doc.send = async (cmd: Command, ...rest: unknown[]) => {
    const name = cmd.constructor.name;
    const input = cmd.input;
    const write = /^(Put|Update|Delete|BatchWrite|TransactWrite)Command$/.test(name);
    if (enabled && write) {
      input.ReturnConsumedCapacity = 'INDEXES';
      await learn(keysOf(name, input));
    }
    const out = await send(cmd, ...rest);
    if (!enabled) return out;
    add(t.requests, name, 1);
    if (write) {
      report(out?.ConsumedCapacity);
      if (name === 'PutCommand') put(input.Item, 1);
      else if (name === 'UpdateCommand') update(input, 1);
      else if (name === 'DeleteCommand') del(input.Key, 1);
      else if (name === 'BatchWriteCommand') {
        const sent = Object.values(input.RequestItems as Record<string, Array<{ PutRequest?: { Item: Record<string, unknown> } }>>).flat();
        const left = new Set(
          Object.values((out?.UnprocessedItems ?? {}) as Record<string, Array<{ PutRequest?: { Item: Record<string, unknown> } }>>)
            .flat()
            .map((r) => r.PutRequest?.Item),
        );
        for (const r of sent) if (r.PutRequest && !left.has(r.PutRequest.Item)) put(r.PutRequest.Item, 1);
      } else if (name === 'TransactWriteCommand') {
        for (const a of input.TransactItems as Array<Record<string, any>>) {
          if (a.Put) put(a.Put.Item, 2);
          else if (a.Update) update(a.Update, 2);
          else if (a.Delete) del(a.Delete.Key, 2);
        }
      }
    } else if (name === 'BatchGetCommand') {
      reads.requests++;
      for (const r of Object.values(input.RequestItems as Record<string, { Keys: Array<{ pk: string; sk: string }> }>)) {
        reads.batchGetKeys += r.Keys.length;
        batchGetKeyList.push(...r.Keys);
      }
    } else if (name === 'GetCommand') {
      reads.requests++;
      reads.getItem++;
    } else if (name === 'QueryCommand') {
      reads.requests++;
      reads.queryItems += out?.Items?.length ?? 0;
    }
    return out;
  };

  return {
    enable(on = true) {
      enabled = on;
    },
    reset,
    tally: () => t,
    reads: () => ({ ...reads, keys: [...batchGetKeyList] }),
    /** Items as they stand now (after every write seen while enabled). */
    shadowItems: () => shadow,
    clearShadow: () => shadow.clear(),
  };
}
export type Meter = ReturnType<typeof meter>;
