// bench:load (issue 12): writers and readers at once against `npm start` (the real process, data
// on disk) — latency p50/p99 of POST /v1/events and of figure reads, errors, and the server's
// memory (resident set of the node process, sampled every second). Also a burst of wrong
// passwords during the run, to show sign-ins do not slow the rest (scrypt on the thread pool).
//
//   npm run bench:load -- [--seconds 60] [--writers 2] [--readers 2] [--batch 20]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../functions/local/dynamo-local.js';
import { guard, log, onCleanup } from './lib/guard.js';
import { Recorder } from './lib/results.js';
import { quantile, sleep } from './lib/stats.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    writers: { type: 'string', default: '2' },
    readers: { type: 'string', default: '2' },
    batch: { type: 'string', default: '20' },
  },
});
const SECONDS = Number(args.seconds);
const WRITERS = Number(args.writers);
const READERS = Number(args.readers);
const BATCH = Number(args.batch);
const ADMIN = `bench-admin-${'l'.repeat(24)}`;
const START = resolve(import.meta.dirname, '../functions/local/start.ts');
const DEPT = 'D-LOAD';

const rec = new Recorder(
  'load',
  'Load (bench:load) — issue 12',
  `npm run bench:load -- --seconds ${SECONDS} --writers ${WRITERS} --readers ${READERS} --batch ${BATCH}`,
);
rec.params = { seconds: SECONDS, writers: WRITERS, readers: READERS, batch: BATCH };

async function call(url: string, method: string, path: string, token: string, body?: unknown) {
  const r = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: r.status, body: (await r.json().catch(() => undefined)) as any };
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

