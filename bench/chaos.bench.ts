// bench:chaos (issue 12): `npm start` killed with kill -9 while records are being posted, then
// started again on the same data folder — how many acknowledged records are lost (must be 0), how
// many are counted twice (must be 0), and how long after the restart the figures equal a recount.
//
// The server is the real `npm start` process (node + tsx, DynamoDB Local on disk in a temp folder).
// Two writers post batches of new case acceptances (one case each); a record is acknowledged when
// its batch is answered (accepted or duplicate). At a random moment the server process is killed
// with SIGKILL; the batches in flight then have no answer, and are sent again after the restart,
// as an integration retries. After the restart: every acknowledged id must be stored
// (GET /v1/records), and GET /v1/figures must reach exactly the number of distinct stored cases.
//
//   npm run bench:chaos -- [--rounds 4] [--min-seconds 5] [--max-seconds 12] [--batch 10]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, pidFileIn } from '../functions/local/dynamo-local.js';
import { guard, log, onCleanup } from './lib/guard.js';
import { Recorder } from './lib/results.js';
import { sleep } from './lib/stats.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '4' },
    'min-seconds': { type: 'string', default: '5' },
    'max-seconds': { type: 'string', default: '12' },
    batch: { type: 'string', default: '10' },
  },
});
const ROUNDS = Number(args.rounds);
const MIN_S = Number(args['min-seconds']);
const MAX_S = Number(args['max-seconds']);
const BATCH = Number(args.batch);
const ADMIN = `bench-admin-${'c'.repeat(24)}`;
const START = resolve(import.meta.dirname, '../functions/local/start.ts');
const DEPT = 'D-CHAOS';
const FIGURES = `/v1/figures?from=2024-03-01&to=2024-03-31&department=${DEPT}`;

const rec = new Recorder(
  'chaos',
  'Crash rounds (bench:chaos) — issue 12',
  `npm run bench:chaos -- --rounds ${ROUNDS} --min-seconds ${MIN_S} --max-seconds ${MAX_S} --batch ${BATCH}`,
);
rec.params = { rounds: ROUNDS, killAfterSeconds: `${MIN_S}–${MAX_S}`, batch: BATCH, writers: 2 };

interface Server {
  child: ChildProcess;
  url: string;
}

async function startServer(dataDir: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', START, '--port', String(port), '--data-dir', dataDir], {
    env: { ...process.env, ADMIN_TOKEN: ADMIN, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onCleanup('npm start', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });
  let out = '';
  child.stdout!.on('data', (b) => {
    out += b;
  });
  child.stderr!.on('data', (b) => {
    out += b;
  });
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`no ready line in 300 s:\n${out}`)), 300_000);
    child.stdout!.on('data', () => {
      const m = /ready: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`exited ${code}:\n${out}`));
    });
  });
  return { child, url };
}

async function call(url: string, method: string, path: string, token: string, body?: unknown) {
  const r = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: r.status, body: (await r.json().catch(() => undefined)) as any };
}

let serial = 0;
function batch(): Array<Record<string, unknown>> {
  return Array.from({ length: BATCH }, () => {
    serial++;
    const day = 1 + (serial % 28);
    return {
      id: `r-${serial}`,
      type: 'case.accepted',
      at: `2024-03-${String(day).padStart(2, '0')}T09:30:00+08:00`,
      caseId: `C-${serial}`,
      itemCode: 'I-CHAOS',
      regionCode: '370303001000',
      channel: 'window',
      assisted: 'none',
      greenChannel: false,
      applicant: { type: 'person' },
      materials: [{ code: 'M01', via: 'paper' }],
    };
  });
}

