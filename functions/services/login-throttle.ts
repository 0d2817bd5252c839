// Sign-in throttling (登录限流): per username and per client, exponential backoff after a few
// failures. In memory, per process (on AWS: per Lambda instance — the persistent lockout after
// LOCK_AFTER_FAILURES consecutive failures is stored on the user and holds everywhere).

/** Failures allowed before any wait. */
export const FREE_FAILURES_PER_USER = 3;
export const FREE_FAILURES_PER_CLIENT = 20;
/** The first wait, doubled at every further failure, up to MAX_WAIT_MS. */
export const FIRST_WAIT_MS = 1_000;
export const MAX_WAIT_MS = 15 * 60_000;
/** Consecutive failures after which a user is locked until an administrator unlocks it. */
export const LOCK_AFTER_FAILURES = 10;
/** Entries are forgotten after this long without a failure. */
const FORGET_AFTER_MS = 24 * 3600_000;
const MAX_ENTRIES = 50_000;

interface Entry {
  failures: number;
  last: number;
}

function waitFor(e: Entry | undefined, free: number, nowMs: number): number {
  if (!e || e.failures < free) return 0;
  const wait = Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** (e.failures - free));
  return Math.max(0, e.last + wait - nowMs);
}

export function createLoginThrottle() {
  const users = new Map<string, Entry>();
  const clients = new Map<string, Entry>();

  function bump(m: Map<string, Entry>, key: string, nowMs: number): number {
    const e = m.get(key);
    const fresh = !e || nowMs - e.last > FORGET_AFTER_MS;
    const next = { failures: fresh ? 1 : e!.failures + 1, last: nowMs };
    m.delete(key);
    m.set(key, next);
    if (m.size > MAX_ENTRIES) m.delete(m.keys().next().value!); // the oldest
    return next.failures;
  }

  return {
    /** Milliseconds the caller must still wait before another try (0: may try now). */
    retryAfterMs(username: string, client: string, nowMs: number): number {
      return Math.max(
        waitFor(users.get(username), FREE_FAILURES_PER_USER, nowMs),
        waitFor(clients.get(client), FREE_FAILURES_PER_CLIENT, nowMs),
      );
    },
    /** Records a failure; returns the username's consecutive failures. */
    failed(username: string, client: string, nowMs: number): number {
      bump(clients, client, nowMs);
      return bump(users, username, nowMs);
    },
    succeeded(username: string): void {
      users.delete(username);
    },
    /** An administrator lifted a lockout: the username starts afresh. */
    clear(username: string): void {
      users.delete(username);
    },
    failures(username: string): number {
      return users.get(username)?.failures ?? 0;
    },
  };
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
