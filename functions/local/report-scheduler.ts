// The local report scheduler (本地定时生成): inside `npm start`, at start and then every hour,
// generates every missing report of the closed months (the report service's generateMissing,
// the same pass the Lambda runs on AWS), once the figures are current — so a report is never
// archived from rollups that are still behind the records. A pass works for a limited time and a
// catch-up continues a little later: DynamoDB Local answers one request at a time, and people
// opening the dashboard must not wait behind two years of reports (newest first). The schedule
// itself: periodic.ts.
import type { GenerateMissingResult } from '../services/report-service.js';
import { startPeriodic } from './periodic.js';

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
  const periodic = startPeriodic<GenerateMissingResult>({
    async pass(stopping) {
      const until = Date.now() + budget;
      const r = await o.generateMissing({ shouldStop: () => stopping() || Date.now() > until });
      if (r.generated.length || r.failed.length) {
        o.log?.(
          `月度报告 reports: ${r.generated.length} generated${r.failed.length ? `, ${r.failed.length} failed` : ''} (${r.months[0] ?? '—'} … ${r.months.at(-1) ?? '—'})`,
        );
      }
      return r;
    },
    ...(o.ready ? { ready: o.ready } : {}),
    // An unfinished catch-up continues soon; after a failed pass, the next hour.
    nextDelay: (last) => (last?.incomplete ? catchUp : interval),
    firstDelayMs: 0,
    ...(o.onError ? { onError: o.onError } : {}),
  });
  return {
    /** The pass started at start-up. */
    first: periodic.first!,
    runNow: periodic.runNow,
    stop: periodic.stop,
  };
}
export type ReportScheduler = ReturnType<typeof startReportScheduler>;
