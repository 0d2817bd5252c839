// Work lists of complaints and evaluations (投诉/评价明细): what a supervisor works through each
// morning — open, late to respond or resolve, bad reviews not (or late) rectified — newest first,
// within the caller's scope, paged by a cursor; and one complaint or evaluation with its timeline.
// Rows are judged as of now with the same deadlines and calendar as the follow-up rates.
import { shanghaiDate } from '../../shared/calendar/index.js';
import type { EntityRecord } from '../../shared/figures/contribution.js';
import { DEFAULT_DEADLINES } from '../../shared/figures/deadlines.js';
import type { Filter } from '../../shared/figures/dimensions.js';
import {
  complaintInState,
  complaintStatus,
  evaluationInState,
  evaluationStatus,
  type ComplaintStateFilter,
  type ComplaintStatus,
  type EvaluationStateFilter,
  type EvaluationStatus,
  type FeedbackContext,
} from '../../shared/figures/feedback-status.js';
import { daysBetween } from '../../shared/figures/periods.js';
import { errors } from '../errors.js';
import type { CalendarProvider } from '../store/calendar-provider.js';
import type { Stores } from '../store/index.js';
import type { EntityState } from '../store/entity-state-store.js';
import type { StoredRecord } from '../store/records-store.js';
import { createCatalogSnapshot } from './catalog-snapshot.js';
import { EPOCH_DAY, scopedFilter, SETTINGS_MAX_AGE_MS } from './figures-service.js';
import type { Principal } from './principal.js';
import { publicRecord } from './records-query-service.js';
import { assertDepartmentVisible, assertRegionVisible } from './scope.js';
import { inRegion as policyInRegion } from './access-policy.js';
import { SETTINGS } from '../store/settings.js';

/** Settings marker: complaints and evaluations stored before the lists existed have been indexed. */
/** At most this many index pages are read for one answer; the cursor resumes after them. */
const MAX_READS = 60;
const PAGE = 200;
/** A CSV holds at most this many rows (a longer list: narrow the period or filters). */
export const CSV_MAX_ROWS = 10_000;

export interface ListQuery {
  from: string;
  to: string;
  department?: string;
  region?: string;
  item?: string;
  limit: number;
  cursor?: string;
}
export interface ComplaintListQuery extends ListQuery {
  category?: string;
  state?: ComplaintStateFilter;
}
export interface EvaluationListQuery extends ListQuery {
  score?: number;
  bad?: boolean;
  state?: EvaluationStateFilter;
}

export type ComplaintRow = {
  department: string;
  departmentName: string | null;
  complaintId: string;
  itemName: string | null;
} & ComplaintStatus;
export type EvaluationRow = {
  department: string;
  departmentName: string | null;
  evaluationId: string;
  itemName: string | null;
  regionCode: string | null;
} & EvaluationStatus;

interface Cursor {
  m: string;
  k?: Record<string, unknown>;
}

function badCursor(): never {
  throw errors.badRequest('the cursor is not one this API gave out', '分页游标无效', [
    { path: 'cursor', code: 'invalid', message: 'pass the `next` value of the previous page', messageZh: '请传入上一页返回的 next' },
  ]);
}
function decodeCursor(c: string): Cursor {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString()) as Cursor;
    if (typeof v?.m !== 'string' || !/^\d{4}-\d{2}$/.test(v.m)) badCursor();
    return v;
  } catch {
    return badCursor();
  }
}
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

function fail(field: string, en: string, zh: string): never {
  throw errors.badRequest(en, zh, [{ path: field, code: 'invalid', message: en, messageZh: zh }]);
}

