// bench:demo (issue 4): how long the demo city takes to load, as `npm start -- --demo` does it
// (DynamoDB Local with its data on disk), next to the same load into an in-memory DynamoDB Local
// (the tests' setting) in the same run — the difference is what DynamoDB Local's disk costs.
//
//   npm run bench:demo -- [--runs 2] [--demo-cases 1500] [--open-only]
// --open-only: only the first start until the server opens (no in-memory load, no wait for the
// older months) — the figure a new user waits for — both as npm start does it (built in memory
// where it can, then moved to disk) and straight on disk (DEMO_STAGE=disk), in a few minutes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { guard, log, onCleanup } from './lib/guard.js';
import { Recorder } from './lib/results.js';
import { median } from './lib/stats.js';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '2' },
    'demo-cases': { type: 'string', default: '' },
    'open-only': { type: 'boolean', default: false },
  },
});
const RUNS = Number(args.runs);
const OPEN_ONLY = args['open-only'] === true;
const ADMIN = 'bench-admin-token-0123456789abcdef';

const rec = new Recorder(
  'demo',
  'Demo load (bench:demo) — issue 4',
  `npm run bench:demo -- --runs ${RUNS}${args['demo-cases'] ? ` --demo-cases ${args['demo-cases']}` : ''}${OPEN_ONLY ? ' --open-only' : ''}`,
);

