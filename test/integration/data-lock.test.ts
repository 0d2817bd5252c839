// One server per data folder: a second `npm start` on the same folder refuses in one sentence and
// leaves the first one running (its database included); a lock left by a killed process is taken over.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, pidFileIn } from '../../functions/local/dynamo-local.js';
import { LOCK_FILE } from '../../functions/local/data-lock.js';

const START = resolve(import.meta.dirname, '../../functions/local/start.ts');
const dataDir = mkdtempSync(join(tmpdir(), 'sp-lock-'));
const children: ChildProcess[] = [];

function launch(port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', START, '--port', String(port), '--data-dir', dataDir], {
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
  const exit = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const ready = new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`no ready line in 300 s:\n${out}`)), 300_000);
    child.stdout!.on('data', () => {
      const m = /ready: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    });
    void exit.then((code) => {
      clearTimeout(timer);
      rej(new Error(`exited ${code}:\n${out}`));
    });
  });
  ready.catch(() => undefined); // a start that is meant to refuse never gets ready
  return { child, ready, exit, output: () => out };
}

afterAll(async () => {
  for (const c of children)
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGTERM');
      await new Promise((r) => c.once('exit', r));
    }
  const pidFile = pidFileIn(join(dataDir, 'dynamodb'));
  if (existsSync(pidFile)) {
    try {
      process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('one server per data folder', () => {
  it('refuses a second start on the same folder in one sentence, without touching the first', async () => {
    // A lock left by a process that is gone (kill -9) does not stop a start.
    writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 12345, port: 1, startedAt: '2024-01-01T00:00:00Z' }));
    const first = launch(await freePort());
    const url = await first.ready;
    const lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8'));
    expect(lock).toMatchObject({ pid: first.child.pid, url });
    const admin = readFileSync(join(dataDir, 'admin-token.txt'), 'utf8').trim();

    const second = launch(await freePort());
    expect(await second.exit).toBe(1);
    const said = second.output().trim();
    expect(said).toContain(`already running on ${dataDir} (pid ${first.child.pid}, ${url})`);
    expect(said.split('\n')).toHaveLength(1);

    // The first server and its database still work.
    const made = await fetch(`${url}/v1/admin/departments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'D-L', name: '锁测试局', regionCode: '370300000000' }),
    });
    expect(made.status).toBe(201);
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(first.child.pid);

    first.child.kill('SIGINT');
    await first.exit;
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  }, 400_000);
});
