// The local alerts scheduler (预警定时检查): inside `npm start`, a minute after start and then every
// minute, evaluates every rule and delivers what is due (the alerts service's run, the same pass
// the Lambda runs on AWS). It first waits for the aggregator to catch up, so a notice is never
// judged from figures that are behind the records. Passes never overlap.
import type { RunResult } from '../services/alerts-service.js';

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
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<RunResult | undefined> | undefined;

  async function pass(): Promise<RunResult | undefined> {
    try {
      await o.ready?.();
      if (stopped) return undefined;
      const r = await o.run();
      if (r.noticesCreated.length || r.sent || r.failed || r.retrying) {
        o.log?.(
          `预警 alerts: ${r.noticesCreated.length} new notice(s), ${r.sent} sent${r.retrying ? `, ${r.retrying} to retry` : ''}${r.failed ? `, ${r.failed} failed` : ''}`,
        );
      }
      return r;
    } catch (e) {
      o.onError?.(e);
      return undefined;
    }
  }

  function runNow(): Promise<RunResult | undefined> {
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule(delay: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      void runNow().finally(() => schedule(interval));
    }, delay);
    timer.unref();
  }
  schedule(o.firstDelayMs ?? interval);

  return {
    runNow,
    /**
     * Stops the schedule; waits for a pass in progress at most `waitMs` (Ctrl-C must end the
     * process even while the store is gone and a pass is stuck in the SDK's retries; a pass cut
     * short sends nothing twice: the next run finds its notices stored and its deliveries claimed).
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
export type AlertsScheduler = ReturnType<typeof startAlertsScheduler>;
