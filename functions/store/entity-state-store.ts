// Aggregator state per case, complaint or evaluation (办件状态): its records in order (voided ones
// marked), the catalog item version, calendar and rules version its contribution was computed
// with, and that contribution itself (what it has added to the rollups), so the next change
// subtracts exactly what was added, whatever the code computes today. A state that cannot be
// judged (无法判定) carries its problem and is listed per department (index byEntity).
// Records and the written contribution are stored deflated (binary): a case's state stays far
// below DynamoDB's 400 KB item limit (records per case are capped on arrival, see the contract).
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { TABLE } from '../../shared/table-schema.js';
import { shanghaiDate } from '../../shared/calendar/index.js';
import type { EntityProblem, EntityRecord, ItemVersionLite } from '../../shared/figures/contribution.js';
import type { Contribution } from '../../shared/figures/rollup-key.js';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { putAll } from './batch-write.js';
import { openCaseCounty } from './open-case-partitions.js';
import { queryAll, stripKeys } from './query-all.js';

export interface EntityState {
  dept: string;
  kind: 'case' | 'complaint' | 'evaluation';
  entityId: string;
  records: EntityRecord[];
  /** The item version the current contribution used (cases), null when the item was unknown. */
  item: ItemVersionLite | null;
  calendarVersion: string;
  /** The contribution rules version (RULES_VERSION) it was counted with; absent: 1. */
  rulesVersion?: number;
  /** What it has added to the rollups in total; absent in states written before rules versions. */
  written?: Contribution;
  /** Why it cannot be judged, when it cannot (无法判定). */
  problem?: EntityProblem;
  /** A delta too large for one transaction, still being applied in chunks (see rollups-store). */
  pending?: { version: number; chunks: number };
  version: number;
  /** Cases: the open-case index (deadline as of the last event) and acceptance. */
  open?: { deadline: string; yellowFrom: string; suspended: boolean; regionCode: string; itemCode: string; channel: string };
  acceptedDay?: string;
  itemCode?: string;
  /** Evaluations: the region of the named case their contribution used (absent: region unknown). */
  caseRegion?: string;
}

export type EntityRef = Pick<EntityState, 'dept' | 'kind' | 'entityId'>;
export const entityRefKey = (r: EntityRef) => `${r.dept}\u0000${r.kind}\u0000${r.entityId}`;

/**
 * A complaint's (evaluation's) place in the work lists: the day of its live `received`
 * (`submitted`) record — the day its figures count it on — or none while that record is missing.
 */
export function feedbackListing(
  s: Pick<EntityState, 'dept' | 'kind' | 'entityId' | 'records'>,
): { gsi1pk: string; gsi1sk: string } | Record<string, never> {
  if (s.kind === 'case') return {};
  const type = s.kind === 'complaint' ? 'complaint.received' : 'evaluation.submitted';
  const latest = s.records
    .filter((r) => r.type === type && !r.voided)
    .sort((a, b) => a.atMs - b.atMs || (a.id < b.id ? -1 : 1))
    .at(-1);
  return latest ? keys.feedbackListed(s.kind, shanghaiDate(latest.atMs), s.dept, s.entityId) : {};
}

const pack = (v: unknown): Uint8Array => deflateRawSync(Buffer.from(JSON.stringify(v)));
const unpack = <T>(b: Uint8Array): T => JSON.parse(inflateRawSync(b).toString()) as T;

/**
 * What the open-case index copies of a case besides where it stands (`open`): the clock's inputs —
 * the promised days of its item version and its live case records, reduced to id, type, time and
 * an extension's days (the warnings list judges each case as of now from these alone).
 */
export interface OpenCaseClock {
  promisedDays: number;
  records: Array<{ id: string; type: string; atMs: number; body: { days?: number } }>;
}

/** An open case as the open-case index holds it (index openCases). */
export interface OpenCaseEntry {
  dept: string;
  caseId: string;
  open: NonNullable<EntityState['open']>;
  promisedDays: number;
  records: OpenCaseClock['records'];
  /** Its sort key in the index: deadline#dept#caseId (unique across partitions). */
  sk: string;
}

function openCaseIndex(s: EntityState): Record<string, unknown> {
  if (s.problem || !s.open || !s.item || s.kind !== 'case') return {};
  const oc: OpenCaseClock = {
    promisedDays: s.item.promisedDays,
    records: s.records
      .filter((r) => !r.voided && r.type.startsWith('case.'))
      .map((r) => ({ id: r.id, type: r.type, atMs: r.atMs, body: r.type === 'case.extended' ? { days: r.body.days as number } : {} })),
  };
  return { ...keys.openCase(s.dept, openCaseCounty(s.open.regionCode), s.open.deadline, s.entityId), oc };
}

