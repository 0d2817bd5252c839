// A pass run on a schedule inside `npm start` (本地定时任务): the alerts every minute, the monthly
// reports every hour. On AWS an EventBridge rule runs the same passes in their Lambdas. Written once
// for both, so both behave alike: a pass first waits for the figures to be current (the local
// stream has caught up), passes never overlap (`runNow` joins the pass in progress), a failed pass
// is reported and the schedule goes on, and `stop` ends the schedule and waits for a pass in
// progress at most `waitMs` — Ctrl-C must end the process even while the store is gone and a pass
// is stuck in the SDK's retries (a pass cut short loses nothing and sends nothing twice: each
// pass's work is keyed, and the next one does what is still missing).

export interface PeriodicOptions<T> {
  /** One pass; `stopping()` is true once `stop` was called (a long pass may end early). */
  pass: (stopping: () => boolean) => Promise<T>;
  /** Resolves when the figures are current. */
  ready?: () => Promise<void>;
  /** How long after a pass the next one starts (given the pass's result; undefined after a failure). */
  nextDelay: (last: T | undefined) => number;
  /** The first pass: at once (0), or after this long, so start-up work goes first. */
  firstDelayMs: number;
  onError?: (e: unknown) => void;
}

export interface Periodic<T> {
  /** The first pass when it runs at once (firstDelayMs 0). */
  first: Promise<T | undefined> | undefined;
  /** Runs a pass now, or joins the one running. */
  runNow(): Promise<T | undefined>;
  /** Stops the schedule; waits for a pass in progress at most `waitMs`. */
  stop(waitMs?: number): Promise<void>;
}

export function startPeriodic<T>(o: PeriodicOptions<T>): Periodic<T> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<T | undefined> | undefined;

  async function pass(): Promise<T | undefined> {
    try {
      await o.ready?.();
      if (stopped) return undefined;
      return await o.pass(() => stopped);
    } catch (e) {
      o.onError?.(e);
      return undefined;
    }
  }

  function runNow(): Promise<T | undefined> {
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule(delay: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      void runNow().then((last) => schedule(o.nextDelay(last)));
    }, delay);
    timer.unref();
  }

  let first: Promise<T | undefined> | undefined;
  if (o.firstDelayMs === 0) {
    first = runNow();
    void first.then((last) => schedule(o.nextDelay(last)));
  } else schedule(o.firstDelayMs);

  return {
    first,
    runNow,
    async stop(waitMs = 1_000) {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (!running) return;
      let t: NodeJS.Timeout | undefined;
      await Promise.race([
        running,
        new Promise<void>((r) => {
          t = setTimeout(r, waitMs);
          t.unref();
        }),
      ]);
      clearTimeout(t);
    },
  };
}
