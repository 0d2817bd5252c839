// Aggregator state per case, complaint or evaluation (办件状态): its records in order (voided ones
// marked) and the catalog item version its contribution was computed with. Stored so the
// aggregator can recompute the old contribution and add only the difference to the rollups.
import { BatchGetCommand, GetCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { TABLE } from '../../shared/table-schema.js';
import { shanghaiDate } from '../../shared/calendar/index.js';
import type { EntityRecord, ItemVersionLite } from '../../shared/figures/contribution.js';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { putAll } from './batch-write.js';
import { queryAll } from './query-all.js';

export interface EntityState {
  dept: string;
  kind: 'case' | 'complaint' | 'evaluation';
  entityId: string;
  records: EntityRecord[];
  /** The item version the current contribution used (cases), null when the item was unknown. */
  item: ItemVersionLite | null;
  calendarVersion: string;
  version: number;
  /** Cases: the open-case index (deadline as of the last event) and acceptance. */
  open?: { deadline: string; yellowFrom: string; suspended: boolean; regionCode: string; itemCode: string; channel: string };
  acceptedDay?: string;
  itemCode?: string;
}

export type EntityRef = Pick<EntityState, 'dept' | 'kind' | 'entityId'>;
export const entityRefKey = (r: EntityRef) => `${r.dept}\u0000${r.kind}\u0000${r.entityId}`;

/**
 * A complaint's (evaluation's) place in the work lists: the day of its live `received`
 * (`submitted`) record — the day its figures count it on — or none while that record is missing.
 */
export function feedbackListing(s: Pick<EntityState, 'dept' | 'kind' | 'entityId' | 'records'>): { gsi1pk: string; gsi1sk: string } | Record<string, never> {
  if (s.kind === 'case') return {};
  const type = s.kind === 'complaint' ? 'complaint.received' : 'evaluation.submitted';
  const latest = s.records.filter((r) => r.type === type && !r.voided).sort((a, b) => a.atMs - b.atMs || (a.id < b.id ? -1 : 1)).at(-1);
  return latest ? keys.feedbackListed(s.kind, shanghaiDate(latest.atMs), s.dept, s.entityId) : {};
}

/** The DynamoDB item of a state, with its index keys. */
export function entityStateItem(s: EntityState): Record<string, unknown> {
  return {
    ...keys.entityState(s.dept, s.kind, s.entityId),
    ...(s.open ? keys.openCase(s.open.deadline, s.dept, s.entityId) : {}),
    ...feedbackListing(s),
    ...(s.kind === 'case' && s.itemCode && s.acceptedDay ? keys.caseByItem(s.itemCode, s.acceptedDay, s.dept, s.entityId) : {}),
    ...s,
  };
}

function fromItem(item: Record<string, unknown>): EntityState {
  const { pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, gsi2pk: _e, gsi2sk: _f, ...rest } = item;
  return rest as unknown as EntityState;
}

export function createEntityStateStore(db: Db) {
  const TableName = db.tableName;
  return {
    async get(ref: EntityRef): Promise<EntityState | undefined> {
      const r = await db.doc.send(new GetCommand({ TableName, Key: keys.entityState(ref.dept, ref.kind, ref.entityId), ConsistentRead: true }));
      return r.Item ? fromItem(r.Item) : undefined;
    },

    /** Whole state items, unconditionally (first load only: see the aggregator's loadFresh). */
    async putMany(items: Array<Record<string, unknown>>): Promise<void> {
      await putAll(db, items);
    },

    async getMany(refs: EntityRef[]): Promise<Map<string, EntityState>> {
      const out = new Map<string, EntityState>();
      for (let i = 0; i < refs.length; i += 100) {
        let req: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
          [TableName]: { Keys: refs.slice(i, i + 100).map((r) => keys.entityState(r.dept, r.kind, r.entityId)), ConsistentRead: true },
        };
        while (req && Object.keys(req).length) {
          const r = await db.doc.send(new BatchGetCommand({ RequestItems: req }));
          for (const it of r.Responses?.[TableName] ?? []) { const s = fromItem(it); out.set(entityRefKey(s), s); }
          req = r.UnprocessedKeys as typeof req;
        }
      }
      return out;
    },

    /** Open cases whose indexed deadline is before `beforeDay` (red candidates), or all open cases. */
    async openCases(opts: { deadlineBefore?: string; limit?: number; startKey?: Record<string, unknown> }) {
      const { gsi1pk } = keys.openCases();
      const r = await db.doc.send(new QueryCommand({
        TableName, IndexName: TABLE.indexes.byEntity.name,
        KeyConditionExpression: opts.deadlineBefore ? 'gsi1pk = :p AND gsi1sk < :d' : 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': gsi1pk, ...(opts.deadlineBefore ? { ':d': opts.deadlineBefore } : {}) },
        ...(opts.limit ? { Limit: opts.limit } : {}),
        ...(opts.startKey ? { ExclusiveStartKey: opts.startKey } : {}),
      }));
      return { states: (r.Items ?? []).map(fromItem), next: r.LastEvaluatedKey };
    },

    /**
     * One page of a month's complaints (evaluations) received between two days, newest first.
     * `next` is the key to pass back as `startKey` for the rest of the month.
     */
    async feedbackPage(kind: 'complaint' | 'evaluation', month: string, opts: { fromDay: string; toDay: string; limit: number; startKey?: Record<string, unknown> }) {
      const r = await db.doc.send(new QueryCommand({
        TableName, IndexName: TABLE.indexes.byEntity.name,
        KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':p': keys.feedbackMonth(kind, month).gsi1pk, ':a': opts.fromDay, ':b': `${opts.toDay}#\uffff` },
        ScanIndexForward: false, Limit: opts.limit,
        ...(opts.startKey ? { ExclusiveStartKey: opts.startKey } : {}),
      }));
      return { states: (r.Items ?? []).map(fromItem), next: r.LastEvaluatedKey };
    },

    /** The index key of a state in a work list (to resume a page after it). */
    feedbackCursorKey(s: EntityState): Record<string, unknown> {
      return { ...keys.entityState(s.dept, s.kind, s.entityId), ...feedbackListing(s) };
    },

    /**
     * Gives complaints and evaluations stored before the work lists existed their list keys
     * (run once at start; a state written meanwhile by the aggregator already has them).
     */
    async indexFeedbackStates(): Promise<number> {
      let n = 0;
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const r = await db.doc.send(new ScanCommand({
          TableName, ExclusiveStartKey,
          FilterExpression: 'begins_with(pk, :p) AND (kind = :c OR kind = :e) AND attribute_not_exists(gsi1pk)',
          ExpressionAttributeValues: { ':p': 'ENT#', ':c': 'complaint', ':e': 'evaluation' },
        }));
        for (const it of r.Items ?? []) {
          const s = fromItem(it);
          const k = feedbackListing(s);
          if (!k.gsi1pk) continue;
          try {
            await db.doc.send(new UpdateCommand({
              TableName, Key: keys.entityState(s.dept, s.kind, s.entityId),
              UpdateExpression: 'SET gsi1pk = :p, gsi1sk = :s', ConditionExpression: 'version = :v',
              ExpressionAttributeValues: { ':p': k.gsi1pk, ':s': k.gsi1sk, ':v': s.version },
            }));
            n++;
          } catch (e) {
            if (!(e instanceof ConditionalCheckFailedException)) throw e; // rewritten meanwhile, with its keys
          }
        }
        ExclusiveStartKey = r.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return n;
    },

    /** Every entity, page by page (a calendar change recomputes them all). */
    async *allRefs(pageSize = 500): AsyncGenerator<EntityRef[]> {
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const r = await db.doc.send(new ScanCommand({
          TableName, Limit: pageSize, ExclusiveStartKey,
          FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': 'ENT#' },
          ProjectionExpression: 'dept, kind, entityId',
        }));
        if (r.Items?.length) yield r.Items as unknown as EntityRef[];
        ExclusiveStartKey = r.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    },

    /** Cases of an item accepted on or after a day (to recompute after a catalog change). */
    async casesOfItem(itemCode: string, fromDay: string): Promise<EntityRef[]> {
      const items = await queryAll(db, {
        IndexName: TABLE.indexes.byItem.name,
        KeyConditionExpression: 'gsi2pk = :p AND gsi2sk >= :d',
        ExpressionAttributeValues: { ':p': keys.casesByItem(itemCode).gsi2pk, ':d': fromDay },
        ProjectionExpression: 'dept, kind, entityId',
      });
      return items as unknown as EntityRef[];
    },
  };
}
export type EntityStateStore = ReturnType<typeof createEntityStateStore>;
