// Settings read "recently" (the figures' deadlines, calendar and catalog generation): a write
// through the same store shows at once; a write by another process shows once the age is up.
import { describe, expect, it } from 'vitest';
import { createSettingsStore } from '../../functions/store/settings-store.js';
import { SETTINGS, type Setting } from '../../functions/store/settings.js';
import { createTestDb } from '../support/app-harness.js';

/** A document setting for the test (the registry's own are typed to the product's values). */
const doc: Setting<{ a: number }> = { name: 'TEST_DOC', read: (v) => v as { a: number } };
const counter: Setting<number> = { name: 'TEST_GEN', read: (v) => (typeof v === 'number' ? v : undefined) };

describe('settings read recently', () => {
  it("reuses a fresh read, sees its own writes at once and another writer's after maxAge", async () => {
    const db = await createTestDb();
    const mine = createSettingsStore(db);
    const other = createSettingsStore(db); // another Lambda instance, say
    await mine.put(doc, { a: 1 }, 'test', '2026-01-01T00:00:00Z');
    expect(await mine.recent(doc, 60_000)).toEqual({ a: 1 });
    await other.put(doc, { a: 2 }, 'test', '2026-01-01T00:00:01Z');
    expect(await mine.recent(doc, 60_000)).toEqual({ a: 1 }); // within maxAge: the earlier read
    expect(await mine.recent(doc, 0)).toEqual({ a: 2 }); // older than maxAge: read again
    await mine.put(doc, { a: 3 }, 'test', '2026-01-01T00:00:02Z');
    expect(await mine.recent(doc, 60_000)).toEqual({ a: 3 }); // its own write, at once
    expect(await mine.bump(counter)).toBe(1);
    expect(await mine.recent(counter, 60_000)).toBe(1);
    expect(await mine.bump(counter)).toBe(2);
    expect(await mine.recent(counter, 60_000)).toBe(2);
  });

  it("reads a stored value of the wrong shape as absent, so the caller's default applies", async () => {
    const db = await createTestDb();
    const settings = createSettingsStore(db);
    // Written by hand (or an older version) under the names of the registry, with the wrong shapes.
    const raw = (name: string): Setting<unknown> => ({ name, read: (v) => v });
    await settings.put(raw(SETTINGS.deadlines.name), 'not an object', 'test', '2026-01-01T00:00:00Z');
    await settings.put(raw(SETTINGS.catalogGeneration.name), 'seven', 'test', '2026-01-01T00:00:00Z');
    await settings.put(raw(SETTINGS.calendar.name), { version: 'v2' }, 'test', '2026-01-01T00:00:00Z');
    expect(await settings.get(SETTINGS.deadlines)).toBeUndefined();
    expect(await settings.get(SETTINGS.catalogGeneration)).toBeUndefined();
    expect(await settings.get(SETTINGS.calendar)).toBeUndefined();
    await settings.put(SETTINGS.catalogGeneration, 7, 'test', '2026-01-01T00:00:00Z');
    expect(await settings.get(SETTINGS.catalogGeneration)).toBe(7);
  });
});
