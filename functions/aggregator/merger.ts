// The merger (合并器): adds the outbox's deltas to the rollup rows, each row's sum once per claim
// (merge-plan.ts), exactly once (outbox-store.ts: every step moves counts atomically). It runs
// right after the aggregator's own writes, over the outbox partitions those entities hash to, so
// a batch's figures are in the rows when the batch is reported counted ("数据截至" stays true);
// `mergeAll` (start of every recompute slice: between batches locally, every minute on AWS)
// finishes whatever a crash or a given-up batch left in any partition.
import { OUTBOX_SHARDS } from '../../shared/table-schema.js';
import { keys } from '../store/keys.js';
import type { OutboxStore } from '../store/outbox-store.js';
import { planClaims } from './merge-plan.js';
import { isTransient } from './transient.js';

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
  let claimSeq = 0;

  async function applyChunks(chunks: Array<Awaited<ReturnType<OutboxStore['chunks']>>[number]>, out: MergeResult): Promise<void> {
    for (const c of chunks) {
      beforeTx();
      if (await retry(() => outbox.apply(c))) {
        out.chunks++;
        out.rowUpdates += c.rows.length;
      }
    }
  }

  /** Merges everything pending in these outbox partitions (and chunks a crash left there). */
  async function merge(shards: number[]): Promise<MergeResult> {
    const out: MergeResult = { deltas: 0, claims: 0, chunks: 0, rowUpdates: 0 };
    const list = [...new Set(shards)].sort((a, b) => a - b);
    if (!list.length) return out;
    // One round of reads, all partitions at once: chunks a crash left, and the pending outbox.
    let [left, reads] = await Promise.all([
      Promise.all(list.map((s) => retry(() => outbox.chunks(s)))),
      Promise.all(list.map((s) => retry(() => outbox.pending(s, READ_LIMIT)))),
    ]);
    for (let round = 0; ; round++) {
      if (round > 1_000) throw new Error('the outbox kept changing under the merger');
      await applyChunks(left.flat(), out);
      const entries = reads.flat();
      if (!entries.length) return out;
      let lost = false;
      // Each merger starts at its own place in the plan, so mergers racing over the same outbox
      // mostly take different claims instead of all fighting for the first one, round after round.
      const claims = planClaims(entries.map((e) => ({ key: e, rows: e.rows })));
      const start = Math.floor(Math.random() * claims.length);
      for (const claim of [...claims.slice(start), ...claims.slice(0, start)]) {
        const shard = claim.taken[0]!.shard;
        const claimId = `${new Date().toISOString()}#${process.pid}#${claimSeq++}#${Math.random().toString(36).slice(2, 8)}`;
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
        const ok = await retry(() =>
          outbox.claim(
            claim.taken.map((e) => e.key),
            shard,
            claimId,
            claim.chunks,
          ),
        );
        if (!ok) {
          lost = true;
          continue;
        } // another merger took some of them: the rest of the plan, then read again
        out.claims++;
        out.deltas += claim.taken.length;
        await applyChunks(
          claim.chunks.map((rows, i) => ({ key: keys.mergeChunk(shard, claimId, i), rows })),
          out,
        );
      }
      if (!lost && reads.every((r) => r.length < READ_LIMIT)) return out;
      // More than one read's worth, or another merger took some: read again (and finish its chunks).
      [left, reads] = await Promise.all([
        lost ? Promise.all(list.map((s) => retry(() => outbox.chunks(s)))) : Promise.resolve([]),
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
