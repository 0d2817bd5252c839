// Stored department records (事件记录): immutable, one item per (department, sender id). A
// conditional put on that key is what makes ingestion exactly-once; the byEntity index lists a
// case's (complaint's, evaluation's) records in order of their `at`.
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { TABLE } from '../../shared/table-schema.js';
import type { Db } from './client.js';
import { putAll } from './batch-write.js';
import { keys } from './keys.js';
import { queryAll, stripKeys } from './query-all.js';

export interface StoredRecord {
  dept: string;
  id: string;
  type: string;
  at: string; // as sent
  atMs: number;
  day: string; // Asia/Shanghai date of `at`
  /** Type-specific fields as sent, free text masked. */
  body: Record<string, unknown>;
  hash: string; // sha-256 of the canonical record, for duplicate vs conflict
  receivedAt: string;
  entity?: { kind: string; id: string };
  /** Set when the record names an item code that is not (yet) in the department's catalog. */
  unknownItem?: boolean;
  voidedBy?: string;
  voidedAt?: string;
}

type Item = StoredRecord & { pk: string; sk: string; gsi1pk?: string; gsi1sk?: string };

function toItem(r: StoredRecord): Item {
  const k = keys.record(r.dept, r.id);
  const timeline = r.entity
    ? { gsi1pk: keys.entityTimeline(r.dept, r.entity.kind, r.entity.id), gsi1sk: keys.timelineSort(r.atMs, r.id) }
    : {};
  const namesCase =
    r.entity?.kind === 'evaluation' && typeof r.body.caseId === 'string'
      ? keys.evaluationNamingCase(r.dept, r.body.caseId, r.entity.id)
      : {};
  return { ...k, ...timeline, ...namesCase, ...r };
}

/** A stored record from its item (also from a stream image: see stream-batch.ts). */
export function fromItem(item: Record<string, unknown>): StoredRecord {
  return stripKeys<StoredRecord>(item);
}

export type PutOutcome = { stored: true } | { stored: false; existing: StoredRecord };
export type VoidOutcome = PutOutcome | { stored: false; targetProblem: 'missing' | 'is_void' | 'already_voided' };

export function createRecordsStore(db: Db) {
  const TableName = db.tableName;
  return {
    async get(dept: string, id: string): Promise<StoredRecord | undefined> {
      const r = await db.doc.send(new GetCommand({ TableName, Key: keys.record(dept, id), ConsistentRead: true }));
      return r.Item ? fromItem(r.Item) : undefined;
    },

    /** Stores the record unless its id is taken; then returns what is stored under that id. */
    async put(record: StoredRecord): Promise<PutOutcome> {
      try {
        await db.doc.send(
          new PutCommand({
            TableName,
            Item: toItem(record),
            ConditionExpression: 'attribute_not_exists(pk)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return { stored: true };
      } catch (e) {
        if (e instanceof ConditionalCheckFailedException) {
          const old = e.Item ? fromItem(unmarshallLoose(e.Item)) : await this.get(record.dept, record.id);
          if (old) return { stored: false, existing: old };
        }
        throw e;
      }
    },

    /** Stores a void and marks its target voided, both or neither (一笔作废). */
    async putVoid(record: StoredRecord, targetId: string): Promise<VoidOutcome> {
      const target = keys.record(record.dept, targetId);
      try {
        await db.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName, Item: toItem(record), ConditionExpression: 'attribute_not_exists(pk)' } },
              {
                Update: {
                  TableName,
                  Key: target,
                  UpdateExpression: 'SET voidedBy = :v, voidedAt = :t',
                  ConditionExpression: 'attribute_exists(pk) AND #type <> :void AND attribute_not_exists(voidedBy)',
                  ExpressionAttributeNames: { '#type': 'type' },
                  ExpressionAttributeValues: { ':v': record.id, ':t': record.receivedAt, ':void': 'void' },
                },
              },
            ],
          }),
        );
        return { stored: true };
      } catch (e) {
        if (!(e instanceof TransactionCanceledException)) throw e;
        const reasons = e.CancellationReasons ?? [];
        if (reasons[0]?.Code === 'ConditionalCheckFailed') {
          const existing = await this.get(record.dept, record.id);
          if (existing) return { stored: false, existing };
        }
        if (reasons[1]?.Code === 'ConditionalCheckFailed') {
          const t = await this.get(record.dept, targetId);
          return { stored: false, targetProblem: !t ? 'missing' : t.type === 'void' ? 'is_void' : 'already_voided' };
        }
        throw e;
      }
    },

    /** The records of one case (complaint, evaluation), in order of `at`. */
    async timeline(dept: string, kind: string, entityId: string): Promise<StoredRecord[]> {
      const out: StoredRecord[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const r = await db.doc.send(
          new QueryCommand({
            TableName,
            IndexName: TABLE.indexes.byEntity.name,
            KeyConditionExpression: 'gsi1pk = :p',
            ExpressionAttributeValues: { ':p': keys.entityTimeline(dept, kind, entityId) },
            ExclusiveStartKey,
          }),
        );
        for (const it of r.Items ?? []) out.push(fromItem(it));
        ExclusiveStartKey = r.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return out;
    },

    /** The evaluations (ids) whose records name a case of the department (index byItem). */
    async evaluationsNaming(dept: string, caseId: string): Promise<string[]> {
      const items = await queryAll(db, {
        IndexName: TABLE.indexes.byItem.name,
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': keys.evaluationsNamingCase(dept, caseId).gsi2pk },
        ProjectionExpression: 'gsi2sk',
      });
      return [...new Set(items.map((i) => i.gsi2sk as string))];
    },

    /**
     * Bulk write for backfill: records the caller has just checked are absent (BatchWriteItem has
     * no conditions; the backfill runs `getMany` first and a racing writer of the same id and
     * content is harmless — ids are per department and records immutable).
     */
    /** Records already checked to be new (ingestBulk), in batches. */
    async putMany(records: StoredRecord[]): Promise<void> {
      await putAll(
        db,
        records.map((r) => ({ ...toItem(r) }) as Record<string, unknown>),
      );
    },

    async getMany(dept: string, ids: string[]): Promise<StoredRecord[]> {
      const out: StoredRecord[] = [];
      for (let i = 0; i < ids.length; i += 100) {
        let req: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
          [TableName]: { Keys: ids.slice(i, i + 100).map((id) => keys.record(dept, id)), ConsistentRead: true },
        };
        while (req && Object.keys(req).length) {
          const r = await db.doc.send(new BatchGetCommand({ RequestItems: req }));
          for (const it of r.Responses?.[TableName] ?? []) out.push(fromItem(it));
          req = r.UnprocessedKeys as typeof req;
        }
      }
      return out;
    },
  };
}
export type RecordsStore = ReturnType<typeof createRecordsStore>;

// The low-level exception carries the old item in attribute-value form.
function unmarshallLoose(item: Record<string, unknown>): Record<string, unknown> {
  return unmarshall(item as Parameters<typeof unmarshall>[0]);
}