function previousMonth(m: string): string {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, '0')}`;
}

/** A region code lies in a filter's region: the division table decides (access-policy.ts), never a prefix. */
const inRegion = (code: string | null | undefined, region: string) => !!code && policyInRegion(region, code);

/** The region of a case: its live acceptance's (or submission's) handling region. */
function caseRegion(records: readonly EntityRecord[]): string | null {
  const live = records.filter((r) => !r.voided).sort((a, b) => a.atMs - b.atMs);
  const r = live.filter((x) => x.type === 'case.accepted').at(-1) ?? live.filter((x) => x.type === 'case.submitted').at(-1);
  return (r?.body.regionCode as string | undefined) ?? null;
}

export function createFeedbackListService(stores: Stores, calendars: CalendarProvider, now: () => Date) {
  const snapshot = createCatalogSnapshot(stores, SETTINGS_MAX_AGE_MS);

  async function context(): Promise<FeedbackContext> {
    const [deadlines, calendar] = await Promise.all([
      stores.settings.recent(SETTINGS.deadlines, SETTINGS_MAX_AGE_MS),
      calendars.current({ maxAgeMs: SETTINGS_MAX_AGE_MS }),
    ]);
    return { today: shanghaiDate(now()), calendar, deadlines: deadlines ?? DEFAULT_DEADLINES };
  }

  async function names() {
    const snap = await snapshot();
    const depts = new Map(snap.departments.map((d) => [d.code, d.name]));
    const items = new Map<string, { name: string; from: string }>();
    for (const v of snap.versions) {
      const seen = items.get(v.itemCode);
      if (!seen || v.effectiveFrom > seen.from) items.set(v.itemCode, { name: v.name, from: v.effectiveFrom });
    }
    return { dept: (c: string) => depts.get(c) ?? null, item: (c: string | null) => (c ? (items.get(c)?.name ?? null) : null) };
  }

  function checkQuery(q: ListQuery) {
    if (q.to < q.from) fail('to', '`to` must not be before `from`', '结束日期不能早于开始日期');
    if (q.from < EPOCH_DAY) fail('from', `lists start on ${EPOCH_DAY}`, `明细自 ${EPOCH_DAY} 起`);
    if (daysBetween(q.from, q.to) > 3 * 366) fail('to', 'a period is at most 3 years', '查询区间最长 3 年');
  }

  /** The regions of the cases some evaluations name (one batch read per page). */
  async function regionsOfCases(states: EntityState[]): Promise<Map<string, string | null>> {
    const refs = states.flatMap((s) => {
      const caseId = evaluationCaseId(s);
      return caseId ? [{ dept: s.dept, kind: 'case' as const, entityId: caseId }] : [];
    });
    const found = refs.length ? await stores.entities.getMany(refs) : new Map<string, EntityState>();
    const out = new Map<string, string | null>();
    for (const c of found.values()) out.set(`${c.dept}#${c.entityId}`, caseRegion(c.records));
    return out;
  }

  /**
   * Reads month partitions newest first from the cursor on, turning each state into a row (or
   * null when filtered out), until `limit` rows or the read budget; the cursor resumes after
   * the last row given.
   */
  async function walk<R>(kind: 'complaint' | 'evaluation', q: ListQuery, rowsOf: (states: EntityState[]) => Promise<Array<R | null>>) {
    const start = q.cursor ? decodeCursor(q.cursor) : { m: q.to.slice(0, 7) };
    const firstMonth = q.from.slice(0, 7);
    if (start.m > q.to.slice(0, 7) || start.m < firstMonth) badCursor();
    let month = start.m;
    let startKey = start.k;
    const rows: R[] = [];
    let reads = 0;
    while (reads < MAX_READS) {
      const page = await stores.entities.feedbackPage(kind, month, {
        fromDay: q.from,
        toDay: q.to,
        limit: PAGE,
        ...(startKey ? { startKey } : {}),
      });
      reads++;
      const made = await rowsOf(page.states);
      for (let i = 0; i < made.length; i++) {
        const r = made[i];
        if (r === null || r === undefined) continue;
        rows.push(r);
        if (rows.length >= q.limit) {
          const more = i < made.length - 1 || page.next !== undefined || month > firstMonth;
          return {
            rows,
            next: more
              ? encodeCursor(
                  i < made.length - 1 || page.next
                    ? { m: month, k: stores.entities.feedbackCursorKey(page.states[i]!) }
                    : { m: previousMonth(month) },
                )
              : undefined,
          };
        }
      }
      if (page.next) {
        startKey = page.next;
        continue;
      }
      if (month <= firstMonth) return { rows, next: undefined };
      month = previousMonth(month);
      startKey = undefined;
    }
    return { rows, next: encodeCursor(startKey ? { m: month, k: startKey } : { m: month }) };
  }

  function scoped(p: Principal, q: ListQuery) {
    const f: Filter = {};
    if (q.department) f.department = q.department;
    if (q.region) f.region = q.region;
    return scopedFilter(p, f);
  }

  async function complaints(p: Principal, q: ComplaintListQuery) {
    checkQuery(q);
    const f = scoped(p, q);
    const [ctx, n] = await Promise.all([context(), names()]);
    const page = await walk<ComplaintRow>('complaint', q, async (states) =>
      states.map((s) => {
        if (f.department && s.dept !== f.department) return null;
        const st = complaintStatus(s.records, ctx);
        if (!st) return null;
        if (f.region && !inRegion(st.regionCode, f.region)) return null;
        if (q.item && st.itemCode !== q.item) return null;
        if (q.category && st.category !== q.category) return null;
        if (q.state && !complaintInState(st, q.state)) return null;
        return { department: s.dept, departmentName: n.dept(s.dept), complaintId: s.entityId, itemName: n.item(st.itemCode), ...st };
      }),
    );
    return {
      asOf: ctx.today,
      filter: {
        from: q.from,
        to: q.to,
        ...f,
        ...(q.item ? { item: q.item } : {}),
        ...(q.category ? { category: q.category } : {}),
        ...(q.state ? { state: q.state } : {}),
      },
      complaints: page.rows,
      ...(page.next ? { next: page.next } : {}),
    };
  }

  async function evaluations(p: Principal, q: EvaluationListQuery) {
    checkQuery(q);
    const f = scoped(p, q);
    const [ctx, n] = await Promise.all([context(), names()]);
    const page = await walk<EvaluationRow>('evaluation', q, async (states) => {
      const judged = states.map((s) => {
        if (f.department && s.dept !== f.department) return null;
        const st = evaluationStatus(s.records, ctx);
        if (!st) return null;
        if (q.item && st.itemCode !== q.item) return null;
        if (q.score !== undefined && st.score !== q.score) return null;
        if (q.bad !== undefined && st.bad !== q.bad) return null;
        if (q.state && !evaluationInState(st, q.state)) return null;
        return { s, st };
      });
      // An evaluation carries no region: it takes the region of the case it names (none without one).
      const regions = await regionsOfCases(judged.flatMap((j) => (j ? [j.s] : [])));
      return judged.map((j) => {
        if (!j) return null;
        const regionCode = j.st.caseId ? (regions.get(`${j.s.dept}#${j.st.caseId}`) ?? null) : null;
        if (f.region && !inRegion(regionCode, f.region)) return null;
        return {
          department: j.s.dept,
          departmentName: n.dept(j.s.dept),
          evaluationId: j.s.entityId,
          itemName: n.item(j.st.itemCode),
          regionCode,
          ...j.st,
        };
      });
    });
    return {
      asOf: ctx.today,
      filter: {
        from: q.from,
        to: q.to,
        ...f,
        ...(q.item ? { item: q.item } : {}),
        ...(q.score !== undefined ? { score: q.score } : {}),
        ...(q.bad !== undefined ? { bad: q.bad } : {}),
        ...(q.state ? { state: q.state } : {}),
      },
      evaluations: page.rows,
      ...(page.next ? { next: page.next } : {}),
    };
  }

  /** Every page up to CSV_MAX_ROWS (`truncated` when there were more). */
  async function all<T extends { next?: string }>(read: (cursor?: string) => Promise<T>, rowsOf: (t: T) => unknown[]) {
    const rows: unknown[] = [];
    let cursor: string | undefined;
    do {
      const page = await read(cursor);
      rows.push(...rowsOf(page));
      cursor = page.next;
    } while (cursor && rows.length < CSV_MAX_ROWS);
    return { rows: rows.slice(0, CSV_MAX_ROWS), truncated: Boolean(cursor) || rows.length > CSV_MAX_ROWS };
  }

  async function timelineOf(p: Principal, kind: 'complaint' | 'evaluation', dept: string, id: string): Promise<StoredRecord[]> {
    assertDepartmentVisible(p, dept);
    const records = await stores.records.timeline(dept, kind, id);
    if (!records.length)
      throw errors.notFound(`no ${kind} ${id} of department ${dept}`, `部门 ${dept} 没有${kind === 'complaint' ? '投诉' : '评价'} ${id}`);
    return records;
  }
  const entityRecords = (rs: StoredRecord[]): EntityRecord[] =>
    rs.map((r) => ({ id: r.id, type: r.type, at: r.at, atMs: r.atMs, body: r.body, ...(r.voidedBy ? { voided: true } : {}) }));

  return {
    complaints,
    evaluations,
    complaintsCsv: (p: Principal, q: ComplaintListQuery) =>
      all(
        (cursor) => complaints(p, { ...q, limit: 500, ...(cursor ? { cursor } : {}) }),
        (t) => t.complaints,
      ) as Promise<{ rows: ComplaintRow[]; truncated: boolean }>,
    evaluationsCsv: (p: Principal, q: EvaluationListQuery) =>
      all(
        (cursor) => evaluations(p, { ...q, limit: 500, ...(cursor ? { cursor } : {}) }),
        (t) => t.evaluations,
      ) as Promise<{ rows: EvaluationRow[]; truncated: boolean }>,

    /** One complaint: where it stands (the list's row) and its records in order (voided ones marked). */
    async complaint(p: Principal, dept: string, complaintId: string) {
      const records = await timelineOf(p, 'complaint', dept, complaintId);
      const [ctx, n] = await Promise.all([context(), names()]);
      const st = complaintStatus(entityRecords(records), ctx);
      assertRegionVisible(p, st?.regionCode ?? undefined);
      const row: ComplaintRow | null = st
        ? { department: dept, departmentName: n.dept(dept), complaintId, itemName: n.item(st.itemCode), ...st }
        : null;
      return {
        asOf: ctx.today,
        department: dept,
        departmentName: n.dept(dept),
        complaintId,
        status: row,
        events: records.map(publicRecord),
      };
    },

    /** One evaluation: where it stands, the region of its case, and its records in order. */
    async evaluation(p: Principal, dept: string, evaluationId: string) {
      const records = await timelineOf(p, 'evaluation', dept, evaluationId);
      const [ctx, n] = await Promise.all([context(), names()]);
      const st = evaluationStatus(entityRecords(records), ctx);
      const caseState = st?.caseId ? await stores.entities.get({ dept, kind: 'case', entityId: st.caseId }) : undefined;
      const regionCode = caseState ? caseRegion(caseState.records) : null;
      assertRegionVisible(p, regionCode ?? undefined);
      const row: EvaluationRow | null = st
        ? { department: dept, departmentName: n.dept(dept), evaluationId, itemName: n.item(st.itemCode), regionCode, ...st }
        : null;
      return {
        asOf: ctx.today,
        department: dept,
        departmentName: n.dept(dept),
        evaluationId,
        regionCode,
        status: row,
        events: records.map(publicRecord),
      };
    },
  };
}
export type FeedbackListService = ReturnType<typeof createFeedbackListService>;

function evaluationCaseId(s: EntityState): string | undefined {
  const sub = s.records
    .filter((r) => r.type === 'evaluation.submitted' && !r.voided)
    .sort((a, b) => a.atMs - b.atMs)
    .at(-1);
  return sub?.body.caseId as string | undefined;
}
