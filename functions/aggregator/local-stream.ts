// The local twin of the Streams → Lambda trigger: polls DynamoDB Local's stream of the table and
// feeds each batch to the same processChanges the Lambda uses, passing on only what the Lambda's
// event filter passes (isAggregatorInput). The position in each shard is checkpointed in the
// table after a batch is applied, so a restart resumes (and a replayed batch changes nothing).
// After each batch it reports to the pipeline status (lag, failures, errors of the last hour),
// and between batches it runs the recompute job (the twin of the recompute Lambda). stop()
// returns within a few seconds even while DynamoDB Local is gone and a batch is being retried.
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type GetRecordsCommandOutput,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Stores } from '../store/index.js';
import type { Aggregator } from './aggregate.js';
import { createRecomputeJob } from './recompute-job.js';
import { redrive } from './redrive.js';
import { isAggregatorInput, processChanges, type StreamChange } from './stream-batch.js';
import { SETTINGS } from '../store/settings.js';
import { AGGREGATOR_BATCH } from '../../shared/table-schema.js';

export interface LocalStreamOptions {
  endpoint: string;
  region: string;
  tableName: string;
  idleMs?: number;
  onError?: (e: unknown) => void;
  onBatch?: (n: number) => void;
  /** Run the recompute job between batches (default true). */
  jobs?: boolean;
  log?: (line: string) => void;
}

/** How long stop() waits for a batch in progress before it lets go (the batch is replayed next start). */
const STOP_GRACE_MS = 3_000;
/** The pipeline status is touched at most this often while idle. */
const IDLE_REPORT_MS = 5_000;

