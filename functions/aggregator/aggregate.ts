// The aggregator (汇总器): turns stored records into rollups, exactly once. For each case,
// complaint or evaluation touched by new records it merges them into the entity's state,
// recomputes the entity's contribution from all its records, and writes the difference to what
// it had written before as an outbox item (待合并增量), in the same DynamoDB transaction that
// writes the new state; the merger (merger.ts) then adds the outbox to the rollup rows, each
// row's sum once, before the call returns. A record seen twice changes nothing; records in any
// order, voids and late acceptances converge; a crash between transactions leaves each entity's
// delta either in the outbox, in a merge chunk or in the rows — never two of them — and a replay
// (or the recompute job's finishAllPending) finishes it.
//
// Nothing one entity holds can stop the others: an entity the clock cannot judge is counted as
// such (无法判定) with its reason; an unexpected error while computing or storing one entity
// freezes that entity (its figures stay as they were, the error is listed) and the rest of the
// batch is counted. Only transient errors (throttling, conflicts, the store unreachable) fail a
// batch, after retries with backoff, so that the stream delivers it again.
import { isDeepStrictEqual } from 'node:util';
import { caseEventsOf, evaluateCase, yellowThresholdDays } from '../../shared/clock/index.js';
import { shanghaiDate, type WorkingCalendar } from '../../shared/calendar/index.js';
import { contributionV1 } from '../../shared/figures/legacy.js';
import {
  assess,
  regionOfCase,
  RULES_VERSION,
  type EntityKind,
  type EntityProblem,
  type EntityRecord,
  type FigureContext,
  type ItemVersionLite,
} from '../../shared/figures/contribution.js';
import { diffContributions, mergeInto, type Contribution } from '../../shared/figures/rollup-key.js';
import type { StoredItemVersion } from '../store/catalog-store.js';
import { entityRefKey, entityStateItem, stateItemBytes, type EntityRef, type EntityState } from '../store/entity-state-store.js';
import type { Stores } from '../store/index.js';
import { keys } from '../store/keys.js';
import type { StoredRecord } from '../store/records-store.js';
import { MAX_TRANSACTION_ITEMS, StaleStateError, type Counters } from '../store/rollups-store.js';
import { outboxShard } from '../store/outbox-store.js';
import { createMerger } from './merger.js';
import { versionOn } from '../services/catalog-versions.js';
import type { CalendarProvider } from '../store/calendar-provider.js';
import { isTransient } from './transient.js';

const MAX_ATTEMPTS = 8;
/** A state item above this is not written whole (DynamoDB's limit is 400 KB). */
const MAX_STATE_BYTES = 350_000;
/** Bytes of one transaction's items, under DynamoDB's 4 MB. */
const MAX_TRANSACTION_BYTES = 3_500_000;

export interface AggregateResult {
  entities: number; // entities whose state changed
  transactions: number;
  rollupUpdates: number;
}

export interface AggregatorOptions {
  /** Test hook: called before each transaction; throwing simulates a crash at that point. */
  beforeTransaction?: BeforeTransaction;
  /** Test hook: the contribution rules (a test-only rules version); the shipped ones otherwise. */
  rules?: { version: number; assess: typeof assess };
  /** Told of every entity frozen by an unexpected error (logged by the runner). */
  onEntityError?: (ref: EntityRef, e: unknown) => void;
}

/** Test hook: called before each transaction; throwing simulates a crash at that point. */
export type BeforeTransaction = (index: number) => void;

/** The handling region of a department's case as its state now holds it (undefined: no such case yet). */
type CaseRegionOf = (dept: string, caseId: string) => Promise<string | undefined>;

/** The case an evaluation names (its latest live submission's `caseId`). */
function namedCase(records: readonly EntityRecord[]): string | undefined {
  return records
    .filter((r) => r.type === 'evaluation.submitted' && !r.voided)
    .sort((x, y) => x.atMs - y.atMs || (x.id < y.id ? -1 : 1))
    .at(-1)?.body.caseId as string | undefined;
}

interface Planned {
  ref: EntityRef;
  expectedVersion: number;
  state: EntityState;
  item: Record<string, unknown>;
  delta: Contribution;
}

