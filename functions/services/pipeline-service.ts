// The counting pipeline's health (数据处理状态) and the data-quality list (无法判定): how far
// behind the figures are, when counting last succeeded, errors of the last hour, the recompute
// job's progress, and per department the cases, complaints and evaluations that cannot be judged,
// with the records to correct. A department (key or department user) sees only its own; error
// messages of the pipeline are for supervisors and administrators.
import { PROBLEM_TEXT } from '../../shared/contract/problems.js';
import { errors } from '../errors.js';
import type { Stores } from '../store/index.js';
import type { Principal } from './principal.js';
import { assertDepartmentVisible, assertRegionVisible, visibleDepartments } from './scope.js';

/** Figures are "behind" once the oldest record not yet counted is older than this. */
export const BEHIND_AFTER_SECONDS = 60;
const HOUR_MS = 3_600_000;

/**
 * History still loading after the server opened: figures are complete from the first day of
 * `loadedFrom` (YYYY-MM); earlier months fill in, newest first.
 */
export interface HistoryLoad {
  loadedFrom: string;
  monthsDone: number;
  monthsTotal: number;
  done: boolean;
}

export function createPipelineService(stores: Stores, now: () => Date) {
  const mayReadErrors = (p: Principal) => p.kind === 'user' && p.role !== 'leadership' && p.scope.kind === 'all';
  // The demo city's older months, loading after the server opened (npm start -- --demo, first start).
  let historyLoad: () => HistoryLoad | null = () => null;

  return {
    /** The light status every page shows (数据截至 …; a banner when behind). */
    async status(p: Principal) {
      const at = now();
      const [s, errs, full, items] = await Promise.all([
        stores.pipeline.status(),
        stores.pipeline.errorsSince(new Date(at.getTime() - HOUR_MS)),
        stores.jobs.full(),
        stores.jobs.items(),
      ]);
      const lagSeconds = s.behindSince ? Math.max(0, (at.getTime() - Date.parse(s.behindSince)) / 1000) : 0;
      const behind = lagSeconds > BEHIND_AFTER_SECONDS;
      const history = historyLoad();
      const recomputing = (full.requested !== undefined && full.requested !== full.completed) || items.length > 0;
      return {
        asOf: at.toISOString(),
        state: behind ? ('behind' as const) : s.behindSince ? ('retrying' as const) : ('ok' as const),
        behind,
        behindSince: s.behindSince ?? null,
        lagSeconds: Math.round(lagSeconds),
        behindAfterSeconds: BEHIND_AFTER_SECONDS,
        /** Records are counted up to this moment: now when nothing waits, else when the wait began. */
        countedUpTo: s.behindSince ?? at.toISOString(),
        lastSuccessAt: s.lastSuccessAt ?? null,
        lastBatchLagMs: s.lastLagMs ?? null,
        errorsLastHour: errs.length,
        ...(mayReadErrors(p) ? { recentErrors: errs.slice(-10).reverse() } : {}),
        ...(history ? { history } : {}),
        recompute: {
          running: recomputing,
          reason: recomputing ? (full.reason ?? (items.length ? 'catalog' : null)) : null,
          processed: full.processed ?? 0,
          requestedAt: full.requestedAt ?? null,
          completedAt: full.completedAt ?? null,
          itemsWaiting: items.length,
        },
      };
    },

    /** Where a history loading in the background stands (only the demo's first start has one). */
    attachHistoryLoad(get: () => HistoryLoad | null): void {
      historyLoad = get;
    },

    /** Per department in scope: how many of its cases, complaints and evaluations cannot be judged. */
    async quality(p: Principal) {
      // The departments the access policy shows this caller (its own; a region's, those located in it).
      const depts = visibleDepartments(p, await stores.departments.list());
      const rows = await Promise.all(
        depts.map(async (d) => ({ department: d.code, name: d.name, cannotJudge: await stores.entities.problemCount(d.code) })),
      );
      return { departments: rows, total: rows.reduce((n, r) => n + r.cannotJudge, 0) };
    },

    /** A department's entities that cannot be judged, with the reason and the records to correct. */
    async problems(p: Principal, dept: string, q: { limit: number; cursor?: string }) {
      assertDepartmentVisible(p, dept);
      let startKey: Record<string, unknown> | undefined;
      if (q.cursor) {
        try {
          startKey = JSON.parse(Buffer.from(q.cursor, 'base64url').toString()) as Record<string, unknown>;
        } catch {
          startKey = undefined;
        }
        if (!startKey || typeof startKey !== 'object' || typeof startKey.gsi1pk !== 'string' || startKey.gsi1pk !== `PROBLEMS#${dept}`) {
          throw errors.badRequest('cursor is not one this list gave out; start again without it', 'cursor 无效，请不带 cursor 重新查询');
        }
      }
      const page = await stores.entities.problems(dept, { limit: q.limit, ...(startKey ? { startKey } : {}) });
      const rows = [];
      for (const s of page.states) {
        const acceptance = s.records.filter((r) => !r.voided && (r.type === 'case.accepted' || r.type === 'complaint.received')).at(-1);
        const regionCode = acceptance?.body.regionCode as string | undefined;
        if (p.kind === 'user' && p.scope.kind === 'region') {
          try {
            assertRegionVisible(p, regionCode);
          } catch {
            continue;
          }
        }
        const code = s.problem!.code;
        const text = PROBLEM_TEXT[code];
        rows.push({
          kind: s.kind,
          id: s.entityId,
          reason: code,
          recordIds: s.problem!.recordIds,
          message: text.en,
          messageZh: text.zh,
          action: text.actionEn,
          actionZh: text.actionZh,
          ...(s.problem!.detail && mayReadErrors(p) ? { detail: s.problem!.detail } : {}),
          itemCode: (acceptance?.body.itemCode as string | undefined) ?? null,
          regionCode: regionCode ?? null,
          firstAt: s.records[0]?.at ?? null,
          lastAt: s.records.at(-1)?.at ?? null,
        });
      }
      return {
        department: dept,
        problems: rows,
        ...(page.next ? { next: Buffer.from(JSON.stringify(page.next)).toString('base64url') } : {}),
      };
    },
  };
}
export type PipelineService = ReturnType<typeof createPipelineService>;
