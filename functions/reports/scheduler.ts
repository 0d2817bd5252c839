// The local report scheduler (本地定时生成): inside `npm start`, at start and then every hour,
// generates every missing report of the closed months (the report service's generateMissing,
// the same pass the Lambda runs on AWS). It first waits for the aggregator to catch up, so a
// report is never archived from rollups that are still behind the records. A pass works for a
// limited time and a catch-up continues a little later: DynamoDB Local answers one request at a
// time, and people opening the dashboard must not wait behind two years of reports (newest first).
import type { GenerateMissingResult } from '../services/report-service.js';

export const HOUR_MS = 3_600_000;

export interface ReportSchedulerOptions {
  generateMissing: (opts: { shouldStop: () => boolean }) => Promise<GenerateMissingResult>;
  /** Resolves when the figures are current (the local stream has caught up). */
  ready?: () => Promise<void>;
  intervalMs?: number;
  /** How long one pass may work (default 15 s) … */
  budgetMs?: number;
  /** … and how soon an unfinished catch-up continues (default 45 s). */
  catchUpMs?: number;
  log?: (line: string) => void;
  onError?: (e: unknown) => void;
}

export function startReportScheduler(o: ReportSchedulerOptions) {
  const interval = o.intervalMs ?? HOUR_MS;
  const budget = o.budgetMs ?? 15_000;
  const catchUp = o.catchUpMs ?? 45_000;
  let unfinished = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<GenerateMissingResult | undefined> | undefined;

  async function pass(): Promise<GenerateMissingResult | undefined> {
    try {
      await o.ready?.();
      if (stopped) return undefined;
      const until = Date.now() + budget;
      const r = await o.generateMissing({ shouldStop: () => stopped || Date.now() > until });
      unfinished = r.incomplete;
      if (r.generated.length || r.failed.length) {
        o.log?.(
          `月度报告 reports: ${r.generated.length} generated${r.failed.length ? `, ${r.failed.length} failed` : ''} (${r.months[0] ?? '—'} … ${r.months.at(-1) ?? '—'})`,
        );
      }
      return r;
    } catch (e) {
      o.onError?.(e);
      return undefined;
    }
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(
      () => {
        void runNow().finally(schedule);
      },
      unfinished ? catchUp : interval,
    );
    timer.unref();
  }

  /** Runs a pass now (or joins the one running). */
  function runNow(): Promise<GenerateMissingResult | undefined> {
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  }

  const first = runNow().finally(schedule);
  return {
    /** The pass started at start-up. */
    first,
    runNow,
    /**
     * Stops the schedule; waits for a pass in progress at most `waitMs` (Ctrl-C must end the
     * process even while the store is gone and a pass is stuck in the SDK's retries; a pass cut
     * short loses nothing: the next pass generates whatever is still missing).
     */
    async stop(waitMs = 1_000) {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (!running) return;
      let t: NodeJS.Timeout | undefined;
      await Promise.race([
        running.catch(() => undefined),
        new Promise<void>((r) => {
          t = setTimeout(r, waitMs);
          t.unref();
        }),
      ]);
      clearTimeout(t);
    },
  };
}
export type ReportScheduler = ReturnType<typeof startReportScheduler>;