export function toEntityRecord(r: StoredRecord): EntityRecord {
  // A voided record never counts again (a void cannot be voided), so its body is not kept.
  return r.voidedBy
    ? { id: r.id, type: r.type, at: r.at, atMs: r.atMs, body: {}, voided: true }
    : { id: r.id, type: r.type, at: r.at, atMs: r.atMs, body: r.body };
}

/**
 * The entity's records with new images merged in, in time order. A record's only change is being
 * voided (作废), and a void is final, so a record once known voided stays voided: an older image
 * of it (a stream delivering the insert after the update, a replayed batch) changes nothing, and
 * the result does not depend on the order images arrive in.
 */
export function mergeRecords(known: readonly EntityRecord[], images: readonly StoredRecord[]): EntityRecord[] {
  const merged = new Map(known.map((r) => [r.id, r]));
  for (const img of images) {
    if (merged.get(img.id)?.voided) continue;
    merged.set(img.id, toEntityRecord(img));
  }
  return [...merged.values()].sort((x, y) => x.atMs - y.atMs || (x.id < y.id ? -1 : 1));
}

function lite(v: StoredItemVersion | undefined): ItemVersionLite | null {
  return v
    ? {
        itemCode: v.itemCode,
        effectiveFrom: v.effectiveFrom,
        promisedDays: v.promisedDays,
        materials: v.materials.map((m) => ({
          code: m.code,
          kind: m.kind,
          exemption: m.exemption,
          ...(m.licenceCode ? { licenceCode: m.licenceCode } : {}),
        })),
      }
    : null;
}

function sameRecords(a: EntityRecord[], b: EntityRecord[]): boolean {
  if (a.length !== b.length) return false;
  const m = new Map(a.map((r) => [r.id, Boolean(r.voided)]));
  return b.every((r) => m.get(r.id) === Boolean(r.voided));
}

/** What a test hook threw: it stands for the process dying there, so it is never caught. */
const hookErrors = new WeakSet<object>();

const short = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).slice(0, 300);

