// The demo's first load counts every case, complaint and evaluation in one pass and writes each
// rollup row once (the aggregator's loadFresh). It must leave exactly what the exactly-once
// aggregator leaves when it counts the same records chunk by chunk, out of order across chunks,
// voids included — and the stream consumer, started afterwards, must change nothing.
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { demoRecordLines, loadDemoStaged, postDemoCity, type DemoHistoryProgress } from '../../functions/demo/load-demo.js';
import { runBackfill } from '../../functions/backfill/backfill.js';
import type { StoredRecord } from '../../functions/store/records-store.js';
import { ADMIN_TOKEN, createHarness, ownDynamoLocal, type Harness } from '../support/app-harness.js';
import type { DynamoLocal } from '../../functions/local/dynamo-local.js';
import { isWatermark } from '../../functions/store/outbox-store.js';

const TODAY = new Date('2026-11-27T04:00:00Z');
const CITY = { today: TODAY, casesPerYear: 1_500, departments: ['D-MZJ', 'D-GJJ', 'D-NYNCJ'] };

/** The demo lines of three departments, plus voids of a case's acceptance and of a case's completion. */
async function lines(): Promise<string[]> {
  const out: string[] = [];
  for await (const l of demoRecordLines(CITY)) out.push(l);
  const pick = (dept: string, type: string) =>
    out.map((l) => JSON.parse(l)).find((x) => x.department === dept && x.record.type === type && x.record.at < '2025-10-01')!;
  for (const [n, t] of [
    [1, pick('D-MZJ', 'case.accepted')],
    [2, pick('D-GJJ', 'case.completed')],
  ] as const) {
    const at = new Date(Date.parse(t.record.at) + 3_600_000).toISOString();
    out.push(
      JSON.stringify({
        department: t.department,
        record: { id: `test-void-${n}`, type: 'void', at, target: t.record.id, reason: '录入错误' },
      }),
    );
  }
  return out;
}

async function* each(xs: string[]) {
  yield* xs;
}

/** Rollup rows without zero counters (a row the transactional path added to and took back), and entity states (without their write version, unless asked). */
async function snapshot(h: Harness, withVersion = false) {
  const rows = new Map<string, Record<string, number>>();
  const states = new Map<string, unknown>();
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const r = await h.db.doc.send(new ScanCommand({ TableName: h.db.tableName, ExclusiveStartKey }));
    for (const it of r.Items ?? []) {
      const { pk, sk, ...rest } = it as Record<string, unknown> & { pk: string; sk: string };
      if (pk.startsWith('R#') || pk.startsWith('P#')) {
        const nonZero = Object.fromEntries(Object.entries(rest as Record<string, number>).filter(([k, v]) => v !== 0 && !isWatermark(k)));
        if (Object.keys(nonZero).length) rows.set(`${pk} ${sk}`, nonZero);
      } else if (pk.startsWith('ENT#')) {
        const { version, ...state } = rest;
        states.set(pk, withVersion ? { ...state, version } : state);
      }
    }
    ExclusiveStartKey = r.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return { rows, states };
}

let chunked: Harness;
let fresh: Harness;
let input: string[];
let ddb: DynamoLocal;

beforeAll(async () => {
  input = await lines();
  ddb = await ownDynamoLocal();
  [chunked, fresh] = await Promise.all([
    createHarness({ now: () => TODAY, endpoint: ddb.endpoint }),
    createHarness({ now: () => TODAY, endpoint: ddb.endpoint }),
  ]);
  await Promise.all([postDemoCity(chunked.app, ADMIN_TOKEN, CITY), postDemoCity(fresh.app, ADMIN_TOKEN, CITY)]);
  // Chunks of 150 lines: most cases' records land in several chunks, so states are updated again and again.
  const a = await runBackfill(chunked.services, chunked.aggregator, each(input), { chunkSize: 150 });
  const stored: StoredRecord[] = [];
  const b = await runBackfill(
    fresh.services,
    {
      processRecords: async (rs) => {
        stored.push(...rs);
      },
    },
    each(input),
  );
  await fresh.aggregator.loadFresh(stored);
  expect(a).toEqual(b);
  expect(a.rejected).toBe(0);
  // Set-up time, not a check: backfilling through the aggregator in chunks of 150 lines makes
  // every merge chunk's rows single requests (one conditional update each, since 406846d), which
  // DynamoDB Local answers one by one — about 460 s on a 2-core machine shared with another suite.
}, 900_000);