guard('bench:load', 20, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sp-bench-load-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', START, '--port', String(port), '--data-dir', dataDir], {
    env: { ...process.env, ADMIN_TOKEN: ADMIN, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onCleanup('data folder', () => rmSync(dataDir, { recursive: true, force: true }));
  onCleanup(
    'npm start',
    () =>
      new Promise((r) => {
        if (child.exitCode !== null) r(null);
        else {
          child.once('exit', r);
          child.kill('SIGTERM');
        }
      }),
  );
  let out = '';
  child.stdout!.on('data', (b) => {
    out += b;
  });
  child.stderr!.on('data', (b) => {
    out += b;
  });
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`no ready line:\n${out}`)), 300_000);
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
  log(`npm start ready at ${url}`);
  const must = (what: string, r: { status: number; body: any }) => {
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  must('department', await call(url, 'POST', '/v1/admin/departments', ADMIN, { code: DEPT, name: '负载局', regionCode: '370303000000' }));
  const key = must('key', await call(url, 'POST', `/v1/admin/departments/${DEPT}/keys`, ADMIN, {})).key as string;
  must(
    'item',
    await call(url, 'PUT', '/v1/catalog/items/I-LOAD', key, {
      name: '负载事项',
      departmentCode: DEPT,
      kind: 'administrative_license',
      statutoryDays: 20,
      promisedDays: 5,
      levels: ['county'],
      effectiveFrom: '2024-01-01',
      materials: [{ code: 'M01', name: '申请表', kind: 'form', exemption: 'none' }],
    }),
  );
  must(
    'user',
    await call(url, 'POST', '/v1/admin/users', ADMIN, {
      username: 'reader',
      displayName: 'reader',
      role: 'supervisor',
      scope: { kind: 'all' },
      password: 'reader-password',
    }),
  );
  const reader = must('login', await call(url, 'POST', '/v1/auth/login', '', { username: 'reader', password: 'reader-password' }))
    .token as string;

  const writeMs: number[] = [];
  const readMs: number[] = [];
  const loginMs: number[] = [];
  let errors = 0;
  let records = 0;
  let serial = 0;
  const rss: number[] = [];
  const end = Date.now() + SECONDS * 1000;
  const sampler = setInterval(() => rss.push(rssMb(child.pid!)), 1000);
  const timed = async (into: number[], f: () => Promise<{ status: number }>, ok: (s: number) => boolean) => {
    const t = performance.now();
    const r = await f().catch(() => ({ status: 0 }));
    into.push(performance.now() - t);
    if (!ok(r.status)) errors++;
  };
  const writer = async () => {
    while (Date.now() < end) {
      const recs = Array.from({ length: BATCH }, () => {
        serial++;
        return {
          id: `l-${serial}`,
          type: 'case.accepted',
          at: `2024-03-${String(1 + (serial % 28)).padStart(2, '0')}T09:30:00+08:00`,
          caseId: `L-${serial}`,
          itemCode: 'I-LOAD',
          regionCode: '370303001000',
          channel: 'online',
          assisted: 'none',
          greenChannel: false,
          applicant: { type: 'enterprise' },
          materials: [{ code: 'M01', via: 'upload' }],
        };
      });
      await timed(
        writeMs,
        () => call(url, 'POST', '/v1/events', key, { records: recs }),
        (s) => s === 200,
      );
      records += BATCH;
    }
  };
  const paths = [
    '/v1/figures?from=2024-03-01&to=2024-03-31',
    '/v1/figures/series?metric=accepted&from=2024-03-01&to=2024-03-31',
    `/v1/figures/breakdown?metric=accepted&by=region&from=2024-03-01&to=2024-03-31`,
    '/v1/warnings?level=red',
  ];
  const readerLoop = async (n: number) => {
    let i = n;
    while (Date.now() < end)
      await timed(
        readMs,
        () => call(url, 'GET', paths[i++ % paths.length]!, reader),
        (s) => s === 200,
      );
  };
  // Wrong passwords in bursts of 16 from many "clients" (new usernames each time, so no backoff): scrypt load.
  const signIns = async () => {
    let n = 0;
    while (Date.now() < end) {
      await Promise.all(
        Array.from({ length: 16 }, () => {
          n++;
          return timed(
            loginMs,
            () => call(url, 'POST', '/v1/auth/login', '', { username: `nobody-${n}`, password: 'wrong-password' }),
            (s) => s === 401 || s === 429,
          );
        }),
      );
      await sleep(2000);
    }
  };
  await Promise.all([...Array.from({ length: WRITERS }, writer), ...Array.from({ length: READERS }, (_, i) => readerLoop(i)), signIns()]);
  clearInterval(sampler);
  log(`${records} records in ${writeMs.length} batches, ${readMs.length} reads, ${loginMs.length} wrong sign-ins, ${errors} errors`);

  const q = (xs: number[], p: number) => (xs.length ? quantile(xs, p) : Number.NaN);
  rec.figure({
    key: 'records_per_s',
    label: 'records accepted per second (while reads and sign-ins run)',
    unit: 'records/s',
    runs: [records / SECONDS],
    digits: 0,
  });
  rec.figure({ key: 'write_p50', label: 'POST /v1/events p50', unit: 'ms', runs: [q(writeMs, 0.5)], digits: 0 });
  rec.figure({ key: 'write_p99', label: 'POST /v1/events p99', unit: 'ms', runs: [q(writeMs, 0.99)], digits: 0 });
  rec.figure({ key: 'read_p50', label: 'figure reads p50', unit: 'ms', runs: [q(readMs, 0.5)], digits: 0 });
  rec.figure({ key: 'read_p99', label: 'figure reads p99', unit: 'ms', runs: [q(readMs, 0.99)], digits: 0 });
  rec.figure({ key: 'login_p50', label: 'wrong sign-in p50 (16 at once)', unit: 'ms', runs: [q(loginMs, 0.5)], digits: 0 });
  rec.figure({
    key: 'errors',
    label: 'errors (any unexpected status)',
    unit: 'requests',
    runs: [errors],
    goal: { op: '<=', value: 0, text: '0' },
  });
  rec.figure({ key: 'rss', label: 'server resident memory, max', unit: 'MB', runs: [Math.max(...rss)], digits: 0 });
  rec.note(
    `${writeMs.length} batches of ${BATCH} records, ${readMs.length} figure reads (${paths.length} kinds), ${loginMs.length} wrong sign-ins over ${SECONDS} s; memory sampled each second: ${rss.length ? `${Math.min(...rss).toFixed(0)}–${Math.max(...rss).toFixed(0)} MB` : 'n/a'}.`,
  );
  rec.save();
});