export function createAggregator(stores: Stores, calendars: CalendarProvider, opts: AggregatorOptions = {}) {
  let txCounter = 0;
  const rules = opts.rules ?? { version: RULES_VERSION, assess };
  // A test hook's throw stands for the process dying there: never isolated, never retried.
  const beforeTx = () => {
    try {
      opts.beforeTransaction?.(txCounter++);
    } catch (e) {
      hookErrors.add(e as object);
      throw e;
    }
  };

  const fixedItemContext = (calendar: WorkingCalendar, item: ItemVersionLite | null, caseRegion?: string): FigureContext => ({
    calendar,
    itemOn: () => item ?? undefined,
    ...(caseRegion ? { caseRegion } : {}),
  });
  /** Case regions read from the cases' states (consistent reads), once per run. */
  const storedCaseRegions = (): CaseRegionOf => {
    const memo = new Map<string, Promise<string | undefined>>();
    return (dept, caseId) => {
      const k = `${dept}\u0000${caseId}`;
      let m = memo.get(k);
      if (!m) {
        m = stores.entities.get({ dept, kind: 'case', entityId: caseId }).then((s) => (s ? regionOfCase(s.records) : undefined));
        memo.set(k, m);
      }
      return m;
    };
  };

  /**
   * What the entity has added to the rollups so far: as written (exact whatever today's rules),
   * or for a state from before rules versions, what those rules computed with the item and
   * calendar it was counted with.
   */
  async function written(ref: EntityRef, state: EntityState | undefined, calendar: WorkingCalendar): Promise<Contribution> {
    if (!state) return new Map();
    if (state.written) return state.written;
    // A state from the release before rules versions: what those rules wrote (legacy.ts).
    const oldCal = (await calendars.byVersion(state.calendarVersion)) ?? calendar;
    return contributionV1(ref.kind, ref.dept, state.records, fixedItemContext(oldCal, state.item));
  }

  /** Plans the new state and rollup delta of one entity, or null when nothing changes. */
  async function plan(
    ref: EntityRef,
    state: EntityState | undefined,
    images: StoredRecord[],
    force: boolean,
    calendar: WorkingCalendar,
    versions: (code: string) => Promise<StoredItemVersion[]>,
    caseRegionOf: CaseRegionOf,
  ): Promise<Planned | null> {
    const records = mergeRecords(state?.records ?? [], images);
    const unchanged = state !== undefined && sameRecords(state.records, records);
    if (unchanged && !force) return null;
    // Frozen by a store limit: nothing to recompute until an operator intervenes (listed).
    if (state?.problem?.code === 'too_many_records' && unchanged) return null;

    // The item version in force on the (latest live) acceptance day.
    let item: ItemVersionLite | null = null;
    let acceptance: EntityRecord | undefined;
    if (ref.kind === 'case') {
      acceptance = records.filter((r) => r.type === 'case.accepted' && !r.voided).at(-1);
      if (acceptance) {
        const code = acceptance.body.itemCode as string;
        const own = (await versions(code)).filter((v) => v.departmentCode === ref.dept);
        item = lite(versionOn(own, shanghaiDate(acceptance.atMs)));
      }
    }
    // An evaluation is counted in the region of the case it names, as that case's state holds it now.
    const caseId = ref.kind === 'evaluation' ? namedCase(records) : undefined;
    const caseRegion = caseId ? await caseRegionOf(ref.dept, caseId) : undefined;
    // Recomputed because the catalog, calendar, rules or the named case's region may have
    // changed, yet counted with the same ones and not frozen by an error: nothing to do.
    if (
      unchanged &&
      state.calendarVersion === calendar.version &&
      (state.rulesVersion ?? 1) === rules.version &&
      isDeepStrictEqual(state.item, item) &&
      state.caseRegion === caseRegion &&
      state.problem?.code !== 'internal_error'
    )
      return null;

    const oldC = await written(ref, state, calendar);
    const a = rules.assess(ref.kind, ref.dept, records, fixedItemContext(calendar, item, caseRegion));
    const next: EntityState = {
      ...ref,
      records,
      item,
      calendarVersion: calendar.version,
      rulesVersion: rules.version,
      version: (state?.version ?? 0) + 1,
      written: a.contribution,
      ...(caseRegion ? { caseRegion } : {}),
      ...(acceptance ? { acceptedDay: shanghaiDate(acceptance.atMs), itemCode: acceptance.body.itemCode as string } : {}),
      ...(a.problem ? { problem: a.problem } : {}),
    };
    const open = acceptance && item && !a.problem ? openIndex(records, acceptance, item, calendar) : undefined;
    if (open) next.open = open;
    return finalize(
      {
        ref,
        expectedVersion: state?.version ?? 0,
        state: next,
        item: entityStateItem(next),
        delta: diffContributions(oldC, a.contribution),
      },
      state,
    );
  }

  /**
   * A state that keeps what the entity had counted (no delta) and lists why: an unexpected
   * error while computing it, or a state too large to store. A later record or a recompute
   * tries again.
   */
  function frozen(
    ref: EntityRef,
    state: EntityState | undefined,
    records: EntityRecord[],
    problem: EntityProblem,
    oldWritten: Contribution,
  ): Planned {
    const next: EntityState = {
      ...(state ?? { ...ref, item: null, calendarVersion: '' }),
      ...ref,
      records,
      written: oldWritten,
      version: (state?.version ?? 0) + 1,
      problem,
    };
    delete next.open;
    delete next.pending;
    return { ref, expectedVersion: state?.version ?? 0, state: next, item: entityStateItem(next), delta: new Map() };
  }

  /** The planned state as it will be stored, bounded to what one item holds. */
  function finalize(p: Planned, old: EntityState | undefined): Planned {
    if (stateItemBytes(p.item) <= MAX_STATE_BYTES) return p;
    // Only records' ids and times are kept: the entity can no longer be recomputed, so it keeps
    // what it had counted and is listed (records per case are capped on arrival; this is the guard).
    const thin = p.state.records.map((r) => ({
      id: r.id,
      type: r.type,
      at: r.at,
      atMs: r.atMs,
      body: {},
      ...(r.voided ? { voided: true } : {}),
    }));
    return frozen(p.ref, old, thin, { code: 'too_many_records', recordIds: [p.state.records.at(-1)!.id] }, old?.written ?? new Map());
  }

  async function safePlan(
    ref: EntityRef,
    state: EntityState | undefined,
    images: StoredRecord[],
    force: boolean,
    calendar: WorkingCalendar,
    versions: (code: string) => Promise<StoredItemVersion[]>,
    caseRegionOf: CaseRegionOf,
  ): Promise<Planned | null> {
    try {
      return await plan(ref, state, images, force, calendar, versions, caseRegionOf);
    } catch (e) {
      if (isTransient(e) || hookErrors.has(e as object)) throw e;
      opts.onEntityError?.(ref, e);
      const records = mergeRecords(state?.records ?? [], images);
      const old = await written(ref, state, calendar).catch(() => state?.written ?? new Map());
      return frozen(
        ref,
        state,
        records,
        { code: 'internal_error', recordIds: images.map((r) => r.id).slice(0, 10), detail: short(e) },
        old,
      );
    }
  }

  /** Transient errors are retried with backoff; others are returned for the caller to isolate. */
  async function withRetry(f: () => Promise<void>): Promise<'ok' | 'stale' | { error: unknown }> {
    for (let attempt = 1; ; attempt++) {
      try {
        await f();
        return 'ok';
      } catch (e) {
        if (e instanceof StaleStateError) return 'stale';
        if (hookErrors.has(e as object)) throw e;
        if (!isTransient(e)) return { error: e };
        if (attempt >= MAX_ATTEMPTS) throw e;
        await new Promise((r) => setTimeout(r, 20 * 2 ** attempt * Math.random()));
      }
    }
  }

  /** Transient errors are retried with backoff; anything else is thrown (the merger's steps). */
  async function retryTransient<T>(f: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await f();
      } catch (e) {
        if (hookErrors.has(e as object) || !isTransient(e) || attempt >= MAX_ATTEMPTS) throw e;
        await new Promise((r) => setTimeout(r, 20 * 2 ** attempt * Math.random()));
      }
    }
  }

  const merger = createMerger(stores.outbox, { beforeTx, retry: retryTransient });

  /** Finishes a large delta an older release left pending (PENDING#, chunked) before its entity is planned again. */
  async function finishPending(ref: EntityRef): Promise<void> {
    const p = await stores.rollups.pending(keys.entityState(ref.dept, ref.kind, ref.entityId).pk);
    if (p) await stores.rollups.finishLarge(p, beforeTx);
  }

  /** The state item and its outbox items (the delta), as one entity's share of a transaction. */
  function withOutbox(p: Planned) {
    const entityKey = keys.entityState(p.ref.dept, p.ref.kind, p.ref.entityId).pk;
    const outbox = stores.outbox.deltaItems(entityKey, p.state.version, p.delta as Map<string, Counters>);
    return {
      item: p.item,
      expectedVersion: p.expectedVersion,
      outbox,
      actions: 1 + outbox.length,
      bytes: stateItemBytes(p.item) + outbox.reduce((n, o) => n + stateItemBytes(o), 0),
    };
  }

  /**
   * Writes planned entities: each state with its delta in the outbox, several entities per
   * transaction (at most 100 actions, well under 4 MB). The rows are the merger's. A state with
   * no delta (its records changed, not what it counts) is written alone, one conditional put:
   * billed once instead of twice in a transaction, and it needs no other item.
   */
  async function write(
    planned: Planned[],
  ): Promise<{ transactions: number; stale: EntityRef[]; failed: Array<{ p: Planned; error: unknown }> }> {
    const out = { transactions: 0, stale: [] as EntityRef[], failed: [] as Array<{ p: Planned; error: unknown }> };
    const groups: Array<Array<{ p: Planned; w: ReturnType<typeof withOutbox> }>> = [];
    let group: Array<{ p: Planned; w: ReturnType<typeof withOutbox> }> = [];
    let actions = 0;
    let bytes = 0;
    const alone: typeof groups = [];
    for (const p of planned) {
      const w = withOutbox(p);
      if (!w.outbox.length) {
        alone.push([{ p, w }]);
        continue;
      }
      if (group.length && (actions + w.actions > MAX_TRANSACTION_ITEMS || bytes + w.bytes > MAX_TRANSACTION_BYTES)) {
        groups.push(group);
        group = [];
        actions = 0;
        bytes = 0;
      }
      group.push({ p, w });
      actions += w.actions;
      bytes += w.bytes;
    }
    if (group.length) groups.push(group);
    groups.push(...alone);

    const applyGroup = async (g: typeof group): Promise<void> => {
      beforeTx();
      const r = await withRetry(() => stores.outbox.commit(g.map(({ w }) => w)));
      if (r === 'ok') {
        out.transactions++;
        return;
      }
      if (r === 'stale' && g.length === 1) {
        out.stale.push(g[0]!.p.ref);
        return;
      }
      if (r !== 'stale' && g.length === 1) {
        out.failed.push({ p: g[0]!.p, error: r.error });
        return;
      }
      // One of several entities is stale or refused: write them one by one, so only that one waits.
      for (const x of g) await applyGroup([x]);
    };
    for (const g of groups) await applyGroup(g);
    return out;
  }

  async function run(refs: EntityRef[], images: Map<string, StoredRecord[]>, force: boolean): Promise<AggregateResult> {
    const calendar = await calendars.current();
    const result: AggregateResult = { entities: 0, transactions: 0, rollupUpdates: 0 };
    let pending = refs;
    for (let attempt = 1; pending.length; attempt++) {
      const versions = stores.catalog.cached();
      let states = await stores.entities.getMany(pending);
      const unfinished = [...states.values()].filter((s) => s.pending);
      if (unfinished.length) {
        for (const s of unfinished) await finishPending(s);
        states = await stores.entities.getMany(pending);
      }
      const caseRegionOf = storedCaseRegions();
      const planned = (
        await Promise.all(
          pending.map((ref) =>
            safePlan(ref, states.get(entityRefKey(ref)), images.get(entityRefKey(ref)) ?? [], force, calendar, versions, caseRegionOf),
          ),
        )
      ).filter((p): p is Planned => p !== null);
      const w = await write(planned);
      // Refused by the store (not transient): frozen with the reason, so the rest goes on.
      const retry: Planned[] = [];
      for (const { p, error } of w.failed) {
        opts.onEntityError?.(p.ref, error);
        const old = states.get(entityRefKey(p.ref));
        retry.push(
          frozen(
            p.ref,
            old,
            p.state.records,
            {
              code: 'internal_error',
              recordIds: (images.get(entityRefKey(p.ref)) ?? []).map((r) => r.id).slice(0, 10),
              detail: short(error),
            },
            old?.written ?? new Map(),
          ),
        );
      }
      const w2 = retry.length
        ? await write(retry.map((p) => finalize(p, states.get(entityRefKey(p.ref)))))
        : { transactions: 0, stale: [], failed: [] };
      if (w2.failed.length) throw new Error(`${w2.failed.length} entities could not be stored even frozen: ${short(w2.failed[0]!.error)}`);
      result.entities += planned.length - w.stale.length - w2.stale.length;
      result.transactions += w.transactions + w2.transactions;
      const stale = [...w.stale, ...w2.stale];
      if (stale.length && attempt >= MAX_ATTEMPTS) throw new Error(`${stale.length} entities kept changing under the aggregator`);
      pending = stale; // someone else moved them on: re-read and recompute
    }
    // The rows: every delta waiting in these entities' outbox partitions (also what a crashed
    // run left there — a replay of its batch touches the same partitions), each row once per merge round.
    const m = await merger.merge(refs.map((ref) => outboxShard(keys.entityState(ref.dept, ref.kind, ref.entityId).pk)));
    result.transactions += m.claims + m.chunks;
    result.rollupUpdates += m.rowUpdates;
    return result;
  }

  /** Groups records by the case, complaint or evaluation they belong to. */
  function byEntity(records: StoredRecord[]): { refs: EntityRef[]; images: Map<string, StoredRecord[]> } {
    const images = new Map<string, StoredRecord[]>();
    const refs: EntityRef[] = [];
    for (const r of records) {
      if (!r.entity) continue;
      const ref: EntityRef = { dept: r.dept, kind: r.entity.kind as EntityKind, entityId: r.entity.id };
      const k = entityRefKey(ref);
      if (!images.has(k)) {
        images.set(k, []);
        refs.push(ref);
      }
      images.get(k)!.push(r);
    }
    return { refs, images };
  }

  return {
    /** The rules version this aggregator counts with. */
    rulesVersion: rules.version,

    /**
     * New or changed record items (stream images, or a backfill's records). Evaluations are
     * counted after the cases of the same batch, so they read those cases' regions; then every
     * evaluation naming a case whose acceptance arrived or was voided in this batch is recomputed
     * in that case's region (an evaluation that arrived first, or a case moved to another region).
     * A replay of the batch does the same again, so a crash in between loses nothing.
     */
    async processRecords(records: StoredRecord[]): Promise<AggregateResult> {
      const { refs, images } = byEntity(records);
      const none: AggregateResult = { entities: 0, transactions: 0, rollupUpdates: 0 };
      const evaluations = refs.filter((r) => r.kind === 'evaluation');
      const first = await run(
        refs.filter((r) => r.kind !== 'evaluation'),
        images,
        false,
      );
      const then = evaluations.length ? await run(evaluations, images, false) : none;
      const moved = refs.filter(
        (r) => r.kind === 'case' && images.get(entityRefKey(r))!.some((x) => x.type === 'case.accepted' || x.type === 'void'),
      );
      const named = new Set(evaluations.map(entityRefKey));
      const reattribute: EntityRef[] = [];
      const naming = await Promise.all(moved.map((c) => stores.records.evaluationsNaming(c.dept, c.entityId)));
      for (const [i, c] of moved.entries()) {
        for (const entityId of naming[i]!) {
          const ref: EntityRef = { dept: c.dept, kind: 'evaluation', entityId };
          if (!named.has(entityRefKey(ref))) {
            named.add(entityRefKey(ref));
            reattribute.push(ref);
          }
        }
      }
      const re = reattribute.length ? await run(reattribute, new Map(), true) : none;
      return [first, then, re].reduce((a, b) => ({
        entities: a.entities + b.entities,
        transactions: a.transactions + b.transactions,
        rollupUpdates: a.rollupUpdates + b.rollupUpdates,
      }));
    },

    /**
     * First load (首次载入) of entities that have no state yet — the demo city on an empty table.
     * Each entity is planned exactly as processRecords plans it (same contribution, same state),
     * but the deltas of all entities are summed in memory and written once: states and rollup
     * rows with BatchWriteItem, each rollup row once, instead of a transaction per few entities
     * (the default demo: 34 k row writes instead of 51 k updates in 613 transactions, about a
     * fifth of the time on DynamoDB Local). It is not exactly-once under
     * concurrency: the caller guarantees that nothing else writes states or rollups meanwhile
     * (no stream consumer running, no API traffic); an interrupted load is started over on an
     * empty table. Afterwards the stream consumer finds every state up to date and changes nothing.
     */
    async loadFresh(records: StoredRecord[]): Promise<AggregateResult> {
      const { refs, images } = byEntity(records);
      const states = await stores.entities.getMany(refs);
      if (states.size) throw new Error(`loadFresh: ${states.size} of these entities already have a state; use processRecords`);
      const calendar = await calendars.current();
      const versions = stores.catalog.cached();
      // Cases first: evaluations are counted in the region of the case they name, from memory.
      const planAll = async (rs: EntityRef[], caseRegionOf: CaseRegionOf) =>
        (
          await Promise.all(
            rs.map((ref) => safePlan(ref, undefined, images.get(entityRefKey(ref))!, false, calendar, versions, caseRegionOf)),
          )
        ).filter((p): p is Planned => p !== null);
      const others = await planAll(
        refs.filter((r) => r.kind !== 'evaluation'),
        async () => undefined,
      );
      const caseStates = new Map(others.filter((p) => p.ref.kind === 'case').map((p) => [`${p.ref.dept}\u0000${p.ref.entityId}`, p.state]));
      const stored = storedCaseRegions(); // a case of an earlier load
      const planned = [
        ...others,
        ...(await planAll(
          refs.filter((r) => r.kind === 'evaluation'),
          async (dept, caseId) => {
            const s = caseStates.get(`${dept}\u0000${caseId}`);
            return s ? regionOfCase(s.records) : stored(dept, caseId);
          },
        )),
      ];
      const totals: Contribution = new Map();
      for (const p of planned) mergeInto(totals, p.delta);
      // Rows that other entities already hold (an earlier load): added to, not replaced.
      for (const [key, row] of await stores.rollups.rows([...totals.keys()])) mergeInto(totals, new Map([[key, row]]));
      await stores.entities.putMany(planned.map((p) => p.item));
      await stores.rollups.putRows(totals as Map<string, Counters>);
      return { entities: planned.length, transactions: 0, rollupUpdates: totals.size };
    },

    /**
     * Recomputes entities whatever their records (catalog, calendar or rules changed); an entity
     * already counted with the current item version, calendar and rules is left alone.
     */
    async recompute(refs: EntityRef[]): Promise<AggregateResult> {
      return run(refs, new Map(), true);
    },

    /**
     * Adds to the rows whatever waits anywhere: every outbox partition and merge chunk, and a
     * chunked delta an older release left half-applied (run at start and by the job). Returns
     * how many outbox items, chunks and old deltas it finished (0: nothing was waiting).
     */
    async finishAllPending(): Promise<number> {
      const all = await stores.rollups.allPending();
      for (const p of all) await stores.rollups.finishLarge(p, beforeTx);
      const m = await merger.mergeAll();
      return all.length + m.deltas + m.chunks;
    },

    /** Merges the outbox partitions of these entities (the runner's step after a batch; tests). */
    merger,

    /** A catalog version of an item changed: recompute the cases accepted since it took effect. */
    async itemChanged(itemCode: string, effectiveFrom: string): Promise<AggregateResult> {
      const refs = await stores.entities.casesOfItem(itemCode, effectiveFrom);
      const out: AggregateResult = { entities: 0, transactions: 0, rollupUpdates: 0 };
      for (let i = 0; i < refs.length; i += 200) {
        const r = await run(refs.slice(i, i + 200), new Map(), true);
        out.entities += r.entities;
        out.transactions += r.transactions;
        out.rollupUpdates += r.rollupUpdates;
      }
      return out;
    },
  };
}
export type Aggregator = ReturnType<typeof createAggregator>;

