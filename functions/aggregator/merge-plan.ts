// How the merger (合并器) groups outbox deltas into claims — pure, so the scale simulation
// (bench/scale.bench.ts) replays exactly what the merger does. A claim is one transaction that
// deletes k outbox items and puts their per-row sums as c chunks (+ the partition's sequence);
// once a round's claims are made, each row they name is added with one conditional update
// (outbox-store.ts applyRanges), at most 99 rows per chunk. So k + c + 1 ≤ 100, and a row whose
// sum has many counters is split in parts (one UpdateExpression stays far below DynamoDB's 4 KB)
// that go to different chunks (a transaction may not touch one item twice). The merger knows
// no row by name: whatever rows contribution.ts writes, it adds them up.
import type { Counters } from '../store/rollups-store.js';
import type { RowDelta } from '../store/outbox-store.js';

export type { RowDelta };

/** DynamoDB's actions per transaction. */
export const TRANSACTION_ACTIONS = 100;
/** Row updates per chunk (the chunk's own delete is the 100th action). */
export const CHUNK_ROWS = TRANSACTION_ACTIONS - 1;
/** Counters per row update (an ADD of 200 counters is ~2.6 KB of expression). */
export const COUNTERS_PER_UPDATE = 200;
/**
 * A claim of at most this many row updates is one transaction (rows + outbox deletes, no chunk):
 * each row billed twice, but no chunk put and delete nor sequence updates (about 6 write units).
 */
export const DIRECT_MAX_ROWS = 5;
/** Raw JSON bytes of a chunk's rows (deflated far below the 400 KB item limit). */
const CHUNK_JSON_BYTES = 300_000;

export interface ClaimPlan<K> {
  /** The outbox items it takes out. */
  taken: K[];
  /** Their sums, chunk by chunk. */
  chunks: RowDelta[];
  /**
   * Few rows (≤ DIRECT_MAX_ROWS): the rows are added and the items deleted in one transaction,
   * with no chunk item in between.
   */
  direct: boolean;
}

/** Adds `rows` into `sum`, dropping counters that come back to zero. */
export function addRows(sum: Map<string, Counters>, rows: RowDelta): void {
  for (const [key, c] of rows) {
    let row = sum.get(key);
    if (!row) {
      row = {};
      sum.set(key, row);
    }
    for (const [name, v] of Object.entries(c)) {
      const n = (row[name] ?? 0) + v;
      if (n === 0) delete row[name];
      else row[name] = n;
    }
  }
}

/** Row updates a sum needs (rows with many counters take several). */
function partsOf(counters: Counters): number {
  return Math.max(1, Math.ceil(Object.keys(counters).length / COUNTERS_PER_UPDATE));
}

/** Splits summed rows into chunks: ≤ 99 updates, never one row twice, bounded bytes. */
export function chunkRows(sum: Map<string, Counters>): RowDelta[] {
  const chunks: Array<{ rows: RowDelta; keys: Set<string>; bytes: number }> = [];
  for (const [key, counters] of sum) {
    const entries = Object.entries(counters);
    if (!entries.length) continue;
    for (let i = 0; i < entries.length; i += COUNTERS_PER_UPDATE) {
      const part = Object.fromEntries(entries.slice(i, i + COUNTERS_PER_UPDATE));
      const bytes = key.length + JSON.stringify(part).length;
      let c = chunks.find((x) => x.rows.length < CHUNK_ROWS && !x.keys.has(key) && x.bytes + bytes <= CHUNK_JSON_BYTES);
      if (!c) {
        c = { rows: [], keys: new Set(), bytes: 0 };
        chunks.push(c);
      }
      c.rows.push([key, part]);
      c.keys.add(key);
      c.bytes += bytes;
    }
  }
  return chunks.map((c) => c.rows);
}

/**
 * Groups outbox entries into claims, in order: each claim takes as many entries as fit with the
 * chunks of their sum in one transaction, so a row shared by many entities is updated once per
 * claim instead of once per entity.
 */
export function planClaims<K>(entries: Array<{ key: K; rows: RowDelta }>): Array<ClaimPlan<K>> {
  const out: Array<ClaimPlan<K>> = [];
  let taken: K[] = [];
  let sum = new Map<string, Counters>();
  let parts = 0;
  let widest = 0;
  const close = () => {
    if (taken.length) out.push(claimOf(taken, chunkRows(sum)));
    taken = [];
    sum = new Map();
    parts = 0;
    widest = 0;
  };
  for (const e of entries) {
    // Estimate the chunks with this entry added (its new rows, and how wide rows get).
    let addParts = 0;
    let addWidest = widest;
    for (const [key, c] of e.rows) {
      const row = sum.get(key);
      const before = row ? partsOf(row) : 0;
      const width = partsOf({ ...row, ...c });
      addParts += width - before;
      addWidest = Math.max(addWidest, width);
    }
    // One chunk of slack for the byte bound and first-fit.
    const chunksAfter = Math.max(Math.ceil((parts + addParts) / CHUNK_ROWS), addWidest) + 1;
    if (taken.length && taken.length + 1 + chunksAfter + 1 > TRANSACTION_ACTIONS) close();
    taken.push(e.key);
    addRows(sum, e.rows);
    parts = 0;
    widest = 0;
    for (const row of sum.values()) {
      const p = partsOf(row);
      parts += p;
      widest = Math.max(widest, p);
    }
  }
  close();
  // An entity whose own delta needs nearly a whole transaction of chunks may overflow: split it off.
  return out.flatMap((c) => (c.taken.length + c.chunks.length + 1 <= TRANSACTION_ACTIONS ? [c] : splitOversized(c, entries)));
}

/** A claim over the limit (only possible from the estimate's slack): one entry per claim. */
function splitOversized<K>(c: ClaimPlan<K>, entries: Array<{ key: K; rows: RowDelta }>): Array<ClaimPlan<K>> {
  const byKey = new Map(entries.map((e) => [e.key, e.rows]));
  return c.taken.map((k) => {
    const sum = new Map<string, Counters>();
    addRows(sum, byKey.get(k) ?? []);
    return claimOf([k], chunkRows(sum));
  });
}

function claimOf<K>(taken: K[], chunks: RowDelta[]): ClaimPlan<K> {
  const rows = chunks[0]?.length ?? 0;
  return { taken, chunks, direct: chunks.length <= 1 && rows <= DIRECT_MAX_ROWS && taken.length + rows <= TRANSACTION_ACTIONS };
}
