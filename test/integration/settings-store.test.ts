// Settings read "recently" (the figures' deadlines, calendar and catalog generation): a write
// through the same store shows at once; a write by another process shows once the age is up.
import { describe, expect, it } from 'vitest';
import { createSettingsStore } from '../../functions/store/settings-store.js';
import { createTestDb } from '../support/app-harness.js';

describe('settings read recently', () => {
  it('reuses a fresh read, sees its own writes at once and another writer\'s after maxAge', async () => {
    const db = await createTestDb();
    const mine = createSettingsStore(db);
    const other = createSettingsStore(db); // another Lambda instance, say
    await mine.put('DEADLINES', { a: 1 }, 'test', '2026-01-01T00:00:00Z');
    expect(await mine.recent('DEADLINES', 60_000)).toEqual({ a: 1 });
    await other.put('DEADLINES', { a: 2 }, 'test', '2026-01-01T00:00:01Z');
    expect(await mine.recent('DEADLINES', 60_000)).toEqual({ a: 1 }); // within maxAge: the earlier read
    expect(await mine.recent('DEADLINES', 0)).toEqual({ a: 2 }); // older than maxAge: read again
    await mine.put('DEADLINES', { a: 3 }, 'test', '2026-01-01T00:00:02Z');
    expect(await mine.recent('DEADLINES', 60_000)).toEqual({ a: 3 }); // its own write, at once
    expect(await mine.bump('GEN')).toBe(1);
    expect(await mine.recent('GEN', 60_000)).toBe(1);
    expect(await mine.bump('GEN')).toBe(2);
    expect(await mine.recent('GEN', 60_000)).toBe(2);
  });
});
