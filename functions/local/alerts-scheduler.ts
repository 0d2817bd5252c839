// The local alerts scheduler (预警定时检查): inside `npm start`, a minute after start and then every
// minute, evaluates every rule and delivers what is due (the alerts service's run, the same pass
// the Lambda runs on AWS), once the figures are current — so a notice is never judged from figures
// that are behind the records (the schedule itself: periodic.ts).
import type { RunResult } from '../services/alerts-service.js';
import { startPeriodic } from './periodic.js';

export const MINUTE_MS = 60_000;

export interface AlertsSchedulerOptions {
  run: () => Promise<RunResult>;
  ready?: () => Promise<void>;
  intervalMs?: number;
  /** Delay of the first pass (default: the interval), so start-up work goes first. */
  firstDelayMs?: number;
  log?: (line: string) => void;
  onError?: (e: unknown) => void;
}

export function startAlertsScheduler(o: AlertsSchedulerOptions) {
  const interval = o.intervalMs ?? MINUTE_MS;
  const { runNow, stop } = startPeriodic<RunResult>({
    async pass() {
      const r = await o.run();
      if (r.noticesCreated.length || r.sent || r.failed || r.retrying) {
        o.log?.(
          `预警 alerts: ${r.noticesCreated.length} new notice(s), ${r.sent} sent${r.retrying ? `, ${r.retrying} to retry` : ''}${r.failed ? `, ${r.failed} failed` : ''}`,
        );
      }
      return r;
    },
    ...(o.ready ? { ready: o.ready } : {}),
    nextDelay: () => interval,
    firstDelayMs: o.firstDelayMs ?? interval,
    ...(o.onError ? { onError: o.onError } : {}),
  });
  return { runNow, stop };
}
export type AlertsScheduler = ReturnType<typeof startAlertsScheduler>;
