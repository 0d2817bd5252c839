// The merger (合并器): adds the outbox's deltas to the rollup rows, each row's sum once per merge
// round (merge-plan.ts), exactly once (outbox-store.ts: claims move counts atomically, watermarks
// guard the rows). It runs right after the aggregator's own writes, over the outbox partitions
// those entities hash to, so a batch's figures are in the rows when the batch is reported counted
// ("数据截至" stays true); `mergeAll` (start of every recompute slice: between batches locally,
// every minute on AWS) finishes whatever a crash or a given-up batch left in any partition.
import { OUTBOX_SHARDS } from '../../shared/table-schema.js';
import { keys } from '../store/keys.js';
import type { MergeChunk, OutboxStore } from '../store/outbox-store.js';
import { COUNTERS_PER_UPDATE, planClaims } from './merge-plan.js';
import { isTransient } from './transient.js';

/** Row updates of one chunk in flight at once. */
const ROWS_IN_FLIGHT = 8;
/** Outbox items read per partition and round (the next round reads the rest). */
const READ_LIMIT = 1_000;

export interface MergeResult {
  /** Outbox items added to the rows. */
  deltas: number;
  claims: number;
  /** Chunk transactions (row updates in groups of ≤ 99). */
  chunks: number;
  rowUpdates: number;
}

export interface MergerOptions {
  /** Called before each transaction (the aggregator's crash hook). */
  beforeTx?: () => void;
  /** Runs one store call with the aggregator's retry policy (transient errors, backoff). */
  retry?: <T>(f: () => Promise<T>) => Promise<T>;
}

/** Transient errors (conflicts, throttling) retried with backoff; anything else thrown. */
async function retryTransient<T>(f: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await f();
    } catch (e) {
      if (!isTransient(e) || attempt >= 8) throw e;
      await new Promise((r) => setTimeout(r, 20 * 2 ** attempt * Math.random()));
    }
  }
}