/**
 * The index date of a case whose suspension is open: it has no deadline then (domain.md), and is
 * never red while suspended, so it sorts after every real deadline (the red list reads the
 * index up to today); it can still be yellow, which the warnings list judges case by case.
 */
const SUSPENDED_INDEX_DATE = '9999-12-31';

/** Where an open case stands for the warnings list (红黄牌), as of its last event. */
function openIndex(
  records: EntityRecord[],
  acceptance: EntityRecord,
  item: ItemVersionLite,
  calendar: WorkingCalendar,
): EntityState['open'] {
  const rs = records.filter((r) => !r.voided && r.type.startsWith('case.'));
  const events = caseEventsOf(rs);
  const clock = evaluateCase(events, { promisedDays: item.promisedDays, calendar, now: rs.at(-1)!.atMs });
  const deadline = clock.status === 'suspended' ? SUSPENDED_INDEX_DATE : clock.deadline;
  if ((clock.status !== 'open' && clock.status !== 'suspended') || !deadline || !clock.acceptedOn) return undefined;
  const budget = yellowThresholdDays(item.promisedDays + clock.extensionDays) + clock.suspendedWorkingDays;
  const b = acceptance.body;
  return {
    deadline,
    yellowFrom: budget === 0 ? clock.acceptedOn : calendar.addWorkingDays(clock.acceptedOn, budget),
    suspended: clock.status === 'suspended',
    regionCode: b.regionCode as string,
    itemCode: b.itemCode as string,
    channel: b.channel as string,
  };
}