export function startLocalStream(aggregator: Aggregator, stores: Stores, o: LocalStreamOptions) {
  const settings = stores.settings;
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const ddb = new DynamoDBClient({ endpoint: o.endpoint, region: o.region, credentials });
  const streams = new DynamoDBStreamsClient({ endpoint: o.endpoint, region: o.region, credentials });
  const idle = o.idleMs ?? 200;
  const job = createRecomputeJob(stores, aggregator);
  let stopped = false;
  let wake: (() => void) | undefined;
  /** A sleep that stop() cuts short. */
  const sleep = (ms: number) =>
    new Promise<void>((res) => {
      const t = setTimeout(res, ms);
      wake = () => {
        clearTimeout(t);
        res();
      };
    });
  let lastIdleReport = 0;
  let jobsChecked = 0;
  let jobsPending = true;
  let lastJobLog = 0;
  let busy = false;
  // idle()'s pings: numbered in this process (with a prefix of its own, so a ping another process or
  // an earlier run left in the stream never counts), so that callers waiting at once each know when
  // theirs — or a later one — has come through, even when several arrive in one batch.
  const pingPrefix = `${Date.now()}-${Math.random().toString(36).slice(2)}-`;
  let pingsWritten = 0;
  let pingsSeen = 0;
  const iterators = new Map<string, string | null>(); // shardId → iterator (null: closed and drained)

  async function shards(arn: string): Promise<Shard[]> {
    const out: Shard[] = [];
    let start: string | undefined;
    do {
      const d = await streams.send(new DescribeStreamCommand({ StreamArn: arn, ...(start ? { ExclusiveStartShardId: start } : {}) }));
      out.push(...(d.StreamDescription?.Shards ?? []));
      start = d.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return out;
  }

  async function iteratorFor(arn: string, shardId: string): Promise<string | undefined> {
    const seq = await settings.get(SETTINGS.streamCheckpoint(shardId));
    try {
      const r = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: arn,
          ShardId: shardId,
          ...(seq ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: seq } : { ShardIteratorType: 'TRIM_HORIZON' }),
        }),
      );
      return r.ShardIterator;
    } catch (e) {
      if (e instanceof TrimmedDataAccessException) {
        const r = await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }));
        return r.ShardIterator;
      }
      throw e;
    }
  }

  const loop = (async () => {
    const t = await ddb.send(new DescribeTableCommand({ TableName: o.tableName }));
    const arn = t.Table?.LatestStreamArn;
    if (!arn) throw new Error(`table ${o.tableName} has no stream`);
    let lastDescribe = 0;
    while (!stopped) {
      try {
        if (Date.now() - lastDescribe > 5_000) {
          lastDescribe = Date.now();
          for (const s of await shards(arn)) {
            if (!s.ShardId || iterators.has(s.ShardId)) continue;
            // A child shard waits until its parent is drained, so a case's records stay in order.
            if (s.ParentShardId && iterators.has(s.ParentShardId) && iterators.get(s.ParentShardId) !== null) continue;
            iterators.set(s.ShardId, (await iteratorFor(arn, s.ShardId)) ?? null);
          }
        }
        let got = 0;
        for (const [shardId, it] of iterators) {
          if (!it || stopped) continue;
          let r: GetRecordsCommandOutput;
          try {
            r = await streams.send(new GetRecordsCommand({ ShardIterator: it, Limit: AGGREGATOR_BATCH.records }));
          } catch (e) {
            if (e instanceof ExpiredIteratorException) {
              iterators.set(shardId, (await iteratorFor(arn, shardId)) ?? null);
              continue;
            }
            throw e;
          }
          const recs = r.Records ?? [];
          let ping = 0;
          for (const x of recs) {
            const img = x.dynamodb?.NewImage;
            const value = img?.pk?.S === 'SETTINGS' && img.sk?.S === SETTINGS.streamPing.name ? (img.value?.S ?? '') : '';
            if (value.startsWith(pingPrefix)) ping = Math.max(ping, Number(value.slice(pingPrefix.length)));
          }
          // The same rule as the Lambda event source's filter.
          const input: StreamChange[] = recs
            .filter((x) => isAggregatorInput(x.dynamodb?.Keys?.pk?.S ?? '', x.dynamodb?.Keys?.sk?.S ?? ''))
            .map((x) => ({
              eventName: x.eventName,
              newImage: x.dynamodb?.NewImage as never,
              createdMs: x.dynamodb?.ApproximateCreationDateTime?.getTime() ?? Date.now(),
            }));
          if (recs.length) {
            busy = true;
            const times = input.map((c) => c.createdMs!);
            const oldestMs = Math.min(...times, Date.now());
            let done: Awaited<ReturnType<typeof processChanges>>;
            try {
              done = await processChanges(aggregator, stores, input);
            } catch (e) {
              if (input.length)
                await stores.pipeline.batchFailed({ oldestMs, records: input.length, message: String(e) }).catch(() => undefined);
              throw e;
            }
            if (input.length) await stores.pipeline.batchCounted({ oldestMs, newestMs: Math.max(...times) });
            if (done.relevant) jobsPending = true; // a catalog or calendar change may have asked for work
            if (ping > pingsSeen) pingsSeen = ping;
            // Checkpoint only after batches that held records: the checkpoint write is itself a
            // change on the stream, and checkpointing it again would never let the stream rest.
            const lastSeq = recs[recs.length - 1]!.dynamodb?.SequenceNumber;
            if (lastSeq && done.relevant)
              await settings.put(SETTINGS.streamCheckpoint(shardId), lastSeq, 'aggregator', new Date().toISOString());
            got += done.relevant;
            busy = false;
            o.onBatch?.(recs.length);
          }
          iterators.set(shardId, r.NextShardIterator ?? null);
        }
        if (!got && !stopped) {
          if (Date.now() - lastIdleReport > IDLE_REPORT_MS) {
            lastIdleReport = Date.now();
            await stores.pipeline.idle();
          }
          if (o.jobs !== false && (jobsPending || Date.now() - jobsChecked > 10_000)) {
            jobsChecked = Date.now();
            // A slice of the recompute job between batches: short, so new records wait little.
            await redrive(stores, aggregator, o.log);
            const r = await job.runSlice({
              budgetMs: 2_000,
              onProgress: (p) => {
                // Quiet for a catalog change that touches no case; the full pass reports every 10 s.
                if (p.phase === 'item' ? p.changed === 0 : Date.now() - lastJobLog < 10_000) return;
                lastJobLog = Date.now();
                o.log?.(
                  p.phase === 'item'
                    ? `recompute: ${p.changed} cases of item ${p.itemCode} recounted with its new catalog version`
                    : `recompute: ${p.processed} entities looked at, ${p.changed} recounted`,
                );
              },
            });
            if (r.done && r.processed) o.log?.(`recompute: done (${r.changed} recounted in this pass)`);
            jobsPending = !r.done;
          }
          await sleep(idle);
        }
      } catch (e) {
        busy = false;
        if (stopped) break;
        o.onError?.(e);
        await sleep(1_000); // then resume from the checkpoint
        for (const k of iterators.keys()) iterators.delete(k);
        lastDescribe = 0;
      }
    }
  })();

  return {
    /**
     * Resolves once the poller has caught up with everything written before this call: it
     * writes a ping and waits until the ping has come through the stream and its batch is done.
     */
    async idle(timeoutMs = 120_000): Promise<void> {
      const start = Date.now();
      const mine = ++pingsWritten;
      await settings.put(SETTINGS.streamPing, `${pingPrefix}${mine}`, 'idle', new Date().toISOString());
      while (busy || pingsSeen < mine) {
        if (stopped) throw new Error('the stream consumer stopped');
        if (Date.now() - start > timeoutMs) throw new Error('the aggregator did not catch up with the stream');
        await new Promise((r) => setTimeout(r, 25));
      }
      // …and with the recompute work the stream asked for (a calendar or catalog change).
      if (o.jobs !== false) {
        jobsPending = true;
        while (await job.pending()) {
          if (Date.now() - start > timeoutMs) throw new Error('the recompute job did not finish');
          jobsPending = true;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    },
    async stop(): Promise<void> {
      stopped = true;
      wake?.();
      // A batch being retried against a DynamoDB Local that is gone would hold us: let it go
      // (it is replayed from the checkpoint at the next start, and changes nothing twice).
      await Promise.race([loop.catch(() => undefined), new Promise((r) => setTimeout(r, STOP_GRACE_MS).unref())]);
      ddb.destroy();
      streams.destroy();
    },
    /** The recompute job this poller runs between batches. */
    job,
  };
}
export type LocalStream = ReturnType<typeof startLocalStream>;
