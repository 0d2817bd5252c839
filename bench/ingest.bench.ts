// bench:ingest (issue 2, issue 3 "backfill's own rate" and "write units per ingested record").
//
// 1. Records/s through the HTTP API: a real @hono/node-server (child process) on 127.0.0.1, real
//    fetch with keep-alive from a few concurrent clients, POST /v1/events in batches of 100 and
//    500 realistic records (the demo generator), into DynamoDB Local in memory, after a warm-up.
//    In the same run, on the same DynamoDB Local and table, the raw peers: one conditional
//    PutItem per record (attribute_not_exists(pk): the least work that stores a record exactly
//    once; the item stored is exactly the item the API stores, index keys included) and
//    BatchWriteItem (25 per request). Phases are interleaved round by round, so each ratio
//    compares neighbours in time on a noisy machine.
// 2. Backfill's own rate: runBackfill (ingestBulk + the aggregator's transactions) on a slice of
//    a city-volume stream, on fresh tables of the same DynamoDB Local.
// 3. Write units per ingested record: every write metered (ConsumedCapacity from DynamoDB Local,
//    and computed from measured item sizes) on the API path, the backfill path, and the stream
//    path with one record per aggregator batch.
//
//   npm run bench:ingest -- [--rounds 5] [--seconds 10] [--clients 4] [--backfill-records 30000] [--backfill-runs 3]
import { fork, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { loadConfig } from '../functions/config.js';
import { createServices } from '../functions/runtime/services.js';
import { createDb, type Db } from '../functions/store/client.js';
import { keys as storeKeys } from '../functions/store/keys.js';
import { canonicalJson, sha256 } from '../functions/services/hashing.js';
import { createAggregator } from '../functions/aggregator/aggregate.js';
import { runBackfill } from '../functions/backfill/backfill.js';
import { entityOf, FREE_TEXT_FIELDS, type IngestRecord } from '../shared/contract/records.js';
import { maskPersonalData } from '../shared/contract/pii.js';
import { shanghaiDate } from '../shared/calendar/index.js';
import { CITY_CASES_PER_YEAR } from '../functions/demo/index.js';
import { guard, log, onCleanup } from './lib/guard.js';
import { dynamo } from './lib/dynamo.js';
import { demoCity, httpCall, records, setUpCity, type City } from './lib/city.js';
import { Recorder } from './lib/results.js';
import { largest, latencies, median, quantile, sleep, summarize } from './lib/stats.js';
import { meter, type WriteTally } from './lib/ddb-meter.js';
import { cpuSeconds } from './lib/proc.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '10' },
    clients: { type: 'string', default: '4' },
    'backfill-records': { type: 'string', default: '6000' },
    'backfill-runs': { type: 'string', default: '3' },
    'skip-api': { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(args.rounds);
const SECONDS = Number(args.seconds);
const CLIENTS = Number(args.clients);
const BF_RECORDS = Number(args['backfill-records']);
const BF_RUNS = Number(args['backfill-runs']);
const ADMIN = `bench-admin-${'x'.repeat(24)}`;
const TABLE = 'bench_ingest';
/** Conditional PutItem in flight: 24 is one API batch's own write concurrency; 96 = 4 clients × 24. */
const PUT_CONCURRENCY = [24, 96];
const BATCH_CONCURRENCY = 16;
let stopping = false;
/** The first few records not answered `accepted` in the API phases, to say why. */
const notAccepted: string[] = [];

const rec = new Recorder(
  'ingest',
  'Ingest (bench:ingest) — issue 2, backfill rate and write units (issue 3)',
  `npm run bench:ingest -- --rounds ${ROUNDS} --seconds ${SECONDS} --clients ${CLIENTS} --backfill-records ${BF_RECORDS} --backfill-runs ${BF_RUNS}`,
);
rec.params = {
  rounds: ROUNDS,
  secondsPerPhase: SECONDS,
  clients: CLIENTS,
  putConcurrency: PUT_CONCURRENCY,
  batchWriteConcurrency: BATCH_CONCURRENCY,
  backfillRecords: BF_RECORDS,
  backfillRuns: BF_RUNS,
};

// ------------------------------------------------------------------------------ the API server

function startServer(endpoint: string): Promise<{ child: ChildProcess; url: string; ask: <T>(msg: object, reply: string) => Promise<T> }> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./lib/api-server.ts', import.meta.url), [], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        DDB_ENDPOINT: endpoint,
        TABLE_NAME: TABLE,
        ADMIN_TOKEN: ADMIN,
        AWS_REGION: 'local',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    onCleanup('API server', () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    });
    child.once('exit', (code, signal) => {
      if (!stopping) console.error(`API server exited (code ${code}, signal ${signal})`);
      reject(new Error(`API server exited (${code})`));
    });
    const ask = <T>(msg: object, reply: string) =>
      new Promise<T>((res) => {
        const on = (m: { type: string }) => {
          if (m.type === reply) {
            child.off('message', on);
            res(m as T);
          }
        };
        child.on('message', on);
        child.send(msg);
      });
    child.once('message', (m: { type: string; port: number }) => {
      if (m.type === 'ready') resolve({ child, url: `http://127.0.0.1:${m.port}`, ask });
    });
  });
}