export function createMerger(outbox: OutboxStore, opts: MergerOptions = {}) {
  const beforeTx = () => opts.beforeTx?.();
  const retry = opts.retry ?? retryTransient;

  /** A chunk of an older release (claim-id key): rows and delete in one transaction. */
  async function applyOld(c: MergeChunk, out: MergeResult): Promise<void> {
    beforeTx();
    if (await retry(() => outbox.apply(c))) {
      out.chunks++;
      out.rowUpdates += c.rows.length;
    }
  }

  /**
   * Consecutive sequenced chunks of one or more partitions, each partition's predecessors all
   * applied: each row once with the sum of its parts (outbox-store applyRanges), then marked
   * applied and deleted. Safe to run twice or beside another merger applying the same chunks.
   */
  async function applyRanges(ranges: Array<{ shard: number; chunks: Array<MergeChunk & { seq: number }> }>, out: MergeResult) {
    const todo = ranges.filter((r) => r.chunks.length);
    if (!todo.length) return;
    out.rowUpdates += await outbox.applyRanges(todo, {
      rowsInFlight: ROWS_IN_FLIGHT,
      maxCounters: COUNTERS_PER_UPDATE,
      before: beforeTx,
      retry,
    });
    for (const r of todo) out.chunks += r.chunks.length;
  }

  /**
   * Applies whatever chunks wait in one partition (a crash's, or another merger's in progress),
   * in sequence order, and returns where the sequence stands with nothing waiting.
   */
  async function settle(shard: number, out: MergeResult): Promise<number> {
    for (let round = 0; ; round++) {
      if (round > 1_000) throw new Error(`the merge sequence of partition ${shard} kept changing under the merger`);
      // The sequence first, then the chunks: a chunk is deleted only after being marked applied.
      const seq = await retry(() => outbox.sequence(shard));
      const list = await retry(() => outbox.chunks(shard));
      for (const c of list) if (c.seq === undefined) await applyOld(c, out);
      for (const c of list) if (c.seq !== undefined && c.seq <= seq.applied) await retry(() => outbox.deleteChunk(c.key));
      if (seq.applied === seq.claimed) return seq.claimed;
      const bySeq = new Map(list.filter((c) => c.seq !== undefined).map((c) => [c.seq!, c]));
      const todo: Array<MergeChunk & { seq: number }> = [];
      for (let n = seq.applied + 1; n <= seq.claimed; n++) {
        const c = bySeq.get(n);
        if (c) todo.push({ ...c, seq: n });
      }
      // Another merger applied (and deleted) some meanwhile: read again.
      if (todo.length !== seq.claimed - seq.applied) continue;
      await applyRanges([{ shard, chunks: todo }], out);
      return seq.claimed;
    }
  }

  /** Merges everything pending in these outbox partitions (and chunks a crash left there). */
  async function merge(shards: number[]): Promise<MergeResult> {
    const out: MergeResult = { deltas: 0, claims: 0, chunks: 0, rowUpdates: 0 };
    const list = [...new Set(shards)].sort((a, b) => a - b);
    if (!list.length) return out;
    /** Where each partition's sequence stands, nothing waiting (unknown after a lost claim). */
    const at = new Map<number, number>();
    const settleAll = async () => {
      const done = await Promise.all(list.map((s) => settle(s, out)));
      for (const [i, s] of list.entries()) at.set(s, done[i]!);
    };
    // One round of reads, all partitions at once: chunks a crash left, and the pending outbox.
    let [, reads] = await Promise.all([settleAll(), Promise.all(list.map((s) => retry(() => outbox.pending(s, READ_LIMIT))))]);
    for (let round = 0; ; round++) {
      if (round > 1_000) throw new Error('the outbox kept changing under the merger');
      const entries = reads.flat();
      if (!entries.length) return out;
      let lost = false;
      // Each merger starts at its own place in the plan, so mergers racing over the same outbox
      // mostly take different claims instead of all fighting for the first one, round after round.
      const claims = planClaims(entries.map((e) => ({ key: e, rows: e.rows })));
      const start = Math.floor(Math.random() * claims.length);
      // This round's sequenced claims, per partition, applied together once all are claimed: a
      // row shared by many claims is updated once per round.
      const ranges = new Map<number, Array<MergeChunk & { seq: number }>>();
      for (const claim of [...claims.slice(start), ...claims.slice(0, start)]) {
        const shard = claim.taken[0]!.shard;
        beforeTx();
        if (claim.direct) {
          const rows = claim.chunks[0] ?? [];
          if (
            !(await retry(() =>
              outbox.claimAndApply(
                claim.taken.map((e) => e.key),
                rows,
              ),
            ))
          ) {
            lost = true;
            continue;
          }
          out.claims++;
          out.deltas += claim.taken.length;
          out.rowUpdates += rows.length;
          continue;
        }
        // After this round's own claim in the partition: continuing it (not applied yet).
        const own = ranges.get(shard);
        const from = own?.length ? own.at(-1)!.seq : (at.get(shard) ?? (await settle(shard, out)));
        const ok = await retry(() =>
          outbox.claim(
            claim.taken.map((e) => e.key),
            shard,
            from,
            claim.chunks,
            Boolean(own?.length),
          ),
        );
        if (!ok) {
          // Another merger took some of the items or claimed in this partition: the rest of the
          // plan (this partition settled again first), then read again.
          at.delete(shard);
          lost = true;
          continue;
        }
        out.claims++;
        out.deltas += claim.taken.length;
        const list = own ?? [];
        for (const [i, rows] of claim.chunks.entries())
          list.push({ key: keys.mergeChunkSeq(shard, from + 1 + i), rows, seq: from + 1 + i });
        ranges.set(shard, list);
      }
      await applyRanges(
        [...ranges].map(([shard, chunks]) => ({ shard, chunks })),
        out,
      );
      for (const [shard, chunks] of ranges) if (chunks.length && at.has(shard)) at.set(shard, chunks.at(-1)!.seq);
      if (!lost && reads.every((r) => r.length < READ_LIMIT)) return out;
      // More than one read's worth, or another merger took some: read again (and finish its chunks).
      [, reads] = await Promise.all([
        lost ? settleAll() : Promise.resolve(),
        Promise.all(list.map((s) => retry(() => outbox.pending(s, READ_LIMIT)))),
      ]);
    }
  }

  return {
    merge,
    /** Every partition: what a crash or a given-up batch left anywhere. */
    mergeAll(): Promise<MergeResult> {
      return merge(Array.from({ length: OUTBOX_SHARDS }, (_, i) => i));
    },
  };
}
export type Merger = ReturnType<typeof createMerger>;
