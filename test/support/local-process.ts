// `npm start` as a real child process for the end-to-end tests: start it on a data folder and
// port, wait for its ready line, call its API over HTTP, and stop it (every child started here is
// killed by `stopAll`, and an orphaned DynamoDB Local is reaped from its pid file).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pidFileIn } from '../../functions/local/dynamo-local.js';

const START = resolve(import.meta.dirname, '../../functions/local/start.ts');

export interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

export function localProcesses() {
  const children: ChildProcess[] = [];
  return {
    /** Resolves at the ready line, or — with `until` — as soon as the output matches it (url is then ''). */
    async start(port: number, dataDir: string, extra: string[] = [], until?: RegExp): Promise<Started> {
      const child = spawn(process.execPath, ['--import', 'tsx', START, '--port', String(port), '--data-dir', dataDir, ...extra], {
        env: { ...process.env, ADMIN_TOKEN: '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
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
          const m = (until ?? /ready: (http:\/\/\S+)/).exec(out);
          if (m) {
            clearTimeout(timer);
            res(m[1] ?? '');
          }
        });
        child.once('exit', (code) => {
          clearTimeout(timer);
          rej(new Error(`exited ${code}:\n${out}`));
        });
      });
      return { child, url, output: () => out };
    },
    async stopAll(dataDirs: string[]): Promise<void> {
      for (const c of children)
        if (c.exitCode === null && c.signalCode === null) {
          c.kill('SIGTERM');
          await exited(c);
        }
      for (const dir of dataDirs) {
        const pidFile = pidFileIn(join(dir, 'dynamodb'));
        if (existsSync(pidFile)) {
          try {
            process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
          } catch {
            /* gone */
          }
        }
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export const jvmAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
export const exited = (c: ChildProcess) =>
  new Promise<void>((res) => (c.exitCode !== null || c.signalCode !== null ? res() : c.once('exit', () => res())));

export async function call(url: string, method: string, path: string, token: string | undefined, body?: unknown) {
  const r = await fetch(url + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: r.status, body: (await r.json()) as any };
}

/** Asks until `ok` holds (the aggregator counts within seconds), at most `ms`. */
export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  let v = await read();
  while (!ok(v) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    v = await read();
  }
  return v;
}