// ------------------------------------------------------------------------------ the records

/** Generated records, by department, as JSON text, handed out in batches (largest queue first). */
class Batches {
  readonly byDept = new Map<string, { texts: string[]; raws: Array<{ dept: string; record: IngestRecord }>; next: number }>();
  constructor(city: City, cases: number) {
    for (const { department, record } of records(city, 11, cases)) {
      let q = this.byDept.get(department);
      if (!q) {
        q = { texts: [], raws: [], next: 0 };
        this.byDept.set(department, q);
      }
      q.texts.push(JSON.stringify(record));
      if (q.raws.length < 2000) q.raws.push({ dept: department, record });
    }
  }
  get total() {
    let n = 0;
    for (const q of this.byDept.values()) n += q.texts.length;
    return n;
  }
  next(n: number): { dept: string; body: string; count: number } | undefined {
    let best: [string, { texts: string[]; next: number }] | undefined;
    for (const e of this.byDept) if (!best || e[1].texts.length - e[1].next > best[1].texts.length - best[1].next) best = e;
    if (!best || best[1].texts.length - best[1].next < n) return undefined;
    const [dept, q] = best;
    const slice = q.texts.slice(q.next, q.next + n);
    q.next += n;
    return { dept, body: `{"records":[${slice.join(',')}]}`, count: n };
  }
  /** A sample of parsed records (for the raw peers' items). */
  sample(): Array<{ dept: string; record: IngestRecord }> {
    return [...this.byDept.values()].flatMap((q) => q.raws);
  }
}

/** The item the API stores for a record (records-store toItem of ingest-service toStored). */
function storedItem(dept: string, r: IngestRecord, receivedAt: string): Record<string, unknown> {
  const { id, type, at, ...body } = r as IngestRecord & Record<string, unknown>;
  for (const f of FREE_TEXT_FIELDS) if (typeof body[f] === 'string') body[f] = maskPersonalData(body[f] as string);
  const atMs = Date.parse(at);
  const entity = entityOf(r);
  return {
    ...storeKeys.record(dept, id),
    ...(entity ? { gsi1pk: storeKeys.entityTimeline(dept, entity.kind, entity.id), gsi1sk: storeKeys.timelineSort(atMs, id) } : {}),
    dept,
    id,
    type,
    at,
    atMs,
    day: shanghaiDate(atMs),
    body,
    hash: sha256(canonicalJson({ id, type, at, ...body })),
    receivedAt,
    ...(entity ? { entity } : {}),
  };
}

// ------------------------------------------------------------------------------ phases

interface Phase {
  records: number;
  seconds: number;
  rate: number;
  lat: ReturnType<typeof latencies>;
  statuses: Record<string, number>;
}

