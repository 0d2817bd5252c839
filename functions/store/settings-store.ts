// Small settings documents (配置): the working-day calendar, follow-up deadlines, stream
// checkpoints. One item each under the SETTINGS partition; which ones exist, and their types, is
// the registry in settings.ts.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.js';
import { keys } from './keys.js';
import type { Setting } from './settings.js';

export function createSettingsStore(db: Db) {
  // The last read of each setting, for readers that accept a value a moment old (recent()).
  const last = new Map<string, { at: number; value: Promise<unknown> }>();
  const read = async <T>(s: Setting<T>): Promise<T | undefined> => {
    const r = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.settings(s.name), ConsistentRead: true }));
    return r.Item ? s.read(r.Item.value) : undefined;
  };
  const remember = <T>(name: string, value: Promise<T | undefined>) => {
    const entry = { at: Date.now(), value };
    last.set(name, entry);
    value.catch(() => {
      if (last.get(name) === entry) last.delete(name);
    });
    return value;
  };
  return {
    async get<T>(s: Setting<T>): Promise<T | undefined> {
      return remember(s.name, read(s));
    },
    /**
     * The setting as read at most `maxAgeMs` ago (a read now otherwise): for the figures, which
     * read the same few settings on every request. A write through this store is seen at once;
     * a write by another process (another Lambda instance) within `maxAgeMs`.
     */
    async recent<T>(s: Setting<T>, maxAgeMs: number): Promise<T | undefined> {
      const hit = last.get(s.name);
      if (hit && Date.now() - hit.at < maxAgeMs) return hit.value as Promise<T | undefined>;
      return remember(s.name, read(s));
    },
    /** Adds one to a counter setting (e.g. the catalog generation) and returns the new value. */
    async bump(s: Setting<number>): Promise<number> {
      const name = s.name;
      last.delete(name);
      const r = await db.doc.send(
        new UpdateCommand({
          TableName: db.tableName,
          Key: keys.settings(name),
          UpdateExpression: 'ADD #v :one',
          ExpressionAttributeNames: { '#v': 'value' },
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      last.delete(name); // also a read that started while writing
      return Number(r.Attributes?.value ?? 0);
    },
    async put<T>(s: Setting<T>, value: T, updatedBy: string, at: string): Promise<void> {
      const name = s.name;
      last.delete(name);
      await db.doc.send(new PutCommand({ TableName: db.tableName, Item: { ...keys.settings(name), value, updatedBy, updatedAt: at } }));
      last.delete(name); // also a read that started while writing
    },
  };
}
export type SettingsStore = ReturnType<typeof createSettingsStore>;
