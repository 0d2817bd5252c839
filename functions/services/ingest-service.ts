// Ingestion of department records (事件接入), exactly per ingest-api.md: each record is checked
// (fields, then id, then a void's target), stored whole or not at all with one conditional write,
// and answered in order. What is answered `accepted` is already durable in DynamoDB.
import {
  MAX_FUTURE_SKEW_MS,
  RecordSchema,
  entityOf,
  FREE_TEXT_FIELDS,
  type IngestRecord,
  type RecordResult,
} from '../../shared/contract/records.js';
import { fieldError, zodErrors, type FieldError } from '../../shared/contract/field-errors.js';
import { maskPersonalData } from '../../shared/contract/pii.js';
import { MAX_RECORDS_PER_ENTITY, timelineContradiction, tooManyRecords, type KnownRecord } from '../../shared/contract/timeline-rules.js';
import { shanghaiDate } from '../../shared/calendar/index.js';
import type { Stores } from '../store/index.js';
import type { StoredRecord } from '../store/records-store.js';
import type { ItemVersionsLookup } from '../store/catalog-store.js';
import type { FeedCounts } from '../store/feed-store.js';
import { versionOn } from './catalog-service.js';
import { canonicalJson, sha256 } from './hashing.js';

/** Parallel writes per batch: enough to keep DynamoDB busy, few enough to stay polite. */
const WRITE_CONCURRENCY = 24;

export interface IngestOptions {
  cityCode: string; // region codes must lie in this city (行政区划代码前缀)
}

/**
 * What one call knows of each case (complaint, evaluation) it touches: the stored records,
 * read once, plus those accepted earlier in the call. Records of one entity are checked in order.
 */
function entityMemory(stores: Stores, dept: string) {
  const memo = new Map<string, Promise<{ ids: Set<string>; live: KnownRecord[] }>>();
  const key = (kind: string, id: string) => `${kind}\u0000${id}`;
  const load = (kind: string, id: string) => {
    let m = memo.get(key(kind, id));
    if (!m) {
      m = stores.records.timeline(dept, kind, id).then((rs) => ({
        ids: new Set(rs.map((r) => r.id)),
        live: rs.filter((r) => !r.voidedBy && r.type !== 'void').map((r) => ({ id: r.id, type: r.type, at: r.at, atMs: r.atMs })),
      }));
      memo.set(key(kind, id), m);
    }
    return m;
  };
  return {
    load,
    async stored(kind: string, id: string, r: KnownRecord, isVoid: boolean) {
      const m = await load(kind, id);
      if (m.ids.has(r.id)) return; // a duplicate: already known
      m.ids.add(r.id);
      if (!isVoid) m.live.push(r);
    },
    async voided(kind: string, id: string, targetId: string) {
      const m = await load(kind, id);
      m.live = m.live.filter((x) => x.id !== targetId);
    },
  };
}
type EntityMemory = ReturnType<typeof entityMemory>;

type Checked = { ok: true; record: IngestRecord; warnings: FieldError[]; unknownItem: boolean } | { ok: false; result: RecordResult };

