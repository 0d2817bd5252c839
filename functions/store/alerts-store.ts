// Alerts (预警与订阅): rules, webhook channels, what each rule remembers, notices, read marks and
// deliveries. A notice, the rule's new memory and one delivery per channel are written in one
// transaction, conditional on the notice not existing: a notice is stored — and so sent — once,
// whatever restarts or retries happen, and never without its deliveries.
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TABLE } from '../../shared/table-schema.js';
import type { AlertRule, ChannelKind, RuleKind } from '../../shared/contract/alerts.js';
import type { NoticeDraft, RuleState } from '../../shared/alerts/evaluate.js';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { queryAll, stripKeys } from './query-all.js';
import { putAll } from './batch-write.js';

export interface StoredChannel {
  id: string;
  kind: ChannelKind;
  name: string;
  /** AES-256-GCM sealed (functions/adapters/secret-box.ts): robot URLs carry their key. Absent for e-mail. */
  urlSealed?: string;
  urlMasked: string;
  /** E-mail channels: the addresses (sent through the SMTP setting). */
  recipients?: string[];
  /** A daily digest (每日摘要) at this hour, Asia/Shanghai, instead of one message per notice. */
  digestHour?: number;
  secretSealed?: string;
  departmentCode?: string;
  /** Kinds of notice about departmentCode received from every rule (a department's subscription). */
  subscribe?: RuleKind[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A notice as stored: the evaluation's draft (shared/alerts/evaluate.ts), less the rule's memory. */
export type StoredNotice = Omit<NoticeDraft, 'state'> & { id: string; createdAt: string };

export interface DeliveryAttempt {
  at: string;
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

export interface StoredDelivery {
  id: string;
  noticeId: string;
  /** A daily digest: the notices it holds (noticeId is then the digest's own id). */
  digestOf?: string[];
  dedupeKey: string;
  channelId: string;
  channelKind: ChannelKind;
  channelName: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  log: DeliveryAttempt[];
  createdAt: string;
  updatedAt: string;
}

/** Alert items also lose their expiry attribute (TTL), which no caller reads. */
const strip = <T>(item: Record<string, unknown>): T => stripKeys<T>(item, [TABLE.ttlAttribute]);

export function createAlertsStore(db: Db) {
  const TableName = db.tableName;
  const isConditionFailure = (e: unknown) =>
    e instanceof ConditionalCheckFailedException ||
    (e instanceof TransactionCanceledException && Boolean(e.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')));

  async function listPartition<T>(pk: string): Promise<T[]> {
    const items = await queryAll(db, { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': pk }, ConsistentRead: true });
    return items.map((i) => strip<T>(i));
  }

  /** Puts an item that must be new (create) or must exist (replace); false when it is not so. */
  async function putAs(mode: 'create' | 'replace', Item: Record<string, unknown>): Promise<boolean> {
    try {
      await db.doc.send(
        new PutCommand({ TableName, Item, ConditionExpression: mode === 'create' ? 'attribute_not_exists(pk)' : 'attribute_exists(pk)' }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  return {
    rules: () => listPartition<AlertRule>(keys.alertRules().pk),
    async rule(id: string): Promise<AlertRule | undefined> {
      const r = await db.doc.send(new GetCommand({ TableName, Key: keys.alertRule(id), ConsistentRead: true }));
      return r.Item ? strip<AlertRule>(r.Item) : undefined;
    },
    /** false when a rule with this id exists (create) or does not (replace). */
    putRule: (rule: AlertRule, mode: 'create' | 'replace') => putAs(mode, { ...keys.alertRule(rule.id), ...rule }),
    async deleteRule(id: string): Promise<boolean> {
      const r = await db.doc.send(new DeleteCommand({ TableName, Key: keys.alertRule(id), ReturnValues: 'ALL_OLD' }));
      return Boolean(r.Attributes);
    },

    channels: () => listPartition<StoredChannel>(keys.alertChannels().pk),
    async channel(id: string): Promise<StoredChannel | undefined> {
      const r = await db.doc.send(new GetCommand({ TableName, Key: keys.alertChannel(id), ConsistentRead: true }));
      return r.Item ? strip<StoredChannel>(r.Item) : undefined;
    },
    /** false when a channel with this id exists (create) or does not (replace). */
    putChannel: (ch: StoredChannel, mode: 'create' | 'replace') => putAs(mode, { ...keys.alertChannel(ch.id), ...ch }),
    async deleteChannel(id: string): Promise<boolean> {
      const r = await db.doc.send(new DeleteCommand({ TableName, Key: keys.alertChannel(id), ReturnValues: 'ALL_OLD' }));
      return Boolean(r.Attributes);
    },

    /** Every rule's memory, by state key (rule id | subject). */
    async states(): Promise<Record<string, RuleState>> {
      const items = await queryAll(db, {
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': keys.alertStates().pk },
        ConsistentRead: true,
      });
      return Object.fromEntries(items.map((i) => [String(i.sk), i.value as RuleState]));
    },
    async putState(key: string, value: RuleState, at: string): Promise<void> {
      await db.doc.send(new PutCommand({ TableName, Item: { ...keys.alertState(key), value, updatedAt: at } }));
    },

    async noticeExists(id: string): Promise<boolean> {
      const r = await db.doc.send(
        new GetCommand({ TableName, Key: keys.noticeById(id), ProjectionExpression: 'pk', ConsistentRead: true }),
      );
      return Boolean(r.Item);
    },
    async notice(id: string): Promise<StoredNotice | undefined> {
      const r = await db.doc.send(new GetCommand({ TableName, Key: keys.noticeById(id), ConsistentRead: true }));
      return r.Item ? strip<StoredNotice>(r.Item) : undefined;
    },
    /**
     * Stores a notice with the rule's new memory and its deliveries, all or nothing. false when
     * the notice exists already (sent before: nothing is written, the memory stays as it was).
     */
    async putNotice(n: StoredNotice, state: { key: string; value: RuleState } | undefined, deliveries: StoredDelivery[]): Promise<boolean> {
      try {
        await db.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName,
                  Item: { ...keys.notice(n.id, n.createdAt, n.department), ...n },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              ...(state
                ? [{ Put: { TableName, Item: { ...keys.alertState(state.key), value: state.value, updatedAt: n.createdAt } } }]
                : []),
              ...deliveries.map((d) => ({
                Put: {
                  TableName,
                  Item: {
                    ...keys.delivery(d.id),
                    ...keys.deliveryPending(d.nextAttemptAt!, d.id),
                    ...keys.deliveryLog(d.createdAt, d.id),
                    ...d,
                  },
                },
              })),
            ],
          }),
        );
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },
    /** Every notice created in [from, to) (ISO instants), oldest first (a daily digest's day). */
    async noticesBetween(from: string, to: string): Promise<StoredNotice[]> {
      const items = await queryAll(db, {
        IndexName: TABLE.indexes.byEntity.name,
        KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':p': keys.noticeList().gsi1pk, ':a': from, ':b': to }, // `${createdAt}#${id}` ≤ to ⇔ createdAt < to (ISO instants of one length)
      });
      return items.map((i) => strip<StoredNotice>(i)).filter((n) => n.createdAt >= from && n.createdAt < to);
    },
    /** Stores a daily digest's delivery once (false: that day's digest exists already). */
    async putDigest(d: StoredDelivery, state: { key: string; value: RuleState }): Promise<boolean> {
      try {
        await db.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName,
                  Item: {
                    ...keys.delivery(d.id),
                    ...keys.deliveryPending(d.nextAttemptAt!, d.id),
                    ...keys.deliveryLog(d.createdAt, d.id),
                    ...d,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              { Put: { TableName, Item: { ...keys.alertState(state.key), value: state.value, updatedAt: d.createdAt } } },
            ],
          }),
        );
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },

    /**
     * Departments whose figures changed since the alerts last looked (the aggregator's marks):
     * one small item per department, `at` the last mark.
     */
    async dirtyDepartments(): Promise<Array<{ department: string; at: string }>> {
      const items = await queryAll(db, {
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': keys.alertDirtyAll().pk },
        ConsistentRead: true,
      });
      return items.map((i) => ({ department: String(i.sk), at: String(i.at) }));
    },
    /** The aggregator marks the departments whose records it has just counted (one put each). */
    async markDirty(departments: Iterable<string>, at: string): Promise<void> {
      await putAll(
        db,
        [...new Set(departments)].map((d) => ({ ...keys.alertDirty(d), at })),
      );
    },
    /** Clears a department's mark once evaluated — unless it was marked again meanwhile. */
    async clearDirty(department: string, at: string): Promise<void> {
      try {
        await db.doc.send(
          new DeleteCommand({
            TableName,
            Key: keys.alertDirty(department),
            ConditionExpression: '#at = :at',
            ExpressionAttributeNames: { '#at': 'at' },
            ExpressionAttributeValues: { ':at': at },
          }),
        );
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
    },

    /** Newest first: every notice, or one department's. */
    async notices(opts: { department?: string; limit: number }): Promise<StoredNotice[]> {
      const r = await db.doc.send(
        new QueryCommand(
          opts.department
            ? {
                TableName,
                IndexName: TABLE.indexes.byItem.name,
                KeyConditionExpression: 'gsi2pk = :p',
                ExpressionAttributeValues: { ':p': keys.noticesOfDepartment(opts.department).gsi2pk },
                ScanIndexForward: false,
                Limit: opts.limit,
              }
            : {
                TableName,
                IndexName: TABLE.indexes.byEntity.name,
                KeyConditionExpression: 'gsi1pk = :p',
                ExpressionAttributeValues: { ':p': keys.noticeList().gsi1pk },
                ScanIndexForward: false,
                Limit: opts.limit,
              },
        ),
      );
      return (r.Items ?? []).map((i) => strip<StoredNotice>(i));
    },
    async markRead(recipient: string, noticeId: string, at: string, expiresAtSec: number): Promise<void> {
      await db.doc.send(
        new PutCommand({ TableName, Item: { ...keys.noticeRead(recipient, noticeId), at, [TABLE.ttlAttribute]: expiresAtSec } }),
      );
    },
    async readIds(recipient: string): Promise<Set<string>> {
      const items = await queryAll(db, {
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': keys.noticeReads(recipient).pk },
        ProjectionExpression: 'sk',
      });
      return new Set(items.map((i) => String(i.sk)));
    },

    /** Deliveries waiting whose next attempt is due at `dueBy` (ISO) or earlier, oldest first. */
    async dueDeliveries(dueBy: string, limit = 100): Promise<StoredDelivery[]> {
      const r = await db.doc.send(
        new QueryCommand({
          TableName,
          IndexName: TABLE.indexes.byEntity.name,
          KeyConditionExpression: 'gsi1pk = :p AND gsi1sk <= :s',
          ExpressionAttributeValues: { ':p': keys.deliveriesPending().gsi1pk, ':s': `${dueBy}#\uffff` },
          Limit: limit,
        }),
      );
      return (r.Items ?? []).map((i) => strip<StoredDelivery>(i));
    },
    /**
     * Takes a delivery for one attempt: bumps its attempt count and moves its next attempt to
     * `retryAt`, conditional on nobody else having taken it (attempts unchanged). A crash during
     * the attempt leaves it to be retried at `retryAt`.
     */
    async claimDelivery(d: StoredDelivery, retryAt: string, at: string): Promise<boolean> {
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName,
            Key: keys.delivery(d.id),
            UpdateExpression: 'SET attempts = :n, nextAttemptAt = :r, gsi1sk = :s, updatedAt = :at',
            ConditionExpression: 'attempts = :o AND #st = :pending',
            ExpressionAttributeNames: { '#st': 'status' },
            ExpressionAttributeValues: {
              ':n': d.attempts + 1,
              ':o': d.attempts,
              ':r': retryAt,
              ':s': keys.deliveryPending(retryAt, d.id).gsi1sk,
              ':at': at,
              ':pending': 'pending',
            },
          }),
        );
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },
    /** Records an attempt's outcome: sent, failed for good, or pending until `nextAttemptAt`. */
    async finishAttempt(
      id: string,
      outcome: { status: StoredDelivery['status']; attempt: DeliveryAttempt; nextAttemptAt: string | null },
    ): Promise<void> {
      const pending = outcome.status === 'pending';
      await db.doc.send(
        new UpdateCommand({
          TableName,
          Key: keys.delivery(id),
          UpdateExpression: `SET #st = :st, lastStatusCode = :c, lastError = :e, nextAttemptAt = :r, updatedAt = :at, #log = list_append(#log, :entry)${pending ? ', gsi1sk = :s' : ' REMOVE gsi1pk, gsi1sk'}`,
          ExpressionAttributeNames: { '#st': 'status', '#log': 'log' },
          ExpressionAttributeValues: {
            ':st': outcome.status,
            ':c': outcome.attempt.statusCode,
            ':e': outcome.attempt.error,
            ':r': outcome.nextAttemptAt,
            ':at': outcome.attempt.at,
            ':entry': [outcome.attempt],
            ...(pending ? { ':s': keys.deliveryPending(outcome.nextAttemptAt!, id).gsi1sk } : {}),
          },
        }),
      );
    },
    /** The delivery log, newest first. */
    async deliveries(limit: number): Promise<StoredDelivery[]> {
      const r = await db.doc.send(
        new QueryCommand({
          TableName,
          IndexName: TABLE.indexes.byItem.name,
          KeyConditionExpression: 'gsi2pk = :p',
          ExpressionAttributeValues: { ':p': keys.deliveryLogList().gsi2pk },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (r.Items ?? []).map((i) => strip<StoredDelivery>(i));
    },
  };
}
export type AlertsStore = ReturnType<typeof createAlertsStore>;
