// Background jobs (后台任务) of the aggregator: a full recompute of every entity (the calendar or
// the contribution rules changed) and per-item recomputes (a catalog version changed). Each is
// one small item under the JOB partition; a request is an update, so asking twice while a job
// runs restarts it at most once, and the job's cursor makes it resumable after a crash.
import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { queryAll } from './query-all.js';

export interface FullJob {
  /** The generation asked for last; the job is done when `completed` equals it. */
  requested?: string;
  reason?: string;
  requestedAt?: string;
  /** The generation being worked on, where it stands and how far it got. */
  running?: string;
  cursor?: Record<string, unknown>;
  processed?: number;
  changed?: number;
  startedAt?: string;
  completed?: string;
  completedAt?: string;
}

export interface ItemJob {
  itemCode: string;
  from: string;
  requested: string;
}

const FULL = 'FULL';
/** Attribute names through placeholders (several are DynamoDB reserved words). */
const names = (...n: string[]) => Object.fromEntries(n.map((x) => [`#${x}`, x]));
const ITEM = 'ITEM#';

export function createJobsStore(db: Db) {
  const TableName = db.tableName;
  const ignoreCondition = (e: unknown) => {
    if (!(e instanceof ConditionalCheckFailedException)) throw e;
  };
  return {
    async requestFull(reason: string, at = new Date()): Promise<string> {
      const generation = `${at.toISOString()}#${Math.random().toString(36).slice(2, 8)}`;
      await db.doc.send(
        new UpdateCommand({
          TableName,
          Key: keys.job(FULL),
          UpdateExpression: 'SET #requested = :g, #reason = :r, #requestedAt = :t',
          ExpressionAttributeNames: names('requested', 'reason', 'requestedAt'),
          ExpressionAttributeValues: { ':g': generation, ':r': reason, ':t': at.toISOString() },
        }),
      );
      return generation;
    },
    async full(): Promise<FullJob> {
      const r = await db.doc.send(new GetCommand({ TableName, Key: keys.job(FULL), ConsistentRead: true }));
      const { pk: _p, sk: _s, ...rest } = r.Item ?? {};
      return rest as FullJob;
    },
    /** Starts (or restarts) work on a generation from the beginning. */
    async startFull(generation: string): Promise<void> {
      await db.doc.send(
        new UpdateCommand({
          TableName,
          Key: keys.job(FULL),
          UpdateExpression: 'SET #running = :g, #processed = :z, #changed = :z, #startedAt = :t REMOVE #cursor',
          ExpressionAttributeNames: names('running', 'processed', 'changed', 'startedAt', 'cursor'),
          ExpressionAttributeValues: { ':g': generation, ':z': 0, ':t': new Date().toISOString() },
        }),
      );
    },
    /** Saves progress, unless another worker took the job over meanwhile (false). */
    async saveFull(
      generation: string,
      p: { cursor?: Record<string, unknown>; processed: number; changed: number; done: boolean },
    ): Promise<boolean> {
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName,
            Key: keys.job(FULL),
            ConditionExpression: '#running = :g',
            UpdateExpression: p.done
              ? 'SET #processed = :p, #changed = :c, #completed = :g, #completedAt = :t REMOVE #cursor'
              : `SET #processed = :p, #changed = :c${p.cursor ? ', #cursor = :k' : ''}`,
            ExpressionAttributeNames: names(
              'running',
              'processed',
              'changed',
              ...(p.done ? ['completed', 'completedAt', 'cursor'] : p.cursor ? ['cursor'] : []),
            ),
            ExpressionAttributeValues: {
              ':g': generation,
              ':p': p.processed,
              ':c': p.changed,
              ...(p.done ? { ':t': new Date().toISOString() } : p.cursor ? { ':k': p.cursor } : {}),
            },
          }),
        );
        return true;
      } catch (e) {
        ignoreCondition(e);
        return false;
      }
    },

    /** Asks for the cases of an item accepted since `from` to be recomputed (earliest date kept). */
    async requestItem(itemCode: string, from: string): Promise<void> {
      const requested = `${new Date().toISOString()}#${Math.random().toString(36).slice(2, 8)}`;
      const cur = await this.item(itemCode);
      const earliest = cur && cur.from < from ? cur.from : from;
      await db.doc.send(
        new UpdateCommand({
          TableName,
          Key: keys.job(`${ITEM}${itemCode}`),
          UpdateExpression: 'SET #itemCode = :c, #from = :f, #requested = :r',
          ExpressionAttributeNames: names('itemCode', 'from', 'requested'),
          ExpressionAttributeValues: { ':c': itemCode, ':f': earliest, ':r': requested },
        }),
      );
    },
    async item(itemCode: string): Promise<ItemJob | undefined> {
      const r = await db.doc.send(new GetCommand({ TableName, Key: keys.job(`${ITEM}${itemCode}`), ConsistentRead: true }));
      return r.Item as ItemJob | undefined;
    },
    async items(): Promise<ItemJob[]> {
      const all = await queryAll(db, {
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :i)',
        ExpressionAttributeValues: { ':p': keys.jobs().pk, ':i': ITEM },
        ConsistentRead: true,
      });
      return all as unknown as ItemJob[];
    },
    /** Done with an item's request, unless it was asked for again meanwhile. */
    async itemDone(job: ItemJob): Promise<void> {
      try {
        await db.doc.send(
          new DeleteCommand({
            TableName,
            Key: keys.job(`${ITEM}${job.itemCode}`),
            ConditionExpression: '#requested = :r',
            ExpressionAttributeNames: names('requested'),
            ExpressionAttributeValues: { ':r': job.requested },
          }),
        );
      } catch (e) {
        ignoreCondition(e);
      }
    },
  };
}
export type JobsStore = ReturnType<typeof createJobsStore>;