guard('bench:demo', 40, async () => {
  process.env.ADMIN_TOKEN = ADMIN;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const { startLocal } = await import('../functions/local/start.js');
  const { startDynamoLocal } = await import('../functions/local/dynamo-local.js');
  const { loadConfig } = await import('../functions/config.js');
  const { createDb, ensureTable } = await import('../functions/store/client.js');
  const { createServices } = await import('../functions/runtime/services.js');
  const { createApp } = await import('../functions/api/app.js');
  const { createAggregator } = await import('../functions/aggregator/aggregate.js');
  const { loadDemo, DEMO_CASES_PER_YEAR } = await import('../functions/demo/load-demo.js');
  const cases = Number(args['demo-cases'] || DEMO_CASES_PER_YEAR);
  rec.params = { runs: RUNS, casesPerYear: cases };

  const disk: number[] = [];
  const open: number[] = [];
  const openDisk: number[] = [];
  const memory: number[] = [];
  let records = 0;
  for (let run = 0; run < RUNS; run++) {
    // In memory: loadDemo on a fresh DynamoDB Local, as the demo-seed test does it.
    if (!OPEN_ONLY) {
      const ddb = await startDynamoLocal();
      const db = createDb({ tableName: 'bench_demo', region: 'local', endpoint: ddb.endpoint });
      await ensureTable(db);
      const services = createServices(db, loadConfig({ ADMIN_TOKEN: ADMIN, TABLE_NAME: 'bench_demo', AWS_REGION: 'local' }));
      const m = await loadDemo(createApp(services), services, createAggregator(services.stores, services.calendars), ADMIN, {
        casesPerYear: cases,
      });
      await ddb.stop();
      memory.push(m.seconds);
      records = m.summary.accepted;
      log(`run ${run + 1}: in memory ${m.seconds.toFixed(1)} s (${records} records)`);
    }

    // On disk: `npm start -- --demo` in a fresh data folder; the load's own time, then the whole start.
    const firstStart = async (stage: 'memory' | 'disk') => {
      const dataDir = mkdtempSync(join(tmpdir(), 'sp-bench-demo-'));
      onCleanup(`data folder ${dataDir}`, () => rmSync(dataDir, { recursive: true, force: true }));
      process.env.DEMO_STAGE = stage;
      // The server opens once the last two months are counted; older months fill in behind it.
      const t = performance.now();
      const local = await startLocal(['--port', '0', '--data-dir', dataDir, '--demo', '--demo-cases', String(cases)]);
      return { dataDir, local, t, ready: (performance.now() - t) / 1000 };
    };
    if (OPEN_ONLY) {
      // As npm start does it (built in memory where it can, then moved to disk), and straight on
      // disk (DEMO_STAGE=disk), in alternating order from run to run.
      for (const stage of run % 2 === 0 ? (['memory', 'disk'] as const) : (['disk', 'memory'] as const)) {
        const s = await firstStart(stage);
        (stage === 'memory' ? open : openDisk).push(s.ready);
        log(
          `run ${run + 1}: ${stage === 'memory' ? 'as npm start (built in memory, moved to disk)' : 'straight on disk (DEMO_STAGE=disk)'}: ${s.ready.toFixed(1)} s until the server opened`,
        );
        await s.local.stop();
        rmSync(s.dataDir, { recursive: true, force: true });
      }
      continue;
    }
    const { dataDir, local, t, ready } = await firstStart('memory');
    open.push(ready);
    await local.stream.idle(3_600_000); // waits for the history too
    const whole = (performance.now() - t) / 1000;
    await local.stop();
    const marker = JSON.parse(readFileSync(join(dataDir, 'demo-loaded.json'), 'utf8')) as { seconds: number };
    disk.push(whole);
    log(
      `run ${run + 1}: on disk ${ready.toFixed(1)} s until the server opened, ${whole.toFixed(1)} s until the whole history was counted (load ${marker.seconds.toFixed(1)} s)`,
    );
    rmSync(dataDir, { recursive: true, force: true });
  }
  rec.figure({
    key: 'open',
    label: `first start as npm start does it (data folder on disk), until the server opens (npm start -- --demo, ${cases} cases/year; the last two months counted)`,
    unit: 's',
    runs: open,
    goal: { op: '<=', value: 60, text: '≤ 60 s (issue 15: first start within a minute)' },
    digits: 1,
  });
  if (OPEN_ONLY) {
    rec.figure({
      key: 'openDisk',
      label: 'the same first start straight on disk (DEMO_STAGE=disk, before issue 15 built it in memory)',
      unit: 's',
      runs: openDisk,
      digits: 1,
    });
    rec.figure({
      key: 'openRatio',
      label: 'as npm start ÷ straight on disk, per run',
      unit: '×',
      runs: open.map((o, i) => o / openDisk[i]!),
      digits: 2,
    });
  }
  if (!OPEN_ONLY) {
    rec.figure({
      key: 'disk',
      label: 'first start on disk until the whole history is counted (in the background after the server opened)',
      unit: 's',
      runs: disk,
      digits: 1,
    });
    rec.figure({ key: 'memory', label: 'the same load into an in-memory DynamoDB Local', unit: 's', runs: memory, digits: 1 });
    rec.figure({ key: 'ratio', label: 'on disk ÷ in memory, per run', unit: '×', runs: disk.map((d, i) => d / memory[i]!), digits: 2 });
  }
  rec.note(
    OPEN_ONLY
      ? `Since issue 15 the first start opens the server once the city (departments, users, catalog) and the cases of the last two months are counted; the older months load in the background, newest first, with progress printed and shown in the dashboard's 数据截至 line, while the API refuses writes (503) so that the one-pass count stays exactly once. This run (--open-only) measured only that first start in a fresh data folder (${cases.toLocaleString('en-US')} cases/year), from calling startLocal (DynamoDB Local's own start included) to the server listening — as npm start does it (on Linux built in /dev/shm by its own DynamoDB Local, then stopped, its database file copied into the data folder and flushed, DynamoDB Local started again on it: functions/local/demo-stage.ts) and straight on disk (DEMO_STAGE=disk), in alternating order; the in-memory load and the whole history are measured without --open-only.`
      : `Since issue 15 the first start opens the server once the city (departments, users, catalog) and the cases of the last two months are counted; the older months load in the background, newest first, with progress printed and shown in the dashboard's 数据截至 line, while the API refuses writes (503) so that the one-pass count stays exactly once. Each run loads the demo twice, in memory first, then on disk in a fresh data folder, ${cases.toLocaleString('en-US')} cases/year (${records.toLocaleString('en-US')} records accepted: the previous year in full and this year up to yesterday). The load: departments, keys, users and the catalog through the API, records through the backfill path, then one counting pass (loadFresh, docs/architecture.md). DynamoDB Local on disk is SQLite committing every write: median ${median(disk).toFixed(0)} s on disk vs ${median(memory).toFixed(0)} s in memory.`,
  );
  rec.save();
  log('wrote bench/results/demo.json and bench/results.md');
});
