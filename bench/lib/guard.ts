// Keeps a benchmark bounded: a hard time limit, and cleanup (DynamoDB Local, child processes,
// Chromium) on normal exit, on error, on Ctrl-C/SIGTERM and when the time limit hits.

type Cleanup = () => unknown | Promise<unknown>;
const cleanups: Array<{ label: string; fn: Cleanup }> = [];
let cleaning: Promise<void> | undefined;

/** Registers a cleanup; cleanups run last-registered first. */
export function onCleanup(label: string, fn: Cleanup): void {
  cleanups.unshift({ label, fn });
}

export function runCleanups(): Promise<void> {
  cleaning ??= (async () => {
    for (const c of cleanups.splice(0)) {
      try {
        await Promise.race([Promise.resolve().then(c.fn), new Promise((r) => setTimeout(r, 15_000).unref())]);
      } catch (e) {
        console.error(`cleanup ${c.label} failed:`, e);
      }
    }
  })();
  return cleaning;
}

/**
 * Runs a benchmark's main function with a time limit; exits the process when done (0), on
 * error (1) or at the limit (2), after running the cleanups.
 */
export function guard(name: string, limitMinutes: number, main: () => Promise<void>): void {
  const exit = (code: number) => {
    void runCleanups().then(() => process.exit(code));
  };
  const timer = setTimeout(() => {
    console.error(`${name}: time limit of ${limitMinutes} min reached; stopping`);
    exit(2);
  }, limitMinutes * 60_000);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      console.error(`${name}: ${sig}, stopping`);
      exit(130);
    });
  }
  process.on('uncaughtException', (e) => {
    console.error(`${name}: uncaught`, e);
    exit(1);
  });
  process.on('unhandledRejection', (e) => {
    console.error(`${name}: unhandled rejection`, e);
    exit(1);
  });
  main().then(
    () => {
      clearTimeout(timer);
      exit(0);
    },
    (e) => {
      console.error(`${name} failed:`, e);
      clearTimeout(timer);
      exit(1);
    },
  );
}

export function log(...args: unknown[]): void {
  const t = new Date().toISOString().slice(11, 19);
  console.log(`[${t}]`, ...args);
}