guard('bench:chaos', 40, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sp-bench-chaos-'));
  onCleanup('data folder', () => {
    const pidFile = pidFileIn(join(dataDir, 'dynamodb'));
    try {
      process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
    } catch {
      /* gone */
    }
    rmSync(dataDir, { recursive: true, force: true });
  });
  let server = await startServer(dataDir);
  log(`npm start ready at ${server.url} (data on disk in ${dataDir})`);
  const must = (what: string, r: { status: number; body: any }) => {
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  must(
    'department',
    await call(server.url, 'POST', '/v1/admin/departments', ADMIN, { code: DEPT, name: '压测局', regionCode: '370303000000' }),
  );
  const key = must('key', await call(server.url, 'POST', `/v1/admin/departments/${DEPT}/keys`, ADMIN, {})).key as string;
  must(
    'item',
    await call(server.url, 'PUT', '/v1/catalog/items/I-CHAOS', key, {
      name: '压测事项',
      departmentCode: DEPT,
      kind: 'administrative_license',
      statutoryDays: 20,
      promisedDays: 5,
      levels: ['county'],
      effectiveFrom: '2024-01-01',
      materials: [{ code: 'M01', name: '申请表', kind: 'form', exemption: 'none' }],
    }),
  );

  const acknowledged = new Set<string>();
  const lost: number[] = [];
  const doubled: number[] = [];
  const settleSeconds: number[] = [];
  const ackPerRound: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const before = acknowledged.size;
    const inFlight = new Set<Array<Record<string, unknown>>>();
    let killed = false;
    const writer = async () => {
      while (!killed) {
        const b = batch();
        inFlight.add(b);
        try {
          const r = await call(server.url, 'POST', '/v1/events', key, { records: b });
          if (r.status !== 200) throw new Error(`events: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
          r.body.results.forEach((x: { id: string; status: string }) => {
            if (x.status === 'accepted' || x.status === 'duplicate') acknowledged.add(x.id);
            else throw new Error(`record ${x.id}: ${JSON.stringify(x)}`);
          });
          inFlight.delete(b);
        } catch (e) {
          if (!killed) throw e; // no answer: its fate is unknown, it is sent again after the restart
        }
      }
    };
    const writers = [writer(), writer()];
    await sleep((MIN_S + Math.random() * (MAX_S - MIN_S)) * 1000);
    killed = true;
    server.child.kill('SIGKILL');
    await Promise.all(writers);
    await new Promise((r) => (server.child.exitCode !== null || server.child.signalCode !== null ? r(null) : server.child.once('exit', r)));
    log(
      `round ${round}: killed -9 with ${acknowledged.size - before} records acknowledged this round, ${inFlight.size} batch(es) unanswered`,
    );

    server = await startServer(dataDir);
    const t0 = performance.now();
    // The integration retries what had no answer: each record accepted now or already stored (duplicate).
    for (const b of inFlight) {
      const r = await call(server.url, 'POST', '/v1/events', key, { records: b });
      r.body.results.forEach((x: { id: string; status: string }) => {
        if (x.status === 'accepted' || x.status === 'duplicate') acknowledged.add(x.id);
        else throw new Error(`retry ${x.id}: ${JSON.stringify(x)}`);
      });
    }
    // Every acknowledged record is stored.
    let missing = 0;
    const ids = [...acknowledged];
    for (let i = 0; i < ids.length; i += 32) {
      const got = await Promise.all(ids.slice(i, i + 32).map((id) => call(server.url, 'GET', `/v1/records/${DEPT}/${id}`, ADMIN)));
      missing += got.filter((g) => g.status !== 200).length;
    }
    // Figures equal the recount (each record is one case accepted in March 2024).
    let counted = -1;
    for (let i = 0; i < 600; i++) {
      counted = (await call(server.url, 'GET', FIGURES, ADMIN)).body.cases.accepted;
      if (counted === acknowledged.size) break;
      await sleep(100);
    }
    settleSeconds.push((performance.now() - t0) / 1000);
    lost.push(missing);
    doubled.push(Math.max(0, counted - acknowledged.size));
    ackPerRound.push(acknowledged.size - before);
    log(
      `round ${round}: restarted; ${acknowledged.size} acknowledged in all, ${missing} missing, figures count ${counted} (${settleSeconds.at(-1)!.toFixed(1)} s after the restart)`,
    );
    if (counted !== acknowledged.size) throw new Error(`figures count ${counted}, recount ${acknowledged.size}`);
  }
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));

  rec.figure({
    key: 'lost',
    label: 'acknowledged records lost after kill -9 and restart (per round)',
    unit: 'records',
    runs: lost,
    goal: { op: '<=', value: 0, text: '0' },
  });
  rec.figure({
    key: 'doubled',
    label: 'records counted twice in the figures (per round)',
    unit: 'records',
    runs: doubled,
    goal: { op: '<=', value: 0, text: '0' },
  });
  rec.figure({
    key: 'settle',
    label: 'restart → figures equal the recount (incl. retries and the check of every stored id)',
    unit: 's',
    runs: settleSeconds,
    digits: 1,
  });
  rec.figure({ key: 'acked', label: 'records acknowledged per round before the kill', unit: 'records', runs: ackPerRound });
  rec.note(
    `${ROUNDS} crash rounds, ${acknowledged.size} records acknowledged in all, ${lost.reduce((a, b) => a + b, 0)} lost, ${doubled.reduce((a, b) => a + b, 0)} counted twice.`,
  );
  rec.save();
});
