// bench:freshness (issue 3): how long until a record accepted by the API shows in the figures,
// with `npm start`'s own pieces — startLocal (DynamoDB Local with its data on disk in a temp
// folder, the API, the stream poller feeding the aggregator) — as users run it.
//
// One department (the one with most items) and its catalog are set up through the API. Then,
// one at a time, a generated case acceptance is posted (POST /v1/events) and GET /v1/figures for
// that department and day is polled until `accepted` has gone up by one; the time from just before
// the POST to the poll that sees it is one sample.
//
//   npm run bench:freshness -- [--samples 50] [--poll-ms 50]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { guard, log, onCleanup } from './lib/guard.js';
import { demoCity, httpCall, records, YEAR } from './lib/city.js';
import { Recorder } from './lib/results.js';
import { latencies, sleep } from './lib/stats.js';

const { values: args } = parseArgs({
  options: {
    samples: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '5' },
    'poll-ms': { type: 'string', default: '50' },
  },
});
const SAMPLES = Number(args.samples);
const WARMUP = Number(args.warmup);
const POLL_MS = Number(args['poll-ms']);
const ADMIN = `bench-admin-${'z'.repeat(24)}`;

const rec = new Recorder(
  'freshness',
  'Freshness (bench:freshness) — issue 3',
  `npm run bench:freshness -- --samples ${SAMPLES} --poll-ms ${POLL_MS}`,
);
rec.params = { samples: SAMPLES, warmup: WARMUP, pollMs: POLL_MS };

guard('bench:freshness', 20, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sp-bench-fresh-'));
  onCleanup('data folder', () => rmSync(dataDir, { recursive: true, force: true }));
  process.env.ADMIN_TOKEN = ADMIN;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const { startLocal } = await import('../functions/local/start.js');
  const t0 = performance.now();
  const local = await startLocal(['--port', '0', '--data-dir', dataDir]);
  onCleanup('startLocal', () => local.stop());
  log(`startLocal ready in ${((performance.now() - t0) / 1000).toFixed(1)} s at ${local.url} (data on disk in ${dataDir})`);
  const call = httpCall(local.url);

  const city = demoCity(1);
  const counts = new Map<string, number>();
  for (const v of city.catalog.versions) counts.set(v.departmentCode, (counts.get(v.departmentCode) ?? 0) + 1);
  const deptCode = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  const dept = city.departments.find((d) => d.code === deptCode)!;
  const must = (what: string, r: { status: number; body: any }) => {
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  must('department', await call('POST', '/v1/admin/departments', ADMIN, { code: dept.code, name: dept.name, regionCode: dept.regionCode }));
  const key = must('key', await call('POST', `/v1/admin/departments/${dept.code}/keys`, ADMIN, { label: 'bench' })).key as string;
  const versions = city.catalog.versions.filter((v) => v.departmentCode === dept.code);
  for (let i = 0; i < versions.length; i += 500)
    must('catalog', await call('POST', '/v1/catalog/items', key, { items: versions.slice(i, i + 500) }));
  await local.stream.idle(); // the catalog writes went through the stream too
  log(`department ${dept.code} with ${versions.length} catalog versions set up through the API`);

  // Acceptances of this department, in order, one per sample (each a new case).
  const acceptances = [];
  for (const { department, record } of records(city, 3, 200_000)) {
    if (department === dept.code && record.type === 'case.accepted') acceptances.push(record);
    if (acceptances.length >= SAMPLES + WARMUP) break;
  }

  const accepted = async (day: string) => {
    const r = await call('GET', `/v1/figures?from=${day}&to=${day}&department=${dept.code}`, ADMIN);
    if (r.status !== 200) throw new Error(`GET /v1/figures: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
    return r.body.cases.accepted as number;
  };
  const samples: number[] = [];
  const postMs: number[] = [];
  let polls = 0;
  for (let i = 0; i < acceptances.length; i++) {
    const r = acceptances[i]!;
    const day = r.at.slice(0, 10);
    const before = await accepted(day);
    const t = performance.now();
    const res = must('post', await call('POST', '/v1/events', key, { records: [r] }));
    if (res.results[0].status !== 'accepted') throw new Error(`record ${r.id}: ${JSON.stringify(res.results[0])}`);
    const posted = performance.now();
    for (;;) {
      polls++;
      if ((await accepted(day)) === before + 1) break;
      if (performance.now() - t > 60_000) throw new Error(`record ${r.id} did not show within 60 s`);
      await sleep(POLL_MS);
    }
    const ms = performance.now() - t;
    if (i >= WARMUP) {
      samples.push(ms);
      postMs.push(posted - t);
    }
    if ((i + 1) % 10 === 0) log(`  ${i + 1}/${acceptances.length}: last ${ms.toFixed(0)} ms`);
  }
  const l = latencies(samples);
  log(`freshness p50 ${l.p50.toFixed(0)} ms, p95 ${l.p95.toFixed(0)} ms, max ${l.max.toFixed(0)} ms over ${samples.length} samples`);
  rec.figure({ key: 'fresh', label: 'record accepted → visible in GET /v1/figures (each sample)', unit: 'ms', runs: samples });
  rec.figure({
    key: 'freshP95',
    label: 'freshness p95 over the samples',
    unit: 'ms',
    runs: [l.p95],
    goal: { op: '<=', value: 5000, text: '≤ 5,000 ms' },
  });
  rec.figure({ key: 'post', label: 'POST /v1/events of one record (part of each sample)', unit: 'ms', runs: postMs, digits: 1 });
  rec.note(
    `startLocal from functions/local/start.ts (what \`npm start\` runs) with a temporary \`--data-dir\`: DynamoDB Local keeps its data on disk there, the stream poller (idle poll ${'200'} ms) feeds the aggregator. Department ${dept.code} (${dept.name}) and its ${versions.length} catalog versions set up through the API; each sample posts one new case acceptance of year ${YEAR} (the demo generator, seed 3) and polls GET /v1/figures?from=day&to=day&department=${dept.code} every ${POLL_MS} ms until \`cases.accepted\` has gone up by one (resolution ≈ the poll interval plus one figures request; ${polls} polls in all). ${WARMUP} warm-up samples discarded. Freshness p50 ${l.p50.toFixed(0)} ms, p95 ${l.p95.toFixed(0)} ms, max ${l.max.toFixed(0)} ms.`,
  );
  rec.save();
  log('wrote bench/results/freshness.json and bench/results.md');
});