/** The DynamoDB item of a state, with its index keys: open cases by department, county and deadline, problems by department. */
export function entityStateItem(s: EntityState): Record<string, unknown> {
  const { records, written, ...rest } = s;
  return {
    ...keys.entityState(s.dept, s.kind, s.entityId),
    // A complaint or evaluation that cannot be judged is listed with the problems (same index), not in the work lists.
    ...(s.problem ? keys.entityProblem(s.dept, s.kind, s.entityId) : feedbackListing(s)),
    ...openCaseIndex(s),
    ...(s.kind === 'case' && s.itemCode && s.acceptedDay ? keys.caseByItem(s.itemCode, s.acceptedDay, s.dept, s.entityId) : {}),
    ...rest,
    recz: pack(records),
    ...(written ? { wz: pack([...written]) } : {}),
  };
}

/** Bytes of a state item as DynamoDB counts them, roughly (names + values), to stay under 400 KB. */
export function stateItemBytes(item: Record<string, unknown>): number {
  let n = 0;
  for (const [k, v] of Object.entries(item)) n += k.length + (v instanceof Uint8Array ? v.byteLength : JSON.stringify(v ?? null).length);
  return n;
}

function fromItem(item: Record<string, unknown>): EntityState {
  const { recz, wz, records } = item;
  return {
    ...stripKeys<EntityState>(item, ['oc', 'recz', 'wz', 'records']),
    records: recz ? unpack<EntityRecord[]>(recz as Uint8Array) : ((records as EntityRecord[] | undefined) ?? []),
    ...(wz ? { written: new Map(unpack<Array<[string, Record<string, number>]>>(wz as Uint8Array)) } : {}),
  };
}