export function createIngestService(stores: Stores, opts: IngestOptions, now: () => Date) {
  /**
   * What a record is on its own — fields, instant, region, catalog — with no stored state: decided
   * for a whole batch before anything of it is written, so a failure here leaves nothing stored.
   */
  async function precheck(dept: string, raw: unknown, at: Date, items: ItemVersionsLookup): Promise<Checked> {
    const id = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null;
    const parsed = RecordSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, result: { id, status: 'rejected', errors: zodErrors(parsed.error, raw) } };
    const r = parsed.data;
    const errs: FieldError[] = [];
    const warnings: FieldError[] = [];

    if (Date.parse(r.at) > at.getTime() + MAX_FUTURE_SKEW_MS) {
      errs.push(
        fieldError(
          'at',
          'in_future',
          'is more than 5 minutes in the future; send events when they have happened, and check the sending clock',
          '时间晚于当前时间 5 分钟以上；请在事件发生后发送，并检查发送方时钟',
        ),
      );
    }
    if ('regionCode' in r && !r.regionCode.startsWith(opts.cityCode)) {
      errs.push(
        fieldError(
          'regionCode',
          'outside_city',
          `must be a division code of this city (starting ${opts.cityCode})`,
          `须为本市行政区划代码（以 ${opts.cityCode} 开头）`,
        ),
      );
    }
    let unknownItem = false;
    if ('itemCode' in r && r.itemCode) {
      const versions = (await items(r.itemCode)).filter((v) => v.departmentCode === dept);
      const version = versionOn(versions, shanghaiDate(r.at));
      if (!version) {
        unknownItem = true;
        warnings.push(
          fieldError(
            'itemCode',
            'item_not_in_catalog',
            `item ${r.itemCode} is not in your catalog for ${shanghaiDate(r.at)}; the record is kept, but its case cannot be judged on time until the item is published`,
            `事项 ${r.itemCode} 在 ${shanghaiDate(r.at)} 不在本部门目录中；记录已保存，但事项发布前无法判定是否按期`,
          ),
        );
      } else if (r.type === 'case.accepted') {
        const known = new Set(version.materials.map((m) => m.code));
        r.materials.forEach((m, i) => {
          if (!known.has(m.code)) {
            errs.push(
              fieldError(
                `materials[${i}].code`,
                'material_not_in_item',
                `is not a material of item ${r.itemCode} as of ${version.effectiveFrom} (known: ${[...known].join(', ') || 'none'})`,
                `不是事项 ${r.itemCode}（${version.effectiveFrom} 版）的材料（已有：${[...known].join('、') || '无'}）`,
              ),
            );
          }
        });
      }
    }
    if (r.type === 'case.accepted' && r.applicant.type === 'enterprise' && r.applicant.ageBand !== undefined) {
      warnings.push(
        fieldError(
          'applicant.ageBand',
          'age_band_ignored',
          'applies to person applicants only; kept but ignored by every figure (the elderly share counts persons)',
          '仅适用于自然人申请人；已保存，但不计入任何指标（老年人占比只统计自然人）',
        ),
      );
    }
    if (errs.length) return { ok: false, result: { id: r.id, status: 'rejected', errors: errs } };
    return { ok: true, record: r, warnings, unknownItem };
  }

  /** Then what is already known of its case (stored, or earlier in the call): checked in order. */
  async function check(pre: Checked, memory: EntityMemory): Promise<Checked> {
    if (!pre.ok) return pre;
    const r = pre.record;
    const errs: FieldError[] = [];
    // What is already known of the case: at most so many records, and no visible contradiction.
    const ent = entityOf(r);
    if (ent) {
      const known = await memory.load(ent.kind, ent.id);
      if (!known.ids.has(r.id) && known.ids.size >= MAX_RECORDS_PER_ENTITY) errs.push(tooManyRecords(`${ent.kind}Id`, ent.id));
      else if (ent.kind === 'case') {
        const e = timelineContradiction(
          ent.id,
          { id: r.id, type: r.type, at: r.at, atMs: Date.parse(r.at) },
          known.live.filter((k) => k.id !== r.id),
        );
        if (e) errs.push(e);
      }
    }
    if (errs.length) return { ok: false, result: { id: r.id, status: 'rejected', errors: errs } };
    return pre;
  }

  function toStored(dept: string, r: IngestRecord, unknownItem: boolean, receivedAt: string, entity: StoredRecord['entity']): StoredRecord {
    const { id, type, at, ...body } = r as IngestRecord & Record<string, unknown>;
    for (const f of FREE_TEXT_FIELDS) {
      if (typeof body[f] === 'string') body[f] = maskPersonalData(body[f] as string);
    }
    const atMs = Date.parse(at);
    return {
      dept,
      id,
      type,
      at,
      atMs,
      day: shanghaiDate(atMs),
      body,
      hash: sha256(canonicalJson({ id, type, at, ...body })),
      receivedAt,
      ...(entity ? { entity } : {}),
      ...(unknownItem ? { unknownItem: true } : {}),
    };
  }

  function sameOrConflict(existing: StoredRecord, incoming: StoredRecord): RecordResult {
    return existing.hash === incoming.hash
      ? { id: incoming.id, status: 'duplicate' }
      : {
          id: incoming.id,
          status: 'conflict',
          errors: [
            fieldError(
              'id',
              'id_conflict',
              'an earlier record with this id has different content; records are immutable: send a void and a new record with a new id',
              '已有相同 id 但内容不同的记录；记录不可修改：请发送作废记录（void）并以新 id 重新发送',
            ),
          ],
        };
  }

  /** @param changed told the records a stored void wrote: the void, and its target now voided */
  async function store(
    dept: string,
    checked: Extract<Checked, { ok: true }>,
    receivedAt: string,
    memory: EntityMemory,
    changed?: (recs: StoredRecord[]) => void,
  ): Promise<RecordResult> {
    const r = checked.record;
    const withWarnings = (res: RecordResult): RecordResult =>
      checked.warnings.length && res.status === 'accepted' ? { ...res, warnings: checked.warnings } : res;
    if (r.type !== 'void') {
      const ent = entityOf(r);
      const rec = toStored(dept, r, checked.unknownItem, receivedAt, ent ?? undefined);
      const out = await stores.records.put(rec);
      if (out.stored && ent) await memory.stored(ent.kind, ent.id, { id: rec.id, type: rec.type, at: rec.at, atMs: rec.atMs }, false);
      return out.stored ? withWarnings({ id: r.id, status: 'accepted' }) : sameOrConflict(out.existing, rec);
    }
    // A void: its own id first (duplicate or conflict), then its target.
    const own = await stores.records.get(dept, r.id);
    const target = own ? undefined : await stores.records.get(dept, r.target);
    const rec = toStored(dept, r, false, receivedAt, target?.entity);
    if (own) return sameOrConflict(own, rec);
    const targetError = (problem: 'missing' | 'is_void' | 'already_voided'): RecordResult => ({
      id: r.id,
      status: 'rejected',
      errors: [
        problem === 'missing'
          ? fieldError(
              'target',
              'target_not_found',
              `no stored record of your department has id ${r.target}; a void can only name an earlier record`,
              `本部门没有 id 为 ${r.target} 的已保存记录；作废只能指向已保存的记录`,
            )
          : problem === 'is_void'
            ? fieldError(
                'target',
                'target_is_void',
                `${r.target} is itself a void; a void cannot be voided — send the original record again with a new id instead`,
                `${r.target} 本身是作废记录，不能再作废；如需恢复，请以新 id 重新发送原记录`,
              )
            : fieldError('target', 'target_already_voided', `${r.target} is already voided`, `${r.target} 已被作废`),
      ],
    });
    if (!target) return targetError('missing');
    if (target.type === 'void') return targetError('is_void');
    if (target.voidedBy) return targetError('already_voided');
    if (target.entity && (await memory.load(target.entity.kind, target.entity.id)).ids.size >= MAX_RECORDS_PER_ENTITY) {
      return { id: r.id, status: 'rejected', errors: [tooManyRecords('target', target.entity.id)] };
    }
    const out = await stores.records.putVoid(rec, r.target);
    if (out.stored) {
      if (target.entity) {
        await memory.stored(target.entity.kind, target.entity.id, { id: rec.id, type: rec.type, at: rec.at, atMs: rec.atMs }, true);
        await memory.voided(target.entity.kind, target.entity.id, target.id);
      }
      changed?.([rec, { ...target, voidedBy: r.id }]);
      return { id: r.id, status: 'accepted' };
    }
    return 'existing' in out ? sameOrConflict(out.existing, rec) : targetError(out.targetProblem);
  }

  return {
    /**
     * Backfill (历史数据导入): the same checks, then new records in bulk (one existence read and
     * batch writes instead of a conditional write each). Voids go through the one-by-one path,
     * after the records of the chunk. Returns results in input order and what was stored (voids
     * with their targets as they now stand, after the records).
     */
    async ingestBulk(
      dept: string,
      raws: unknown[],
      /** The catalog reads, shared by the chunks of one backfill run while the catalog is unchanged. */
      items: ItemVersionsLookup = stores.catalog.cached(),
    ): Promise<{ results: RecordResult[]; stored: StoredRecord[] }> {
      const at = now();
      const receivedAt = at.toISOString();
      const results: RecordResult[] = new Array(raws.length);
      const memory = entityMemory(stores, dept);
      // Each entity's records in order (a completion after its acceptance in the same chunk);
      // entities side by side.
      const checked: Checked[] = new Array(raws.length);
      const byEntity = new Map<string, number[]>();
      raws.forEach((raw, i) => {
        const k = entityKeyOfRaw(raw) ?? `#${i}`;
        byEntity.set(k, [...(byEntity.get(k) ?? []), i]);
      });
      const groups = [...byEntity.values()];
      const worker = async () => {
        for (let g = groups.shift(); g; g = groups.shift()) {
          for (const i of g) {
            const c = await check(await precheck(dept, raws[i], at, items), memory);
            checked[i] = c;
            const ent = c.ok && c.record.type !== 'void' ? entityOf(c.record) : null;
            if (c.ok && ent)
              await memory.stored(
                ent.kind,
                ent.id,
                { id: c.record.id, type: c.record.type, at: c.record.at, atMs: Date.parse(c.record.at) },
                false,
              );
          }
        }
      };
      await Promise.all(Array.from({ length: WRITE_CONCURRENCY }, worker));
      const fresh = new Map<string, { i: number; rec: StoredRecord; warnings: FieldError[] }>();
      const voids: number[] = [];
      const seen = new Map<string, StoredRecord>();
      checked.forEach((c, i) => {
        if (!c.ok) {
          results[i] = c.result;
          return;
        }
        if (c.record.type === 'void') {
          voids.push(i);
          return;
        }
        const rec = toStored(dept, c.record, c.unknownItem, receivedAt, entityOf(c.record) ?? undefined);
        const first = seen.get(rec.id);
        if (first) {
          results[i] = sameOrConflict(first, rec);
          return;
        }
        seen.set(rec.id, rec);
        fresh.set(rec.id, { i, rec, warnings: c.warnings });
      });
      const existing = await stores.records.getMany(dept, [...fresh.keys()]);
      for (const old of existing) {
        const f = fresh.get(old.id)!;
        results[f.i] = sameOrConflict(old, f.rec);
        fresh.delete(old.id);
      }
      const stored = [...fresh.values()];
      await stores.records.putMany(stored.map((f) => f.rec));
      for (const f of stored)
        results[f.i] = f.warnings.length
          ? { id: f.rec.id, status: 'accepted', warnings: f.warnings }
          : { id: f.rec.id, status: 'accepted' };
      const voided: StoredRecord[] = []; // voids stored, and their targets as they now stand
      for (const i of voids) {
        const c = checked[i] as Extract<Checked, { ok: true }>;
        results[i] = await store(dept, c, receivedAt, memory, (recs) => voided.push(...recs));
      }
      await stores.feed.add(dept, shanghaiDate(at), receivedAt, countResults(results, raws));
      return { results, stored: [...stored.map((f) => f.rec), ...voided] };
    },

    /** Checks and stores a batch; results are in the order of the input. */
    async ingest(dept: string, raws: unknown[]): Promise<RecordResult[]> {
      const at = now();
      const receivedAt = at.toISOString();
      const items = stores.catalog.cached();
      const results: RecordResult[] = new Array(raws.length);
      const memory = entityMemory(stores, dept);
      // Every record is first checked on its own, before anything is written: a failure while
      // checking leaves nothing stored, so an answer is given only once every record's fate is known.
      const pre = await Promise.all(raws.map((raw) => precheck(dept, raw, at, items)));
      // Records sharing an id or an entity, or a void and its target, are judged in order;
      // others run in parallel.
      const lastFor = new Map<string, Promise<unknown>>();
      const earlier: Array<Promise<unknown>> = [];
      let lastVoid: Promise<unknown> | undefined;
      let running = 0;
      const waiting: Array<() => void> = [];
      const slot = async () => {
        if (running >= WRITE_CONCURRENCY) await new Promise<void>((res) => waiting.push(res));
        running++;
      };
      const release = () => {
        running--;
        waiting.shift()?.();
      };

      const tasks = raws.map((raw, i) => {
        const rid = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
        const tgt = raw && typeof raw === 'object' ? (raw as { target?: unknown }).target : undefined;
        const ent = entityKeyOfRaw(raw);
        // A void changes what its target's case holds, and the target's case is known only once
        // the target is read: it waits for every record before it, and every record after waits for it.
        const isVoid = typeof tgt === 'string';
        const deps = [rid, tgt, ent]
          .filter((x): x is string => typeof x === 'string')
          .map((k) => lastFor.get(k))
          .filter(Boolean);
        deps.push(...(isVoid ? earlier : lastVoid ? [lastVoid] : []));
        const task = (async () => {
          await Promise.all(deps);
          await slot();
          try {
            const c = await check(pre[i]!, memory);
            results[i] = c.ok ? await store(dept, c, receivedAt, memory) : c.result;
          } finally {
            release();
          }
        })();
        const settled = task.catch(() => undefined);
        for (const k of [rid, tgt, ent]) if (typeof k === 'string') lastFor.set(k, settled);
        earlier.push(settled);
        if (isVoid) lastVoid = settled;
        return task;
      });
      const settled = await Promise.allSettled(tasks);
      await stores.feed.add(dept, shanghaiDate(at), receivedAt, countResults(results, raws));
      const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failure) throw failure.reason; // a store failure: 500, the client retries; accepted ones answer duplicate then
      return results;
    },
  };
}

/** The entity a raw record names, before validation (to order a batch's records per entity). */
function entityKeyOfRaw(raw: unknown): string | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  for (const f of ['caseId', 'complaintId', 'evaluationId']) if (typeof r[f] === 'string') return `\u0001${f}:${r[f] as string}`;
  return undefined;
}

function countResults(results: RecordResult[], raws: unknown[]): FeedCounts {
  const c: FeedCounts = { accepted: 0, duplicate: 0, conflict: 0, rejected: 0, forbidden: 0, voids: 0, unknownItem: 0, rejectedBy: {} };
  results.forEach((r, i) => {
    if (!r) return;
    c[r.status]++;
    if (r.status === 'accepted' && (raws[i] as { type?: unknown })?.type === 'void') c.voids++;
    if (r.warnings?.some((w) => w.code === 'item_not_in_catalog')) c.unknownItem++;
    if (r.status === 'rejected')
      for (const code of new Set(r.errors?.map((e) => e.code))) c.rejectedBy[code] = (c.rejectedBy[code] ?? 0) + 1;
  });
  return c;
}
export type IngestService = ReturnType<typeof createIngestService>;