async function apiPhase(url: string, keysByDept: Map<string, string>, batches: Batches, size: number, seconds: number): Promise<Phase> {
  const lat: number[] = [];
  const statuses: Record<string, number> = {};
  let records = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let last = t0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < end) {
        const b = batches.next(size);
        if (!b) throw new Error('ran out of generated records; lower --seconds or raise the generated volume');
        const s = performance.now();
        const res = await fetch(`${url}/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${keysByDept.get(b.dept)}`, 'content-type': 'application/json' },
          body: b.body,
        });
        const json = (await res.json()) as { results?: Array<{ status: string }> };
        last = performance.now();
        lat.push(last - s);
        if (res.status !== 200) throw new Error(`POST /v1/events: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
        for (const r of json.results!) {
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          if (r.status !== 'accepted' && notAccepted.length < 5)
            notAccepted.push(
              `${r.status} ${(r as { id?: string }).id}: ${JSON.stringify((r as { errors?: unknown }).errors ?? '').slice(0, 200)}`,
            );
        }
        records += b.count;
      }
    }),
  );
  const secs = (last - t0) / 1000;
  return { records, seconds: secs, rate: records / secs, lat: latencies(lat), statuses };
}

let peerTag = 0;
function peerItems(base: Array<Record<string, unknown>>) {
  const tag = `~p${++peerTag}`;
  let i = 0;
  return () => {
    const b = base[i % base.length]!;
    const round = Math.floor(i / base.length);
    i++;
    return { ...b, pk: `${b.pk as string}${tag}.${round}` };
  };
}

async function putPhase(db: Db, base: Array<Record<string, unknown>>, seconds: number, concurrency: number): Promise<Phase> {
  const next = peerItems(base);
  const lat: number[] = [];
  let records = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let last = t0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const s = performance.now();
        try {
          await db.doc.send(new PutCommand({ TableName: TABLE, Item: next(), ConditionExpression: 'attribute_not_exists(pk)' }));
        } catch (e) {
          if (e instanceof ConditionalCheckFailedException) throw new Error('peer item already stored: the peer keys must be fresh');
          throw e;
        }
        last = performance.now();
        lat.push(last - s);
        records++;
      }
    }),
  );
  const secs = (last - t0) / 1000;
  return { records, seconds: secs, rate: records / secs, lat: latencies(lat), statuses: {} };
}

async function batchPhase(db: Db, base: Array<Record<string, unknown>>, seconds: number): Promise<Phase> {
  const next = peerItems(base);
  const lat: number[] = [];
  let records = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let last = t0;
  await Promise.all(
    Array.from({ length: BATCH_CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const s = performance.now();
        let req: Record<string, Array<{ PutRequest: { Item: Record<string, unknown> } }>> | undefined = {
          [TABLE]: Array.from({ length: 25 }, () => ({ PutRequest: { Item: next() } })),
        };
        for (let attempt = 0; req && Object.keys(req).length; attempt++) {
          if (attempt) await sleep(Math.min(1000, 20 * 2 ** attempt));
          const r = await db.doc.send(new BatchWriteCommand({ RequestItems: req }));
          req = r.UnprocessedItems as typeof req;
        }
        last = performance.now();
        lat.push(last - s);
        records += 25;
      }
    }),
  );
  const secs = (last - t0) / 1000;
  return { records, seconds: secs, rate: records / secs, lat: latencies(lat), statuses: {} };
}

// ------------------------------------------------------------------------------ write units

function wcuTable(title: string, t: WriteTally, perRecordOf: number): string {
  const rows = Object.entries(t.computed).sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((s, [, v]) => s + v, 0);
  const reported = t.reported.table + t.reported.indexes;
  const lines = [
    `**${title}** — ${perRecordOf.toLocaleString('en-US')} records accepted; requests: ${Object.entries(t.requests)
      .map(([k, v]) => `${k.replace('Command', '')} ${v}`)
      .join(', ')}`,
    '',
    '| written | items | write units (computed) | per record |',
    '| --- | ---: | ---: | ---: |',
    ...rows.map(
      ([k, v]) =>
        `| ${k} | ${(t.items[k.replace('.index', '')] ?? 0).toLocaleString('en-US')}${k.endsWith('.index') ? ' (index)' : ''} | ${v.toLocaleString('en-US')} | ${(v / perRecordOf).toFixed(2)} |`,
    ),
    ...Object.entries(t.byIndex)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `| of which ${k} | | ${v.toLocaleString('en-US')} | ${(v / perRecordOf).toFixed(2)} |`),
    `| **total computed** | | ${total.toLocaleString('en-US')} | **${(total / perRecordOf).toFixed(2)}** |`,
    `| DynamoDB Local ConsumedCapacity (table + indexes) | | ${t.reported.table.toLocaleString('en-US')} + ${t.reported.indexes.toLocaleString('en-US')} | ${(reported / perRecordOf).toFixed(2)} |`,
  ];
  return lines.join('\n');
}

function sizeLine(t: WriteTally): string {
  return Object.entries(t.sizes)
    .map(([k, v]) => `${k} p50 ${Math.round(quantile(v, 0.5))} B / p99 ${Math.round(quantile(v, 0.99))} B / max ${largest(v)} B`)
    .join('; ');
}

const wcuPerRecord = (t: WriteTally, n: number) => ({
  computed: Object.values(t.computed).reduce((a, b) => a + b, 0) / n,
  reported: (t.reported.table + t.reported.indexes) / n,
});

// ------------------------------------------------------------------------------ main

guard('bench:ingest', 25, async () => {
  const ddb = await dynamo();
  log(`DynamoDB Local in memory at ${ddb.endpoint} (pid ${ddb.pid})`);
  const server = await startServer(ddb.endpoint);
  log(`API server ${server.url} (pid ${server.child.pid})`);
  const city = demoCity(1);
  const keysByDept = await setUpCity(httpCall(server.url), ADMIN, city, log);
  log(`set up ${keysByDept.size} departments and ${city.catalog.versions.length} catalog versions through the API`);

  const needed = 170_000;
  const batches = new Batches(city, needed);
  log(`generated ${batches.total.toLocaleString()} records (${needed.toLocaleString()} cases, seed 11, ${2025})`);
  const receivedAt = new Date().toISOString();
  const base = batches.sample().map((x) => storedItem(x.dept, x.record, receivedAt));
  const avgJson = median(
    batches
      .sample()
      .slice(0, 5000)
      .map((x) => JSON.stringify(x.record).length),
  );
  const peerDb = createDb({ tableName: TABLE, region: 'local', endpoint: ddb.endpoint });
  // The generation above held the event loop for many seconds, long past the server's keep-alive
  // timeout: let fetch see the sockets the server closed meanwhile before reusing any.
  await sleep(500);

  let apiTally: WriteTally | undefined;
  /** BatchWriteItem's rate in this run's rounds (median): the backfill's peer on the same DynamoDB Local. */
  let batchWriteRate: number | undefined;
  if (!args['skip-api']) {
    // Warm-up: JIT of DynamoDB Local and of the server (results discarded).
    log('warm-up');
    await apiPhase(server.url, keysByDept, batches, 100, 12);
    await apiPhase(server.url, keysByDept, batches, 500, 6);
    for (const c of PUT_CONCURRENCY) await putPhase(peerDb, base, 5, c);
    await batchPhase(peerDb, base, 5);

    const runs: Array<Record<string, Phase>> = [];
    const cpu: Array<{ server: number; ddb: number; client: number; records: number }> = [];
    for (let r = 1; r <= ROUNDS; r++) {
      const round: Record<string, Phase> = {};
      for (const size of [100, 500]) {
        const s0 = (await server.ask<{ cpu: NodeJS.CpuUsage }>({ type: 'cpu' }, 'cpu')).cpu;
        const d0 = cpuSeconds(ddb.pid ?? -1);
        const c0 = process.cpuUsage();
        round[`api${size}`] = await apiPhase(server.url, keysByDept, batches, size, SECONDS);
        const s1 = (await server.ask<{ cpu: NodeJS.CpuUsage }>({ type: 'cpu' }, 'cpu')).cpu;
        const c1 = process.cpuUsage(c0);
        cpu.push({
          server: (s1.user + s1.system - s0.user - s0.system) / 1e6,
          ddb: cpuSeconds(ddb.pid ?? -1) - d0,
          client: (c1.user + c1.system) / 1e6,
          records: round[`api${size}`]!.records,
        });
      }
      for (const c of PUT_CONCURRENCY) round[`put${c}`] = await putPhase(peerDb, base, SECONDS, c);
      round.batch = await batchPhase(peerDb, base, SECONDS);
      runs.push(round);
      const best = Math.max(...PUT_CONCURRENCY.map((c) => round[`put${c}`]!.rate));
      log(
        `round ${r}: api100 ${round.api100!.rate.toFixed(0)}/s (p50 ${round.api100!.lat.p50.toFixed(0)} ms, p99 ${round.api100!.lat.p99.toFixed(0)} ms), api500 ${round.api500!.rate.toFixed(0)}/s, put ${PUT_CONCURRENCY.map((c) => `${c}:${round[`put${c}`]!.rate.toFixed(0)}`).join(' ')}/s, batch ${round.batch!.rate.toFixed(0)}/s → ratio ${(round.api100!.rate / best).toFixed(2)} / ${(round.api500!.rate / best).toFixed(2)}`,
      );
    }
    const statuses: Record<string, number> = {};
    for (const r of runs)
      for (const k of ['api100', 'api500']) for (const [s, n] of Object.entries(r[k]!.statuses)) statuses[s] = (statuses[s] ?? 0) + n;

    const bestPut = (r: Record<string, Phase>) => Math.max(...PUT_CONCURRENCY.map((c) => r[`put${c}`]!.rate));
    rec.figure({ key: 'api100', label: 'API, batches of 100', unit: 'records/s', runs: runs.map((r) => r.api100!.rate) });
    rec.figure({ key: 'api500', label: 'API, batches of 500', unit: 'records/s', runs: runs.map((r) => r.api500!.rate) });
    for (const c of PUT_CONCURRENCY)
      rec.figure({
        key: `put${c}`,
        label: `conditional PutItem, ${c} in flight`,
        unit: 'records/s',
        runs: runs.map((r) => r[`put${c}`]!.rate),
      });
    rec.figure({
      key: 'batch',
      label: `BatchWriteItem (25/request, ${BATCH_CONCURRENCY} in flight)`,
      unit: 'records/s',
      runs: runs.map((r) => r.batch!.rate),
    });
    batchWriteRate = median(runs.map((r) => r.batch!.rate));
    const goal = { op: '>=' as const, value: 0.5, text: '≥ 0.5' };
    rec.figure({
      key: 'ratio100',
      label: 'ratio API(100) ÷ conditional PutItem (best of the in-flight levels, same round)',
      unit: '×',
      runs: runs.map((r) => r.api100!.rate / bestPut(r)),
      goal,
      digits: 2,
    });
    rec.figure({
      key: 'ratio500',
      label: 'ratio API(500) ÷ conditional PutItem (same round)',
      unit: '×',
      runs: runs.map((r) => r.api500!.rate / bestPut(r)),
      goal,
      digits: 2,
    });
    rec.figure({
      key: 'ratioBatch',
      label: 'ratio API(100) ÷ BatchWriteItem (same round)',
      unit: '×',
      runs: runs.map((r) => r.api100!.rate / r.batch!.rate),
      digits: 2,
    });
    for (const size of [100, 500]) {
      rec.figure({
        key: `p50_${size}`,
        label: `latency per batch of ${size}, p50`,
        unit: 'ms',
        runs: runs.map((r) => r[`api${size}`]!.lat.p50),
      });
      rec.figure({
        key: `p99_${size}`,
        label: `latency per batch of ${size}, p99`,
        unit: 'ms',
        runs: runs.map((r) => r[`api${size}`]!.lat.p99),
      });
    }
    rec.figure({
      key: 'putp50',
      label: 'conditional PutItem latency p50 (24 in flight)',
      unit: 'ms',
      runs: runs.map((r) => r.put24!.lat.p50),
      digits: 1,
    });
    const cpuPer = (k: 'server' | 'ddb' | 'client') => cpu.map((c) => (c[k] / c.records) * 1e6);
    rec.note(
      `API phases: ${CLIENTS} clients, each posting one batch after the other (fetch, keep-alive) to the API server in its own Node process; the server writes each batch with its own concurrency (24 conditional PutItem in flight per batch). Results of all measured API phases: ${Object.entries(
        statuses,
      )
        .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
        .join(
          ', ',
        )}${notAccepted.length ? ` (not accepted, first ones: ${notAccepted.join('; ')} — the clients post consecutive batches of one department concurrently, so a void can arrive while the batch holding its target is still in flight)` : ''}. Records are the demo generator's (seed 11, year 2025; median ${avgJson} bytes of JSON each), posted per department in chronological order. The peers store exactly the item the API stores (same keys, index keys, body, hash) under fresh keys; DynamoDB Local in memory, one table with the project's schema (2 GSIs, streams on), no stream consumer running. CPU per record during the API phases (median over phases): API server ${median(cpuPer('server')).toFixed(0)} µs, DynamoDB Local ${median(cpuPer('ddb')).toFixed(0)} µs, load clients ${median(cpuPer('client')).toFixed(0)} µs — on 2 cores the server and DynamoDB Local compete for the same CPU.`,
    );

    // Write units on the API path.
    await server.ask({ type: 'meter', on: true }, 'ok');
    for (let i = 0; i < 30; i++) await apiPhaseOnce(server.url, keysByDept, batches, 100);
    apiTally = (await server.ask<{ tally: WriteTally }>({ type: 'tally' }, 'tally')).tally;
    rec.figure({
      key: 'wcuApi',
      label: 'write units per record, API path (record put + its index + feed counter), computed from item sizes',
      unit: 'WCU',
      runs: [wcuPerRecord(apiTally, 3000).computed],
      digits: 2,
    });
  }
  stopping = true;
  server.child.kill('SIGTERM');
  await sleep(500);

  // ------------------------------------------------------------------ backfill
  const bfLines: string[] = [];
  for (const { department, record } of records(city, 7, CITY_CASES_PER_YEAR)) {
    bfLines.push(JSON.stringify({ department, record }));
    if (bfLines.length >= BF_RECORDS) break;
  }
  const lastAt = JSON.parse(bfLines.at(-1)!).record.at as string;
  log(
    `backfill slice: first ${bfLines.length.toLocaleString()} records of a city-volume year (${CITY_CASES_PER_YEAR.toLocaleString()} cases/year, seed 7), up to ${lastAt}`,
  );
  async function* lines(from: string[]) {
    for (const l of from) yield l;
  }

  /**
   * One backfill run, on the API phases' table (set up once; each run's ids get their own prefix,
   * so nothing is a duplicate). The metered run is not timed: the meter reads each item once
   * before its first metered write, to know its size before the write.
   */
  const shared = (() => {
    const db = createDb({ tableName: TABLE, region: 'local', endpoint: ddb.endpoint });
    const m = meter(db); // off until the metered run
    const config = loadConfig({ ADMIN_TOKEN: ADMIN, TABLE_NAME: TABLE, AWS_REGION: 'local', DDB_ENDPOINT: ddb.endpoint });
    return { db, services: createServices(db, config), m };
  })();
  const prefixed = (tag: string) => bfLines.map((l) => l.replace(/"(ZB|TS|PJ)2025/g, `"${tag}$12025`));

  async function backfillRun(
    target: { services: ReturnType<typeof createServices>; m?: ReturnType<typeof meter> | undefined },
    input: string[],
  ) {
    const services = target.services;
    const aggregator = createAggregator(services.stores, services.calendars);
    let ingestMs = 0;
    let aggMs = 0;
    const ingestBulk = services.ingest.ingestBulk.bind(services.ingest);
    services.ingest.ingestBulk = async (...a) => {
      const s = performance.now();
      try {
        return await ingestBulk(...a);
      } finally {
        ingestMs += performance.now() - s;
      }
    };
    const process_ = aggregator.processRecords.bind(aggregator);
    let tx = 0;
    let updates = 0;
    aggregator.processRecords = async (rs) => {
      const s = performance.now();
      try {
        const r = await process_(rs);
        tx += r.transactions;
        updates += r.rollupUpdates;
        return r;
      } finally {
        aggMs += performance.now() - s;
      }
    };
    const d0 = cpuSeconds(ddb.pid ?? -1);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const summary = await runBackfill(services, aggregator, lines(input));
    const secs = (performance.now() - t0) / 1000;
    const c1 = process.cpuUsage(c0);
    services.ingest.ingestBulk = ingestBulk;
    return {
      summary,
      secs,
      rate: summary.accepted / secs,
      ingestS: ingestMs / 1000,
      aggS: aggMs / 1000,
      tx,
      updates,
      cpuNode: (c1.user + c1.system) / 1e6,
      cpuDdb: cpuSeconds(ddb.pid ?? -1) - d0,
      aggregator: Object.assign(aggregator, { processRecords: process_ }),
    };
  }

  log('backfill warm-up');
  await backfillRun(shared, prefixed('W').slice(0, Math.min(2000, bfLines.length)));
  const bf = [];
  for (let i = 1; i <= BF_RUNS; i++) {
    const r = await backfillRun(shared, prefixed(`R${i}`));
    bf.push(r);
    log(
      `backfill run ${i}: ${r.summary.accepted} accepted, ${r.summary.rejected} rejected in ${r.secs.toFixed(1)} s → ${r.rate.toFixed(0)} records/s (ingestBulk ${r.ingestS.toFixed(1)} s, aggregator ${r.aggS.toFixed(1)} s, ${r.tx} transactions, ${r.updates} rollup updates)`,
    );
  }
  rec.figure({
    key: 'backfill',
    label: 'backfill (runBackfill: ingestBulk + aggregator), city-volume slice',
    unit: 'records/s',
    runs: bf.map((r) => r.rate),
  });
  if (batchWriteRate)
    rec.figure({
      key: 'backfillRatio',
      label: "ratio backfill ÷ raw BatchWriteItem (this run's BatchWriteItem phases, median; same DynamoDB Local)",
      unit: '×',
      runs: bf.map((r) => r.rate / batchWriteRate!),
      goal: { op: '>=', value: 0.3, text: '≥ 0.3' },
      digits: 3,
    });
  rec.figure({
    key: 'backfillAggShare',
    label: 'backfill time spent in the aggregator',
    unit: '%',
    runs: bf.map((r) => (100 * r.aggS) / r.secs),
  });
  const s0 = bf[0]!.summary;
  rec.note(
    `Backfill: \`runBackfill(services, aggregator, lines)\` with its default chunk of 2,000 lines, in-process, on the API phases' table (departments and catalog set up through the API once, not timed; each run's case/complaint/evaluation ids get their own prefix, so every record is new), after one warm-up run. Lines: the first ${bfLines.length.toLocaleString('en-US')} records of the generator's city-volume year (CITY_CASES_PER_YEAR = ${CITY_CASES_PER_YEAR.toLocaleString('en-US')} cases/year, seed 7; ${bfLines[0] ? JSON.parse(bfLines[0]).record.at.slice(0, 10) : ''} to ${lastAt.slice(0, 10)}), i.e. at the density of a real city feed, where a 2,000-line chunk spans hours and most entities get one aggregator update per record. Summary of a run: accepted ${s0.accepted}, duplicate ${s0.duplicate}, conflict ${s0.conflict}, rejected ${s0.rejected} ${JSON.stringify(s0.rejectedBy)}. Time split (median): ingestBulk ${median(bf.map((r) => r.ingestS)).toFixed(1)} s, aggregator ${median(bf.map((r) => r.aggS)).toFixed(1)} s; ${median(bf.map((r) => r.tx))} transactions and ${median(bf.map((r) => r.updates))} rollup-row updates per run. CPU per record: Node ${median(bf.map((r) => (r.cpuNode / r.summary.accepted) * 1e6)).toFixed(0)} µs, DynamoDB Local ${median(bf.map((r) => (r.cpuDdb / r.summary.accepted) * 1e6)).toFixed(0)} µs.`,
  );

  // Write units: backfill (metered run) and the stream path with one record per batch.
  log('metered backfill run');
  const metered = shared;
  metered.m.enable(true);
  const mb = await backfillRun(metered, prefixed('M'));
  const mbTally = structuredClone(metered.m.tally());
  const bfWcu = wcuPerRecord(mbTally, mb.summary.accepted);
  const TRICKLE = 600;
  metered.m.reset(); // the shadow copies stay: the stream path continues on the same table
  // Continue the same feed one record at a time: ingestBulk of one record, then the aggregator on it
  // (what the stream consumer does when each stream batch holds a single record).
  const more: Array<{ department: string; record: IngestRecord }> = [];
  let skip = bfLines.length;
  for (const x of records(city, 7, CITY_CASES_PER_YEAR)) {
    if (skip-- > 0) continue;
    more.push(JSON.parse(JSON.stringify(x).replace(/"(ZB|TS|PJ)2025/g, '"M$12025')));
    if (more.length >= TRICKLE) break;
  }
  const tt0 = performance.now();
  let trAccepted = 0;
  for (const x of more) {
    const { stored, results } = await metered.services.ingest.ingestBulk(x.department, [x.record]);
    if (results[0]?.status === 'accepted') trAccepted++;
    await mb.aggregator.processRecords(stored);
  }
  const trSecs = (performance.now() - tt0) / 1000;
  const trTally = structuredClone(metered.m.tally());
  const trWcu = wcuPerRecord(trTally, trAccepted);

  // The stream path with fuller batches: 100 records per aggregator call (what the event source's
  // 2 s window gathers at 50 records a second; it takes up to AGGREGATOR_BATCH.records), the next
  // records of the same feed.
  const FULL = 3000;
  metered.m.reset();
  const full: Array<{ department: string; record: IngestRecord }> = [];
  skip = bfLines.length + more.length;
  for (const x of records(city, 7, CITY_CASES_PER_YEAR)) {
    if (skip-- > 0) continue;
    full.push(JSON.parse(JSON.stringify(x).replace(/"(ZB|TS|PJ)2025/g, '"M$12025')));
    if (full.length >= FULL) break;
  }
  let fbAccepted = 0;
  let fbTx = 0;
  let fbUpdates = 0;
  const fb0 = performance.now();
  for (let i = 0; i < full.length; i += 100) {
    const byDept = new Map<string, IngestRecord[]>();
    for (const x of full.slice(i, i + 100)) {
      if (!byDept.has(x.department)) byDept.set(x.department, []);
      byDept.get(x.department)!.push(x.record);
    }
    const stored = [];
    for (const [d, rs] of byDept) {
      const r = await metered.services.ingest.ingestBulk(d, rs);
      fbAccepted += r.results.filter((x) => x.status === 'accepted').length;
      stored.push(...r.stored);
    }
    const r = await mb.aggregator.processRecords(stored);
    fbTx += r.transactions;
    fbUpdates += r.rollupUpdates;
  }
  const fbSecs = (performance.now() - fb0) / 1000;
  const fbTally = metered.m.tally();
  const fbWcu = wcuPerRecord(fbTally, fbAccepted);

  rec.figure({
    key: 'wcuBackfill',
    label: 'write units per record, backfill (records + aggregator transactions), computed',
    unit: 'WCU',
    runs: [bfWcu.computed],
    digits: 2,
  });
  rec.figure({
    key: 'wcuStream',
    label: 'write units per record, stream path, one record per aggregator batch, computed',
    unit: 'WCU',
    runs: [trWcu.computed],
    digits: 2,
  });
  rec.figure({
    key: 'wcuStreamFull',
    label: 'write units per record, stream path, batches of 100 records, computed',
    unit: 'WCU',
    runs: [fbWcu.computed],
    digits: 2,
  });
  rec.figure({
    key: 'fullBatchRate',
    label: 'stream path, batches of 100 records, sequential',
    unit: 'records/s',
    runs: [fbAccepted / fbSecs],
  });
  rec.figure({
    key: 'trickleRate',
    label: 'stream path, one record per aggregator batch, sequential',
    unit: 'records/s',
    runs: [trAccepted / trSecs],
  });
  rec.note(
    [
      'Write units per ingested record (写入容量): every write of the run goes through a meter around the document client that (a) asks for `ReturnConsumedCapacity: INDEXES` and sums what DynamoDB Local answers, and (b) computes the units itself from the items it sees: item size = Σ attribute name bytes + value sizes (string: UTF-8 bytes; number: 1 byte per 2 significant digits + 1; list/map: 3 + Σ (1 + element)); 1 WCU per started KB for PutItem/BatchWriteItem/UpdateItem (an update bills the larger of the item before and after — the meter keeps a shadow copy of every item it saw written and applies each ADD/SET to it), 2 WCU per started KB for each item of a TransactWriteItems (entity state Put + one ADD Update per rollup row touched), binary values by their bytes, and for each GSI the item is in, its entry there (table key, index key and projected attributes: all of them for byEntity and byItem, `dept`, `entityId`, `open`, `oc` for openCases) when that entry changes — a write that changes nothing projected writes nothing to the index (a changed index key = delete + put; ×2 inside a transaction, as DynamoDB Local bills it). DynamoDB Local’s own ConsumedCapacity is shown next to it: it agrees for PutItem/BatchWriteItem/UpdateItem, but **not for TransactWriteItems, which DynamoDB Local under-reports** (checked by hand: a transaction of 1 Put + 50 ADD Updates is reported as 4 table units, the same as 1 Put + 1 Update; on AWS it is ≥ 102), so for the aggregator’s transactions only the computed figure is meaningful. The aggregator count is: 1 record put (+ its byEntity index entry) + per entity change 1 entity-state Put (+ its open-case/by-item index entries) and 1 outbox Put, in transactions; then the transactions of the merger: outbox deletes, merge chunk puts and deletes (`.delete` rows bill the size of the deleted item), and 1 Update per rollup row (R and P families) per merge round.',
      '',
      ...(apiTally ? [wcuTable('API path (POST /v1/events, 30 batches of 100, no aggregation)', apiTally, 3000), ''] : []),
      wcuTable(
        `Backfill path (runBackfill, ${mb.summary.accepted.toLocaleString('en-US')} records, ${mb.tx} transactions)`,
        mbTally,
        mb.summary.accepted,
      ),
      '',
      wcuTable(
        `Stream path, one record per aggregator batch (${trAccepted} records after the backfill slice, ${(trAccepted / trSecs).toFixed(0)} records/s sequential)`,
        trTally,
        trAccepted,
      ),
      '',
      wcuTable(
        `Stream path, batches of 100 records (${fbAccepted} records after those, ${(fbAccepted / fbSecs).toFixed(0)} records/s sequential; ${fbTx} transactions, ${fbUpdates} rollup-row updates)`,
        fbTally,
        fbAccepted,
      ),
      '',
      `Item sizes written (bytes, as computed): backfill — ${sizeLine(mbTally)}; stream — ${sizeLine(trTally)}; stream, batches of 100 — ${sizeLine(fbTally)}.`,
    ].join('\n'),
  );
  rec.save();
  log('wrote bench/results/ingest.json and bench/results.md');
});

async function apiPhaseOnce(url: string, keysByDept: Map<string, string>, batches: Batches, size: number) {
  const b = batches.next(size)!;
  const res = await fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${keysByDept.get(b.dept)}`, 'content-type': 'application/json' },
    body: b.body,
  });
  await res.json();
}

void summarize;
