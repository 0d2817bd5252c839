// The recompute job (重算任务): brings every entity to the current contribution rules, calendar
// and catalog, outside the stream handler. A rules release (RULES_VERSION), a calendar
// correction or a catalog change only *asks* for it (a small job item); this job then walks the
// entities page by page, each recomputed atomically by the aggregator (subtracting exactly what
// it had written), so the figures are consistent at every moment: each entity is fully old or
// fully new. It works in slices of a time budget and saves its cursor after every page, so a
// crash or a Lambda timeout resumes where it stopped. Run by `npm start` in the background, by
// `npm run recompute` (with a progress bar), and on AWS by the recompute Lambda every minute.
import type { Stores } from '../store/index.js';
import type { Aggregator } from './aggregate.js';
import { SETTINGS } from '../store/settings.js';

export interface SliceResult {
  /** Nothing left to do (no request outstanding). */
  done: boolean;
  /** Entities looked at and changed in this slice. */
  processed: number;
  changed: number;
}

export interface Progress {
  phase: 'pending' | 'full' | 'item';
  processed: number;
  changed: number;
  scanned?: number;
  itemCode?: string;
}

export function createRecomputeJob(stores: Stores, aggregator: Aggregator) {
  return {
    /** Asks for a full recompute when the rules changed since the last one was asked for. */
    async ensureRulesCurrent(): Promise<boolean> {
      const stored = await stores.settings.get(SETTINGS.rulesVersion);
      if (stored === aggregator.rulesVersion) return false;
      // A table with no entity yet needs no recompute, only the version noted.
      await stores.jobs.requestFull(`rules ${stored ?? 1} → ${aggregator.rulesVersion}`);
      await stores.settings.put(SETTINGS.rulesVersion, aggregator.rulesVersion, 'recompute', new Date().toISOString());
      return true;
    },

    async pending(): Promise<boolean> {
      const [full, items] = await Promise.all([stores.jobs.full(), stores.jobs.items()]);
      return (full.requested !== undefined && full.requested !== full.completed) || items.length > 0;
    },

    /** Works until the budget is spent or nothing is left; safe to run from several places. */
    async runSlice(opts: { budgetMs: number; pageSize?: number; onProgress?: (p: Progress) => void }): Promise<SliceResult> {
      const until = Date.now() + opts.budgetMs;
      const out: SliceResult = { done: false, processed: 0, changed: 0 };
      await aggregator.finishAllPending();

      // Item changes first: they are small and a department is waiting to see its catalog take effect.
      for (const job of await stores.jobs.items()) {
        if (Date.now() > until) return out;
        const r = await aggregator.itemChanged(job.itemCode, job.from);
        out.processed += r.entities;
        out.changed += r.entities;
        await stores.jobs.itemDone(job);
        opts.onProgress?.({ phase: 'item', processed: out.processed, changed: out.changed, itemCode: job.itemCode });
      }

      let full = await stores.jobs.full();
      if (!full.requested || full.requested === full.completed) {
        out.done = (await stores.jobs.items()).length === 0;
        return out;
      }
      if (full.running !== full.requested) {
        await stores.jobs.startFull(full.requested);
        full = await stores.jobs.full();
      }
      const generation = full.running!;
      let cursor = full.cursor;
      let processed = full.processed ?? 0;
      let changed = full.changed ?? 0;
      while (Date.now() <= until) {
        const page = await stores.entities.scanPage(cursor, opts.pageSize ?? 200);
        const r = page.refs.length
          ? await aggregator.recompute(page.refs.map(({ dept, kind, entityId }) => ({ dept, kind, entityId })))
          : { entities: 0 };
        processed += page.refs.length;
        changed += r.entities;
        out.processed += page.refs.length;
        out.changed += r.entities;
        cursor = page.cursor;
        const saved = await stores.jobs.saveFull(generation, { ...(cursor ? { cursor } : {}), processed, changed, done: !cursor });
        opts.onProgress?.({ phase: 'full', processed, changed });
        if (!saved) return out; // asked again meanwhile: the next slice starts over
        if (!cursor) {
          out.done = (await this.pending()) === false;
          return out;
        }
      }
      return out;
    },
  };
}
export type RecomputeJob = ReturnType<typeof createRecomputeJob>;
