// The aggregator's Lambda entry as DynamoDB Streams calls it, against DynamoDB Local: a batch
// holding a contradictory case is counted whole (the contradiction listed, the rest counted) and
// answers without error; a batch that cannot be counted because the store is unreachable (a real
// refused connection, not a mock) makes the handler throw — so Lambda counts the error, retries
// and bisects — after reporting the failed batch as a metric. The recompute Lambda's slice runs
// the job and reports the cannot-judge gauge.
import { createServer } from 'node:net';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { keys } from '../../functions/store/keys.js';
import type { StoredRecord } from '../../functions/store/records-store.js';
import { ADMIN_TOKEN, createHarness, type Harness } from '../support/app-harness.js';
import { rec } from '../support/builders.js';

const REGION = 'local';
let h: Harness;
let dept: { code: string; key: string };

async function streamEventOf(ids: string[], opts: { createdSecondsAgo?: number } = {}): Promise<DynamoDBStreamEvent> {
  const stored = await h.services.stores.records.getMany(dept.code, ids);
  const now = Date.now() / 1000 - (opts.createdSecondsAgo ?? 0);
  return {
    Records: stored.map((r: StoredRecord, i) => ({
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      awsRegion: REGION,
      dynamodb: {
        Keys: marshall(keys.record(r.dept, r.id)) as never,
        NewImage: marshall({ ...keys.record(r.dept, r.id), ...r }, { removeUndefinedValues: true }) as never,
        SequenceNumber: String(1000 + i),
        ApproximateCreationDateTime: now,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    })),
  };
}

/** EMF goes to process.stdout directly (functions/aggregator/metrics.ts says why), not console.log. */
function emfLines(spy: { mock: { calls: unknown[][] } }): Array<Record<string, unknown>> {
  return spy.mock.calls
    .map((c) => String(c[0]))
    .filter((l) => l.includes('"_aws"'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

beforeAll(async () => {
  h = await createHarness({ now: () => new Date('2024-06-01T04:00:00Z') });
  dept = await h.department('D-JYJ');
  const item = {
    name: '延缓入学审批',
    departmentCode: 'D-JYJ',
    kind: 'administrative_license',
    statutoryDays: 20,
    promisedDays: 5,
    levels: ['city', 'county'],
    effectiveFrom: '2024-01-01',
    materials: [
      { code: 'M01', name: '居民身份证', kind: 'certificate', exemption: 'e_license' },
      { code: 'M02', name: '申请表', kind: 'form', exemption: 'none' },
      { code: 'M03', name: '证明', kind: 'proof', exemption: 'none' },
    ],
  };
  expect((await h.call('PUT', '/v1/catalog/items/ITEM-001', dept.key, item)).status).toBe(200);
  Object.assign(process.env, { TABLE_NAME: h.db.tableName, DDB_ENDPOINT: inject('ddbEndpoint'), AWS_REGION: REGION, ADMIN_TOKEN });
});

afterAll(() => {
  vi.restoreAllMocks();
});

describe('aggregator Lambda', () => {
  it('counts a batch with a contradictory case whole, lists the contradiction, and reports its lag', async () => {
    // Stored in an order the arrival checks cannot see: the resumption before any suspension.
    const r = await h.call('POST', '/v1/events', dept.key, {
      records: [
        rec.accepted('ok-a', 'OK-1'),
        rec.completed('ok-c', 'OK-1'),
        rec.accepted('bad-a', 'BAD-1'),
        { id: 'bad-r', type: 'case.resumed', at: '2024-03-05T10:00:00+08:00', caseId: 'BAD-1' },
      ],
    });
    expect(r.body.results.every((x: { status: string }) => x.status === 'accepted')).toBe(true);
    vi.resetModules();
    const { handler } = await import('../../functions/aggregator/lambda.js');
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await expect(handler(await streamEventOf(['ok-a', 'ok-c', 'bad-a', 'bad-r'], { createdSecondsAgo: 3 }))).resolves.toBeUndefined();
    const metrics = emfLines(stdout);
    stdout.mockRestore();
    log.mockRestore();
    expect(metrics.at(-1)).toMatchObject({ Service: 'aggregator', RecordsCounted: 4 });
    expect(metrics.at(-1)!.AggregationLagSeconds as number).toBeGreaterThanOrEqual(3);

    const f = (await h.call('GET', '/v1/figures?from=2024-03-01&to=2024-03-31', ADMIN_TOKEN)).body;
    expect(f.cases).toMatchObject({ accepted: 2, completed: 1, cannotJudge: 1 });
    const list = (await h.call('GET', `/v1/pipeline/quality/${dept.code}`, dept.key)).body.problems;
    expect(list).toEqual([expect.objectContaining({ id: 'BAD-1', reason: 'resumed_without_suspension', recordIds: ['bad-r', 'bad-a'] })]);
    const status = (await h.call('GET', '/v1/pipeline', dept.key)).body;
    expect(status).toMatchObject({ state: 'ok', behind: false, lagSeconds: 0 });
    expect(status.lastSuccessAt).not.toBeNull();
  });

  it('throws when the store is unreachable, so Lambda retries and bisects, after counting the failure', async () => {
    const closed = await new Promise<number>((res) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const a = s.address();
        s.close(() => res(typeof a === 'object' && a ? a.port : 1));
      });
    });
    const event = await streamEventOf(['ok-a']);
    vi.resetModules();
    process.env.DDB_ENDPOINT = `http://127.0.0.1:${closed}`;
    const { handler } = await import('../../functions/aggregator/lambda.js');
    process.env.DDB_ENDPOINT = inject('ddbEndpoint');
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(handler(event)).rejects.toThrow();
    const metrics = emfLines(stdout);
    stdout.mockRestore();
    expect(metrics.some((m) => m.FailedBatches === 1)).toBe(true);
    expect(err.mock.calls.some((c) => String(c[0]).includes('"aggregation failed'))).toBe(true);
    log.mockRestore();
    err.mockRestore();
  }, 60_000);

  it('keeps the record keys of a failed batch, and the recompute Lambda counts them again', async () => {
    // A batch whose records were never counted (its Lambda gave up on it): kept for a redrive.
    const r = await h.call('POST', '/v1/events', dept.key, {
      records: [rec.accepted('late-a', 'LATE-1'), rec.completed('late-c', 'LATE-1')],
    });
    expect(r.body.results.every((x: { status: string }) => x.status === 'accepted')).toBe(true);
    await h.services.stores.pipeline.saveRedrive([
      { dept: dept.code, id: 'late-a' },
      { dept: dept.code, id: 'late-c' },
    ]);
    vi.resetModules();
    const { handler } = await import('../../functions/recompute/lambda.js');
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const out = await handler({}, { getRemainingTimeInMillis: () => 60_000 } as Context);
    const metrics = emfLines(stdout);
    stdout.mockRestore();
    log.mockRestore();
    expect(out.redriven).toBe(2);
    expect(metrics.at(-1)).toMatchObject({ Service: 'aggregator', CannotJudgeEntities: 1 });
    const f = (await h.call('GET', '/v1/figures?from=2024-03-01&to=2024-03-31', ADMIN_TOKEN)).body;
    expect(f.cases).toMatchObject({ accepted: 3, completed: 2 });
    expect(await h.services.stores.pipeline.redriveEntries()).toEqual([]);
  });
});
