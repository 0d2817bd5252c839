// Builds the real app on its own table in the shared DynamoDB Local, with helpers to create a
// department and a key through the admin API — the way an administrator does it.
import { inject } from 'vitest';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../functions/config.js';
import { createApp } from '../../functions/api/app.js';
import { createServices } from '../../functions/runtime/services.js';
import { createDb, ensureTable, type Db } from '../../functions/store/client.js';
import { createAggregator, type BeforeTransaction } from '../../functions/aggregator/aggregate.js';
import { startLocalStream, type LocalStream } from '../../functions/aggregator/local-stream.js';
import { startDynamoLocal, type DynamoLocal } from '../../functions/local/dynamo-local.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export async function createTestDb(endpoint: string = inject('ddbEndpoint')): Promise<Db> {
  const db = createDb({ tableName: `t-${randomUUID()}`, region: 'local', endpoint });
  await ensureTable(db);
  return db;
}

/**
 * A DynamoDB Local of a test file's own, for suites that write tens of thousands of items.
 * DynamoDB Local does all its work on one thread, and every write looks up the stream of its
 * table at a cost that grows with the stream records of every table it holds (deleting a table
 * does not remove them): in the shared instance the last suites of a run would crawl.
 */
export async function ownDynamoLocal(): Promise<DynamoLocal> {
  return startDynamoLocal();
}

export async function createHarness(
  opts: { now?: () => Date; aggregate?: boolean; beforeTransaction?: BeforeTransaction; endpoint?: string } = {},
) {
  const endpoint = opts.endpoint ?? inject('ddbEndpoint');
  const db = await createTestDb(endpoint);
  const config = loadConfig({ ADMIN_TOKEN, TABLE_NAME: db.tableName, AWS_REGION: 'local' });
  const services = createServices(db, config, opts.now);
  const app = createApp(services);
  const aggregator = createAggregator(
    services.stores,
    services.calendars,
    opts.beforeTransaction ? { beforeTransaction: opts.beforeTransaction } : {},
  );
  let stream: LocalStream | undefined;
  const startStream = () => {
    stream = startLocalStream(aggregator, services.stores, {
      endpoint,
      region: 'local',
      tableName: db.tableName,
      idleMs: 50,
      onError: (e) => console.error('aggregator error', e),
    });
    return stream;
  };
  if (opts.aggregate) startStream();

  async function call(method: string, path: string, token: string | undefined, body?: unknown, headers: Record<string, string> = {}) {
    const res = await app.request(path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: res.status, body: json };
  }

  async function department(code: string, name = `${code} 局`, regionCode = '370300000000') {
    const d = await call('POST', '/v1/admin/departments', ADMIN_TOKEN, { code, name, regionCode });
    if (d.status !== 201) throw new Error(`department: ${JSON.stringify(d.body)}`);
    const k = await call('POST', `/v1/admin/departments/${code}/keys`, ADMIN_TOKEN, {});
    if (k.status !== 201) throw new Error(`key: ${JSON.stringify(k.body)}`);
    return { code, key: k.body.key as string, keyId: k.body.keyId as string };
  }

  /** Waits until the aggregator has caught up with everything written so far. */
  async function settle(timeoutMs?: number) {
    if (!stream) throw new Error('harness created without aggregate: true');
    await stream.idle(timeoutMs);
  }

  return { db, app, services, call, department, aggregator, settle, startStream, stopStream: () => stream?.stop() };
}
export type Harness = Awaited<ReturnType<typeof createHarness>>;