export function createEntityStateStore(db: Db) {
  const TableName = db.tableName;

  /**
   * Rewrites each state a paged read finds (a one-off re-keying at start), each only if its
   * version is unchanged: a state the aggregator wrote meanwhile already has today's keys.
   * Returns how many it rewrote.
   */
  async function rewriteEach(
    read: (
      start: Record<string, unknown> | undefined,
    ) => Promise<{ Items?: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> }>,
    rewrite: (s: EntityState) => (() => Promise<unknown>) | undefined,
  ): Promise<number> {
    let n = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const r = await read(start);
      for (const it of r.Items ?? []) {
        const write = rewrite(fromItem(it));
        if (!write) continue;
        try {
          await write();
          n++;
        } catch (e) {
          if (!(e instanceof ConditionalCheckFailedException)) throw e; // rewritten meanwhile, with its keys
        }
      }
      start = r.LastEvaluatedKey;
    } while (start);
    return n;
  }
  /**
   * One page of one open-case partition (a department × county), oldest deadline first: the
   * entries whose sort key is after `after` (a previous page's last `sk`) and before
   * `deadlineBefore` (red candidates: deadlines before today), if given.
   */
  async function openCasesPage(
    dept: string,
    county: string,
    opts: { after?: string; deadlineBefore?: string; limit: number; startKey?: Record<string, unknown> },
  ) {
    const values: Record<string, string> = { ':p': keys.openCasePartition(dept, county).gsi3pk };
    let cond = 'gsi3pk = :p';
    if (opts.after !== undefined && opts.deadlineBefore !== undefined) {
      cond += ' AND gsi3sk BETWEEN :a AND :d';
      values[':a'] = opts.after;
      values[':d'] = opts.deadlineBefore;
    } else if (opts.after !== undefined) {
      cond += ' AND gsi3sk > :a';
      values[':a'] = opts.after;
    } else if (opts.deadlineBefore !== undefined) {
      cond += ' AND gsi3sk < :d';
      values[':d'] = opts.deadlineBefore;
    }
    const r = await db.doc.send(
      new QueryCommand({
        TableName,
        IndexName: TABLE.indexes.openCases.name,
        KeyConditionExpression: cond,
        ExpressionAttributeValues: values,
        Limit: opts.limit,
        ...(opts.startKey ? { ExclusiveStartKey: opts.startKey } : {}),
      }),
    );
    const entries: OpenCaseEntry[] = [];
    for (const it of r.Items ?? []) {
      // BETWEEN is inclusive: the entry `after` itself was on the previous page.
      if (opts.after !== undefined && it.gsi3sk === opts.after) continue;
      const oc = it.oc as OpenCaseClock;
      entries.push({
        dept: it.dept as string,
        caseId: it.entityId as string,
        open: it.open as OpenCaseEntry['open'],
        promisedDays: oc.promisedDays,
        records: oc.records,
        sk: it.gsi3sk as string,
      });
    }
    return { entries, next: r.LastEvaluatedKey };
  }

  return {
    async get(ref: EntityRef): Promise<EntityState | undefined> {
      const r = await db.doc.send(
        new GetCommand({ TableName, Key: keys.entityState(ref.dept, ref.kind, ref.entityId), ConsistentRead: true }),
      );
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
          for (const it of r.Responses?.[TableName] ?? []) {
            const s = fromItem(it);
            out.set(entityRefKey(s), s);
          }
          req = r.UnprocessedKeys as typeof req;
        }
      }
      return out;
    },

    openCasesPage,

    /**
     * Open cases of many partitions (department × county) merged into one list, oldest deadline
     * first (the sort keys are unique across partitions), read lazily: every partition's first
     * page at the start, at most `concurrency` queries in flight, then a partition's next page only
     * when the merge has used up the one before. `after` resumes after a previous list's last `sk`.
     */
    async *openCasesInOrder(
      partitions: Array<{ dept: string; county: string }>,
      opts: { after?: string; deadlineBefore?: string; pageSize: number; concurrency: number },
    ): AsyncGenerator<OpenCaseEntry> {
      if (opts.after !== undefined && opts.deadlineBefore !== undefined && opts.after >= opts.deadlineBefore) return;
      const streams = partitions.map((p) => ({
        ...p,
        buf: [] as OpenCaseEntry[],
        next: undefined as Record<string, unknown> | undefined,
        done: false,
      }));
      const fill = async (st: (typeof streams)[number]) => {
        const r = await openCasesPage(st.dept, st.county, {
          limit: opts.pageSize,
          ...(opts.after !== undefined ? { after: opts.after } : {}),
          ...(opts.deadlineBefore !== undefined ? { deadlineBefore: opts.deadlineBefore } : {}),
          ...(st.next ? { startKey: st.next } : {}),
        });
        st.buf.push(...r.entries);
        st.next = r.next;
        st.done = !r.next;
      };
      const todo = [...streams];
      await Promise.all(
        Array.from({ length: Math.min(opts.concurrency, todo.length) }, async () => {
          for (let st = todo.shift(); st; st = todo.shift()) await fill(st);
        }),
      );
      let live = streams;
      for (;;) {
        for (const st of live) while (!st.buf.length && !st.done) await fill(st);
        live = live.filter((st) => st.buf.length > 0);
        if (!live.length) return;
        let best = live[0]!;
        for (const st of live) if (st.buf[0]!.sk < best.buf[0]!.sk) best = st;
        yield best.buf.shift()!;
      }
    },

    /**
     * Gives open cases stored before the per-department open-case index their new index keys:
     * reads the old single list (byEntity, gsi1pk OPEN) page by page and rewrites each state with
     * today's keys, conditional on its version (a state the aggregator rewrote meanwhile already has
     * them). Run once at start (npm start, the recompute Lambda); returns how many were moved.
     */
    async reindexOpenCases(): Promise<number> {
      return rewriteEach(
        (start) =>
          db.doc.send(
            new QueryCommand({
              TableName,
              IndexName: TABLE.indexes.byEntity.name,
              ExclusiveStartKey: start,
              Limit: 200,
              KeyConditionExpression: 'gsi1pk = :p',
              ExpressionAttributeValues: { ':p': keys.legacyOpenCases().gsi1pk },
            }),
          ),
        (s) => () =>
          db.doc.send(
            new PutCommand({
              TableName,
              Item: entityStateItem(s),
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: { ':v': s.version },
            }),
          ),
      );
    },

    /**
     * One page of a month's complaints (evaluations) received between two days, newest first.
     * `next` is the key to pass back as `startKey` for the rest of the month.
     */
    async feedbackPage(
      kind: 'complaint' | 'evaluation',
      month: string,
      opts: { fromDay: string; toDay: string; limit: number; startKey?: Record<string, unknown> },
    ) {
      const r = await db.doc.send(
        new QueryCommand({
          TableName,
          IndexName: TABLE.indexes.byEntity.name,
          KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :a AND :b',
          ExpressionAttributeValues: { ':p': keys.feedbackMonth(kind, month).gsi1pk, ':a': opts.fromDay, ':b': `${opts.toDay}#\uffff` },
          ScanIndexForward: false,
          Limit: opts.limit,
          ...(opts.startKey ? { ExclusiveStartKey: opts.startKey } : {}),
        }),
      );
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
      return rewriteEach(
        (start) =>
          db.doc.send(
            new ScanCommand({
              TableName,
              ExclusiveStartKey: start,
              FilterExpression: 'begins_with(pk, :p) AND (kind = :c OR kind = :e) AND attribute_not_exists(gsi1pk)',
              ExpressionAttributeValues: { ':p': 'ENT#', ':c': 'complaint', ':e': 'evaluation' },
            }),
          ),
        (s) => {
          const k = feedbackListing(s);
          if (!k.gsi1pk) return undefined;
          return () =>
            db.doc.send(
              new UpdateCommand({
                TableName,
                Key: keys.entityState(s.dept, s.kind, s.entityId),
                UpdateExpression: 'SET gsi1pk = :p, gsi1sk = :s',
                ConditionExpression: 'version = :v',
                ExpressionAttributeValues: { ':p': k.gsi1pk, ':s': k.gsi1sk, ':v': s.version },
              }),
            );
        },
      );
    },

    /**
     * One page of every entity (the recompute job walks them all): refs with the versions they
     * were counted with, and where to continue (undefined: done). Resumable from `cursor`.
     */
    async scanPage(
      cursor: Record<string, unknown> | undefined,
      pageSize = 500,
    ): Promise<{
      refs: Array<EntityRef & { rulesVersion?: number; calendarVersion: string }>;
      scanned: number;
      cursor?: Record<string, unknown>;
    }> {
      const r = await db.doc.send(
        new ScanCommand({
          TableName,
          Limit: pageSize,
          ...(cursor ? { ExclusiveStartKey: cursor } : {}),
          FilterExpression: 'begins_with(pk, :p)',
          ExpressionAttributeValues: { ':p': 'ENT#' },
          ProjectionExpression: 'dept, kind, entityId, rulesVersion, calendarVersion',
        }),
      );
      return {
        refs: (r.Items ?? []) as never,
        scanned: r.ScannedCount ?? 0,
        ...(r.LastEvaluatedKey ? { cursor: r.LastEvaluatedKey } : {}),
      };
    },

    /** How many entities there are (a full scan that returns no data: for the recompute's progress bar). */
    async count(): Promise<number> {
      let n = 0;
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const r = await db.doc.send(
          new ScanCommand({
            TableName,
            Select: 'COUNT',
            ExclusiveStartKey,
            FilterExpression: 'begins_with(pk, :p)',
            ExpressionAttributeValues: { ':p': 'ENT#' },
          }),
        );
        n += r.Count ?? 0;
        ExclusiveStartKey = r.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return n;
    },

    /** Entities of a department that cannot be judged (无法判定), with their problem, paged. */
    async problems(dept: string, opts: { limit?: number; startKey?: Record<string, unknown> } = {}) {
      const r = await db.doc.send(
        new QueryCommand({
          TableName,
          IndexName: TABLE.indexes.byEntity.name,
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': keys.entityProblems(dept).gsi1pk },
          ...(opts.limit ? { Limit: opts.limit } : {}),
          ...(opts.startKey ? { ExclusiveStartKey: opts.startKey } : {}),
        }),
      );
      return { states: (r.Items ?? []).map(fromItem), next: r.LastEvaluatedKey };
    },

    /** How many entities of a department cannot be judged. */
    async problemCount(dept: string): Promise<number> {
      let n = 0;
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const r = await db.doc.send(
          new QueryCommand({
            TableName,
            IndexName: TABLE.indexes.byEntity.name,
            Select: 'COUNT',
            ExclusiveStartKey,
            KeyConditionExpression: 'gsi1pk = :p',
            ExpressionAttributeValues: { ':p': keys.entityProblems(dept).gsi1pk },
          }),
        );
        n += r.Count ?? 0;
        ExclusiveStartKey = r.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return n;
    },

    /**
     * Cases of an item accepted on or after a day (to recompute after a catalog change): index
     * casesByItem, and byItem for states an older release wrote and nothing has rewritten since
     * (a rewritten state leaves byItem; a case in both is returned once).
     */
    async casesOfItem(itemCode: string, fromDay: string): Promise<EntityRef[]> {
      const [now, before] = await Promise.all([
        queryAll(db, {
          IndexName: TABLE.indexes.casesByItem.name,
          KeyConditionExpression: 'gsi4pk = :p AND gsi4sk >= :d',
          ExpressionAttributeValues: { ':p': keys.casesByItem(itemCode).gsi4pk, ':d': fromDay },
          ProjectionExpression: 'dept, kind, entityId',
        }),
        queryAll(db, {
          IndexName: TABLE.indexes.byItem.name,
          KeyConditionExpression: 'gsi2pk = :p AND gsi2sk >= :d',
          ExpressionAttributeValues: { ':p': keys.legacyCasesByItem(itemCode).gsi2pk, ':d': fromDay },
          ProjectionExpression: 'dept, kind, entityId',
        }),
      ]);
      const refs = new Map<string, EntityRef>();
      for (const i of [...now, ...before] as unknown as EntityRef[])
        refs.set(entityRefKey(i), { dept: i.dept, kind: i.kind, entityId: i.entityId });
      return [...refs.values()];
    },
  };
}
export type EntityStateStore = ReturnType<typeof createEntityStateStore>;