afterAll(async () => {
  await fresh?.stopStream();
  await ddb?.stop();
}, 60_000);

describe('first load in one pass (loadFresh)', () => {
  it('leaves the same entity states and the same rollup rows as the exactly-once aggregator', async () => {
    const x = await snapshot(chunked);
    const y = await snapshot(fresh);
    expect(x.states.size).toBeGreaterThan(300);
    expect(x.rows.size).toBeGreaterThan(2_000);
    expect(y.states).toEqual(x.states);
    expect(y.rows).toEqual(x.rows);
    // The voids took effect in both.
    const voided = [...y.states.values()]
      .flatMap((s) => JSON.parse(inflateRawSync((s as { recz: Uint8Array }).recz).toString()) as Array<{ id: string; voided?: boolean }>)
      .filter((r) => r.voided);
    expect(voided.length).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('leaves nothing for the stream consumer to change when it starts afterwards', async () => {
    const before = await snapshot(fresh, true);
    fresh.startStream();
    await fresh.settle();
    const after = await snapshot(fresh, true);
    expect(after.rows).toEqual(before.rows);
    expect(after.states).toEqual(before.states);
  }, 120_000);

  it('refuses entities that already have a state', async () => {
    const stored: StoredRecord[] = [];
    await runBackfill(
      fresh.services,
      {
        processRecords: async (rs) => {
          stored.push(...rs);
        },
      },
      each(input.slice(0, 10)),
    );
    expect(stored).toHaveLength(0); // all duplicates: nothing new stored
    const again = await fresh.services.stores.records.getMany('D-MZJ', [JSON.parse(input.find((l) => l.includes('"D-MZJ"'))!).record.id]);
    await expect(fresh.aggregator.loadFresh(again)).rejects.toThrow(/already have a state/);
  });
});

describe('first load in steps: the last months first, older months after the server opened (loadDemoStaged)', () => {
  let staged: Harness;
  let exact: Harness;
  let progress: DemoHistoryProgress[];
  let firstAccepted: number;

  beforeAll(async () => {
    [staged, exact] = await Promise.all([
      createHarness({ now: () => TODAY, endpoint: ddb.endpoint }),
      createHarness({ now: () => TODAY, endpoint: ddb.endpoint }),
    ]);
    await postDemoCity(exact.app, ADMIN_TOKEN, CITY);
    const demoLines: string[] = [];
    for await (const l of demoRecordLines(CITY)) demoLines.push(l);
    // The exactly-once aggregator, chunk by chunk, in the order the city sent them.
    await runBackfill(exact.services, exact.aggregator, each(demoLines), { chunkSize: 150 });
    const load = await loadDemoStaged(staged.app, staged.services, staged.aggregator, ADMIN_TOKEN, { ...CITY, recentMonths: 2 });
    firstAccepted = load.first.summary.accepted;
    progress = [];
    const rest = await load.history((p) => progress.push(p));
    expect(firstAccepted + rest.summary.accepted).toBe(demoLines.length);
  }, 900_000); // two loads of the same city; a shared two-core CI machine runs other suites meanwhile

  it('opens with the last two months counted, then fills in the older months newest first', async () => {
    expect(firstAccepted).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(10); // last year's twelve months and this year's before the last two
    expect(progress.map((p) => p.loadedFrom)).toEqual([...progress.map((p) => p.loadedFrom)].sort().reverse());
    expect(progress.at(-1)).toMatchObject({ loadedFrom: '2025-01', done: true });
  });

  it('leaves the same entity states and rollup rows as the exactly-once aggregator (no entity split between steps)', async () => {
    const x = await snapshot(exact);
    const y = await snapshot(staged);
    expect(x.states.size).toBeGreaterThan(300);
    expect(y.states).toEqual(x.states);
    expect(y.rows).toEqual(x.rows);
  });
});
