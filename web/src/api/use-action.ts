// Runs one user action against the API (a form submit, a button): busy while it runs, and the
// error it threw kept for display until the next run.
import { useCallback, useState } from 'react';

export type ActionResult<T> = { ok: true; value: T } | { ok: false };

export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = useCallback(async <T>(fn: () => Promise<T>): Promise<ActionResult<T>> => {
    setBusy(true);
    setError(undefined);
    try {
      return { ok: true, value: await fn() };
    } catch (e) {
      setError(e);
      return { ok: false };
    } finally {
      setBusy(false);
    }
  }, []);
  const clearError = useCallback(() => setError(undefined), []);
  return { busy, error, run, clearError };
}
