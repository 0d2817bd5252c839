// The local twin of the Streams → Lambda trigger: polls DynamoDB Local's stream of the table and
// feeds each batch to the same processChanges the Lambda uses. The position in each shard is
// checkpointed in the table after a batch is applied, so a restart resumes (and a replayed
// batch changes nothing).
import {
  DescribeStreamCommand, DynamoDBStreamsClient, ExpiredIteratorException, GetRecordsCommand, GetShardIteratorCommand, TrimmedDataAccessException, type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SettingsStore } from '../store/settings-store.js';
import type { Aggregator } from './aggregate.js';
import { processChanges } from './stream-batch.js';

const PING = 'STREAM_PING';

export interface LocalStreamOptions {
  endpoint: string;
  region: string;
  tableName: string;
  idleMs?: number;
  onError?: (e: unknown) => void;
  onBatch?: (n: number) => void;
}

export function startLocalStream(aggregator: Aggregator, settings: SettingsStore, o: LocalStreamOptions) {
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const ddb = new DynamoDBClient({ endpoint: o.endpoint, region: o.region, credentials });
  const streams = new DynamoDBStreamsClient({ endpoint: o.endpoint, region: o.region, credentials });
  const idle = o.idleMs ?? 200;
  let stopped = false;
  let busy = false;
  let seenPing = ''; // the last ping written by idle() that came through the stream
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
    const seq = await settings.get<string>(`STREAM#${shardId}`);
    try {
      const r = await streams.send(new GetShardIteratorCommand({
        StreamArn: arn, ShardId: shardId,
        ...(seq ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: seq } : { ShardIteratorType: 'TRIM_HORIZON' }),
      }));
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
          let r;
          try {
            r = await streams.send(new GetRecordsCommand({ ShardIterator: it, Limit: 1000 }));
          } catch (e) {
            if (e instanceof ExpiredIteratorException) { iterators.set(shardId, (await iteratorFor(arn, shardId)) ?? null); continue; }
            throw e;
          }
          const recs = r.Records ?? [];
          for (const x of recs) {
            const img = x.dynamodb?.NewImage;
            if (img?.pk?.S === 'SETTINGS' && img.sk?.S === PING) seenPing = img.value?.S ?? '';
          }
          if (recs.length) {
            busy = true;
            const done = await processChanges(aggregator, recs.map((x) => ({ eventName: x.eventName, newImage: x.dynamodb?.NewImage as never })));
            // Checkpoint only after batches that held records: the checkpoint write is itself a
            // change on the stream, and checkpointing it again would never let the stream rest.
            const lastSeq = recs[recs.length - 1]!.dynamodb?.SequenceNumber;
            if (lastSeq && done.relevant) await settings.put(`STREAM#${shardId}`, lastSeq, 'aggregator', new Date().toISOString());
            got += done.relevant;
            busy = false;
            o.onBatch?.(recs.length);
          }
          iterators.set(shardId, r.NextShardIterator ?? null);
        }
        if (!got) await new Promise((res) => setTimeout(res, idle));
      } catch (e) {
        busy = false;
        o.onError?.(e);
        await new Promise((res) => setTimeout(res, 1_000)); // then resume from the checkpoint
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
      const nonce = `${start}-${Math.random()}`;
      await settings.put(PING, nonce, 'idle', new Date().toISOString());
      while (busy || seenPing !== nonce) {
        if (Date.now() - start > timeoutMs) throw new Error('the aggregator did not catch up with the stream');
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async stop(): Promise<void> {
      stopped = true;
      await loop.catch(() => undefined);
      ddb.destroy();
      streams.destroy();
    },
  };
}
export type LocalStream = ReturnType<typeof startLocalStream>;
